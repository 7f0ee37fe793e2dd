/* test_check.c — the check's judgement: not_applicable before the plan took effect, waivers
 * and their expiry, pending before a deadline, pass and fail from the rule, error findings for
 * broken rules, and parameter overrides from a config file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <time.h>

#include "cal.h"
#include "check.h"
#include "lang.h"
#include "testutil.h"

static const char PLAN[] =
	"plan { id = 't', title = 'T', issued = '2020-04-21', effective = '2020-04-21', year = 2020,\n"
	"  clauses = { { id = '一、1', title = 'a', text = '每季度开展一次活动。' } } }\n";

/* A rule passing when the unit has an activity in the judged span (at least params.min). */
static const char RULE_QUARTER[] =
	"rule { id = 'q', clause = '一、1', text = '每季度开展一次活动', title = '季度活动',\n"
	"  due = 'quarter', points = 2, params = { min = 1 },\n"
	"  check = function(ctx)\n"
	"    local rows = db.rows('SELECT id FROM activities WHERE unit_id = ? AND start_date BETWEEN ? AND ?',\n"
	"                         ctx.unit, ctx.from, ctx.to)\n"
	"    if #rows >= ctx.params.min then return pass('ok', refs('activities', rows)) end\n"
	"    return fail('none', { looked_for = 'activities' })\n"
	"  end }\n";

static const char RULE_BROKEN[] =
	"rule { id = 'broken', clause = '一、1', text = '开展', title = '坏规则', due = 'Q3',\n"
	"  check = function(ctx)\n"
	"    local t = nil\n"
	"    return t.field\n"
	"  end }\n";

struct fixture {
	char dir[64], rules[128], path[256];
	sqlite3 *ro;
	struct calendar *cal;
	struct ruleset *rs;
};

static void add_records(const char *path)
{
	sqlite3 *db;
	assert_int_equal(store_open(path, STORE_READWRITE, &db), 0);
	tu_exec(db, "INSERT INTO units(id, name) VALUES ('A', '甲单位'), ('B', '乙单位'), ('C', '丙单位');"
		    "INSERT INTO activities(id, unit_id, title, start_date, end_date) VALUES"
		    " ('a1', 'A', 'x', '2020-02-10', '2020-02-10'),"
		    " ('a2', 'A', 'x', '2020-05-10', '2020-05-10'),"
		    " ('a3', 'A', 'x', '2020-10-10', '2020-10-10'),"
		    " ('b1', 'B', 'x', '2020-05-11', '2020-05-11');"
		    "INSERT INTO waivers(id, unit_id, rule_id, period_from, period_to, justification, expires) VALUES"
		    " ('w-valid', 'B', 'q', '2020-07-01', '2020-09-30', '改造', '2021-12-31'),"
		    " ('w-expired', 'B', 'q', '2020-10-01', '2020-12-31', '改造', '2020-12-01');");
	sqlite3_close(db);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	tu_tempdir(f->dir, sizeof f->dir);
	snprintf(f->rules, sizeof f->rules, "%s/rules", f->dir);
	assert_int_equal(mkdir(f->rules, 0700), 0);
	tu_write(f->rules, "00_plan.lua", PLAN);
	tu_write(f->rules, "10_q.lua", RULE_QUARTER);
	sqlite3 *db = tu_new_store(f->dir, "r.db", f->path, sizeof f->path);
	sqlite3_close(db);
	add_records(f->path);
	f->cal = cal_load("calendars");
	assert_non_null(f->cal);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	rules_free(f->rs);
	sqlite3_close(f->ro);
	cal_free(f->cal);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* Loads the rules (with config, may be NULL) and runs a check of period as of as_of on jobs
 * worker threads (0: in this thread). */
static void run_jobs(struct fixture *f, const char *config, const char *period, const char *as_of,
		     const char *unit, int jobs, struct findings *out)
{
	f->rs = rules_load(f->rules, config, NULL, f->cal);
	assert_non_null(f->rs);
	assert_int_equal(store_open(f->path, STORE_READONLY, &f->ro), 0);
	rules_attach_db(f->rs, f->ro);
	struct check_opts o = {.unit = unit, .jobs = jobs};
	char err[200];
	assert_int_equal(period_parse(period, &o.period, err, sizeof err), 0);
	assert_int_equal(date_parse(as_of, &o.as_of), 0);
	memset(out, 0, sizeof *out);
	assert_int_equal(check_run(f->rs, f->ro, &o, out), 0);
}

static void run(struct fixture *f, const char *config, const char *period, const char *as_of,
		const char *unit, struct findings *out)
{
	run_jobs(f, config, period, as_of, unit, 0, out);
}

/* The finding for unit over the window starting at from, or fails the test. */
static const struct finding *find(const struct findings *fs, const char *rule, const char *unit, const char *from)
{
	date_t d;
	assert_int_equal(date_parse(from, &d), 0);
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->items[i].rule_id, rule) == 0 && strcmp(fs->items[i].unit_id, unit) == 0 &&
		    fs->items[i].window_from == d)
			return &fs->items[i];
	fail_msg("no finding for %s %s %s", rule, unit, from);
	return NULL;
}

