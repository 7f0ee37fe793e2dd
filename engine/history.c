/* history.c — saved checks: writing a run and its findings and scores in one transaction, and
 * the queries behind `yaodian history` and `yaodian diff` (see history.h). */
#include "history.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "period.h"
#include "score.h"
#include "slurp.h"
#include "store.h"

int history_file_hash(const char *path, char out[17])
{
	size_t len;
	char *text = slurp(path, &len);
	if (!text)
		return -1;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= UINT64_C(0x100000001b3);
	}
	free(text);
	snprintf(out, 17, "%016" PRIx64, h);
	return 0;
}

/* Binds text or NULL. */
static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

static int bind_date(sqlite3_stmt *st, int i, date_t d)
{
	char iso[DATE_ISO_LEN];
	date_format(d, iso);
	return sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

/* The finding's evidence joined with ';' into *out (caller frees), NULL when it has none.
 * Returns 0, or -1 when out of memory. */
static int evidence_joined(const struct finding *x, char **out)
{
	size_t len = 1;
	*out = NULL;
	if (x->n_evidence == 0)
		return 0;
	for (size_t i = 0; i < x->n_evidence; i++)
		len += strlen(x->evidence[i]) + 1;
	char *s = malloc(len), *p = s;
	if (!s)
		return -1;
	for (size_t i = 0; i < x->n_evidence; i++)
		p += sprintf(p, "%s%s", i ? ";" : "", x->evidence[i]);
	*out = s;
	return 0;
}

/* Steps st once (an INSERT) and resets it for the next row. */
static int step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int save_run(sqlite3 *db, const struct findings *f, const char *unit, const char *config_hash,
		    time_t saved_at, long long *id)
{
	static const char sql[] =
		"INSERT INTO runs(saved_at, period, period_from, period_to, as_of, unit_id, plan_id, rules_hash,"
		" config_hash, lang) VALUES (?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = NULL;
	char when[24];
	struct tm tm;
	gmtime_r(&saved_at, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int rc = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	bind_text(st, 1, when);
	bind_text(st, 2, f->period.label);
	bind_date(st, 3, f->period.from);
	bind_date(st, 4, f->period.to);
	bind_text(st, 5, f->as_of);
	bind_text(st, 6, unit);
	bind_text(st, 7, f->plan_id);
	bind_text(st, 8, f->rules_hash);
	bind_text(st, 9, config_hash);
	bind_text(st, 10, lang_get() == LANG_EN ? "en" : "zh");
	if (step_reset(st) < 0)
		goto out;
	*id = sqlite3_last_insert_rowid(db);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int save_findings(sqlite3 *db, const struct findings *f, long long id)
{
	static const char sql[] =
		"INSERT INTO run_findings(run_id, seq, rule_id, unit_id, window_from, window_to, status, message,"
		" evidence, waiver_id) VALUES (?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st = NULL;
	struct findings_cursor c;
	int rc = -1;
	if (findings_open(&c, f, FO_CHECK) < 0)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	const struct finding *x;
	for (size_t i = 0; (x = findings_next(&c)) != NULL; i++) {
		char *ev;
		if (evidence_joined(x, &ev) < 0)
			goto out;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		bind_text(st, 3, x->rule_id ? x->rule_id : "");
		bind_text(st, 4, x->unit_id);
		bind_date(st, 5, x->window_from);
		bind_date(st, 6, x->window_to);
		bind_text(st, 7, status_name(x->status));
		bind_text(st, 8, x->message);
		bind_text(st, 9, ev);
		bind_text(st, 10, x->waiver_id);
		free(ev);
		if (step_reset(st) < 0)
			goto out;
	}
	rc = c.failed ? -1 : 0;
out:
	findings_close(&c);
	sqlite3_finalize(st);
	return rc;
}

static int save_scores(sqlite3 *db, const struct findings *f, long long id)
{
	static const char sql[] =
		"INSERT INTO run_scores(run_id, unit_id, unit_name, score, earned, available) VALUES (?,?,?,?,?,?)";
	sqlite3_stmt *st = NULL;
	struct scores s = {0};
	int rc = -1;
	if (score_compute(f, &s) != 0 || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	for (size_t i = 0; i < s.n; i++) {
		const struct unit_score *u = &s.units[i];
		double v;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, u->unit_id);
		bind_text(st, 3, u->unit_name);
		if (score_value(u->earned, u->available, &v))
			sqlite3_bind_double(st, 4, v);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_double(st, 5, score_round2(u->earned));
		sqlite3_bind_double(st, 6, score_round2(u->available));
		if (step_reset(st) < 0)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	scores_free(&s);
	return rc;
}

int history_save(sqlite3 *db, const struct findings *f, const char *unit,
		 const char *config_hash, time_t saved_at, long long *id)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (save_run(db, f, unit, config_hash, saved_at, id) < 0 || save_findings(db, f, *id) < 0 ||
	    save_scores(db, f, *id) < 0)
		goto fail;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	store_report(db);   /* names the database file, explains the failure */
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Copies column i (text) into buf, "" for NULL. */
static void col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

/* Column i duplicated (caller frees), or NULL for NULL or out of memory (*oom set then). */
static char *col_dup(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	char *s = strdup((const char *)t);
	if (!s)
		*oom = 1;
	return s;
}

static void run_from_row(sqlite3_stmt *st, struct history_run *r)
{
	r->id = sqlite3_column_int64(st, 0);
	col_copy(st, 1, r->saved_at, sizeof r->saved_at);
	col_copy(st, 2, r->period, sizeof r->period);
	col_copy(st, 3, r->as_of, sizeof r->as_of);
	col_copy(st, 4, r->plan_id, sizeof r->plan_id);
}

#define RUN_COLS "id, saved_at, period, as_of, IFNULL(plan_id, '')"

/* Whether s is all digits (a run id rather than a period). */
static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int history_find(sqlite3 *db, const char *ref, struct history_run *run)
{
	sqlite3_stmt *st = NULL;
	struct period p;
	char err[256];
	int by_id = all_digits(ref) && strlen(ref) < 16;
	int rc = -1;
	const char *sql = by_id ? "SELECT " RUN_COLS " FROM runs WHERE id = ?"
				: "SELECT " RUN_COLS " FROM runs WHERE period = ? ORDER BY id DESC LIMIT 1";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (by_id)
		sqlite3_bind_int64(st, 1, strtoll(ref, NULL, 10));
	else
		bind_text(st, 1, period_parse(ref, &p, err, sizeof err) == 0 ? p.label : ref);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		run_from_row(st, run);
	rc = s == SQLITE_ROW ? 0 : s == SQLITE_DONE ? 1 : -1;
out:
	if (rc < 0)
		store_report(db);
	sqlite3_finalize(st);
	return rc;
}

void history_list_free(struct history_list *l)
{
	for (size_t i = 0; i < l->n_scores; i++) {
		free(l->scores[i].unit_id);
		free(l->scores[i].unit_name);
	}
	free(l->runs);
	free(l->scores);
	memset(l, 0, sizeof *l);
}

/* The number of rows sql (one optional text parameter) yields, or -1. */
static long count_rows(sqlite3 *db, const char *sql, const char *param)
{
	sqlite3_stmt *st = NULL;
	long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    (!sqlite3_bind_parameter_count(st) || bind_text(st, 1, param) == SQLITE_OK) &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int list_runs(sqlite3 *db, struct history_list *out)
{
	sqlite3_stmt *st = NULL;
	long n = count_rows(db, "SELECT count(*) FROM runs", NULL);
	int rc = -1;
	if (n < 0 || !(out->runs = calloc((size_t)n + 1, sizeof *out->runs)) ||
	    sqlite3_prepare_v2(db, "SELECT " RUN_COLS " FROM runs ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		goto out;
	while (out->n_runs < (size_t)n && sqlite3_step(st) == SQLITE_ROW)
		run_from_row(st, &out->runs[out->n_runs++]);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int list_scores(sqlite3 *db, const char *unit, struct history_list *out)
{
	static const char sql[] = "SELECT run_id, unit_id, unit_name, score FROM run_scores"
				  " WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY run_id, unit_id";
	sqlite3_stmt *st = NULL;
	long n = count_rows(db, "SELECT count(*) FROM run_scores WHERE ?1 IS NULL OR unit_id = ?1", unit);
	int rc = -1, oom = 0;
	if (n < 0 || !(out->scores = calloc((size_t)n + 1, sizeof *out->scores)) ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || bind_text(st, 1, unit) != SQLITE_OK)
		goto out;
	while (!oom && out->n_scores < (size_t)n && sqlite3_step(st) == SQLITE_ROW) {
		struct history_score *s = &out->scores[out->n_scores++];
		s->run_id = sqlite3_column_int64(st, 0);
		s->unit_id = col_dup(st, 1, &oom);
		s->unit_name = col_dup(st, 2, &oom);
		s->has_score = sqlite3_column_type(st, 3) != SQLITE_NULL;
		s->score = sqlite3_column_double(st, 3);
	}
	rc = oom ? -1 : 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int history_list(sqlite3 *db, const char *unit, struct history_list *out)
{
	memset(out, 0, sizeof *out);
	if (list_runs(db, out) == 0 && list_scores(db, unit, out) == 0)
		return 0;
	store_report(db);
	history_list_free(out);
	return -1;
}

void history_diff_free(struct history_diff *d)
{
	for (size_t i = 0; i < d->n_changes; i++) {
		struct history_change *c = &d->changes[i];
		free(c->rule_id), free(c->unit_id), free(c->window_from), free(c->window_to);
		free(c->before), free(c->after), free(c->message);
	}
	for (size_t i = 0; i < d->n_scores; i++)
		free(d->scores[i].unit_id), free(d->scores[i].unit_name);
	free(d->changes);
	free(d->scores);
	memset(d, 0, sizeof *d);
}

/* Every (rule, unit, window) of run ?1 or ?2 with the status it has in each, where they differ.
 * A unit id of NULL (a broken rule file) is matched as ''. */
static const char diff_sql[] =
	"WITH a AS (SELECT rule_id, IFNULL(unit_id,'') u, window_from, window_to, status, message"
	"           FROM run_findings WHERE run_id = ?1),"
	" b AS (SELECT rule_id, IFNULL(unit_id,'') u, window_from, window_to, status, message"
	"       FROM run_findings WHERE run_id = ?2),"
	" k AS (SELECT rule_id, u, window_from, window_to FROM a UNION SELECT rule_id, u, window_from, window_to FROM b)"
	" SELECT k.rule_id, NULLIF(k.u,''), k.window_from, k.window_to, a.status, b.status, IFNULL(b.message, a.message)"
	" FROM k LEFT JOIN a USING (rule_id, u, window_from, window_to)"
	" LEFT JOIN b USING (rule_id, u, window_from, window_to)"
	" WHERE a.status IS NOT b.status ORDER BY k.u, k.rule_id, k.window_from, k.window_to";

static enum history_change_kind change_kind(const char *before, const char *after)
{
	int failed = before && strcmp(before, "fail") == 0;
	int fails = after && strcmp(after, "fail") == 0;
	if (fails && !failed)
		return HC_NEWLY_FAILING;
	if (failed && after && (strcmp(after, "pass") == 0 || strcmp(after, "waived") == 0))
		return HC_FIXED;
	return HC_OTHER;
}

/* Appends one slot to *v (of n items of size sz), or returns NULL. */
static void *grow(void **v, size_t *n, size_t sz)
{
	char *p = realloc(*v, (*n + 1) * sz);
	if (!p)
		return NULL;
	*v = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

/* What a query's parameters are bound to: two run ids (?1, ?2), or one date (?1). */
struct binds {
	long long a, b;
	const date_t *day;
};

/* Runs sql with its parameters bound from bn and calls row(st, ud) for each row; row returns
 * 0, or -1 when out of memory. Returns 0, or -1 (the caller reports the database's error). */
static int each_row(sqlite3 *db, const char *sql, const struct binds *bn, int (*row)(sqlite3_stmt *, void *), void *ud)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, s = SQLITE_ERROR;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	if (bn->day ? bind_date(st, 1, *bn->day) != SQLITE_OK
		    : sqlite3_bind_int64(st, 1, bn->a) != SQLITE_OK || sqlite3_bind_int64(st, 2, bn->b) != SQLITE_OK)
		goto out;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, ud) < 0)
			goto out;
	rc = s == SQLITE_DONE ? 0 : -1;
out:
	sqlite3_finalize(st);
	return rc;
}

static int change_row(sqlite3_stmt *st, void *ud)
{
	struct history_diff *out = ud;
	struct history_change *c = grow((void **)&out->changes, &out->n_changes, sizeof *c);
	int oom = !c;
	if (c) {
		c->rule_id = col_dup(st, 0, &oom);
		c->unit_id = col_dup(st, 1, &oom);
		c->window_from = col_dup(st, 2, &oom);
		c->window_to = col_dup(st, 3, &oom);
		c->before = col_dup(st, 4, &oom);
		c->after = col_dup(st, 5, &oom);
		c->message = col_dup(st, 6, &oom);
		c->kind = change_kind(c->before, c->after);
	}
	return oom ? -1 : 0;
}

static const char score_sql[] =
	"WITH k AS (SELECT unit_id, unit_name FROM run_scores WHERE run_id IN (?1, ?2) GROUP BY unit_id)"
	" SELECT k.unit_id, k.unit_name, a.score, b.score FROM k"
	" LEFT JOIN run_scores a ON a.run_id = ?1 AND a.unit_id = k.unit_id"
	" LEFT JOIN run_scores b ON b.run_id = ?2 AND b.unit_id = k.unit_id ORDER BY k.unit_id";

static int score_row(sqlite3_stmt *st, void *ud)
{
	struct history_diff *out = ud;
	struct history_score_change *c = grow((void **)&out->scores, &out->n_scores, sizeof *c);
	int oom = !c;
	if (c) {
		c->unit_id = col_dup(st, 0, &oom);
		c->unit_name = col_dup(st, 1, &oom);
		c->has_before = sqlite3_column_type(st, 2) != SQLITE_NULL;
		c->before = sqlite3_column_double(st, 2);
		c->has_after = sqlite3_column_type(st, 3) != SQLITE_NULL;
		c->after = sqlite3_column_double(st, 3);
	}
	return oom ? -1 : 0;
}

static const char other_plan_sql[] =
	"SELECT (SELECT plan_id FROM runs WHERE id = ?1) IS NOT (SELECT plan_id FROM runs WHERE id = ?2)";

static int other_plan_row(sqlite3_stmt *st, void *ud)
{
	((struct history_diff *)ud)->other_plan = sqlite3_column_int(st, 0) != 0;
	return 0;
}

int history_diff(sqlite3 *db, long long a, long long b, struct history_diff *out)
{
	memset(out, 0, sizeof *out);
	struct binds bn = {.a = a, .b = b};
	if (each_row(db, other_plan_sql, &bn, other_plan_row, out) == 0 &&
	    (out->other_plan || each_row(db, diff_sql, &bn, change_row, out) == 0) &&
	    each_row(db, score_sql, &bn, score_row, out) == 0)
		return 0;
	store_report(db);
	history_diff_free(out);
	return -1;
}

static const char prev_sql[] =
	"SELECT r.id, r.period, s.unit_id, s.score FROM run_scores s JOIN runs r ON r.id = s.run_id"
	" WHERE s.score IS NOT NULL AND r.id = (SELECT id FROM runs WHERE period_to < ?1"
	"                                       ORDER BY period_to DESC, id DESC LIMIT 1)";

static const char trend_sql[] =
	"SELECT r.period, s.unit_id, s.score FROM runs r JOIN run_scores s ON s.run_id = r.id"
	" WHERE s.score IS NOT NULL AND r.id IN (SELECT max(id) FROM runs WHERE period_to < ?1 GROUP BY period)"
	" ORDER BY r.period_to, r.period_from DESC, r.id, s.unit_id";

/* The index of period label in f->trend_periods, added at the end when new; (size_t)-1 when
 * out of memory. */
static size_t trend_period(struct findings *f, const char *label)
{
	if (f->n_trend_periods && strcmp(f->trend_periods[f->n_trend_periods - 1], label) == 0)
		return f->n_trend_periods - 1;
	char(*p)[48] = grow((void **)&f->trend_periods, &f->n_trend_periods, sizeof *p);
	if (!p)
		return (size_t)-1;
	snprintf(*p, sizeof *p, "%s", label);
	return f->n_trend_periods - 1;
}

static int trend_row(sqlite3_stmt *st, void *ud)
{
	struct findings *f = ud;
	char label[48];
	col_copy(st, 0, label, sizeof label);
	size_t run = trend_period(f, label);
	struct trend_point *p = run == (size_t)-1 ? NULL : grow((void **)&f->trend, &f->n_trend, sizeof *p);
	int oom = !p;
	if (p) {
		p->run = run;
		p->unit_id = col_dup(st, 1, &oom);
		p->score = sqlite3_column_double(st, 2);
	}
	return oom ? -1 : 0;
}

/* Runs sql with f's first day bound to ?1, filling f by row; reports a failure. 0 or -1. */
static int load_before(sqlite3 *db, const char *sql, int (*row)(sqlite3_stmt *, void *), struct findings *f)
{
	struct binds bn = {.day = &f->period.from};
	if (each_row(db, sql, &bn, row, f) == 0)
		return 0;
	store_report(db);
	return -1;
}

int history_trend(sqlite3 *db, struct findings *f) { return load_before(db, trend_sql, trend_row, f); }

static int previous_row(sqlite3_stmt *st, void *ud)
{
	struct findings *f = ud;
	struct prev_score *p = grow((void **)&f->prev, &f->n_prev, sizeof *p);
	int oom = !p;
	if (p) {
		f->prev_run = sqlite3_column_int64(st, 0);
		col_copy(st, 1, f->prev_period, sizeof f->prev_period);
		p->unit_id = col_dup(st, 2, &oom);
		p->score = sqlite3_column_double(st, 3);
	}
	return oom ? -1 : 0;
}

int history_previous(sqlite3 *db, struct findings *f) { return load_before(db, prev_sql, previous_row, f); }
