/* test_lcal.c — the `date` and `cal` tables rules see (engine/lcal.c), called from real rule
 * files through rules_load and rules_run: festivals (2020-10-01 both 中秋 and 国庆), lunar dates
 * (the leap 2nd month of 2023), the official holidays of 2020 with the extended 春节 and the
 * make-up working days, working-day arithmetic, and date arithmetic across leap days. Bad
 * arguments (an impossible date, month 13, a year out of range) become error findings at the
 * rule file's line. Run from the repository root (tests/run.sh does): it reads calendars/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "lang.h"
#include "rules.h"
#include "testutil.h"

static const char PLAN[] =
	"plan { id = 't', title = 'T', issued = '2020-04-21', effective = '2020-04-21', year = 2020,\n"
	"  clauses = { { id = '一、1', title = 'a', text = '每季度开展一次活动。' } } }\n";

/* A rule file around body (Lua statements run inside check). eq(name, got, want) collects
 * mismatches; the check passes only when there are none. The body starts on line 6. */
static const char HEAD[] =
	"rule { id = 'api', clause = '一、1', text = '每季度开展一次活动', title = 'api', due = 'Q2',\n"
	"  check = function(ctx)\n"
	"    local bad = {}\n"
	"    local function eq(name, got, want) if got ~= want then bad[#bad + 1] = name .. ': got ' .. tostring(got) .. ', want ' .. tostring(want) end end\n"
	"    local function pack(...) local t = {} for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end return table.concat(t, ' ') end\n";
static const char TAIL[] =
	"\n    if #bad > 0 then return fail(table.concat(bad, '; ')) end\n"
	"    return pass('ok')\n"
	"  end }\n";
#define BODY_LINE 6

struct fixture {
	char dir[64], rules[128], db[256];
	struct calendar *cal;
};

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	tu_tempdir(fx.dir, sizeof fx.dir);
	sqlite3 *db = tu_new_store(fx.dir, "r.db", fx.db, sizeof fx.db);
	sqlite3_close(db);
	fx.cal = cal_load("calendars");
	return fx.cal ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cal_free(fx.cal);
	tu_rmtree(fx.dir);
	return 0;
}

/* Runs body as the check of a rule file of its own; returns the result (caller frees). */
static void run_body(const char *name, const char *body, struct rule_result *out)
{
	static int seq;
	char dir[256], file[64];
	snprintf(dir, sizeof dir, "%s/r%d", fx.dir, seq++);
	assert_int_equal(mkdir(dir, 0700), 0);
	tu_write(dir, "00_plan.lua", PLAN);
	size_t len = strlen(HEAD) + strlen(body) + strlen(TAIL) + 1;
	char *text = malloc(len);
	snprintf(text, len, "%s%s%s", HEAD, body, TAIL);
	snprintf(file, sizeof file, "%s.lua", name);
	tu_write(dir, file, text);
	free(text);
	struct ruleset *rs = rules_load(dir, NULL, NULL, fx.cal);
	assert_non_null(rs);
	for (size_t i = 0; i < rs->n_problems; i++)
		fail_msg("%s: load problem at %s: %s", name, rs->problems[i].where, rs->problems[i].message);
	assert_int_equal(rs->n_rules, 1);
	sqlite3 *ro;
	assert_int_equal(store_open(fx.db, STORE_READONLY, &ro), 0);
	rules_attach_db(rs, ro);
	struct rule_ctx c = {.unit_id = "A", .unit_name = "甲", .year = 2020};
	c.from = c.window_from = c.period_from = date_from_ymd(2020, 4, 1);
	c.to = c.window_to = c.period_to = date_from_ymd(2020, 6, 30);
	rules_run(rs, 0, &c, out);
	rules_free(rs);
	sqlite3_close(ro);
}

/* body must pass: every eq() held. */
static void expect_pass(const char *name, const char *body)
{
	struct rule_result r;
	run_body(name, body, &r);
	if (r.status != ST_PASS)
		fail_msg("%s: %s at %s", name, r.message ? r.message : "(no message)", r.where ? r.where : "-");
	rule_result_free(&r);
}

/* body must end in an error finding at line BODY_LINE + line of the rule file, saying want. */
static void expect_error(const char *name, const char *body, int line, const char *want)
{
	struct rule_result r;
	run_body(name, body, &r);
	assert_int_equal(r.status, ST_ERROR);
	char where[128];
	snprintf(where, sizeof where, "%s.lua:%d", name, BODY_LINE + line);
	size_t wl = strlen(where), rl = r.where ? strlen(r.where) : 0;
	if (rl < wl || strcmp(r.where + rl - wl, where) != 0)
		fail_msg("%s: error at '%s', expected '...%s' (%s)", name, r.where ? r.where : "(null)", where,
			 r.message ? r.message : "");
	if (!r.message || !strstr(r.message, want))
		fail_msg("%s: message '%s' lacks '%s'", name, r.message ? r.message : "(null)", want);
	rule_result_free(&r);
}

