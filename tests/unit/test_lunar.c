/* test_lunar.c — the lunar calendar table (calendars/lunar.tsv) and the lunar festivals drawn
 * from it: known dates, the leap month of 2023, 除夕 in 29- and 30-day twelfth months, both
 * ends of the range, round trips over 1950..2100, and malformed tables refused with file:line.
 * Run as `test_lunar --dump` it prints the engine's lunar date of every day 1950..2100 instead,
 * for tests/cli/lunar.sh to hold against independent tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "date.h"
#include "lang.h"
#include "testutil.h"

static struct calendar *cal;

static int setup(void **state)
{
	(void)state;
	cal = cal_load("calendars");
	return cal ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cal_free(cal);
	return 0;
}

static const char *iso(date_t d)
{
	static char buf[DATE_ISO_LEN];
	date_format(d, buf);
	return buf;
}

static date_t ymd(const char *s)
{
	date_t d;
	if (date_parse(s, &d) < 0)
		abort();
	return d;
}

static void expect_festival(const char *name, int year, const char *want)
{
	date_t d;
	assert_int_equal(cal_festival(cal, name, year, &d), 0);
	assert_string_equal(iso(d), want);
}

static void expect_lunar(const char *date, int year, int month, bool leap, int day)
{
	int y, m, d;
	bool l;
	assert_int_equal(cal_date_to_lunar(cal, ymd(date), &y, &m, &l, &d), 0);
	assert_int_equal(y, year);
	assert_int_equal(m, month);
	assert_int_equal(l, leap);
	assert_int_equal(d, day);
}

static void expect_date(int year, int month, bool leap, int day, const char *want)
{
	date_t d;
	assert_int_equal(cal_lunar_to_date(cal, year, month, leap, day, &d), 0);
	assert_string_equal(iso(d), want);
}

/* 2020: 春节 on 01-25, and 中秋 on 10-01, the same day as 国庆. */
static void known_dates_2020(void **state)
{
	(void)state;
	expect_festival("春节", 2020, "2020-01-25");
	expect_festival("元宵", 2020, "2020-02-08");
	expect_festival("端午", 2020, "2020-06-25");
	expect_festival("中秋", 2020, "2020-10-01");
	expect_festival("国庆", 2020, "2020-10-01");
	expect_festival("重阳", 2020, "2020-10-25");
	expect_festival("除夕", 2020, "2020-01-24");
	expect_lunar("2020-10-01", 2020, 8, false, 15);
	expect_lunar("2020-01-25", 2020, 1, false, 1);
	expect_lunar("2020-01-24", 2019, 12, false, 30);
	/* 2020 has a leap 4th month: 端午 is in the ordinary one. */
	expect_date(2020, 4, true, 1, "2020-05-23");
	expect_date(2020, 5, false, 5, "2020-06-25");
}

/* 2023: 闰二月 runs 03-22..04-19 (29 days), then 三月初一 is 04-20. */
static void leap_month_2023(void **state)
{
	(void)state;
	date_t d;
	expect_date(2023, 2, false, 1, "2023-02-20");
	expect_date(2023, 2, true, 1, "2023-03-22");
	expect_date(2023, 2, true, 29, "2023-04-19");
	expect_date(2023, 3, false, 1, "2023-04-20");
	expect_lunar("2023-03-21", 2023, 2, false, 30);
	expect_lunar("2023-03-22", 2023, 2, true, 1);
	expect_lunar("2023-04-19", 2023, 2, true, 29);
	expect_lunar("2023-04-20", 2023, 3, false, 1);
	assert_int_equal(cal_lunar_to_date(cal, 2023, 2, true, 30, &d), -1);    /* 29 days */
	assert_int_equal(cal_lunar_to_date(cal, 2023, 3, true, 1, &d), -1);     /* no 闰三月 */
	assert_int_equal(cal_lunar_to_date(cal, 2024, 2, true, 1, &d), -1);     /* 2024: no leap */
	assert_int_equal(cal_lunar_to_date(cal, 2023, 13, false, 1, &d), -1);
	assert_int_equal(cal_lunar_to_date(cal, 2023, 0, false, 1, &d), -1);
	assert_int_equal(cal_lunar_to_date(cal, 2023, 1, false, 0, &d), -1);
	assert_int_equal(cal_lunar_to_date(cal, 2023, 1, false, 31, &d), -1);
	expect_festival("春节", 2023, "2023-01-22");
	expect_festival("中秋", 2023, "2023-09-29");
}

