/* test_ruletest.c — the rule-test runner (engine/ruletest.c, ruletest_dsl.c): records written
 * as CSV, test{} declarations and their problems, expectations held against findings, and
 * whole cases run against fresh databases (pass, fail, a bad record, a broken rule, parameter
 * overrides that do not leak, a fixture directory, the temporary files removed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <lauxlib.h>

#include "cal.h"
#include "import.h"
#include "lang.h"
#include "ruletest.h"
#include "testutil.h"

static const char PLAN[] =
	"plan { id = 't', title = 'T', issued = '2020-04-21', effective = '2020-04-21', year = 2020,\n"
	"  clauses = { { id = '一、1', title = '活动', text = '每季度开展一次活动。' },\n"
	"              { id = '一、2', title = '其他', text = '其他要求。', uncovered = '由人工检查' } } }\n";

/* Passes when the unit has at least params.min activities starting in the judged span. */
static const char RULE[] =
	"rule { id = 'q', clause = '一、1', text = '每季度开展一次活动', title = '季度活动',\n"
	"  due = 'quarter', points = 2, params = { min = 1, tag = 'x' },\n"
	"  check = function(ctx)\n"
	"    local rows = db.rows('SELECT id FROM activities WHERE unit_id = ? AND start_date BETWEEN ? AND ? ORDER BY id',\n"
	"                         ctx.unit, ctx.from, ctx.to)\n"
	"    if #rows >= ctx.params.min then return pass('有活动 ' .. #rows .. ' 次', refs('activities', rows)) end\n"
	"    return fail('没有活动', { looked_for = 'activities' })\n"
	"  end }\n"
	"rule { id = 'boom', clause = '一、1', text = '开展', title = '坏规则', due = 'Q3',\n"
	"  check = function(ctx) local t = nil; return t.x end }\n";

/* Cases: 1 passes, 2 fails (expects pass, gets fail: min raised), 3 a bad record, 4 the rule
 * breaks, 5 expects the default min again (the override of case 2 must not leak). */
static const char TESTS[] =
	"local U = { { ['编号'] = 'U', ['名称'] = '测试单位' } }\n"
	"test { name = 'pass', rule = 'q', period = '2020Q2',\n"
	"  records = { units = U, ['活动'] = { { ['编号'] = 'A1', ['单位'] = 'U', ['标题'] = 't', ['开始日期'] = '2020-05-01' } } },\n"
	"  expect = { { unit = 'U', status = 'pass', evidence = { 'activities:A1' }, message = '有活动' } } }\n"
	"test { name = 'min raised', rule = 'q', period = '2020Q2', params = { min = 2 },\n"
	"  records = { units = U, activities = { { ['编号'] = 'A1', ['单位'] = 'U', ['标题'] = 't', ['开始日期'] = '2020-05-01' } } },\n"
	"  expect = { { unit = 'U', window = '2020-04-01', status = 'pass' } } }\n"
	"test { name = 'bad record', rule = 'q', period = '2020Q2',\n"
	"  records = { units = U, activities = {\n"
	"    { ['编号'] = 'A1', ['单位'] = 'U', ['标题'] = 'a,\"b\"\\nc', ['开始日期'] = '2020-05-01' },\n"
	"    { ['编号'] = 'A2', ['单位'] = 'U', ['标题'] = 't', ['开始日期'] = '2020-05-01', ['儿童人数'] = 'many' } } },\n"
	"  expect = { { unit = 'U', status = 'pass' } } }\n"
	"test { name = 'breaks', rule = 'boom',\n"
	"  records = { units = U },\n"
	"  expect = { { unit = 'U', status = 'fail' } } }\n"
	"test { name = 'default min', rule = 'q', period = '2020Q2',\n"
	"  records = { units = U, activities = { { ['编号'] = 'A1', ['单位'] = 'U', ['标题'] = 't', ['开始日期'] = '2020-05-01' } } },\n"
	"  expect = { { unit = 'U', status = 'pass' } } }\n";

