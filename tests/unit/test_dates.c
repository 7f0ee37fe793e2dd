/* test_dates.c — date arithmetic, period parsing, due windows and the festival table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "date.h"
#include "diag.h"
#include "lang.h"
#include "period.h"
#include "sched.h"

static char *iso(date_t d)
{
	static char buf[DATE_ISO_LEN];
	date_format(d, buf);
	return buf;
}

/* Against the C library's own calendar (timegm) for every day of 1900..2200. */
static void day_numbers_match_timegm(void **state)
{
	(void)state;
	for (int y = 1900; y <= 2200; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= date_days_in_month(y, m); d++) {
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
				long want = (long)(timegm(&tm) / 86400);
				date_t t = date_from_ymd(y, m, d);
				assert_int_equal(t, want);
				int yy, mm, dd;
				date_to_ymd(t, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
				timegm(&tm); /* fills tm_wday */
				assert_int_equal(date_weekday(t), tm.tm_wday == 0 ? 7 : tm.tm_wday);
			}
}

static void parse_strict(void **state)
{
	(void)state;
	date_t d;
	assert_int_equal(date_parse("2020-04-21", &d), 0);
	assert_string_equal(iso(d), "2020-04-21");
	assert_int_equal(date_parse("2020-02-29", &d), 0);
	assert_int_equal(date_parse("2019-02-29", &d), -1);
	assert_int_equal(date_parse("2020-02-30", &d), -1);
	assert_int_equal(date_parse("2020-13-01", &d), -1);
	assert_int_equal(date_parse("2020-00-10", &d), -1);
	assert_int_equal(date_parse("2020-4-21", &d), -1);
	assert_int_equal(date_parse("2020-04-21x", &d), -1);
	assert_int_equal(date_parse("", &d), -1);
	assert_int_equal(date_parse("1900-02-29", &d), -1);
	assert_int_equal(date_parse("2000-02-29", &d), 0);
}

static void parse_loose(void **state)
{
	(void)state;
	date_t d;
	const char *good[] = {"2020/4/21", "2020-4-21", "2020.04.21", "2020年4月21日", "2020年04月21", "2020-04-21",
			      "20200421"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(date_parse_loose(good[i], &d), 0);
		assert_string_equal(iso(d), "2020-04-21");
	}
	assert_int_equal(date_parse_loose("2020/2/30", &d), -1);
	assert_int_equal(date_parse_loose("20/4/21", &d), -1);
	assert_int_equal(date_parse_loose("2020年4月", &d), -1);
	assert_int_equal(date_parse_loose("2020/4/21 10:00", &d), -1);
	assert_int_equal(date_parse_loose("20200230", &d), -1);
	assert_int_equal(date_parse_loose("2020042", &d), -1);
	assert_int_equal(date_parse_loose("202004211", &d), -1);
}

static void periods(void **state)
{
	(void)state;
	struct period p;
	char err[256];
	struct {
		const char *in, *from, *to, *label;
	} cases[] = {
		{"2020", "2020-01-01", "2020-12-31", "2020"},
		{"2020Q1", "2020-01-01", "2020-03-31", "2020Q1"},
		{"2020q2", "2020-04-01", "2020-06-30", "2020Q2"},
		{"2020Q4", "2020-10-01", "2020-12-31", "2020Q4"},
		{"2020H1", "2020-01-01", "2020-06-30", "2020H1"},
		{"2020H2", "2020-07-01", "2020-12-31", "2020H2"},
		{"2020-02", "2020-02-01", "2020-02-29", "2020-02"},
		{"2020-04-21..2020-06-30", "2020-04-21", "2020-06-30", "2020-04-21..2020-06-30"},
		{"2020-04-01..2020-06-30", "2020-04-01", "2020-06-30", "2020Q2"},
		/* as people write them */
		{"2020-Q2", "2020-04-01", "2020-06-30", "2020Q2"},
		{"2020 q3", "2020-07-01", "2020-09-30", "2020Q3"},
		{"2020年第二季度", "2020-04-01", "2020-06-30", "2020Q2"},
		{"2020年第4季度", "2020-10-01", "2020-12-31", "2020Q4"},
		{"2020年上半年", "2020-01-01", "2020-06-30", "2020H1"},
		{"2021年下半年", "2021-07-01", "2021-12-31", "2021H2"},
		{"2020-H2", "2020-07-01", "2020-12-31", "2020H2"},
		{"2020年", "2020-01-01", "2020-12-31", "2020"},
		{"2021年2月", "2021-02-01", "2021-02-28", "2021-02"},
		{"2020-6", "2020-06-01", "2020-06-30", "2020-06"},
		{"2020/4/21..2020/6/30", "2020-04-21", "2020-06-30", "2020-04-21..2020-06-30"},
		{"2020年4月21日至2020年6月30日", "2020-04-21", "2020-06-30", "2020-04-21..2020-06-30"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(period_parse(cases[i].in, &p, err, sizeof err), 0);
		assert_string_equal(iso(p.from), cases[i].from);
		assert_string_equal(iso(p.to), cases[i].to);
		assert_string_equal(p.label, cases[i].label);
	}
	const char *bad[] = {"2020Q5", "2020H3", "2020-13", "20", "2020-06-30..2020-04-01", "2020-02-30..2020-03-01",
			     "Q2", "2020Q", "2020-04-21..", "abcd", "2020年第五季度", "2020年中半年", "2020年13月",
			     "2020-Q", "2020年第二季", "2020/6/30至2020/4/1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = '\0';
		assert_int_equal(period_parse(bad[i], &p, err, sizeof err), -1);
		assert_non_null(strstr(err, bad[i]));
	}
}

static void due_spellings(void **state)
{
	(void)state;
	struct due d;
	struct window w[SCHED_MAX_WINDOWS];
	assert_int_equal(due_parse("quarter", &d), 0);
	assert_int_equal(sched_windows(&d, NULL, 2020, w), 4);
	assert_string_equal(iso(w[1].from), "2020-04-01");
	assert_string_equal(iso(w[1].to), "2020-06-30");
	assert_string_equal(w[3].label, "2020Q4");
	assert_int_equal(due_parse("half", &d), 0);
	assert_int_equal(sched_windows(&d, NULL, 2021, w), 2);
	assert_string_equal(iso(w[1].from), "2021-07-01");
	assert_int_equal(due_parse("Q3", &d), 0);
	assert_int_equal(sched_windows(&d, NULL, 2020, w), 1);
	assert_string_equal(iso(w[0].to), "2020-09-30");
	assert_int_equal(due_parse("02-01..02-29", &d), 0);
	assert_int_equal(sched_windows(&d, NULL, 2021, w), 1);
	assert_string_equal(iso(w[0].to), "2021-02-28");   /* clamped in a common year */
	assert_int_equal(due_parse("06-30..04-01", &d), -1);
	assert_int_equal(due_parse("13-01..13-02", &d), -1);
	assert_int_equal(due_parse("Q5", &d), -1);
	assert_int_equal(due_parse("yearly", &d), -1);
}

/* Day number of y-m-d from the C library (timegm normalises month 13 to January of y + 1). */
static date_t libc_day(int y, int m, int d)
{
	struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	return (date_t)(timegm(&t) / 86400);
}

/* Windows of `due` in year y are months [m1 + k*len, m1 + k*len + len - 1] for k = 0..n-1,
 * their first and last days as the C library counts them, back to back. */
static void assert_month_windows(const char *due, int y, int m1, int len, int n)
{
	struct due d;
	struct window w[SCHED_MAX_WINDOWS];
	assert_int_equal(due_parse(due, &d), 0);
	assert_int_equal(sched_windows(&d, NULL, y, w), n);
	for (int k = 0; k < n; k++) {
		int first = m1 + k * len;
		assert_int_equal(w[k].from, libc_day(y, first, 1));
		assert_int_equal(w[k].to, libc_day(y, first + len, 1) - 1);
	}
}

/* The first and last day of every quarter and half, as due windows and as --period, in common
 * and leap years (1900 and 2100 are common, 2000 and 2020 leap), against timegm. */
static void quarter_and_half_edges(void **state)
{
	(void)state;
	const int years[] = {1900, 2000, 2019, 2020, 2021, 2100};
	char text[16], err[160];
	struct period p;
	for (size_t i = 0; i < sizeof years / sizeof *years; i++) {
		int y = years[i];
		assert_month_windows("year", y, 1, 12, 1);
		assert_month_windows("quarter", y, 1, 3, 4);
		assert_month_windows("half", y, 1, 6, 2);
		for (int q = 1; q <= 4; q++) {
			snprintf(text, sizeof text, "Q%d", q);
			assert_month_windows(text, y, 3 * q - 2, 3, 1);
			snprintf(text, sizeof text, "%dQ%d", y, q);
			assert_int_equal(period_parse(text, &p, err, sizeof err), 0);
			assert_int_equal(p.from, libc_day(y, 3 * q - 2, 1));
			assert_int_equal(p.to, libc_day(y, 3 * q + 1, 1) - 1);
		}
		for (int h = 1; h <= 2; h++) {
			snprintf(text, sizeof text, "H%d", h);
			assert_month_windows(text, y, 6 * h - 5, 6, 1);
			snprintf(text, sizeof text, "%dH%d", y, h);
			assert_int_equal(period_parse(text, &p, err, sizeof err), 0);
			assert_int_equal(p.from, libc_day(y, 6 * h - 5, 1));
			assert_int_equal(p.to, libc_day(y, 6 * h + 1, 1) - 1);
		}
		snprintf(text, sizeof text, "%d-02", y);
		assert_int_equal(period_parse(text, &p, err, sizeof err), 0);
		assert_int_equal(p.to - p.from + 1, y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28);
	}
}

static void festivals(void **state)
{
	(void)state;
	struct calendar *c = cal_load("calendars");
	assert_non_null(c);
	date_t d;
	assert_int_equal(cal_festival(c, "春节", 2020, &d), 0);
	assert_string_equal(iso(d), "2020-01-25");
	assert_int_equal(cal_festival(c, "中秋", 2020, &d), 0);
	assert_string_equal(iso(d), "2020-10-01");
	assert_int_equal(cal_festival(c, "国庆", 2020, &d), 0);
	assert_string_equal(iso(d), "2020-10-01");   /* 2020: 中秋 and 国庆 on one day */
	assert_int_equal(cal_festival(c, "六一", 2035, &d), 0);
	assert_string_equal(iso(d), "2035-06-01");
	assert_int_equal(cal_festival(c, "春节", 1901, &d), -2);
	assert_int_equal(cal_festival(c, "圣诞", 2020, &d), -1);
	/* 除夕 is the day before 春节 and 元宵 fourteen days after, in every year covered. */
	for (int y = 1950; y <= 2100; y++) {
		date_t cj, cx, yx;
		assert_int_equal(cal_festival(c, "春节", y, &cj), 0);
		assert_int_equal(cal_festival(c, "除夕", y, &cx), 0);
		assert_int_equal(cal_festival(c, "元宵", y, &yx), 0);
		assert_int_equal(cx, cj - 1);
		assert_int_equal(yx, cj + 14);
	}
	struct due due = {.kind = DUE_FESTIVAL, .festival = "春节", .before = 15, .after = 15};
	struct window w[SCHED_MAX_WINDOWS];
	assert_int_equal(sched_windows(&due, c, 2020, w), 1);
	assert_string_equal(iso(w[0].from), "2020-01-10");
	assert_string_equal(iso(w[0].to), "2020-02-09");
	assert_int_equal(sched_windows(&due, c, 1948, w), -1);   /* before calendars/lunar.tsv */
	cal_free(c);
}

/* A malformed festival file is refused with file, line and field. */
static void festival_file_errors(void **state)
{
	(void)state;
	char dir[] = "/tmp/yaodian-cal-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/festivals.tsv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("# comment\n春节\t2020-01-25\n中秋\t2020-02-30\n", f);
	fclose(f);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	lang_set(LANG_ZH);
	FILE *old = diag_set_stream(mem);
	assert_null(cal_load(dir));
	diag_set_stream(old);
	fclose(mem);
	assert_non_null(strstr(buf, "festivals.tsv:3: 日期: "));
	free(buf);
	remove(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_numbers_match_timegm), cmocka_unit_test(parse_strict),
		cmocka_unit_test(parse_loose),              cmocka_unit_test(periods),
		cmocka_unit_test(due_spellings),            cmocka_unit_test(festivals),
		cmocka_unit_test(festival_file_errors),     cmocka_unit_test(quarter_and_half_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