static void statuses_over_a_year(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	run(f, NULL, "2020", "2020-11-15", NULL, &fs);
	assert_int_equal(fs.n, 12);   /* 4 quarters x 3 units */
	assert_int_equal(find(&fs, "q", "A", "2020-01-01")->status, ST_NOT_APPLICABLE);
	const struct finding *a2 = find(&fs, "q", "A", "2020-04-01");
	assert_int_equal(a2->status, ST_PASS);
	assert_int_equal(a2->n_evidence, 1);
	assert_string_equal(a2->evidence[0], "activities:a2");
	assert_int_equal(find(&fs, "q", "A", "2020-07-01")->status, ST_FAIL);
	assert_int_equal(find(&fs, "q", "A", "2020-10-01")->status, ST_PASS);     /* done before as-of */
	assert_int_equal(find(&fs, "q", "B", "2020-04-01")->status, ST_PASS);
	const struct finding *bw = find(&fs, "q", "B", "2020-07-01");
	assert_int_equal(bw->status, ST_WAIVED);
	assert_string_equal(bw->waiver_id, "w-valid");
	/* w-expired expires on 12-01: on 11-15 it still waives. */
	assert_string_equal(find(&fs, "q", "B", "2020-10-01")->waiver_id, "w-expired");
	const struct finding *cp = find(&fs, "q", "C", "2020-10-01");
	assert_int_equal(cp->status, ST_PENDING);   /* nothing yet, but not due until 12-31 */
	assert_non_null(strstr(cp->message, "2020-12-31"));
	assert_int_equal(find(&fs, "q", "C", "2020-07-01")->status, ST_FAIL);
	assert_int_equal(fs.counts[ST_PASS], 3);
	assert_int_equal(fs.counts[ST_FAIL], 3);
	assert_int_equal(fs.counts[ST_WAIVED], 2);
	assert_int_equal(fs.counts[ST_NOT_APPLICABLE], 3);
	assert_int_equal(findings_exit_code(&fs), 1);
	findings_free(&fs);
}

static void expired_waiver_no_longer_waives(void **state)
{
	struct fixture *f = *state;
	struct findings fs;
	run(f, NULL, "2020Q4", "2021-01-15", "B", &fs);
	assert_int_equal(fs.n, 1);
	assert_int_equal(fs.items[0].status, ST_FAIL);
	assert_string_equal(fs.items[0].looked_for, "activities");
	assert_string_equal(fs.items[0].unit_name, "乙单位");
	findings_free(&fs);
	struct findings fs2;
	rules_free(f->rs);
	sqlite3_close(f->ro);
	run(f, NULL, "2020Q4", "2020-11-30", "B", &fs2);   /* still valid on 11-30 */
	assert_int_equal(fs2.items[0].status, ST_WAIVED);
	findings_free(&fs2);
}

static void config_overrides_params_and_plan(void **state)
{
	struct fixture *f = *state;
	char cfg[200];
	snprintf(cfg, sizeof cfg, "%s/cfg.lua", f->dir);
	tu_write(f->dir, "cfg.lua", "return { params = { q = { min = 2 } }, plan = { before_effective = 'check' } }\n");
	struct findings fs;
	run(f, cfg, "2020H1", "2021-01-15", "A", &fs);
	assert_int_equal(f->rs->n_problems, 0);
	assert_int_equal(find(&fs, "q", "A", "2020-01-01")->status, ST_FAIL);   /* judged, 1 < 2 */
	assert_int_equal(find(&fs, "q", "A", "2020-04-01")->status, ST_FAIL);
	findings_free(&fs);
}