struct fixture {
	char dir[64], rules[128];
	struct calendar *cal;
	struct ruleset *rs;
	struct ruletest_suite *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	tu_tempdir(f->dir, sizeof f->dir);
	snprintf(f->rules, sizeof f->rules, "%s/rules", f->dir);
	assert_int_equal(mkdir(f->rules, 0700), 0);
	tu_write(f->rules, "00_plan.lua", PLAN);
	tu_write(f->rules, "10_q.lua", RULE);
	f->cal = cal_load("calendars");
	assert_non_null(f->cal);
	lang_set(LANG_EN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ruletest_free(f->s);
	rules_free(f->rs);
	cal_free(f->cal);
	tu_rmtree(f->dir);
	free(f);
	lang_set(LANG_ZH);
	return 0;
}

/* Loads the rules and the test files (the rules must load cleanly). */
static void load(struct fixture *f)
{
	f->rs = rules_load(f->rules, NULL, NULL, f->cal);
	assert_non_null(f->rs);
	assert_int_equal(f->rs->n_problems, 0);
	f->s = ruletest_load(f->rs);
	assert_non_null(f->s);
}

/* The problems of the suite as "where|field|message" lines. Caller frees. */
static char *problems(const struct ruletest_suite *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	for (size_t i = 0; i < s->n_problems; i++)
		fprintf(m, "%s|%s|%s\n", s->problems[i].where, s->problems[i].field ? s->problems[i].field : "",
			s->problems[i].message);
	fclose(m);
	return buf;
}

/* ---- CSV ---- */

static struct rt_row row(size_t n, const char *const kv[])
{
	struct rt_row r = {.cells = calloc(n, sizeof(struct rt_cell)), .n = n, .cap = n};
	for (size_t i = 0; i < n; i++)
		r.cells[i] = (struct rt_cell){.key = (char *)kv[2 * i], .value = (char *)kv[2 * i + 1]};
	return r;
}

static void csv_header_union_quoting_and_lines(void **state)
{
	(void)state;
	static const char *const r1[] = {"编号", "A1", "标题", "plain"};
	static const char *const r2[] = {"编号", "A2", "备注", "two\nlines, \"quoted\""};
	static const char *const r3[] = {"标题", " edge ", "编号", "A3"};
	struct rt_row rows[3] = {row(2, r1), row(2, r2), row(2, r3)};
	struct rt_rows rs = {.rows = rows, .n = 3};
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	long lines[3];
	assert_int_equal(ruletest_write_csv(m, &rs, lines), 0);
	fclose(m);
	assert_string_equal(buf, "编号,标题,备注\n"
				 "A1,plain,\n"
				 "A2,,\"two\nlines, \"\"quoted\"\"\"\n"
				 "A3,\" edge \",\n");
	assert_int_equal(lines[0], 2);
	assert_int_equal(lines[1], 3);
	assert_int_equal(lines[2], 5);   /* row 2 spans lines 3 and 4 */
	free(buf);
	for (int i = 0; i < 3; i++)
		free(rows[i].cells);
}

/* ---- declarations ---- */

static void declarations_are_read(void **state)
{
	struct fixture *f = *state;
	tu_write(f->rules, "10_q_test.lua", TESTS);
	load(f);
	char *p = problems(f->s);
	assert_string_equal(p, "");
	free(p);
	assert_int_equal(f->s->n_files, 1);
	assert_int_equal(f->s->n, 5);
	const struct ruletest *t = &f->s->tests[0];
	assert_true(t->ok);
	assert_string_equal(t->name, "pass");
	assert_string_equal(t->rule, "q");
	assert_int_equal(t->line, 2);
	assert_non_null(strstr(t->file, "/rules/10_q_test.lua"));
	assert_string_equal(t->period.label, "2020Q2");
	assert_int_equal(t->as_of, date_from_ymd(2020, 7, 1));   /* the day after the period */
	assert_int_equal(t->kind, RT_PASSING);
	assert_int_equal(t->records[3].n, 1);   /* activities (4th in import order), named 活动 */
	assert_string_equal(import_kinds()[3], "activities");
	assert_int_equal(t->n_expect, 1);
	assert_string_equal(t->expect[0].unit, "U");
	assert_int_equal(t->expect[0].status, ST_PASS);
	assert_int_equal(t->expect[0].n_evidence, 1);
	assert_string_equal(t->expect[0].message, "有活动");
	assert_int_equal(t->params_ref, LUA_NOREF);
	assert_true(f->s->tests[1].params_ref != LUA_NOREF);
	assert_true(f->s->tests[1].expect[0].has_window);
	assert_int_equal(f->s->tests[3].kind, RT_FAILING);
	/* The default period is the plan's year, as of the next New Year's Day. */
	assert_string_equal(f->s->tests[3].period.label, "2020");
	assert_int_equal(f->s->tests[3].as_of, date_from_ymd(2021, 1, 1));
	size_t passing, failing;
	ruletest_count(f->s, "q", &passing, &failing);
	assert_int_equal(passing, 4);
	assert_int_equal(failing, 0);
	ruletest_count(f->s, "boom", &passing, &failing);
	assert_int_equal(passing + 10 * failing, 10);
}

static void declaration_problems(void **state)
{
	struct fixture *f = *state;
	tu_write(f->rules, "20_bad_test.lua",
		 "test { name = 'a', rule = 'nope', expect = { { status = 'pass' } } }\n"          /* 1 */
		 "test { name = 'a', rule = 'q', colour = 1, expect = { { status = 'passed' } } }\n" /* 2 */
		 "test { rule = 'q', expect = {} }\n"                                              /* 3 */
		 "test { name = 'p', rule = 'q', params = { min = 'x', max = 1 },\n"                /* 4 */
		 "  expect = { { unit = 'U', window = '2020-02-30', status = 'fail', evidence = 'a' } } }\n"
		 "test { name = 'r', rule = 'q', period = '2020Q5', as_of = 'soon',\n"             /* 6 */
		 "  records = { units = { ['编号'] = 'U' }, things = {}, activities = { { ['标题'] = {} } } },\n"
		 "  expect = { { status = 'pass', when = 1 } } }\n"
		 "test { name = 'f', rule = 'q', fixture = 'nowhere', expect = { 'pass' } }\n");   /* 9 */
	tu_write(f->rules, "30_syntax_test.lua", "test { name = \n");
	load(f);
	char *p = problems(f->s);
	static const char *const want[] = {
		"20_bad_test.lua:1|rule|no rule has this id: nope",
		"20_bad_test.lua:2|colour|unknown field",
		"20_bad_test.lua:2|name|duplicate test name in the file (first at line 1)",
		"20_bad_test.lua:2|expect[1].status|must be pass, fail, pending, not_applicable, waived or error: passed",
		"20_bad_test.lua:3|name|missing",
		"20_bad_test.lua:3|expect|must be a non-empty list",
		"20_bad_test.lua:4|params.min|wrong type: expected number, got string",
		"20_bad_test.lua:4|params.max|the rule has no such parameter",
		"20_bad_test.lua:4|expect[1].window|invalid date",
		"20_bad_test.lua:4|expect[1].evidence|must be a list of record refs",
		"20_bad_test.lua:6|period|",
		"20_bad_test.lua:6|records.units|must be a list of records",
		"20_bad_test.lua:6|records.things|unknown record kind (known: units, unit_years",
		"20_bad_test.lua:6|records.activities[1].标题|the value must be a string, number or boolean",
		"20_bad_test.lua:6|expect[1].when|unknown field",
		"20_bad_test.lua:9|fixture|cannot open the directory",
		"20_bad_test.lua:9|expect[1]|must be {unit=, status=, ...}",
		"30_syntax_test.lua:2||",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(p, want[i]))
			fail_msg("missing problem '%s' in:\n%s", want[i], p);
	free(p);
	for (size_t i = 0; i < f->s->n; i++)
		assert_false(f->s->tests[i].ok);
	assert_int_equal(ruletest_run(f->s, 0, NULL), RT_BROKEN);
}

/* ---- expectations ---- */

static void add_finding(struct findings *l, const char *unit, date_t from, enum status st, const char *msg,
			const char *ev)
{
	struct finding *x = findings_add(l);
	x->rule_id = strdup("q");
	x->unit_id = strdup(unit);
	x->window_from = from;
	x->window_to = from + 90;
	x->status = st;
	x->message = strdup(msg);
	if (ev) {
		x->evidence = calloc(1, sizeof *x->evidence);
		x->evidence[x->n_evidence++] = strdup(ev);
	}
}

static char *why_of(const struct rt_expect *e, const struct findings *l, bool *met)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	*met = ruletest_expect_met(e, "expect[1]", "q", l, m);
	fclose(m);
	return buf;
}