/* The harness itself: a wrong expectation fails, so a pass means something. */
static void harness_can_fail(void **state)
{
	(void)state;
	struct rule_result r;
	run_body("harness", "    eq('festival', cal.festival('春节', 2020), '2020-01-26')\n", &r);
	assert_int_equal(r.status, ST_FAIL);
	assert_non_null(strstr(r.message, "festival: got 2020-01-25, want 2020-01-26"));
	rule_result_free(&r);
}

static void festivals(void **state)
{
	(void)state;
	expect_pass("festival",
		    "    eq('春节 2020', cal.festival('春节', 2020), '2020-01-25')\n"
		    "    eq('除夕 2020', cal.festival('除夕', 2020), '2020-01-24')\n"
		    "    eq('元宵 2020', cal.festival('元宵', 2020), '2020-02-08')\n"
		    "    eq('中秋 2020', cal.festival('中秋', 2020), '2020-10-01')\n"
		    "    eq('国庆 2020', cal.festival('国庆', 2020), '2020-10-01')\n"
		    "    eq('六一 2021', cal.festival('六一', 2021), '2021-06-01')\n"
		    "    eq('春节 2023', cal.festival('春节', 2023), '2023-01-22')\n"
		    "    eq('中秋 2023', cal.festival('中秋', 2023), '2023-09-29')\n"
		    "    eq('春节 1950', cal.festival('春节', 1950), '1950-02-17')\n"
		    "    eq('春节 2100', cal.festival('春节', 2100), '2100-02-09')\n"
		    "    eq('unknown', cal.festival('不存在的节日', 2020), nil)\n");
}

static void lunar(void **state)
{
	(void)state;
	expect_pass("lunar",
		    "    eq('leap 2/1 2023', cal.lunar(2023, 2, 1, true), '2023-03-22')\n"
		    "    eq('2/1 2023', cal.lunar(2023, 2, 1), '2023-02-20')\n"
		    "    eq('2/1 2023 false', cal.lunar(2023, 2, 1, false), '2023-02-20')\n"
		    "    eq('no leap 3rd month 2023', cal.lunar(2023, 3, 1, true), nil)\n"
		    "    eq('leap 4/1 2020', cal.lunar(2020, 4, 1, true), '2020-05-23')\n"
		    "    eq('8/15 2020', cal.lunar(2020, 8, 15), '2020-10-01')\n"
		    "    eq('12/30 2019', cal.lunar(2019, 12, 30), '2020-01-24')\n"
		    "    eq('to_lunar leap', pack(cal.to_lunar('2023-03-22')), '2023 2 1 true')\n"
		    "    eq('to_lunar 10-01', pack(cal.to_lunar('2020-10-01')), '2020 8 15 false')\n"
		    "    eq('to_lunar 除夕', pack(cal.to_lunar('2020-01-24')), '2019 12 30 false')\n"
		    "    eq('to_lunar 2023-04-19', pack(cal.to_lunar('2023-04-19')), '2023 2 29 true')\n"
		    "    eq('to_lunar 2023-04-20', pack(cal.to_lunar('2023-04-20')), '2023 3 1 false')\n"
		    "    eq('outside the table', cal.to_lunar('1900-01-01'), nil)\n");
}

static void holidays(void **state)
{
	(void)state;
	expect_pass("holiday",
		    "    eq('01-19', pack(cal.day_kind('2020-01-19')), 'makeup_workday 春节')\n"
		    "    eq('01-24', pack(cal.day_kind('2020-01-24')), 'holiday 春节')\n"
		    "    eq('02-01 extension', pack(cal.day_kind('2020-02-01')), 'holiday 春节')\n"
		    "    eq('02-02 extension', pack(cal.day_kind('2020-02-02')), 'holiday 春节')\n"
		    "    eq('02-03', pack(cal.day_kind('2020-02-03')), 'workday nil')\n"
		    "    eq('10-01', select(1, cal.day_kind('2020-10-01')), 'holiday')\n"
		    "    eq('10-01 name', select(2, cal.day_kind('2020-10-01')) ~= nil, true)\n"
		    "    eq('10-10', select(1, cal.day_kind('2020-10-10')), 'makeup_workday')\n"
		    "    eq('10-11', pack(cal.day_kind('2020-10-11')), 'weekend nil')\n"
		    "    eq('10-11 no name', select(2, cal.day_kind('2020-10-11')), nil)\n"
		    "    eq('10-12', pack(cal.day_kind('2020-10-12')), 'workday nil')\n"
		    "    eq('is_workday 01-19', cal.is_workday('2020-01-19'), true)\n"
		    "    eq('is_workday 10-08', cal.is_workday('2020-10-08'), false)\n"
		    "    eq('is_workday 10-09', cal.is_workday('2020-10-09'), true)\n"
		    "    eq('is_workday 10-11', cal.is_workday('2020-10-11'), false)\n"
		    "    eq('known 2020', cal.holidays_known(2020), true)\n"
		    "    eq('known 2026', cal.holidays_known(2026), true)\n"
		    "    eq('known 2019', cal.holidays_known(2019), false)\n"
		    "    eq('known 2027', cal.holidays_known(2027), false)\n");
}

