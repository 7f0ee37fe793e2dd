/* test_history.c — saved checks (engine/history.c): a run saved with its findings and scores in
 * one transaction, found by id or period, listed, and compared: newly failing, fixed, other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "history.h"
#include "score.h"
#include "store.h"
#include "testutil.h"

static void add(struct findings *l, const char *rule, const char *unit, enum status st)
{
	struct finding *f = findings_add(l);
	assert_non_null(f);
	f->rule_id = strdup(rule);
	f->points = 2;
	f->unit_id = strdup(unit);
	f->unit_name = strdup(unit);
	f->window_from = date_from_ymd(2020, 1, 1);
	f->window_to = f->due = date_from_ymd(2020, 12, 31);
	f->status = st;
	f->message = strdup(rule);
	f->evidence = calloc(2, sizeof *f->evidence);
	f->evidence[0] = strdup("activities:A1");
	f->evidence[1] = strdup("documents:D1");
	f->n_evidence = 2;
}

static void init(struct findings *l, const char *label, int q)
{
	memset(l, 0, sizeof *l);
	l->plan_id = strdup("p");
	period_parse(label, &l->period, (char[64]){0}, 64);
	snprintf(l->as_of, sizeof l->as_of, "2020-%02d-10", 3 * q + 1);
	strcpy(l->rules_hash, "0123456789abcdef");
}

static long long one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Run 1 (2020Q2): A: r1 pass, r2 fail, r3 fail, r4 pass, r6 fail. B: r1 fail.
 * Run 2 (2020Q3): A: r1 fail, r2 pass, r3 waived, r4 pending, r5 fail, r6 fail. B: r1 pass. */
static void save_two(sqlite3 *db)
{
	struct findings a, b;
	long long id;
	init(&a, "2020Q2", 2);
	add(&a, "r1", "A", ST_PASS), add(&a, "r2", "A", ST_FAIL), add(&a, "r3", "A", ST_FAIL);
	add(&a, "r4", "A", ST_PASS), add(&a, "r6", "A", ST_FAIL), add(&a, "r1", "B", ST_FAIL);
	init(&b, "2020Q3", 3);
	add(&b, "r1", "A", ST_FAIL), add(&b, "r2", "A", ST_PASS), add(&b, "r3", "A", ST_WAIVED);
	add(&b, "r4", "A", ST_PENDING), add(&b, "r5", "A", ST_FAIL), add(&b, "r6", "A", ST_FAIL);
	add(&b, "r1", "B", ST_PASS);
	assert_int_equal(history_save(db, &a, NULL, NULL, 0, &id), 0);
	assert_int_equal(id, 1);
	assert_int_equal(history_save(db, &b, "A", "feedfacefeedface", 86400, &id), 0);
	assert_int_equal(id, 2);
	findings_free(&a);
	findings_free(&b);
}

static void save_and_find(void **state)
{
	(void)state;
	char dir[64], path[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "h.db", path, sizeof path);
	save_two(db);
	assert_int_equal(one(db, "SELECT count(*) FROM run_findings WHERE run_id = 1"), 6);
	assert_int_equal(one(db, "SELECT count(*) FROM run_findings WHERE run_id = 1 AND seq = 2 AND rule_id = 'r2'"
				 " AND evidence = 'activities:A1;documents:D1' AND status = 'fail'"), 1);
	assert_int_equal(one(db, "SELECT count(*) FROM runs WHERE id = 2 AND unit_id = 'A' AND config_hash = 'feedfacefeedface'"
				 " AND saved_at = '1970-01-02T00:00:00Z' AND period_from = '2020-07-01'"), 1);
	/* A: run 1 judged 5 windows, 2 passed -> 40.0; run 2 judged 5 (r4 pending left out), 2 passed. */
	assert_int_equal(one(db, "SELECT score * 10 FROM run_scores WHERE run_id = 1 AND unit_id = 'A'"), 400);
	assert_int_equal(one(db, "SELECT score * 10 FROM run_scores WHERE run_id = 2 AND unit_id = 'A'"), 400);
	struct history_run r;
	assert_int_equal(history_find(db, "2", &r), 0);
	assert_string_equal(r.period, "2020Q3");
	assert_int_equal(history_find(db, "2020Q2", &r), 0);
	assert_int_equal(r.id, 1);
	assert_int_equal(history_find(db, "2020年第二季度", &r), 0);   /* any spelling period_parse reads */
	assert_int_equal(r.id, 1);
	assert_int_equal(history_find(db, "9", &r), 1);
	assert_int_equal(history_find(db, "2019", &r), 1);
	struct history_list l;
	assert_int_equal(history_list(db, NULL, &l), 0);
	assert_int_equal(l.n_runs, 2);
	assert_int_equal(l.n_scores, 4);
	history_list_free(&l);
	assert_int_equal(history_list(db, "B", &l), 0);
	assert_int_equal(l.n_runs, 2);
	assert_int_equal(l.n_scores, 2);
	assert_string_equal(l.scores[1].unit_id, "B");
	assert_true(l.scores[1].has_score);
	assert_true(l.scores[1].score == 100.0);
	history_list_free(&l);
	sqlite3_close(db);
	tu_rmtree(dir);
}