static void expectations(void **state)
{
	(void)state;
	lang_set(LANG_EN);
	struct findings l = {0};
	date_t q1 = date_from_ymd(2020, 1, 1), q2 = date_from_ymd(2020, 4, 1);
	add_finding(&l, "U", q1, ST_NOT_APPLICABLE, "before", NULL);
	add_finding(&l, "U", q2, ST_PASS, "two activities", "activities:A1");
	add_finding(&l, "V", q2, ST_FAIL, "none\x1b[2J", NULL);
	bool met;
	char *why;
	/* Every finding of U: one is not_applicable. */
	struct rt_expect e = {.unit = "U", .status = ST_PASS};
	why = why_of(&e, &l, &met);
	assert_false(met);
	assert_non_null(strstr(why, "    expected expect[1]: unit U, status pass\n"));
	assert_non_null(strstr(why, "    got: unit U, window 2020-01-01..2020-03-31, status not_applicable: before\n"));
	free(why);
	/* The window starting 04-01 only, with its evidence and part of its message. */
	e.has_window = true;
	e.window = q2;
	char *ev[] = {"activities:A1"};
	e.evidence = ev;
	e.n_evidence = 1;
	e.message = "two";
	why = why_of(&e, &l, &met);
	assert_true(met);
	assert_string_equal(why, "");
	free(why);
	char *ev2[] = {"activities:A1", "activities:A9"};
	e.evidence = ev2;
	e.n_evidence = 2;
	why = why_of(&e, &l, &met);
	assert_false(met);
	assert_non_null(strstr(why, "evidence including activities:A1, activities:A9"));
	assert_non_null(strstr(why, "[activities:A1]"));
	free(why);
	/* No such window: say which findings there are. */
	e = (struct rt_expect){.unit = "U", .has_window = true, .window = date_from_ymd(2020, 5, 22), .status = ST_PASS};
	why = why_of(&e, &l, &met);
	assert_false(met);
	assert_non_null(strstr(why, "got: no such finding; the findings are U 2020-01-01 not_applicable, U 2020-04-01 pass"));
	free(why);
	/* No unit named: every unit. A rule's message cannot drive the terminal. */
	e = (struct rt_expect){.status = ST_FAIL};
	why = why_of(&e, &l, &met);
	assert_false(met);
	assert_null(strchr(why, '\x1b'));
	free(why);
	e = (struct rt_expect){.unit = "W", .status = ST_FAIL};
	why = why_of(&e, &l, &met);
	assert_false(met);
	free(why);
	findings_free(&l);
}

