/* progress.c — a progress line on a terminal (see progress.h). */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#include "lang.h"

bool progress_wanted(void) { return isatty(STDERR_FILENO) == 1; }

static void draw(struct progress *p, time_t now)
{
	fprintf(stderr, tr("\r检查:规则 %ld/%ld(%ld%%),单位 %ld 个,已用 %ld 秒  ",
			   "\rchecking: rule %ld/%ld (%ld%%), %ld units, %ld s so far  "),
		p->done, p->total, p->total ? 100 * p->done / p->total : 100, p->units, (long)(now - p->start));
	fflush(stderr);
	p->shown = now;
}

void progress_start(struct progress *p, bool on, long total, long units)
{
	p->on = on;
	p->total = total;
	p->units = units;
	p->done = 0;
	p->start = p->shown = time(NULL);
	if (on)
		draw(p, p->start);
}

void progress_step(struct progress *p)
{
	p->done++;
	time_t now = time(NULL);
	if (p->on && now != p->shown)
		draw(p, now);
}

void progress_end(struct progress *p)
{
	if (!p->on)
		return;
	draw(p, time(NULL));
	fputc('\n', stderr);
	fflush(stderr);
}