static const struct history_change *change(const struct history_diff *d, const char *rule, const char *unit)
{
	for (size_t i = 0; i < d->n_changes; i++)
		if (strcmp(d->changes[i].rule_id, rule) == 0 && strcmp(d->changes[i].unit_id, unit) == 0)
			return &d->changes[i];
	return NULL;
}

static void diff_kinds(void **state)
{
	(void)state;
	char dir[64], path[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "h.db", path, sizeof path);
	save_two(db);
	struct history_diff d;
	assert_int_equal(history_diff(db, 1, 2, &d), 0);
	assert_int_equal(d.n_changes, 6);   /* r6 failed in both: not a change */
	assert_int_equal(change(&d, "r1", "A")->kind, HC_NEWLY_FAILING);
	assert_int_equal(change(&d, "r2", "A")->kind, HC_FIXED);
	assert_int_equal(change(&d, "r3", "A")->kind, HC_FIXED);
	assert_int_equal(change(&d, "r4", "A")->kind, HC_OTHER);
	assert_int_equal(change(&d, "r1", "B")->kind, HC_FIXED);
	const struct history_change *c = change(&d, "r5", "A");
	assert_int_equal(c->kind, HC_NEWLY_FAILING);
	assert_null(c->before);
	assert_string_equal(c->after, "fail");
	assert_null(change(&d, "r6", "A"));
	assert_int_equal(d.n_scores, 2);
	assert_string_equal(d.scores[1].unit_id, "B");
	assert_true(d.scores[1].has_before && d.scores[1].before == 0.0);
	assert_true(d.scores[1].has_after && d.scores[1].after == 100.0);
	history_diff_free(&d);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* A failure part-way (here a trigger refusing the scores) leaves nothing saved. */
static void save_is_one_transaction(void **state)
{
	(void)state;
	char dir[64], path[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "h.db", path, sizeof path);
	tu_exec(db, "CREATE TRIGGER no_scores BEFORE INSERT ON run_scores BEGIN SELECT RAISE(ABORT, 'no'); END");
	struct findings a;
	long long id = 0;
	init(&a, "2020Q2", 2);
	add(&a, "r1", "A", ST_PASS);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	int rc = history_save(db, &a, NULL, NULL, 0, &id);
	free(tu_capture_end(&cap));
	assert_int_equal(rc, -1);
	assert_int_equal(one(db, "SELECT count(*) FROM runs"), 0);
	assert_int_equal(one(db, "SELECT count(*) FROM run_findings"), 0);
	findings_free(&a);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* The previous saved check is the latest run of the latest period ending before this one. */
static void previous_run(void **state)
{
	(void)state;
	char dir[64], path[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "h.db", path, sizeof path);
	save_two(db);
	struct findings f;
	double v;
	init(&f, "2020Q4", 4);
	assert_int_equal(history_previous(db, &f), 0);
	assert_int_equal(f.prev_run, 2);
	assert_string_equal(f.prev_period, "2020Q3");
	assert_int_equal(f.n_prev, 2);
	assert_true(findings_prev_score(&f, "B", &v) && v == 100.0);
	assert_false(findings_prev_score(&f, "C", &v));
	findings_free(&f);
	init(&f, "2020Q3", 3);   /* before Q3: the Q2 run */
	assert_int_equal(history_previous(db, &f), 0);
	assert_int_equal(f.prev_run, 1);
	findings_free(&f);
	init(&f, "2020Q2", 2);   /* nothing saved before Q2 */
	assert_int_equal(history_previous(db, &f), 0);
	assert_int_equal(f.prev_run, 0);
	assert_int_equal(f.n_prev, 0);
	findings_free(&f);
	sqlite3_close(db);
	tu_rmtree(dir);
}

static void change_text(void **state)
{
	(void)state;
	char buf[32];
	score_change_text(82.0, 85.5, buf, sizeof buf);
	assert_string_equal(buf, "+3.5");
	score_change_text(85.5, 83.5, buf, sizeof buf);
	assert_string_equal(buf, "\u22122.0");
	score_change_text(70.1, 70.1, buf, sizeof buf);
	assert_string_equal(buf, "0.0");
}

static void file_hash(void **state)
{
	(void)state;
	char dir[64], path[128], h[17];
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "c.lua", "");
	snprintf(path, sizeof path, "%s/c.lua", dir);
	assert_int_equal(history_file_hash(path, h), 0);
	assert_string_equal(h, "cbf29ce484222325");   /* FNV-1a 64 of nothing: the offset basis */
	tu_write(dir, "c.lua", "a");
	assert_int_equal(history_file_hash(path, h), 0);
	assert_string_equal(h, "af63dc4c8601ec8c");
	snprintf(path, sizeof path, "%s/missing.lua", dir);
	assert_int_equal(history_file_hash(path, h), -1);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(save_and_find),
		cmocka_unit_test(diff_kinds),
		cmocka_unit_test(save_is_one_transaction),
		cmocka_unit_test(previous_run),
		cmocka_unit_test(change_text),
		cmocka_unit_test(file_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
