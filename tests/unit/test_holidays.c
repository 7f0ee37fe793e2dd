/* test_holidays.c — the official holiday arrangements read from the .ics files in calendars/holidays/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "holiday.h"
#include "lang.h"
#include "testutil.h"

static date_t D(const char *s)
{
	date_t d;
	if (date_parse(s, &d) < 0)
		fail_msg("bad date %s", s);
	return d;
}

static void arrangements_2020_to_2026(void **state)
{
	(void)state;
	struct holidays *h = holidays_load("calendars/holidays");
	assert_non_null(h);
	const char *name;
	/* 2020 春节 was extended to 02-02; 02-01 (a Saturday) was no longer worked. */
	assert_int_equal(holidays_day(h, D("2020-01-24"), &name), DAY_HOLIDAY);
	assert_string_equal(name, "春节");
	assert_int_equal(holidays_day(h, D("2020-02-01"), NULL), DAY_HOLIDAY);
	assert_int_equal(holidays_day(h, D("2020-02-02"), NULL), DAY_HOLIDAY);
	assert_int_equal(holidays_day(h, D("2020-02-03"), NULL), DAY_WORKDAY);
	assert_int_equal(holidays_day(h, D("2020-01-19"), &name), DAY_MAKEUP_WORKDAY);
	assert_string_equal(name, "春节");
	/* 2020-10-01 was 国庆 and 中秋 at once: eight days off, two Saturdays/Sundays worked. */
	assert_int_equal(holidays_day(h, D("2020-10-08"), NULL), DAY_HOLIDAY);
	assert_int_equal(holidays_day(h, D("2020-10-09"), NULL), DAY_WORKDAY);
	assert_true(holidays_is_workday(h, D("2020-10-10")));   /* Saturday, worked */
	assert_true(holidays_is_workday(h, D("2020-09-27")));   /* Sunday, worked */
	assert_false(holidays_is_workday(h, D("2020-10-11")));  /* an ordinary Sunday */
	assert_int_equal(holidays_day(h, D("2020-10-11"), NULL), DAY_WEEKEND);
	/* 2023's 元旦 began on 2022-12-31. */
	assert_int_equal(holidays_day(h, D("2022-12-31"), NULL), DAY_HOLIDAY);
	/* 2025's 春节 was the first eight-day one, 2026's nine days. */
	assert_int_equal(holidays_day(h, D("2025-02-04"), NULL), DAY_HOLIDAY);
	assert_int_equal(holidays_day(h, D("2026-02-23"), NULL), DAY_HOLIDAY);
	assert_true(holidays_is_workday(h, D("2026-02-28")));
	for (int y = 2020; y <= 2026; y++)
		assert_true(holidays_cover(h, y));
	assert_false(holidays_cover(h, 2019));
	assert_false(holidays_cover(h, 2027));
	/* Days off per calendar year, added up from the notices (2022 includes 2022-12-31, the
	 * first day of 2023's 元旦; 2020 includes the three days of the 春节 extension). */
	static const int days_off[] = {30, 31, 32, 26, 30, 28, 33};
	for (int y = 2020; y <= 2026; y++) {
		int off = 0;
		for (date_t d = date_from_ymd(y, 1, 1); d <= date_from_ymd(y, 12, 31); d++)
			off += holidays_day(h, d, NULL) == DAY_HOLIDAY;
		assert_int_equal(off, days_off[y - 2020]);
	}
	holidays_free(h);
}

static void listing(void **state)
{
	(void)state;
	struct holidays *h = holidays_load("calendars/holidays");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	lang_set(LANG_ZH);
	holidays_list(h, 2020, 2020, mem);
	fclose(mem);
	assert_non_null(strstr(buf, "春节\t放假\t2020-01-24\t2020-02-02\n"));
	assert_non_null(strstr(buf, "春节\t上班\t2020-01-19\t2020-01-19\n"));
	assert_null(strstr(buf, "2021-"));
	free(buf);
	holidays_free(h);
}

/* dir holds one file with body as its events; loading must fail naming field. */
static void expect_bad(const char *events, const char *field)
{
	char dir[64];
	tu_tempdir(dir, sizeof dir);
	char text[2048];
	snprintf(text, sizeof text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//ZH\r\n%sEND:VCALENDAR\r\n", events);
	tu_write(dir, "2030.ics", text);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_null(holidays_load(dir));
	char *msg = tu_capture_end(&cap);
	assert_non_null(strstr(msg, "2030.ics"));
	if (!strstr(msg, field))
		fail_msg("'%s' does not name %s", msg, field);
	free(msg);
	tu_rmtree(dir);
}

static void malformed_files_rejected(void **state)
{
	(void)state;
	lang_set(LANG_EN);
	expect_bad("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20300101T090000\r\nDTEND;VALUE=DATE:20300102\r\nCATEGORIES:放假\r\nEND:VEVENT\r\n", "DTSTART");
	expect_bad("BEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20300105\r\nDTEND;VALUE=DATE:20300103\r\nCATEGORIES:放假\r\nEND:VEVENT\r\n", "DTEND");
	expect_bad("BEGIN:VEVENT\r\nUID:c\r\nDTSTART;VALUE=DATE:20300101\r\nDTEND;VALUE=DATE:20300102\r\nCATEGORIES:休息\r\nEND:VEVENT\r\n", "CATEGORIES");
	expect_bad("BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20300230\r\nDTEND;VALUE=DATE:20300302\r\nCATEGORIES:放假\r\nEND:VEVENT\r\n", "UID d");
	lang_set(LANG_ZH);
	char dir[64];
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "x.ics", "not a calendar\n");
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_null(holidays_load(dir));
	char *msg = tu_capture_end(&cap);
	assert_non_null(strstr(msg, "x.ics"));
	free(msg);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arrangements_2020_to_2026),
		cmocka_unit_test(listing),
		cmocka_unit_test(malformed_files_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