/* ---- running ---- */

static char *run_capture(struct ruletest_suite *s, size_t i, enum rt_verdict *v, char **diags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	*v = ruletest_run(s, i, m);
	*diags = tu_capture_end(&cap);
	fclose(m);
	return buf;
}

static void cases_run(void **state)
{
	struct fixture *f = *state;
	tu_write(f->rules, "10_q_test.lua", TESTS);
	load(f);
	enum rt_verdict v;
	char *diags, *why;
	int params_before = f->rs->rules[0].params_ref;

	why = run_capture(f->s, 0, &v, &diags);
	assert_int_equal(v, RT_PASSED);
	assert_string_equal(why, "");
	assert_string_equal(diags, "");
	free(why);
	free(diags);

	why = run_capture(f->s, 1, &v, &diags);
	assert_int_equal(v, RT_FAILED);
	assert_non_null(strstr(why, "expected expect[1]: unit U, window from 2020-04-01, status pass"));
	assert_non_null(strstr(why, "status fail: 没有活动 [looked for: activities]"));
	free(why);
	free(diags);
	assert_int_equal(f->rs->rules[0].params_ref, params_before);

	/* A bad record is told like a bad CSV row, with the test file, line and name, and the
	 * record (the first record's title spans two CSV lines). */
	why = run_capture(f->s, 2, &v, &diags);
	assert_int_equal(v, RT_BROKEN);
	assert_non_null(strstr(diags, "/rules/10_q_test.lua:8: test \"bad record\": records.activities[2]: 儿童人数: "));
	assert_null(strstr(diags, "yaodian-ruletest"));
	free(why);
	free(diags);

	/* The rule breaks: an error finding nobody expected. */
	why = run_capture(f->s, 3, &v, &diags);
	assert_int_equal(v, RT_BROKEN);
	assert_non_null(strstr(why, "the rule broke: "));
	assert_non_null(strstr(why, "10_q.lua:10"));
	free(why);
	free(diags);

	/* The min = 2 override of case 2 did not stay. */
	why = run_capture(f->s, 4, &v, &diags);
	assert_int_equal(v, RT_PASSED);
	free(why);
	free(diags);

	/* Only the template every case copies is left in the temporary directory; freeing the
	 * suite removes it all. */
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s", f->s->tmpdir);
	DIR *d = opendir(tmp);
	assert_non_null(d);
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)) != NULL)
		entries += e->d_name[0] != '.' && strcmp(e->d_name, "template.db") != 0;
	closedir(d);
	assert_int_equal(entries, 0);
	struct stat st;
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	ruletest_free(f->s);
	f->s = NULL;
	assert_int_equal(stat(tmp, &st), -1);
}