static void broken_rules_become_error_findings(void **state)
{
	struct fixture *f = *state;
	tu_write(f->rules, "20_broken.lua", RULE_BROKEN);
	tu_write(f->rules, "30_syntax.lua", "rule { id = 'syn', \n  clause = \n");
	struct findings fs;
	run(f, NULL, "2020Q3", "2021-01-15", "A", &fs);
	const struct finding *e = find(&fs, "broken", "A", "2020-07-01");
	assert_int_equal(e->status, ST_ERROR);
	assert_non_null(strstr(e->source, "20_broken.lua:4"));
	assert_non_null(strstr(e->message, "nil"));
	bool syntax_seen = false;
	for (size_t i = 0; i < fs.n; i++)
		if (fs.items[i].status == ST_ERROR && strstr(fs.items[i].source, "30_syntax.lua:"))
			syntax_seen = true;
	assert_true(syntax_seen);
	/* The good rule still ran. */
	assert_int_equal(find(&fs, "q", "A", "2020-07-01")->status, ST_FAIL);
	assert_int_equal(findings_exit_code(&fs), 3);
	findings_free(&fs);
}

static void unknown_unit_is_refused(void **state)
{
	struct fixture *f = *state;
	f->rs = rules_load(f->rules, NULL, NULL, f->cal);
	assert_int_equal(store_open(f->path, STORE_READONLY, &f->ro), 0);
	rules_attach_db(f->rs, f->ro);
	struct check_opts o = {.unit = "NOPE"};
	char err[200];
	assert_int_equal(period_parse("2020", &o.period, err, sizeof err), 0);
	o.as_of = o.period.to;
	struct findings fs = {0};
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(check_run(f->rs, f->ro, &o, &fs), -1);
	char *text = tu_capture_end(&cap);
	assert_non_null(strstr(text, "NOPE"));
	free(text);
	findings_free(&fs);
}

/* 2020-10-01 was both 中秋 and 国庆. With the bundled rules, one activity tagged with both
 * festivals counts for both (the plan names festivals as occasions, not separate quotas);
 * one tagged only 国庆 does not count for 中秋. */
static void one_day_two_festivals(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	assert_int_equal(store_open(f->path, STORE_READWRITE, &db), 0);
	tu_exec(db, "INSERT INTO activities(id, unit_id, title, start_date, end_date, children) VALUES"
		    " ('both', 'A', '中秋国庆慰问', '2020-10-01', '2020-10-01', 5),"
		    " ('guoqing', 'B', '国庆参观', '2020-10-01', '2020-10-01', 5);"
		    "INSERT INTO activity_tags(activity_id, tag) VALUES ('both', '中秋'), ('both', '国庆'),"
		    " ('guoqing', '国庆');");
	sqlite3_close(db);
	snprintf(f->rules, sizeof f->rules, "rules");   /* the bundled rules */
	struct findings fs;
	run(f, NULL, "2020Q4", "2021-01-15", NULL, &fs);
	const struct finding *a_mid = find(&fs, "3.6-mid-autumn", "A", "2020-09-21");
	const struct finding *a_nat = find(&fs, "3.6-national-day", "A", "2020-09-24");
	assert_int_equal(a_mid->status, ST_PASS);
	assert_int_equal(a_nat->status, ST_PASS);
	assert_string_equal(a_mid->evidence[0], "activities:both");
	assert_string_equal(a_nat->evidence[0], "activities:both");
	assert_int_equal(find(&fs, "3.6-mid-autumn", "B", "2020-09-21")->status, ST_FAIL);
	assert_int_equal(find(&fs, "3.6-national-day", "B", "2020-09-24")->status, ST_PASS);
	findings_free(&fs);
	snprintf(f->rules, sizeof f->rules, "%s/rules", f->dir);
}

static void assert_same_text(const char *a, const char *b)
{
	if (a || b)
		assert_string_equal(a ? a : "(null)", b ? b : "(null)");
}

/* Worker threads judge the same findings in the same order as one thread: pass, fail,
 * pending, waived, not applicable, a rule that breaks and a file that does not load. */
