/* test_periods.c — named periods (school vacations) by place and year: the most specific row
 * wins, rules due in a period get the plan's place, and bad data is refused with file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cal.h"
#include "lang.h"
#include "periods.h"
#include "rules.h"
#include "sched.h"
#include "testutil.h"

static char *iso(date_t d)
{
	static char buf[2][DATE_ISO_LEN];
	static int k;
	k ^= 1;
	date_format(d, buf[k]);
	return buf[k];
}

static const char ROWS[] =
	"# test rows\n"
	"暑假\t*\t*-07-01\t*-08-31\tdefault\n"
	"暑假\t*\t2020-07-15\t2020-08-31\teverywhere in 2020\n"
	"暑假\t遂宁\t*-07-05\t*-08-31\t遂宁 every year\n"
	"暑假\t遂宁\t2021-07-10\t2021-08-29\t遂宁 2021\n"
	"寒假\t成都\t*-01-20\t*-02-20\t成都 only\n";

static void most_specific_row_wins(void **state)
{
	(void)state;
	char dir[64], path[128];
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "periods.tsv", ROWS);
	snprintf(path, sizeof path, "%s/periods.tsv", dir);
	struct periods *p = periods_load(path);
	assert_non_null(p);
	date_t a, b;
	assert_int_equal(periods_find(p, "暑假", "遂宁", 2021, &a, &b), 0);   /* place and year */
	assert_string_equal(iso(a), "2021-07-10");
	assert_string_equal(iso(b), "2021-08-29");
	assert_int_equal(periods_find(p, "暑假", "遂宁", 2020, &a, &b), 0);   /* place, every year */
	assert_string_equal(iso(a), "2020-07-05");
	assert_int_equal(periods_find(p, "暑假", "绵阳", 2020, &a, &b), 0);   /* everywhere, that year */
	assert_string_equal(iso(a), "2020-07-15");
	assert_int_equal(periods_find(p, "暑假", "绵阳", 2022, &a, &b), 0);   /* everywhere, every year */
	assert_string_equal(iso(a), "2022-07-01");
	assert_string_equal(iso(b), "2022-08-31");
	assert_int_equal(periods_find(p, "寒假", "遂宁", 2020, &a, &b), -2);  /* only 成都 has one */
	assert_int_equal(periods_find(p, "国庆假", "遂宁", 2020, &a, &b), -1);
	periods_free(p);
	tu_rmtree(dir);
}

static void missing_file_means_none(void **state)
{
	(void)state;
	struct periods *p = periods_load("/nonexistent/periods.tsv");
	assert_non_null(p);
	date_t a, b;
	assert_int_equal(periods_find(p, "暑假", "*", 2020, &a, &b), -1);
	periods_free(p);
}

/* One bad row must be refused naming the line and field. */
static void expect_bad(const char *row, const char *want)
{
	char dir[64], path[128], text[512];
	tu_tempdir(dir, sizeof dir);
	snprintf(text, sizeof text, "# header\n暑假\t*\t*-07-01\t*-08-31\tok\n%s\n", row);
	tu_write(dir, "periods.tsv", text);
	snprintf(path, sizeof path, "%s/periods.tsv", dir);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_null(periods_load(path));
	char *msg = tu_capture_end(&cap);
	if (!strstr(msg, want))
		fail_msg("'%s' lacks '%s'", msg, want);
	assert_non_null(strstr(msg, "periods.tsv:3:"));
	free(msg);
	tu_rmtree(dir);
}

static void bad_rows_refused(void **state)
{
	(void)state;
	lang_set(LANG_EN);
	expect_bad("寒假\t*\t2020-02-30\t2020-03-01\tx", "from: invalid date");
	expect_bad("寒假\t*\t2020-01-10\t2021-02-01\tx", "to: must be in the same year");
	expect_bad("寒假\t*\t*-02-10\t*-01-01\tx", "to: must be in the same year");
	expect_bad("寒假\t\t*-01-10\t*-02-01\tx", "place: empty");
	expect_bad("寒假\t*\t*-01-10", "expected name<TAB>place<TAB>from<TAB>to<TAB>source");
	lang_set(LANG_ZH);
}