/* 除夕 is the last day of the twelfth month: 腊月二十九 when it has 29 days, 三十 when 30. */
static void chuxi(void **state)
{
	(void)state;
	struct {
		int year;
		const char *date;
		int day;
	} cases[] = {
		{2020, "2020-01-24", 30}, {2021, "2021-02-11", 30}, {2022, "2022-01-31", 29},
		{2023, "2023-01-21", 30}, {2024, "2024-02-09", 30}, {2025, "2025-01-28", 29},
		{2026, "2026-02-16", 29}, {2027, "2027-02-05", 29}, {1950, "1950-02-16", 30},
		{2100, "2100-02-08", 30},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		expect_festival("除夕", cases[i].year, cases[i].date);
		expect_lunar(cases[i].date, cases[i].year - 1, 12, false, cases[i].day);
	}
	expect_festival("腊八", 2025, "2025-01-07");
	date_t d;
	assert_int_equal(cal_lunar_to_date(cal, 2024, 12, false, 30, &d), -1);   /* no 腊月三十 */
}

/* The ends of the range: 1950 and 2100 are covered, the years outside are -2. */
static void range_ends(void **state)
{
	(void)state;
	int first, last, y, m, d;
	bool l;
	date_t t;
	cal_lunar_years(cal, &first, &last);
	assert_int_equal(first, 1949);
	assert_int_equal(last, 2100);
	expect_festival("春节", 1950, "1950-02-17");
	expect_festival("中秋", 1950, "1950-09-26");
	expect_festival("春节", 2100, "2100-02-09");
	expect_festival("中秋", 2100, "2100-09-18");
	expect_festival("除夕", 2101, "2101-01-28");      /* lunar 2100's last day */
	expect_lunar("1950-01-01", 1949, 11, false, 13);
	expect_lunar("2100-12-31", 2100, 12, false, 1);
	assert_int_equal(cal_festival(cal, "春节", 1948, &t), -2);
	assert_int_equal(cal_festival(cal, "春节", 2101, &t), -2);
	assert_int_equal(cal_festival(cal, "除夕", 1949, &t), -2);   /* lunar 1948 */
	assert_int_equal(cal_festival(cal, "中秋", 9999, &t), -2);
	assert_int_equal(cal_festival(cal, "国庆", 2101, &t), 0);    /* Gregorian: every year */
	assert_int_equal(cal_festival(cal, "春晚", 2020, &t), -1);
	assert_int_equal(cal_lunar_to_date(cal, 1948, 1, false, 1, &t), -2);
	assert_int_equal(cal_lunar_to_date(cal, 2101, 1, false, 1, &t), -2);
	assert_int_equal(cal_date_to_lunar(cal, ymd("1949-01-28"), &y, &m, &l, &d), -2);
	assert_int_equal(cal_date_to_lunar(cal, ymd("1949-01-29"), &y, &m, &l, &d), 0);
	assert_int_equal(cal_date_to_lunar(cal, ymd("2101-01-28"), &y, &m, &l, &d), 0);
	assert_int_equal(cal_date_to_lunar(cal, ymd("2101-01-29"), &y, &m, &l, &d), -2);
}

/* Every day 1950-01-01..2100-12-31: date -> lunar -> date is the identity, and the lunar date
 * of each day follows from the day before's. 春节 is never before 01-21 or after 02-20. */
