/* periods.c — the named-period table (see periods.h). */
#include "periods.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "tsv.h"
#include "vec.h"

struct prow {
	char name[64], place[64];
	int year;                  /* 0: every year */
	int m1, d1, m2, d2;
};

struct periods {
	struct prow *rows;
	size_t n, cap;
};

/* Parses "YYYY-MM-DD" or "*-MM-DD" into (year or 0, month, day). */
static int parse_day(const char *s, int *year, int *m, int *d)
{
	date_t t;
	if (s[0] == '*' && s[1] == '-' && strlen(s) == 7) {
		char buf[11] = "2000";   /* a leap year, so *-02-29 is accepted */
		memcpy(buf + 4, s + 1, 6);
		if (date_parse(buf, &t) < 0)
			return -1;
		*year = 0;
	} else if (date_parse(s, &t) < 0)
		return -1;
	int y;
	date_to_ymd(t, &y, m, d);
	if (s[0] != '*')
		*year = y;
	return 0;
}

static int bad(const char *path, long lineno, const char *field, const char *msg, const char *value)
{
	diag(path, lineno, field, "%s: %s", msg, value);
	return -1;
}

static int period_line(void *ctx, char *line, const char *path, long lineno)
{
	struct periods *p = ctx;
	char *f[5];
	int n = tsv_split(line, f, 5);
	if (n < 4 || n > 5)
		return bad(path, lineno, NULL, tr("应为“名称<TAB>地方<TAB>开始<TAB>结束<TAB>来源”", "expected name<TAB>place<TAB>from<TAB>to<TAB>source"), line);
	struct prow r;
	memset(&r, 0, sizeof r);
	if (!*f[0] || strlen(f[0]) >= sizeof r.name)
		return bad(path, lineno, tr("名称", "name"), tr("名称为空或过长", "empty or too long"), f[0]);
	if (!*f[1] || strlen(f[1]) >= sizeof r.place)
		return bad(path, lineno, tr("地方", "place"), tr("地方为空或过长(全国通用写 *)", "empty or too long (* for everywhere)"), f[1]);
	int y1, y2;
	if (parse_day(f[2], &y1, &r.m1, &r.d1) < 0)
		return bad(path, lineno, tr("开始", "from"), tr("日期无效(应为 YYYY-MM-DD 或 *-MM-DD)", "invalid date (YYYY-MM-DD or *-MM-DD)"), f[2]);
	if (parse_day(f[3], &y2, &r.m2, &r.d2) < 0)
		return bad(path, lineno, tr("结束", "to"), tr("日期无效(应为 YYYY-MM-DD 或 *-MM-DD)", "invalid date (YYYY-MM-DD or *-MM-DD)"), f[3]);
	if (y1 != y2 || r.m2 * 100 + r.d2 < r.m1 * 100 + r.d1)
		return bad(path, lineno, tr("结束", "to"), tr("应与开始同年(或同为 *)且不早于开始", "must be in the same year as from (or both *) and not before it"), f[3]);
	snprintf(r.name, sizeof r.name, "%s", f[0]);
	snprintf(r.place, sizeof r.place, "%s", f[1]);
	r.year = y1;
	if (vec_reserve(&p->rows, &p->cap, p->n + 1, sizeof *p->rows) < 0)
		return bad(path, lineno, NULL, tr("内存不足", "out of memory"), "");
	p->rows[p->n++] = r;
	return 0;
}

struct periods *periods_load(const char *path)
{
	struct periods *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	FILE *probe = fopen(path, "r");
	if (!probe && errno == ENOENT)
		return p;
	if (probe)
		fclose(probe);
	if (tsv_each_line(path, tr("无法读取时段数据", "cannot read the period data"), period_line, p) < 0) {
		periods_free(p);
		return NULL;
	}
	return p;
}

void periods_free(struct periods *p)
{
	if (!p)
		return;
	free(p->rows);
	free(p);
}

/* How well row r matches (place, year): 4 best .. 1, or 0 for no match. */
static int match(const struct prow *r, const char *place, int year)
{
	bool here = place && strcmp(r->place, place) == 0, anywhere = strcmp(r->place, "*") == 0;
	if (r->year != 0 && r->year != year)
		return 0;
	if (here)
		return r->year ? 4 : 3;
	if (anywhere)
		return r->year ? 2 : 1;
	return 0;
}

int periods_find(const struct periods *p, const char *name, const char *place, int year, date_t *from,
		 date_t *to)
{
	const struct prow *best = NULL;
	int best_score = 0;
	bool known = false;
	for (size_t i = 0; p && i < p->n; i++) {
		if (strcmp(p->rows[i].name, name) != 0)
			continue;
		known = true;
		int sc = match(&p->rows[i], place, year);
		if (sc > best_score)
			best = &p->rows[i], best_score = sc;
	}
	if (!best)
		return known ? -2 : -1;
	int last2 = date_days_in_month(year, best->m2);
	*from = date_from_ymd(year, best->m1, best->d1 <= date_days_in_month(year, best->m1) ? best->d1 : 28);
	*to = date_from_ymd(year, best->m2, best->d2 <= last2 ? best->d2 : last2);
	return 0;
}

int periods_each(const struct periods *p, const char *place, int from_year, int to_year,
		 int (*emit)(void *ctx, const char *name, date_t from, date_t to), void *ctx)
{
	for (int y = from_year; y <= to_year; y++)
		for (size_t i = 0; p && i < p->n; i++) {
			bool first = true;   /* each name once per year */
			for (size_t j = 0; j < i && first; j++)
				first = strcmp(p->rows[j].name, p->rows[i].name) != 0;
			date_t a, b;
			if (first && periods_find(p, p->rows[i].name, place, y, &a, &b) == 0 &&
			    emit(ctx, p->rows[i].name, a, b) < 0)
				return -1;
		}
	return 0;
}