/* A fixture directory, relative to the test file: its CSV files are imported (in import
 * order, before the test's own records); a file that is no record kind is a problem. */
static void fixtures(void **state)
{
	struct fixture *f = *state;
	char fx[256];
	snprintf(fx, sizeof fx, "%s/fixtures", f->rules);
	assert_int_equal(mkdir(fx, 0700), 0);
	snprintf(fx, sizeof fx, "%s/fixtures/basic", f->rules);
	assert_int_equal(mkdir(fx, 0700), 0);
	tu_write(fx, "units.csv", "编号,名称\nU,测试单位\n");
	tu_write(fx, "活动.csv", "编号,单位,标题,开始日期\nA1,U,t,2020-05-01\n");
	tu_write(fx, "README.txt", "not a CSV\n");
	tu_write(f->rules, "10_q_test.lua",
		 "test { name = 'fixture', rule = 'q', period = '2020Q2', fixture = 'fixtures/basic',\n"
		 "  records = { activities = { { ['编号'] = 'A2', ['单位'] = 'U', ['标题'] = 't', ['开始日期'] = '2020-05-02' } } },\n"
		 "  expect = { { unit = 'U', status = 'pass', evidence = { 'activities:A1', 'activities:A2' } } } }\n");
	load(f);
	assert_int_equal(f->s->n_problems, 0);
	enum rt_verdict v;
	char *diags, *why = run_capture(f->s, 0, &v, &diags);
	assert_int_equal(v, RT_PASSED);
	free(why);
	free(diags);
	ruletest_free(f->s);
	tu_write(fx, "activity.csv", "x\n");
	f->s = ruletest_load(f->rs);
	char *p = problems(f->s);
	assert_non_null(strstr(p, "|fixture|"));
	assert_non_null(strstr(p, "activity.csv: the file name is not a record kind"));
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_header_union_quoting_and_lines),
		cmocka_unit_test_setup_teardown(declarations_are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(declaration_problems, setup, teardown),
		cmocka_unit_test(expectations),
		cmocka_unit_test_setup_teardown(cases_run, setup, teardown),
		cmocka_unit_test_setup_teardown(fixtures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
