/* cal.c — the festival table: a list of (name, year or every year, month, day) rows. */
#include "cal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "vec.h"

struct fest {
	char name[32];
	int year;      /* 0: every year */
	int month, day;
};

struct calendar {
	struct fest *rows;
	size_t n, cap;
};

static int add_row(struct calendar *c, const struct fest *f)
{
	if (vec_reserve(&c->rows, &c->cap, c->n + 1, sizeof *c->rows) < 0)
		return -1;
	c->rows[c->n++] = *f;
	return 0;
}

/* Parses one "name<TAB>date" line into f. Returns 0, or -1 after a diagnostic. */
static int parse_line(char *line, const char *path, long lineno, struct fest *f)
{
	char *tab = strchr(line, '\t');
	if (!tab || tab == line || tab - line >= (long)sizeof f->name) {
		diag(path, lineno, tr("名称", "name"), "%s", tr("应为“名称<TAB>日期”", "expected name<TAB>date"));
		return -1;
	}
	memcpy(f->name, line, (size_t)(tab - line));
	f->name[tab - line] = '\0';
	const char *ds = tab + 1;
	date_t d;
	int y, m, dd;
	if (ds[0] == '*' && strlen(ds) == 7 && ds[1] == '-' &&
	    sscanf(ds, "*-%2d-%2d", &m, &dd) == 2 && date_ymd_valid(2000, m, dd)) {
		f->year = 0, f->month = m, f->day = dd;
		return 0;
	}
	if (date_parse(ds, &d) < 0) {
		diag(path, lineno, tr("日期", "date"), "%s: %s", tr("日期无效", "invalid date"), ds);
		return -1;
	}
	date_to_ymd(d, &y, &m, &dd);
	f->year = y, f->month = m, f->day = dd;
	return 0;
}

struct calendar *cal_load(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/festivals.tsv", dir);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		diag(path, 0, NULL, "%s", tr("无法读取节日数据", "cannot read festival data"));
		return NULL;
	}
	struct calendar *c = calloc(1, sizeof *c);
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int bad = c ? 0 : 1;
	while (!bad && getline(&line, &cap, fp) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		struct fest f;
		bad = parse_line(line, path, lineno, &f) < 0 || add_row(c, &f) < 0;
	}
	free(line);
	fclose(fp);
	if (bad) {
		cal_free(c);
		return NULL;
	}
	return c;
}

void cal_free(struct calendar *c)
{
	if (!c)
		return;
	free(c->rows);
	free(c);
}

int cal_festival(const struct calendar *c, const char *name, int year, date_t *out)
{
	bool known = false;
	for (size_t i = 0; i < c->n; i++) {
		const struct fest *f = &c->rows[i];
		if (strcmp(f->name, name) != 0)
			continue;
		known = true;
		if ((f->year == 0 || f->year == year) && date_ymd_valid(year, f->month, f->day)) {
			*out = date_from_ymd(year, f->month, f->day);
			return 0;
		}
	}
	return known ? -2 : -1;
}
