/* cal.c — the festival table and the lunar calendar table behind it. Festivals are rows of
 * (name, when): a Gregorian day every year, one dated day, or a lunar month and day. The lunar
 * table is one row per lunar month (year, month, leap, first day, length), kept in order, so a
 * lunar date is an index away and a Gregorian date a binary search away. */
#include "cal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "holiday.h"
#include "periods.h"
#include "lang.h"
#include "tsv.h"
#include "vec.h"

enum fest_kind {
	FEST_EVERY_YEAR,  /* *-MM-DD: the same Gregorian day each year */
	FEST_ONE_YEAR,    /* YYYY-MM-DD: one day of one year */
	FEST_LUNAR        /* LMM-DD or LMM-last: a day of an ordinary lunar month */
};

struct fest {
	char name[32];
	enum fest_kind kind;
	int year;         /* FEST_ONE_YEAR */
	int month, day;   /* Gregorian, or lunar; FEST_LUNAR day 0 is the month's last day */
};

struct lmonth {
	date_t first;     /* Gregorian date of 初一 */
	int year;         /* lunar year */
	int month;        /* 1..12 */
	bool leap;
	int days;         /* 29 or 30 */
};

struct calendar {
	struct fest *rows;
	size_t n, cap;
	struct lmonth *months;   /* contiguous, in order */
	size_t n_months, cap_months;
	struct holidays *hol;    /* the official arrangements, from dir/holidays */
	struct periods *per;     /* named periods such as school vacations, from dir/periods.tsv */
};

static int out_of_memory(const char *path, long lineno)
{
	diag(path, lineno, NULL, "%s", tr("内存不足", "out of memory"));
	return -1;
}

/* ---- festivals.tsv ---- */

static bool two_digits(const char *s, int *out)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return false;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

/* "MM-DD" or "MM-last" after the L of a lunar festival. */
static bool parse_lunar_when(const char *s, struct fest *f)
{
	int m, d = 0;
	if (!two_digits(s, &m) || m < 1 || m > 12 || s[2] != '-')
		return false;
	if (strcmp(s + 3, "last") != 0 && (strlen(s + 3) != 2 || !two_digits(s + 3, &d) || d < 1 || d > 30))
		return false;
	f->kind = FEST_LUNAR, f->month = m, f->day = d;
	return true;
}

/* The date column: *-MM-DD, YYYY-MM-DD, LMM-DD or LMM-last. Returns 0 or -1 (no diagnostic). */
static int parse_when(const char *s, struct fest *f)
{
	int m, d;
	date_t t;
	if (s[0] == 'L')
		return parse_lunar_when(s + 1, f) ? 0 : -1;
	if (s[0] == '*' && strlen(s) == 7 && s[1] == '-' && s[4] == '-' && two_digits(s + 2, &m) &&
	    two_digits(s + 5, &d) && date_ymd_valid(2000, m, d)) {
		f->kind = FEST_EVERY_YEAR, f->month = m, f->day = d;
		return 0;
	}
	if (date_parse(s, &t) < 0)
		return -1;
	f->kind = FEST_ONE_YEAR;
	date_to_ymd(t, &f->year, &f->month, &f->day);
	return 0;
}

/* One "name<TAB>when" line, appended to the calendar's festival rows. */
static int festival_line(void *ctx, char *line, const char *path, long lineno)
{
	struct calendar *c = ctx;
	struct fest f;
	memset(&f, 0, sizeof f);
	char *tab = strchr(line, '\t');
	if (!tab || tab == line || tab - line >= (long)sizeof f.name) {
		diag(path, lineno, tr("名称", "name"), "%s", tr("应为“名称<TAB>日期”", "expected name<TAB>date"));
		return -1;
	}
	memcpy(f.name, line, (size_t)(tab - line));
	if (parse_when(tab + 1, &f) < 0) {
		diag(path, lineno, tr("日期", "date"), "%s: %s",
		     tr("日期无效(应为 YYYY-MM-DD、*-MM-DD、L月-日 或 L月-last)",
			"invalid date (expected YYYY-MM-DD, *-MM-DD, LMM-DD or LMM-last)"), tab + 1);
		return -1;
	}
	if (vec_reserve(&c->rows, &c->cap, c->n + 1, sizeof *c->rows) < 0)
		return out_of_memory(path, lineno);
	c->rows[c->n++] = f;
	return 0;
}