static const char PLAN[] =
	"plan { id = 't', title = 'T', place = '遂宁', issued = '2020-04-21', effective = '2020-04-21',\n"
	"  year = 2021, clauses = { { id = '三、5', title = 'a', text = '开展寒暑假活动。' } } }\n";

static const char RULE[] =
	"rule { id = 's', clause = '三、5', text = '寒暑假', title = '暑假', due = { period = '暑假' },\n"
	"  check = function(ctx)\n"
	"    local a, b = cal.period('暑假', 2021)\n"
	"    local c = cal.period('暑假', 2021, '绵阳')\n"
	"    if a == '2021-07-10' and b == '2021-08-29' and c == '2021-07-01' and cal.period('秋假', 2021) == nil then\n"
	"      return pass('ok')\n"
	"    end\n"
	"    return fail(tostring(a) .. ' ' .. tostring(b) .. ' ' .. tostring(c))\n"
	"  end }\n";

/* A rule due in 暑假 takes the plan's place: its window is 遂宁's for the year. */
static void rules_get_the_plans_place(void **state)
{
	(void)state;
	char dir[64], cmd[256], rules[128], cals[128];
	tu_tempdir(dir, sizeof dir);
	snprintf(cmd, sizeof cmd, "cp -r calendars '%s/'", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cals, sizeof cals, "%s/calendars", dir);
	tu_write(cals, "periods.tsv", ROWS);
	snprintf(rules, sizeof rules, "%s/rules", dir);
	assert_int_equal(mkdir(rules, 0700), 0);
	tu_write(rules, "00_plan.lua", PLAN);
	tu_write(rules, "10_rule.lua", RULE);
	struct calendar *c = cal_load(cals);
	assert_non_null(c);
	struct ruleset *rs = rules_load(rules, NULL, NULL, c);
	assert_non_null(rs);
	assert_int_equal(rs->n_problems, 0);
	assert_int_equal(rs->rules[0].due.kind, DUE_PERIOD);
	assert_string_equal(rs->rules[0].due.place, "遂宁");
	struct window w[SCHED_MAX_WINDOWS];
	assert_int_equal(sched_windows(&rs->rules[0].due, c, 2021, w), 1);
	assert_string_equal(iso(w[0].from), "2021-07-10");
	assert_string_equal(iso(w[0].to), "2021-08-29");
	/* cal.period: the plan's place by default, another place when named. */
	struct rule_ctx ctx = {.unit_id = "U", .from = w[0].from, .to = w[0].to, .window_from = w[0].from,
			       .window_to = w[0].to, .period_from = w[0].from, .period_to = w[0].to, .year = 2021};
	struct rule_result res;
	rules_run(rs, 0, &ctx, &res);
	if (res.status != ST_PASS)
		fail_msg("cal.period: %s", res.message ? res.message : "?");
	rule_result_free(&res);
	rules_free(rs);
	/* An unknown period is a lint problem at the rule's line. */
	tu_write(rules, "10_rule.lua", "rule { id = 's', clause = '三、5', text = '寒暑假', title = '暑假',\n"
					   "  due = { period = '秋假' }, check = function(ctx) return pass('ok') end }\n");
	rs = rules_load(rules, NULL, NULL, c);
	assert_int_equal(rs->n_problems, 1);
	assert_string_equal(rs->problems[0].field, "due.period");
	assert_non_null(strstr(rs->problems[0].where, "10_rule.lua:1"));
	rules_free(rs);
	cal_free(c);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(most_specific_row_wins),
		cmocka_unit_test(missing_file_means_none),
		cmocka_unit_test(bad_rows_refused),
		cmocka_unit_test(rules_get_the_plans_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