static void round_trips(void **state)
{
	(void)state;
	int py = 0, pm = 0, pd = 0;
	bool pl = false;
	for (date_t t = ymd("1950-01-01"); t <= ymd("2100-12-31"); t++) {
		int y, m, d;
		bool l;
		date_t back;
		assert_int_equal(cal_date_to_lunar(cal, t, &y, &m, &l, &d), 0);
		assert_int_equal(cal_lunar_to_date(cal, y, m, l, d, &back), 0);
		assert_int_equal(back, t);
		if (pd != 0 && d != pd + 1) {   /* a new month: the next ordinary month or a leap one */
			assert_int_equal(d, 1);
			assert_true(pd == 29 || pd == 30);
			bool next = m == pm % 12 + 1 && !l && y == (pm == 12 ? py + 1 : py);
			assert_true(next || (l && !pl && m == pm && y == py));
		} else if (pd != 0)
			assert_true(y == py && m == pm && l == pl);
		py = y, pm = m, pl = l, pd = d;
	}
	for (int y = 1950; y <= 2100; y++) {
		date_t t;
		assert_int_equal(cal_festival(cal, "春节", y, &t), 0);
		int gy, gm, gd;
		date_to_ymd(t, &gy, &gm, &gd);
		assert_true(gy == y && (gm == 1 ? gd >= 21 : gm == 2 && gd <= 20));
	}
}

/* ---- malformed data ---- */

static const char *const rows_2023[] = {
	"2023\t1\t0\t2023-01-22\t29", "2023\t2\t0\t2023-02-20\t30", "2023\t2\t1\t2023-03-22\t29",
	"2023\t3\t0\t2023-04-20\t29", "2023\t4\t0\t2023-05-19\t30", "2023\t5\t0\t2023-06-18\t30",
	"2023\t6\t0\t2023-07-18\t29", "2023\t7\t0\t2023-08-16\t30", "2023\t8\t0\t2023-09-15\t30",
	"2023\t9\t0\t2023-10-15\t29", "2023\t10\t0\t2023-11-13\t30", "2023\t11\t0\t2023-12-13\t29",
	"2023\t12\t0\t2024-01-11\t30",
};
#define N_ROWS (sizeof rows_2023 / sizeof *rows_2023)
#define FESTIVALS "春节\tL01-01\n除夕\tL12-last\n腊八\tL12-08\n"

/* The 2023 table behind a comment line (so row i is on line i + 2), with row `row` replaced by
 * text (NULL: left out), and `extra` appended. Caller frees. */
static char *table(size_t row, const char *text, const char *extra)
{
	size_t len = 64 + strlen(extra) + (text ? strlen(text) : 0);
	for (size_t i = 0; i < N_ROWS; i++)
		len += strlen(rows_2023[i]) + 1;
	char *buf = malloc(len), *p = buf;
	assert_non_null(buf);
	p += sprintf(p, "# test table\n");
	for (size_t i = 0; i < N_ROWS; i++)
		if (i != row)
			p += sprintf(p, "%s\n", rows_2023[i]);
		else if (text)
			p += sprintf(p, "%s\n", text);
	sprintf(p, "%s", extra);
	return buf;
}

/* Loads festivals and lunar (NULL: no lunar.tsv) from a fresh directory. Returns the loaded
 * calendar, or NULL with the diagnostics in *msg (caller frees both). */
static struct calendar *load_dir(const char *festivals, const char *lunar, char **msg)
{
	char dir[64];
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "festivals.tsv", festivals);
	if (lunar)
		tu_write(dir, "lunar.tsv", lunar);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	struct calendar *c = cal_load(dir);
	*msg = tu_capture_end(&cap);
	tu_rmtree(dir);
	return c;
}

static void expect_refused(const char *festivals, const char *lunar, const char *want)
{
	char *msg;
	struct calendar *c = load_dir(festivals, lunar, &msg);
	if (c || !strstr(msg, want))
		fail_msg("wanted \"%s\", got \"%s\"", want, msg);
	free(msg);
}

static void expect_row_refused(size_t row, const char *text, const char *extra, const char *want)
{
	char *lunar = table(row, text, extra);
	expect_refused(FESTIVALS, lunar, want);
	free(lunar);
}