static void jobs_judge_the_same(void **state)
{
	struct fixture *f = *state;
	tu_write(f->rules, "20_broken.lua", RULE_BROKEN);
	tu_write(f->rules, "30_syntax.lua", "rule { id = 'syn', \n  clause = \n");
	struct findings one, many;
	run_jobs(f, NULL, "2020", "2020-11-15", NULL, 1, &one);
	rules_free(f->rs);
	sqlite3_close(f->ro);
	run_jobs(f, NULL, "2020", "2020-11-15", NULL, 3, &many);
	assert_int_equal(one.n, 12 + 3 + f->rs->n_problems);   /* q: 4 quarters x 3 units; broken: Q3 x 3; problems */
	assert_int_equal(many.n, one.n);
	for (size_t i = 0; i < one.n; i++) {
		const struct finding *a = &one.items[i], *b = &many.items[i];
		assert_same_text(a->rule_id, b->rule_id);
		assert_same_text(a->unit_id, b->unit_id);
		assert_int_equal(a->window_from, b->window_from);
		assert_int_equal(a->status, b->status);
		assert_same_text(a->message, b->message);
		assert_same_text(a->source, b->source);
		assert_same_text(a->waiver_id, b->waiver_id);
		assert_int_equal(a->n_evidence, b->n_evidence);
		for (size_t k = 0; k < a->n_evidence; k++)
			assert_string_equal(a->evidence[k], b->evidence[k]);
	}
	assert_memory_equal(one.counts, many.counts, sizeof one.counts);
	assert_int_equal(many.counts[ST_ERROR], one.counts[ST_ERROR]);
	assert_true(one.counts[ST_ERROR] >= 4);   /* broken x 3, and the file that does not load */
	findings_free(&one);
	findings_free(&many);
}

/* A worker whose rules differ from those the check started with (rule files edited while it
 * runs: here the check's own identifying hash is altered) stops the whole check: -1 and a
 * message saying why, never a mix of two rule sets. */
static void jobs_refuse_changed_rules(void **state)
{
	struct fixture *f = *state;
	f->rs = rules_load(f->rules, NULL, NULL, f->cal);
	assert_non_null(f->rs);
	assert_int_equal(store_open(f->path, STORE_READONLY, &f->ro), 0);
	rules_attach_db(f->rs, f->ro);
	f->rs->hash ^= 1;
	struct check_opts o = {.jobs = 2};
	char err[200];
	assert_int_equal(period_parse("2020", &o.period, err, sizeof err), 0);
	o.as_of = o.period.to;
	struct findings fs = {0};
	lang_set(LANG_EN);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(check_run(f->rs, f->ro, &o, &fs), -1);
	char *text = tu_capture_end(&cap);
	lang_set(LANG_ZH);
	assert_non_null(strstr(text, "the rule files changed during the check"));
	free(text);
	findings_free(&fs);
	/* The same rule set with its own hash runs. */
	f->rs->hash ^= 1;
	memset(&fs, 0, sizeof fs);
	assert_int_equal(check_run(f->rs, f->ro, &o, &fs), 0);
	assert_int_equal(fs.n, 12);
	findings_free(&fs);
}

/* A worker's rule set shares the check's deadline (--max-check-seconds): once it has passed,
 * a rule run in a clone made later fails as the whole check's time being spent, although the
 * clone itself is new. */
static void clones_share_the_check_deadline(void **state)
{
	struct fixture *f = *state;
	struct sandbox_limits lim = {.max_total_seconds = 0.3};
	f->rs = rules_load(f->rules, NULL, &lim, f->cal);
	assert_non_null(f->rs);
	assert_int_equal(store_open(f->path, STORE_READONLY, &f->ro), 0);
	struct timespec t = {0, 400000000L};
	nanosleep(&t, NULL);   /* past the check's deadline */
	struct ruleset *c = rules_clone(f->rs);
	assert_non_null(c);
	assert_int_equal(c->n_rules, f->rs->n_rules);
	rules_attach_db(c, f->ro);
	struct rule_ctx ctx = {.unit_id = "A", .unit_name = "甲", .year = 2020};
	assert_int_equal(date_parse("2020-04-01", &ctx.from), 0);
	assert_int_equal(date_parse("2020-06-30", &ctx.to), 0);
	ctx.window_from = ctx.period_from = ctx.from;
	ctx.window_to = ctx.period_to = ctx.as_of = ctx.to;
	struct rule_result res;
	lang_set(LANG_EN);
	rules_run(c, 0, &ctx, &res);
	lang_set(LANG_ZH);
	assert_int_equal(res.status, ST_ERROR);
	assert_non_null(strstr(res.message, "the whole check's time limit"));
	rule_result_free(&res);
	rules_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(statuses_over_a_year, setup, teardown),
		cmocka_unit_test_setup_teardown(expired_waiver_no_longer_waives, setup, teardown),
		cmocka_unit_test_setup_teardown(config_overrides_params_and_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_rules_become_error_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_unit_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(one_day_two_festivals, setup, teardown),
		cmocka_unit_test_setup_teardown(jobs_judge_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(jobs_refuse_changed_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(clones_share_the_check_deadline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