/* ---- lunar.tsv ---- */

enum { COL_YEAR, COL_MONTH, COL_LEAP, COL_FIRST, COL_DAYS, N_COLS };

static const char *col_name(int col)
{
	static const char *const names[N_COLS][2] = {
		{"年", "year"}, {"月", "month"}, {"闰", "leap"}, {"初一", "first"}, {"天数", "days"},
	};
	return tr(names[col][0], names[col][1]);
}

/* State while reading lunar.tsv: the calendar being filled and what the next row must be. */
struct lunar_load {
	struct calendar *c;
	bool year_has_leap;
	long last_line;
};

/* A decimal integer in [lo, hi], nothing else. */
static bool int_in(const char *s, int lo, int hi, int *out)
{
	char *end;
	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* Splits line at tabs into at most max fields; returns how many there were (max + 1 if more). */
static int bad_value(const char *path, long lineno, int col, const char *want, const char *value)
{
	diag(path, lineno, col_name(col), "%s: %s", want, value);
	return -1;
}

/* Parses the five columns of one lunar.tsv row into m. Returns 0, or -1 after a diagnostic. */
static int parse_month_row(char *line, const char *path, long lineno, struct lmonth *m)
{
	char *f[N_COLS];
	int n = tsv_split(line, f, N_COLS), leap;
	if (n != N_COLS) {
		diag(path, lineno, NULL, tr("应有 5 列(年、月、闰、初一、天数),实有%s %d 列",
					    "expected 5 columns (year, month, leap, first, days), found %s%d"),
		     n > N_COLS ? tr("超过", "more than ") : "", n > N_COLS ? N_COLS : n);
		return -1;
	}
	if (!int_in(f[COL_YEAR], 1000, 9998, &m->year))
		return bad_value(path, lineno, COL_YEAR, tr("应为 1000 到 9998 的年份", "expected a year 1000..9998"), f[COL_YEAR]);
	if (!int_in(f[COL_MONTH], 1, 12, &m->month))
		return bad_value(path, lineno, COL_MONTH, tr("应为 1 到 12", "expected 1..12"), f[COL_MONTH]);
	if (!int_in(f[COL_LEAP], 0, 1, &leap))
		return bad_value(path, lineno, COL_LEAP, tr("应为 0 或 1", "expected 0 or 1"), f[COL_LEAP]);
	m->leap = leap == 1;
	if (date_parse(f[COL_FIRST], &m->first) < 0)
		return bad_value(path, lineno, COL_FIRST, tr("日期无效", "invalid date"), f[COL_FIRST]);
	if (!int_in(f[COL_DAYS], 29, 30, &m->days))
		return bad_value(path, lineno, COL_DAYS, tr("应为 29 或 30", "expected 29 or 30"), f[COL_DAYS]);
	return 0;
}

/* 正月初一 of lunar year Y falls in Gregorian year Y: this catches a year number that is off. */
static int check_new_year(const struct lmonth *m, const char *path, long lineno)
{
	int y, mo, d;
	date_to_ymd(m->first, &y, &mo, &d);
	if (y == m->year)
		return 0;
	diag(path, lineno, col_name(COL_FIRST),
	     tr("农历 %d 年正月初一应在公历 %d 年内", "正月初一 of lunar year %d must fall in %d"), m->year, m->year);
	return -1;
}

/* A leap month directly follows the ordinary month of its number, once a year at most. */
static int check_leap(struct lunar_load *ld, const struct lmonth *p, const struct lmonth *m, const char *path,
		      long lineno)
{
	if (m->year != p->year || m->month != p->month || p->leap) {
		diag(path, lineno, col_name(COL_LEAP),
		     tr("农历 %d 年的闰 %d 月应紧跟在该年 %d 月之后", "lunar year %d: leap month %d must directly follow month %d"),
		     m->year, m->month, m->month);
		return -1;
	}
	if (ld->year_has_leap) {
		diag(path, lineno, col_name(COL_LEAP), tr("农历 %d 年已有一个闰月", "lunar year %d already has a leap month"),
		     m->year);
		return -1;
	}
	ld->year_has_leap = true;
	return 0;
}

/* Checks that m may follow the last row read (or open the table). Returns 0, or -1 after a
 * diagnostic. */
static int check_follows(struct lunar_load *ld, const struct lmonth *m, const char *path, long lineno)
{
	if (ld->c->n_months == 0) {
		if (m->month == 1 && !m->leap)
			return check_new_year(m, path, lineno);
		diag(path, lineno, col_name(COL_MONTH), "%s",
		     tr("表应从某年的正月开始", "the table must begin with month 1 of a year"));
		return -1;
	}
	const struct lmonth *p = &ld->c->months[ld->c->n_months - 1];
	if (m->first != p->first + p->days) {
		char want[DATE_ISO_LEN];
		date_format(p->first + p->days, want);
		diag(path, lineno, col_name(COL_FIRST),
		     tr("应为 %s(上一月初一加上其天数)", "expected %s (the previous month's first day plus its length)"), want);
		return -1;
	}
	if (m->leap)
		return check_leap(ld, p, m, path, lineno);
	int want_y = p->month == 12 ? p->year + 1 : p->year, want_m = p->month % 12 + 1;
	if (m->year != want_y || m->month != want_m) {
		diag(path, lineno, col_name(m->year != want_y ? COL_YEAR : COL_MONTH),
		     tr("此处应为农历 %d 年 %d 月", "expected lunar year %d, month %d here"), want_y, want_m);
		return -1;
	}
	if (m->month != 1)
		return 0;
	ld->year_has_leap = false;
	return check_new_year(m, path, lineno);
}

static int lunar_line(void *ctx, char *line, const char *path, long lineno)
{
	struct lunar_load *ld = ctx;
	struct calendar *c = ld->c;
	struct lmonth m;
	if (parse_month_row(line, path, lineno, &m) < 0 || check_follows(ld, &m, path, lineno) < 0)
		return -1;
	if (vec_reserve(&c->months, &c->cap_months, c->n_months + 1, sizeof *c->months) < 0)
		return out_of_memory(path, lineno);
	c->months[c->n_months++] = m;
	ld->last_line = lineno;
	return 0;
}

static int load_lunar(struct calendar *c, const char *path)
{
	struct lunar_load ld = {.c = c};
	if (tsv_each_line(path, tr("无法读取农历数据", "cannot read lunar calendar data"), lunar_line, &ld) < 0)
		return -1;
	if (c->n_months == 0) {
		diag(path, 0, NULL, "%s", tr("没有任何农历月份", "no lunar months"));
		return -1;
	}
	const struct lmonth *last = &c->months[c->n_months - 1];
	if (last->month != 12) {
		diag(path, ld.last_line, col_name(COL_MONTH),
		     tr("农历 %d 年不完整:表在 %d 月结束", "lunar year %d is incomplete: the table ends at month %d"), last->year,
		     last->month);
		return -1;
	}
	return 0;
}

struct calendar *cal_load(const char *dir)
{
	char fest_path[4096], lunar_path[4096], hol_dir[4096], per_path[4096];
	snprintf(fest_path, sizeof fest_path, "%s/festivals.tsv", dir);
	snprintf(lunar_path, sizeof lunar_path, "%s/lunar.tsv", dir);
	snprintf(hol_dir, sizeof hol_dir, "%s/holidays", dir);
	snprintf(per_path, sizeof per_path, "%s/periods.tsv", dir);
	struct calendar *c = calloc(1, sizeof *c);
	if (!c) {
		out_of_memory(dir, 0);
		return NULL;
	}
	if (tsv_each_line(fest_path, tr("无法读取节日数据", "cannot read festival data"), festival_line, c) < 0 ||
	    load_lunar(c, lunar_path) < 0 || !(c->hol = holidays_load(hol_dir)) ||
	    !(c->per = periods_load(per_path))) {
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
	free(c->months);
	holidays_free(c->hol);
	periods_free(c->per);
	free(c);
}

/* ---- lookups ---- */

/* The index of month `month` (leap or not) of lunar year y, or -1 if the table lacks it. */
static long find_month(const struct calendar *c, int y, int month, bool leap)
{
	size_t lo = 0, hi = c->n_months;
	while (lo < hi) {   /* first row of year y or later */
		size_t mid = lo + (hi - lo) / 2;
		if (c->months[mid].year < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < c->n_months && c->months[i].year == y; i++)
		if (c->months[i].month == month && c->months[i].leap == leap)
			return (long)i;
	return -1;
}

void cal_lunar_years(const struct calendar *c, int *first, int *last)
{
	*first = c->n_months ? c->months[0].year : 0;
	*last = c->n_months ? c->months[c->n_months - 1].year : -1;
}

static bool year_covered(const struct calendar *c, int y)
{
	int first, last;
	cal_lunar_years(c, &first, &last);
	return y >= first && y <= last;
}

int cal_lunar_to_date(const struct calendar *c, int lunar_year, int month, bool leap, int day, date_t *out)
{
	if (!year_covered(c, lunar_year))
		return -2;
	long i = month >= 1 && month <= 12 && day >= 1 ? find_month(c, lunar_year, month, leap) : -1;
	if (i < 0 || day > c->months[i].days)
		return -1;
	*out = c->months[i].first + day - 1;
	return 0;
}

int cal_date_to_lunar(const struct calendar *c, date_t d, int *year, int *month, bool *leap, int *day)
{
	if (c->n_months == 0 || d < c->months[0].first)
		return -2;
	const struct lmonth *last = &c->months[c->n_months - 1];
	if (d >= last->first + last->days)
		return -2;
	size_t lo = 0, hi = c->n_months - 1;
	while (lo < hi) {   /* the last month starting on or before d */
		size_t mid = hi - (hi - lo) / 2;
		if (c->months[mid].first <= d)
			lo = mid;
		else
			hi = mid - 1;
	}
	const struct lmonth *m = &c->months[lo];
	*year = m->year, *month = m->month, *leap = m->leap, *day = (int)(d - m->first) + 1;
	return 0;
}

/* The last day of lunar month `month` of year y, counting the leap month of that number if it
 * follows: the day before month+1 (or the next 正月) begins. 0 or -1. */
static int lunar_month_last(const struct calendar *c, int y, int month, date_t *out)
{
	long i = find_month(c, y, month, false);
	if (i < 0)
		return -1;
	if ((size_t)i + 1 < c->n_months && c->months[i + 1].year == y && c->months[i + 1].leap)
		i++;
	*out = c->months[i].first + c->months[i].days - 1;
	return 0;
}

/* The date of festival row f in Gregorian year `year`: 0, or -1 if that year has none. */
static int fest_date(const struct calendar *c, const struct fest *f, int year, date_t *out)
{
	if (f->kind == FEST_LUNAR) {
		int ly = f->month == 12 ? year - 1 : year;   /* 腊月 leads up to the 春节 of year */
		if (f->day == 0)
			return lunar_month_last(c, ly, f->month, out);
		return cal_lunar_to_date(c, ly, f->month, false, f->day, out) == 0 ? 0 : -1;
	}
	if ((f->kind == FEST_ONE_YEAR && f->year != year) || !date_ymd_valid(year, f->month, f->day))
		return -1;
	*out = date_from_ymd(year, f->month, f->day);
	return 0;
}

int cal_festival(const struct calendar *c, const char *name, int year, date_t *out)
{
	bool known = false;
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->rows[i].name, name) != 0)
			continue;
		known = true;
		if (fest_date(c, &c->rows[i], year, out) == 0)
			return 0;
	}
	return known ? -2 : -1;
}

const struct holidays *cal_holidays(const struct calendar *c) { return c->hol; }

const struct periods *cal_periods(const struct calendar *c) { return c->per; }

size_t cal_festival_names(const struct calendar *c, const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(names[j], c->rows[i].name) == 0;
		if (!seen && n < max)
			names[n++] = c->rows[i].name;
	}
	return n;
}