/* A good small table loads; the festivals outside it are -2. */
static void small_table(void **state)
{
	(void)state;
	char *lunar = table(N_ROWS, NULL, ""), *msg;
	struct calendar *c = load_dir(FESTIVALS, lunar, &msg);
	free(lunar);
	assert_non_null(c);
	assert_string_equal(msg, "");
	free(msg);
	date_t d;
	int first, last;
	cal_lunar_years(c, &first, &last);
	assert_true(first == 2023 && last == 2023);
	assert_int_equal(cal_festival(c, "春节", 2023, &d), 0);
	assert_string_equal(iso(d), "2023-01-22");
	assert_int_equal(cal_festival(c, "除夕", 2024, &d), 0);
	assert_string_equal(iso(d), "2024-02-09");
	assert_int_equal(cal_festival(c, "春节", 2024, &d), -2);
	assert_int_equal(cal_festival(c, "除夕", 2023, &d), -2);
	cal_free(c);
}

/* With a leap twelfth month (not in 1949..2100, made up here), 除夕 is the leap month's last
 * day, the day before 正月初一, while 腊八 stays in the ordinary twelfth month. */
static void leap_twelfth_month(void **state)
{
	(void)state;
	const char *rows[] = {
		"2023\t1\t0\t2023-01-22\t29", "2023\t2\t0\t2023-02-20\t30", "2023\t3\t0\t2023-03-22\t29",
		"2023\t4\t0\t2023-04-20\t29", "2023\t5\t0\t2023-05-19\t30", "2023\t6\t0\t2023-06-18\t30",
		"2023\t7\t0\t2023-07-18\t29", "2023\t8\t0\t2023-08-16\t30", "2023\t9\t0\t2023-09-15\t30",
		"2023\t10\t0\t2023-10-15\t29", "2023\t11\t0\t2023-11-13\t30", "2023\t12\t0\t2023-12-13\t29",
		"2023\t12\t1\t2024-01-11\t30",
	};
	char text[1024] = "";
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		strcat(strcat(text, rows[i]), "\n");
	char *msg;
	struct calendar *c = load_dir(FESTIVALS, text, &msg);
	free(msg);
	assert_non_null(c);
	date_t d;
	assert_int_equal(cal_festival(c, "除夕", 2024, &d), 0);
	assert_string_equal(iso(d), "2024-02-09");
	assert_int_equal(cal_festival(c, "腊八", 2024, &d), 0);
	assert_string_equal(iso(d), "2023-12-20");
	assert_int_equal(cal_lunar_to_date(c, 2023, 12, true, 1, &d), 0);
	assert_string_equal(iso(d), "2024-01-11");
	cal_free(c);
}