static void workdays(void **state)
{
	(void)state;
	expect_pass("workdays",
		    "    eq('golden week', cal.workdays('2020-10-01', '2020-10-11'), 2)\n"
		    "    eq('January 2020', cal.workdays('2020-01-01', '2020-01-31'), 17)\n"
		    "    eq('one day off', cal.workdays('2020-10-01', '2020-10-01'), 0)\n"
		    "    eq('empty span', cal.workdays('2020-10-12', '2020-10-09'), 0)\n"
		    "    eq('add 0', cal.add_workdays('2020-09-30', 0), '2020-09-30')\n"
		    "    eq('add 1', cal.add_workdays('2020-09-30', 1), '2020-10-09')\n"
		    "    eq('add 2', cal.add_workdays('2020-09-30', 2), '2020-10-10')\n"
		    "    eq('add 3', cal.add_workdays('2020-09-30', 3), '2020-10-12')\n"
		    "    eq('add over 春节', cal.add_workdays('2020-01-23', 1), '2020-02-03')\n");
}

static void dates(void **state)
{
	(void)state;
	expect_pass("date",
		    "    eq('valid leap', date.valid('2020-02-29'), true)\n"
		    "    eq('invalid leap', date.valid('2021-02-29'), false)\n"
		    "    eq('not a string', date.valid(20200101), false)\n"
		    "    eq('loose spelling', date.valid('2020/1/1'), false)\n"
		    "    eq('add', date.add('2020-02-28', 1), '2020-02-29')\n"
		    "    eq('add back', date.add('2020-03-01', -1), '2020-02-29')\n"
		    "    eq('add a year', date.add('2020-01-01', 366), '2021-01-01')\n"
		    "    eq('diff', date.diff('2020-01-01', '2021-01-01'), 366)\n"
		    "    eq('diff back', date.diff('2020-10-08', '2020-10-01'), -7)\n"
		    "    eq('ymd', pack(date.ymd('2020-10-01')), '2020 10 1')\n"
		    "    eq('weekday Thu', date.weekday('2020-10-01'), 4)\n"
		    "    eq('weekday Sun', date.weekday('2020-10-11'), 7)\n"
		    "    eq('weekday Mon', date.weekday('2020-10-12'), 1)\n");
}

/* Bad arguments: an error finding at the line of the call, saying what was wrong. */
static void bad_arguments(void **state)
{
	(void)state;
	expect_error("bad_date", "    local x = 1\n    date.add('2020-02-30', 1)\n", 1, "2020-02-30");
	expect_error("bad_date_text", "    date.weekday('yesterday')\n", 0, "yesterday");
	expect_error("month13", "    local x = 1\n    local y = 2\n    cal.lunar(2020, 13, 1)\n", 2, "month");
	expect_error("day31", "    cal.lunar(2020, 1, 31)\n", 0, "day");
	expect_error("year", "    cal.festival('春节', 99999)\n", 0, "year");
	expect_error("kind_date", "    cal.day_kind('2020-13-01')\n", 0, "2020-13-01");
	expect_error("span", "    cal.workdays('2000-01-01', '2020-12-31')\n", 0, "ten years");
	expect_error("negative", "    cal.add_workdays('2020-01-01', -1)\n", 0, "2500");
	expect_error("diff_arg", "    date.diff('2020-01-01', nil)\n", 0, "string");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(harness_can_fail), cmocka_unit_test(festivals), cmocka_unit_test(lunar),
		cmocka_unit_test(holidays),         cmocka_unit_test(workdays),  cmocka_unit_test(dates),
		cmocka_unit_test(bad_arguments),
	};
	return cmocka_run_group_tests_name("lcal", tests, setup, teardown);
}
