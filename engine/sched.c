/* sched.c — expanding due declarations into dated windows. */
#include "sched.h"

#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "periods.h"

static int parse_md(const char *s, int *m, int *d)
{
	if (strlen(s) < 5 || s[2] != '-' || sscanf(s, "%2d-%2d", m, d) != 2)
		return -1;
	return date_ymd_valid(2000, *m, *d) ? 0 : -1;   /* 2000 is leap: 02-29 allowed */
}

static void span(struct due *d, int m1, int d1, int m2, int d2)
{
	d->kind = DUE_SPAN;
	d->m1 = m1, d->d1 = d1, d->m2 = m2, d->d2 = d2;
}

int due_parse(const char *t, struct due *d)
{
	memset(d, 0, sizeof *d);
	if (strcmp(t, "year") == 0)
		d->kind = DUE_YEAR;
	else if (strcmp(t, "half") == 0)
		d->kind = DUE_HALF;
	else if (strcmp(t, "quarter") == 0)
		d->kind = DUE_QUARTER;
	else if (t[0] == 'Q' && t[1] >= '1' && t[1] <= '4' && t[2] == '\0') {
		int q = t[1] - '0';
		span(d, 3 * q - 2, 1, 3 * q, q == 1 || q == 4 ? 31 : 30);
	} else if (t[0] == 'H' && (t[1] == '1' || t[1] == '2') && t[2] == '\0')
		t[1] == '1' ? span(d, 1, 1, 6, 30) : span(d, 7, 1, 12, 31);
	else {
		const char *dots = strstr(t, "..");
		int m1, d1, m2, d2;
		if (!dots || dots - t != 5 || parse_md(t, &m1, &d1) < 0 || parse_md(dots + 2, &m2, &d2) < 0 ||
		    strlen(dots + 2) != 5 || m2 * 100 + d2 < m1 * 100 + d1)
			return -1;
		span(d, m1, d1, m2, d2);
	}
	return 0;
}

/* Clamps day to the month's length (02-29 in a common year becomes 02-28). */
static date_t ymd_clamped(int y, int m, int d)
{
	int last = date_days_in_month(y, m);
	return date_from_ymd(y, m, d > last ? last : d);
}

static void months_window(struct window *w, int y, int m1, int m2, const char *label)
{
	w->from = date_from_ymd(y, m1, 1);
	w->to = date_from_ymd(y, m2, date_days_in_month(y, m2));
	snprintf(w->label, sizeof w->label, "%s", label);
}

int sched_windows(const struct due *d, const struct calendar *cal, int year, struct window *out)
{
	char label[48];
	switch (d->kind) {
	case DUE_YEAR:
		snprintf(label, sizeof label, "%04d", year);
		months_window(&out[0], year, 1, 12, label);
		return 1;
	case DUE_HALF:
		for (int h = 0; h < 2; h++) {
			snprintf(label, sizeof label, "%04dH%d", year, h + 1);
			months_window(&out[h], year, 6 * h + 1, 6 * h + 6, label);
		}
		return 2;
	case DUE_QUARTER:
		for (int q = 0; q < 4; q++) {
			snprintf(label, sizeof label, "%04dQ%d", year, q + 1);
			months_window(&out[q], year, 3 * q + 1, 3 * q + 3, label);
		}
		return 4;
	case DUE_SPAN:
		out[0].from = ymd_clamped(year, d->m1, d->d1);
		out[0].to = ymd_clamped(year, d->m2, d->d2);
		snprintf(out[0].label, sizeof out[0].label, "%04d %02d-%02d..%02d-%02d", year, d->m1, d->d1,
			 d->m2, d->d2);
		return 1;
	case DUE_FESTIVAL: {
		date_t day;
		if (!cal || cal_festival(cal, d->festival, year, &day) < 0)
			return -1;
		out[0].from = day - d->before;
		out[0].to = day + d->after;
		snprintf(out[0].label, sizeof out[0].label, "%04d %s", year, d->festival);
		return 1;
	}
	case DUE_PERIOD:
		if (!cal || periods_find(cal_periods(cal), d->festival, d->place[0] ? d->place : "*", year, &out[0].from,
					 &out[0].to) < 0)
			return -1;
		snprintf(out[0].label, sizeof out[0].label, "%04d %s", year, d->festival);
		return 1;
	}
	return -1;
}

void due_describe(const struct due *d, char *buf, size_t len)
{
	switch (d->kind) {
	case DUE_YEAR:
		snprintf(buf, len, "%s", tr("年度内完成", "within the year"));
		break;
	case DUE_HALF:
		snprintf(buf, len, "%s", tr("每半年", "every half year"));
		break;
	case DUE_QUARTER:
		snprintf(buf, len, "%s", tr("每季度", "every quarter"));
		break;
	case DUE_SPAN:
		snprintf(buf, len, "%02d-%02d..%02d-%02d", d->m1, d->d1, d->m2, d->d2);
		break;
	case DUE_FESTIVAL:
		snprintf(buf, len, tr("%s前%d天至后%d天", "%s, %d days before to %d days after"),
			 d->festival, d->before, d->after);
		break;
	case DUE_PERIOD:
		snprintf(buf, len, "%s", d->festival);
		break;
	}
}