/* Every kind of bad row is refused, naming lunar.tsv, the line and the column. */
static void malformed_tables(void **state)
{
	(void)state;
	lang_set(LANG_ZH);
	expect_row_refused(0, "2023\t1\t0\t2023-01-22", "", "lunar.tsv:2: 应有 5 列(年、月、闰、初一、天数),实有 4 列");
	expect_row_refused(0, "2023\t1\t0\t2023-01-22\t29\tx", "", "lunar.tsv:2: 应有 5 列(年、月、闰、初一、天数),实有超过 5 列");
	expect_row_refused(0, "20x3\t1\t0\t2023-01-22\t29", "", "lunar.tsv:2: 年: 应为 1000 到 9998 的年份: 20x3");
	expect_row_refused(1, "2023\t13\t0\t2023-02-20\t30", "", "lunar.tsv:3: 月: 应为 1 到 12: 13");
	expect_row_refused(2, "2023\t2\t2\t2023-03-22\t29", "", "lunar.tsv:4: 闰: 应为 0 或 1: 2");
	expect_row_refused(1, "2023\t2\t0\t2023-02-30\t30", "", "lunar.tsv:3: 初一: 日期无效: 2023-02-30");
	expect_row_refused(1, "2023\t2\t0\t2023-02-20\t31", "", "lunar.tsv:3: 天数: 应为 29 或 30: 31");
	expect_row_refused(1, "2023\t2\t0\t2023-02-20\t", "", "lunar.tsv:3: 天数: 应为 29 或 30: ");
	expect_row_refused(1, "2023\t2\t0\t2023-02-21\t30", "", "lunar.tsv:3: 初一: 应为 2023-02-20(上一月初一加上其天数)");
	expect_row_refused(0, "2023\t1\t0\t2023-01-22\t30", "", "lunar.tsv:3: 初一: 应为 2023-02-21");
	expect_row_refused(4, "2023\t3\t1\t2023-05-19\t30", "", "lunar.tsv:6: 闰: 农历 2023 年已有一个闰月");
	expect_row_refused(2, "2023\t3\t1\t2023-03-22\t29", "", "lunar.tsv:4: 闰: 农历 2023 年的闰 3 月应紧跟在该年 3 月之后");
	expect_row_refused(3, "2023\t4\t0\t2023-04-20\t29", "", "lunar.tsv:5: 月: 此处应为农历 2023 年 3 月");
	expect_row_refused(0, NULL, "", "lunar.tsv:2: 月: 表应从某年的正月开始");
	expect_row_refused(12, NULL, "", "lunar.tsv:13: 月: 农历 2023 年不完整:表在 11 月结束");
	expect_row_refused(0, "2024\t1\t0\t2023-01-22\t29", "", "lunar.tsv:2: 初一: 农历 2024 年正月初一应在公历 2024 年内");
	expect_row_refused(N_ROWS, NULL, "2025\t1\t0\t2024-02-10\t29\n", "lunar.tsv:15: 年: 此处应为农历 2024 年 1 月");
	expect_refused(FESTIVALS, "# nothing\n", "lunar.tsv: 没有任何农历月份");
	expect_refused(FESTIVALS, NULL, "lunar.tsv: 无法读取农历数据");
	lang_set(LANG_EN);
	expect_row_refused(1, "2023\t2\t0\t2023-02-20\t31", "", "lunar.tsv:3: days: expected 29 or 30: 31");
	expect_row_refused(3, "2023\t4\t0\t2023-04-20\t29", "", "lunar.tsv:5: month: expected lunar year 2023, month 3 here");
	lang_set(LANG_ZH);
}

/* Lunar festival dates that are not LMM-DD or LMM-last are refused in festivals.tsv. */
static void malformed_festivals(void **state)
{
	(void)state;
	const char *bad[] = {"L13-01", "L00-01", "L01-31", "L01-00", "L1-1", "L01-1", "L01-lastx", "L01", "L-01-01", "L闰01-01"};
	char *lunar = table(N_ROWS, NULL, "");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char fest[128], want[128];
		snprintf(fest, sizeof fest, "# x\n春节\tL01-01\n节\t%s\n", bad[i]);
		snprintf(want, sizeof want, "festivals.tsv:3: 日期: 日期无效(应为 YYYY-MM-DD、*-MM-DD、L月-日 或 L月-last): %s", bad[i]);
		expect_refused(fest, lunar, want);
	}
	free(lunar);
}

/* Prints the engine's lunar date of every day 1950-01-01..2100-12-31, one per line:
 * YYYY-MM-DD <TAB> lunar year <TAB> month <TAB> leap (0/1) <TAB> day. */
static int dump(void)
{
	struct calendar *c = cal_load("calendars");
	if (!c)
		return 2;
	for (date_t t = ymd("1950-01-01"); t <= ymd("2100-12-31"); t++) {
		int y, m, d;
		bool l;
		if (cal_date_to_lunar(c, t, &y, &m, &l, &d) < 0)
			printf("%s\t-\t-\t-\t-\n", iso(t));
		else
			printf("%s\t%d\t%d\t%d\t%d\n", iso(t), y, m, l ? 1 : 0, d);
	}
	cal_free(c);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--dump") == 0)
		return dump();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_dates_2020),   cmocka_unit_test(leap_month_2023),
		cmocka_unit_test(chuxi),              cmocka_unit_test(range_ends),
		cmocka_unit_test(round_trips),        cmocka_unit_test(small_table),
		cmocka_unit_test(leap_twelfth_month), cmocka_unit_test(malformed_tables),
		cmocka_unit_test(malformed_festivals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
