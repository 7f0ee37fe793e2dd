/* check.c — turning rules × units × windows into findings.
 * Order of judgement for one occurrence: not_applicable (window ended before the plan took
 * effect) > waived (an unexpired waiver covers it) > the rule's own verdict, where a fail whose
 * deadline has not yet come (within the period and as-of date) is pending. */
#include "check.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "oblig.h"
#include "lang.h"
#include "progress.h"
#include "store.h"
#include "workers.h"
#include "vec.h"

struct unit {
	char *id, *name;
};

static void free_units(struct unit *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].id);
		free(u[i].name);
	}
	free(u);
}

/* Loads the units to check (all, or the one named). Returns the count, or -1 after a
 * diagnostic. */
static long load_units(sqlite3 *db, const char *only, struct unit **out)
{
	sqlite3_stmt *st = NULL;
	struct unit *u = NULL;
	long n = 0;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(db, "SELECT id, name FROM units WHERE ?1 IS NULL OR id = ?1 ORDER BY id", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, only, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (vec_reserve(&u, &cap, (size_t)n + 1, sizeof *u) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		u[n].id = strdup((const char *)sqlite3_column_text(st, 0));
		u[n].name = strdup((const char *)sqlite3_column_text(st, 1));
		n++;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		diag(sqlite3_db_filename(db, "main"), 0, NULL, "%s: %s", tr("读取单位失败", "cannot read units"), sqlite3_errmsg(db));
		n = -1;
	} else if (n == 0) {
		diag(sqlite3_db_filename(db, "main"), 0, only ? "--unit" : NULL, "%s%s%s",
		     only ? tr("没有这个单位:", "no such unit: ") : tr("数据库中还没有单位记录", "the database has no units yet"),
		     only ? only : "", "");
		n = -1;
	}
	sqlite3_finalize(st);
	if (n < 0) {
		free_units(u, n > 0 ? (size_t)n : 0);
		return -1;
	}
	*out = u;
	return n;
}

/* The waiver for rule/unit overlapping a window: an unexpired one first, else the one that
 * expired last (so that the finding can say it expired). */
#define WAIVER_SQL \
	"SELECT id, expires, expires >= ?5 FROM waivers WHERE rule_id = ?1 AND unit_id = ?2 AND period_from <= ?3 " \
	"AND period_to >= ?4 ORDER BY expires >= ?5 DESC, expires DESC, id LIMIT 1"

/* A waiver found for a window: its id (caller frees), expiry, and whether it still holds. */
struct waiver_hit {
	char *id;
	char expires[DATE_ISO_LEN];
	int in_force;
};

/* Looks up the waiver for rule/unit overlapping [from, to] as of as_of into *hit (hit->id NULL
 * when there is none). q is WAIVER_SQL, prepared once per check. */
static void find_waiver(sqlite3_stmt *q, const char *rule, const char *unit, date_t from, date_t to, date_t as_of,
			struct waiver_hit *hit)
{
	char f[DATE_ISO_LEN], t[DATE_ISO_LEN], a[DATE_ISO_LEN];
	date_format(from, f);
	date_format(to, t);
	date_format(as_of, a);
	memset(hit, 0, sizeof *hit);
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, t, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, a, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		hit->id = strdup((const char *)sqlite3_column_text(q, 0));
		snprintf(hit->expires, sizeof hit->expires, "%s", (const char *)sqlite3_column_text(q, 1));
		hit->in_force = sqlite3_column_int(q, 2);
	}
	sqlite3_reset(q);
}

/* Appends to the finding's message that its waiver has expired. */
static void note_expired(struct finding *f, const struct waiver_hit *hit)
{
	char buf[2048];
	snprintf(buf, sizeof buf, tr("%s(豁免 %s 已于 %s 过期)", "%s (waiver %s expired on %s)"), f->message ? f->message : "",
		 hit->id, hit->expires);
	char *m = strdup(buf);
	if (m) {
		free(f->message);
		f->message = m;
	}
}

static char *xstrdup(const char *s) { return s ? strdup(s) : NULL; }

static char *fmt(const char *f, const char *a, const char *b)
{
	char buf[2048];
	snprintf(buf, sizeof buf, f, a ? a : "", b ? b : "");
	return strdup(buf);
}

/* The plan's obligations into the findings, for the reports (out of memory: fewer). */
static void copy_obligations(const struct ruleset *rs, struct findings *out)
{
	out->obligs = rs->n_obligations ? calloc(rs->n_obligations, sizeof *out->obligs) : NULL;
	for (size_t i = 0; out->obligs && i < rs->n_obligations; i++) {
		const struct obligation *o = &rs->obligations[i];
		out->obligs[out->n_obligs++] = (struct oblig_note){.id = xstrdup(o->id), .clause = xstrdup(o->clause),
			.words = xstrdup(o->words), .how = (int)o->how, .reason = xstrdup(o->reason)};
	}
}

/* Fills t with the fields every finding of rule r over window w shares, whatever the unit:
 * computed once per block (the requirement's text with its values, the obligation ids), not
 * once per finding. */
static void fill_rule(struct finding *t, const struct ruleset *rs, const struct rule *r, const struct window *w)
{
	const struct clause *c = rules_clause(rs, r->clause);
	char src[4200];
	snprintf(src, sizeof src, "%s:%d", r->file, r->line);
	t->rule_id = xstrdup(r->id);
	t->clause = xstrdup(r->clause);
	t->clause_text = xstrdup(c ? c->text : r->quote);
	t->clause_title = xstrdup(c ? c->title : NULL);
	t->title = xstrdup(lang_get() == LANG_EN && r->title_en ? r->title_en : r->title);
	t->requires = rules_requires(rs, (size_t)(r - rs->rules));
	t->interpretation = xstrdup(r->interpretation);
	t->obligations = oblig_of_rule(rs, r->id, &t->n_obligations);
	t->severity = xstrdup(r->severity);
	t->points = r->points;
	t->window_from = w->from;
	t->window_to = w->to;
	t->due = w->to;
	t->source = xstrdup(src);
}

/* Fills f with the block's shared fields (tmpl, from fill_rule) and unit u. */
static void fill_common(struct finding *f, const struct finding *tmpl, const struct unit *u)
{
	finding_copy(f, tmpl);   /* out of memory: f is left empty, as a failed strdup left a field */
	f->unit_id = xstrdup(u->id);
	f->unit_name = xstrdup(u->name);
}

/* Moves the rule's verdict into the finding, turning an early fail into pending. */
static void take_result(struct finding *f, struct rule_result *res, date_t judged_to)
{
	f->status = res->status;
	if (res->status == ST_FAIL && f->due > judged_to) {
		char d[DATE_ISO_LEN];
		date_format(f->due, d);
		f->status = ST_PENDING;
		f->message = fmt(tr("尚未到期(%s 前完成):%s", "not yet due (by %s): %s"), d, res->message);
	} else {
		f->message = res->message;
		res->message = NULL;
	}
	if (res->status == ST_ERROR) {
		free(f->source);
		f->source = res->where;
		res->where = NULL;
	}
	f->evidence = res->evidence;
	f->n_evidence = res->n_evidence;
	f->looked_for = res->looked_for;
	res->evidence = NULL;
	res->n_evidence = 0;
	res->looked_for = NULL;
}

/* What judge keeps between deciding whether the rule's verdict is needed and taking it. */
struct pending_judgement {
	struct waiver_hit hit;
	date_t judged_to;
};

/* Judges unit u for rule ri over window w up to the rule's own verdict: fills f and returns 1
 * when the engine decides alone (not yet effective, waived, not started); else returns 0 with
 * *pj and *ctx ready for the rule, and finish_judgement owes pj->hit.id. The unit's waiver is
 * *found when the caller looked it up already (its id taken over), else looked up here. */
static int start_judgement(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, size_t ri,
			   const struct finding *tmpl, const struct unit *u, const struct window *w, struct finding *f,
			   struct pending_judgement *pj, struct rule_ctx *ctx, struct waiver_hit *found)
{
	const struct rule *r = &rs->rules[ri];
	fill_common(f, tmpl, u);
	date_t judged_to = w->to < o->period.to ? w->to : o->period.to;
	if (o->as_of < judged_to)
		judged_to = o->as_of;
	char d[DATE_ISO_LEN];
	if (w->to < rs->plan.effective && !rs->plan.check_before_effective) {
		date_format(rs->plan.effective, d);
		f->status = ST_NOT_APPLICABLE;
		f->message = fmt(tr("该时段在计划生效(%s)之前结束", "this window ended before the plan took effect (%s)"), d, NULL);
		return 1;
	}
	struct waiver_hit hit;
	if (found) {   /* looked up for the whole block: taken over */
		hit = *found;
		found->id = NULL;
	} else {
		find_waiver(waivers, r->id, u->id, w->from, w->to, o->as_of, &hit);
	}
	if (hit.id && hit.in_force) {
		f->waiver_id = hit.id;
		f->status = ST_WAIVED;
		f->message = fmt(tr("已豁免(豁免记录 %s)", "waived (waiver %s)"), f->waiver_id, NULL);
		return 1;
	}
	if (judged_to < w->from) {
		date_format(w->from, d);
		f->status = ST_PENDING;
		f->message = fmt(tr("尚未开始(%s 起)", "not started yet (from %s)"), d, NULL);
		free(hit.id);
		return 1;
	}
	*ctx = (struct rule_ctx){.unit_id = u->id, .unit_name = u->name, .from = w->from, .to = judged_to,
				 .window_from = w->from, .window_to = w->to, .period_from = o->period.from,
				 .period_to = o->period.to, .as_of = o->as_of, .year = 0};
	int m, dd;
	date_to_ymd(w->from, &ctx->year, &m, &dd);
	pj->hit = hit;
	pj->judged_to = judged_to;
	return 0;
}

/* Takes the rule's verdict res into f (an early fail becomes pending; an expired waiver is
 * noted) and frees what start_judgement left in pj and res. */
static void finish_judgement(struct finding *f, struct rule_result *res, struct pending_judgement *pj)
{
	take_result(f, res, pj->judged_to);
	rule_result_free(res);
	if (pj->hit.id && (f->status == ST_FAIL || f->status == ST_PENDING))
		note_expired(f, &pj->hit);
	free(pj->hit.id);
}

static void judge(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, size_t ri,
		  const struct finding *tmpl, const struct unit *u, const struct window *w, struct finding *f)
{
	struct pending_judgement pj;
	struct rule_ctx ctx;
	if (start_judgement(rs, waivers, o, ri, tmpl, u, w, f, &pj, &ctx, NULL))
		return;
	struct rule_result res;
	rules_run(rs, ri, &ctx, &res);
	finish_judgement(f, &res, &pj);
}

/* judge(), telling o->on_judge before and after. */
static void judge_noted(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, size_t ri,
			const struct finding *tmpl, const struct unit *u, const struct window *w, struct finding *f)
{
	if (o->on_judge)
		o->on_judge(o->on_judge_ud, w, NULL);
	judge(rs, waivers, o, ri, tmpl, u, w, f);
	if (o->on_judge)
		o->on_judge(o->on_judge_ud, w, f);
}

/* The waiver WAIVER_SQL picks, for every unit of a block at once: ordered by unit, the first
 * row of each unit is its pick. */
#define BLOCK_WAIVER_SQL \
	"SELECT unit_id, id, expires, expires >= ?4 FROM waivers WHERE rule_id = ?1 AND period_from <= ?2 " \
	"AND period_to >= ?3 ORDER BY unit_id, expires >= ?4 DESC, expires DESC, id"

/* Fills hits[0..nu) (zeroed by the caller) with the waiver of rule for each of units (in id
 * order, as load_units gives them) overlapping w as of as_of: one query for the block instead
 * of one per unit. 0, or -1 when the query failed (the caller looks each unit up then). */
static int block_waivers(sqlite3 *db, const char *rule, const struct unit *units, size_t nu, const struct window *w,
			 date_t as_of, struct waiver_hit *hits)
{
	sqlite3_stmt *q = NULL;
	char f[DATE_ISO_LEN], t[DATE_ISO_LEN], a[DATE_ISO_LEN];
	date_format(w->from, f);
	date_format(w->to, t);
	date_format(as_of, a);
	int rc = sqlite3_prepare_v2(db, BLOCK_WAIVER_SQL, -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, rule, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, t, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, f, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, a, -1, SQLITE_STATIC);
	}
	size_t j = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *unit = (const char *)sqlite3_column_text(q, 0);
		while (j < nu && strcmp(units[j].id, unit) < 0)
			j++;
		if (j < nu && strcmp(units[j].id, unit) == 0 && !hits[j].id) {
			hits[j].id = strdup((const char *)sqlite3_column_text(q, 1));
			snprintf(hits[j].expires, sizeof hits[j].expires, "%s", (const char *)sqlite3_column_text(q, 2));
			hits[j].in_force = sqlite3_column_int(q, 3);
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Units per check_all call set by YAODIAN_SET_BATCH, or 0 (none set: the batch adapts). 1 is
 * the per-unit mode (check() where the rule has one, else check_all with one unit), against
 * which the tests hold the set-based findings byte for byte. */
static size_t set_batch(void)
{
	const char *e = getenv("YAODIAN_SET_BATCH");
	long n = e && *e ? strtol(e, NULL, 10) : 0;
	return n >= 1 ? (size_t)n : 0;
}

/* The units of the next check_all call when one unit costs unit_cost bytes of the rule's state
 * at most: as many as CHECK_SET_MEMORY holds, from 1 to CHECK_SET_BATCH, so the memory of a call
 * stays about the same however many records a unit has. */
static size_t next_batch(size_t unit_cost)
{
	size_t fit = unit_cost ? CHECK_SET_MEMORY / unit_cost : CHECK_SET_BATCH;
	return fit >= CHECK_SET_BATCH ? CHECK_SET_BATCH : fit < 1 ? 1 : fit;
}

/* The set-based block for units[0..nu): what the engine decides alone for each unit first,
 * then one rules_run_all for the units left, then their verdicts, handed to out in unit
 * order. 0, or -1 (out of memory, or out could not take a finding). */
static int judge_set(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, size_t ri,
		     const struct finding *tmpl, const struct unit *units, size_t nu, const struct window *w,
		     struct findings *out)
{
	struct finding *f = calloc(nu, sizeof *f);
	struct pending_judgement *pj = calloc(nu, sizeof *pj);
	struct rule_ctx *ctx = calloc(nu, sizeof *ctx);
	struct rule_result *res = calloc(nu, sizeof *res);
	size_t *which = calloc(nu, sizeof *which);
	struct waiver_hit *hits = calloc(nu, sizeof *hits);
	int rc = f && pj && ctx && res && which && hits ? 0 : -1;
	bool found = rc == 0 && block_waivers(sqlite3_db_handle(waivers), rs->rules[ri].id, units, nu, w, o->as_of, hits) == 0;
	size_t m = 0;
	for (size_t j = 0; rc == 0 && j < nu; j++)
		if (start_judgement(rs, waivers, o, ri, tmpl, &units[j], w, &f[j], &pj[m], &ctx[m], found ? &hits[j] : NULL) == 0)
			which[m++] = j;
	if (rc == 0 && m > 0)
		rules_run_all(rs, ri, ctx, m, res);
	for (size_t k = 0; rc == 0 && k < m; k++)
		finish_judgement(&f[which[k]], &res[k], &pj[k]);
	for (size_t j = 0; f && j < nu; j++)
		if (rc == 0)
			rc = findings_put(out, &f[j]);
		else
			finding_clear(&f[j]);
	free(f);
	free(pj);
	free(ctx);
	free(res);
	free(which);
	for (size_t j = 0; hits && j < nu; j++)
		free(hits[j].id);   /* those start_judgement did not take (a window before the plan) */
	free(hits);
	return rc;
}

/* One block of the check: rule ri over window w for every unit, in unit order, each finding
 * handed to out as judged. The unit of work a worker thread takes whole. A rule with
 * check_all is judged set-based, batch units per call (not under explain's on_judge, which
 * follows one unit's queries); any other unit by unit. 0, or -1 when out could not take a
 * finding (out of memory, spool error). */
static int judge_block(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, size_t ri,
		       const struct unit *units, size_t nu, const struct window *w, struct findings *out)
{
	int rc = 0;
	size_t fixed = set_batch(), batch = fixed ? fixed : CHECK_SET_FIRST, unit_cost = 0;
	struct finding tmpl = {0};
	fill_rule(&tmpl, rs, &rs->rules[ri], w);
	if (rules_has_check_all(rs, ri) && !o->on_judge && (batch > 1 || !rules_has_check(rs, ri))) {
		for (size_t j = 0, n; rc == 0 && j < nu; j += n) {
			n = nu - j < batch ? nu - j : batch;
			rules_call_memory(rs);
			rc = judge_set(rs, waivers, o, ri, &tmpl, units + j, n, w, out);
			/* A call's growth is what it held at its peak; a collection inside it hides
			 * part, so the block keeps the highest cost per unit it has seen. */
			size_t cost = rules_call_memory(rs) / n;
			unit_cost = cost > unit_cost ? cost : unit_cost;
			if (!fixed)
				batch = next_batch(unit_cost);
		}
	} else {
		for (size_t j = 0; rc == 0 && j < nu; j++) {
			struct finding f = {0};
			judge_noted(rs, waivers, o, ri, &tmpl, &units[j], w, &f);
			rc = findings_put(out, &f);
		}
	}
	finding_clear(&tmpl);
	return rc;
}

/* Adds one error finding per load-time problem, so a broken rule file shows up in the check. */
static int add_problems(const struct ruleset *rs, struct findings *out)
{
	for (size_t i = 0; i < rs->n_problems; i++) {
		struct finding x = {0}, *f = &x;
		const struct rule_problem *p = &rs->problems[i];
		f->rule_id = xstrdup(p->field ? p->field : "-");
		f->clause = xstrdup("");
		f->clause_text = xstrdup("");
		f->title = xstrdup(tr("规则文件有误", "broken rule file"));
		f->severity = xstrdup("high");
		f->unit_id = xstrdup("");
		f->unit_name = xstrdup("");
		f->window_from = out->period.from;
		f->window_to = f->due = out->period.to;
		f->status = ST_ERROR;
		f->message = xstrdup(p->message);
		f->source = xstrdup(p->where);
		if (findings_put(out, f) < 0)
			return -1;
	}
	return 0;
}

/* Rule indices in the plan's clause order, then load order. Caller frees. */
static size_t *clause_order(const struct ruleset *rs)
{
	size_t *idx = malloc((rs->n_rules ? rs->n_rules : 1) * sizeof *idx);
	size_t n = 0;
	if (!idx)
		return NULL;
	for (size_t c = 0; c < rs->plan.n_clauses; c++)
		for (size_t i = 0; i < rs->n_rules; i++)
			if (strcmp(rs->rules[i].clause, rs->plan.clauses[c].id) == 0)
				idx[n++] = i;
	for (size_t i = 0; i < rs->n_rules; i++)
		if (!rules_clause(rs, rs->rules[i].clause))
			idx[n++] = i;
	return idx;
}

/* All windows of rule r that overlap the period. Returns the count (0 if no calendar data). */
static int windows_in_period(const struct ruleset *rs, const struct rule *r, const struct period *p,
			     struct window *out, int max)
{
	int y1, y2, m, d, n = 0;
	date_to_ymd(p->from, &y1, &m, &d);
	date_to_ymd(p->to, &y2, &m, &d);
	for (int y = y1; y <= y2 && n < max; y++) {
		struct window w[SCHED_MAX_WINDOWS];
		int k = sched_windows(&r->due, rs->cal, y, w);
		for (int i = 0; i < k && n < max; i++)
			if (w[i].to >= p->from && w[i].from <= p->to)
				out[n++] = w[i];
	}
	return n;
}

/* Whether the rules have a rule with this id. */
static int rule_known(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return 1;
	return 0;
}

#define WAIVER_LIST_SQL \
	"SELECT id, unit_id, rule_id, period_from, period_to, expires, justification FROM waivers " \
	"WHERE period_from <= ?1 AND period_to >= ?2 AND (?3 IS NULL OR unit_id = ?3) AND (?4 IS NULL OR rule_id = ?4) " \
	"ORDER BY unit_id, id"

/* Appends one row of WAIVER_LIST_SQL to out->waivers. 0 or -1 (out of memory). */
static int add_waiver(sqlite3_stmt *q, const struct ruleset *rs, date_t as_of, struct findings *out)
{
	struct waiver_note *grown = realloc(out->waivers, (out->n_waivers + 1) * sizeof *grown);
	if (!grown)
		return -1;
	out->waivers = grown;
	struct waiver_note *w = &out->waivers[out->n_waivers++];
	memset(w, 0, sizeof *w);
	w->id = xstrdup((const char *)sqlite3_column_text(q, 0));
	w->unit_id = xstrdup((const char *)sqlite3_column_text(q, 1));
	w->rule_id = xstrdup((const char *)sqlite3_column_text(q, 2));
	w->reason = xstrdup((const char *)sqlite3_column_text(q, 6));
	if (date_parse((const char *)sqlite3_column_text(q, 3), &w->from) < 0 ||
	    date_parse((const char *)sqlite3_column_text(q, 4), &w->to) < 0 ||
	    date_parse((const char *)sqlite3_column_text(q, 5), &w->expires) < 0)
		w->from = w->to = w->expires = 0;
	w->in_force = w->expires >= as_of;
	w->rule_known = w->rule_id && rule_known(rs, w->rule_id);
	return w->id && w->unit_id && w->rule_id ? 0 : -1;
}

/* The waivers of the checked units (and rule, when one is checked) overlapping the period, into out->waivers; a waiver naming
 * a rule the rules do not have is said on stderr (it can waive nothing). 0 or -1. */
static int collect_waivers(sqlite3 *db, const struct ruleset *rs, const struct check_opts *o, struct findings *out)
{
	sqlite3_stmt *q = NULL;
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
	date_format(o->period.from, from);
	date_format(o->period.to, to);
	if (sqlite3_prepare_v2(db, WAIVER_LIST_SQL, -1, &q, NULL) != SQLITE_OK) {
		diag(sqlite3_db_filename(db, "main"), 0, "waivers", "%s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(q, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_STATIC);
	if (o->unit)
		sqlite3_bind_text(q, 3, o->unit, -1, SQLITE_STATIC);
	if (o->rule)
		sqlite3_bind_text(q, 4, o->rule, -1, SQLITE_STATIC);
	int rc = 0;
	while (rc == 0 && sqlite3_step(q) == SQLITE_ROW) {
		if ((rc = add_waiver(q, rs, o->as_of, out)) < 0)
			diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		const struct waiver_note *w = rc == 0 ? &out->waivers[out->n_waivers - 1] : NULL;
		if (w && !w->rule_known)
			diag(sqlite3_db_filename(db, "main"), 0, "waivers",
			     tr("豁免 %s 指向的规则 %s 不存在,不起作用(用 yaodian coverage 查看规则编号)",
				"waiver %s names rule %s, which the rules do not have; it waives nothing (yaodian coverage lists the rule ids)"),
			     w->id, w->rule_id);
	}
	sqlite3_finalize(q);
	return rc;
}

/* One block of the parallel check: rule ri (the k-th in clause order) over window w. */
struct block {
	size_t k, ri;
	struct window w;
};

/* A worker thread's own rule set, read-only connection and waiver statement (worker 0 borrows
 * the caller's). */
struct worker {
	struct ruleset *rs;
	sqlite3 *db;
	sqlite3_stmt *waivers;
	bool own;
};

/* What the parallel check shares: read-only in the workers, but `out`, `pg` and `stepped`
 * belong to the calling thread (emit). */
struct par {
	struct worker first;           /* the caller's rule set, connection and statement */
	const struct check_opts *o;
	const struct unit *units;
	size_t nu;
	const struct block *blocks;
	struct findings *out;
	struct progress *pg;
	size_t stepped;                /* rules counted on the progress line */
};

/* workers_ops.start: worker 0 takes the caller's rule set and connection (the caller only
 * emits while the workers run); each other one loads the rules again and opens the database
 * read-only, in its own thread. */
static int par_start(void *ud, int k, void **state)
{
	struct par *p = ud;
	struct worker *w = k == 0 ? &p->first : calloc(1, sizeof *w);
	*state = w;
	if (!w) {
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	if (k == 0)
		return 0;
	w->own = true;
	const char *file = sqlite3_db_filename(p->first.db, "main");
	if (!(w->rs = rules_clone(p->first.rs)) || store_open(file, STORE_READONLY, &w->db) < 0)
		return -1;
	rules_attach_db(w->rs, w->db);
	if (sqlite3_prepare_v2(w->db, WAIVER_SQL, -1, &w->waivers, NULL) != SQLITE_OK) {
		diag(file, 0, "waivers", "%s", sqlite3_errmsg(w->db));
		return -1;
	}
	return 0;
}

static void par_stop(void *ud, int k, void *state)
{
	(void)ud, (void)k;
	struct worker *w = state;
	if (!w || !w->own)
		return;
	sqlite3_finalize(w->waivers);
	rules_free(w->rs);   /* detaches the connection before it is closed */
	sqlite3_close(w->db);
	free(w);
}

/* A judged block waiting for its turn. The findings of a block share the rule's words, title,
 * requirement and so on: held once in proto while the block waits (block_share), copied back
 * into each finding as it is handed on (block_unshare), so that the blocks in flight take
 * about a fifth of the memory. */
struct block_result {
	struct findings f;
	struct finding proto;       /* the shared strings, owned */
	unsigned char *shared;      /* per finding: bit i set when field i was taken out */
};

enum { N_SHARED = 8 };

/* Field i (< N_SHARED) of the strings a block's findings may share. */
static char **shared_field(struct finding *f, int i)
{
	char **v[N_SHARED] = {&f->clause, &f->clause_text, &f->clause_title, &f->title, &f->requires,
			      &f->interpretation, &f->severity, &f->source};
	return v[i];
}

/* Takes out of every finding of b the strings equal to its first finding's (kept in b->proto).
 * 0, or -1 when out of memory (nothing taken out then). */
static int block_share(struct block_result *b)
{
	if (b->f.n == 0)
		return 0;
	if (!(b->shared = calloc(b->f.n, 1)))
		return -1;
	for (int i = 0; i < N_SHARED; i++) {
		*shared_field(&b->proto, i) = *shared_field(&b->f.items[0], i);
		*shared_field(&b->f.items[0], i) = NULL;
		if (*shared_field(&b->proto, i))
			b->shared[0] |= (unsigned char)(1u << i);
	}
	for (size_t j = 1; j < b->f.n; j++)
		for (int i = 0; i < N_SHARED; i++) {
			char **mine = shared_field(&b->f.items[j], i), *proto = *shared_field(&b->proto, i);
			if (*mine && proto && strcmp(*mine, proto) == 0) {
				free(*mine);
				*mine = NULL;
				b->shared[j] |= (unsigned char)(1u << i);
			}
		}
	return 0;
}

/* Gives finding j of b back the strings block_share took out. 0, or -1 when out of memory. */
static int block_unshare(struct block_result *b, size_t j)
{
	for (int i = 0; b->shared && i < N_SHARED; i++)
		if ((b->shared[j] & (1u << i)) && !(*shared_field(&b->f.items[j], i) = strdup(*shared_field(&b->proto, i))))
			return -1;
	return 0;
}

static void par_drop(void *ud, void *result)
{
	(void)ud;
	struct block_result *b = result;
	findings_free(&b->f);
	finding_clear(&b->proto);
	free(b->shared);
	free(b);
}

/* workers_ops.work: one block judged into a list of its own, kept in memory. */
static int par_work(void *ud, void *state, size_t i, void **result)
{
	struct par *p = ud;
	struct worker *w = state;
	struct block_result *b = calloc(1, sizeof *b);
	*result = b;
	const struct block *k = &p->blocks[i];
	if (!b || judge_block(w->rs, w->waivers, p->o, k->ri, p->units, p->nu, &k->w, &b->f) < 0 || block_share(b) < 0) {
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	return 0;
}

/* workers_ops.emit: the block's findings handed to out in order; the progress line counts
 * the rules reached. */
static int par_emit(void *ud, size_t i, void *result)
{
	struct par *p = ud;
	struct block_result *b = result;
	for (; p->stepped <= p->blocks[i].k; p->stepped++)
		progress_step(p->pg);
	int rc = 0;
	for (size_t j = 0; rc == 0 && j < b->f.n; j++)
		rc = block_unshare(b, j) == 0 ? findings_put(p->out, &b->f.items[j]) : -1;
	if (rc < 0)
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
	par_drop(NULL, b);
	return rc;
}

/* Every (rule, window) block of the check in order (clause order, then window). Returns the
 * count and *out (caller frees), or -1 when out of memory. */
static long list_blocks(const struct ruleset *rs, const struct check_opts *o, const size_t *order, struct block **out)
{
	enum { MAXW = 64 };
	struct window w[MAXW];
	struct block *b = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = 0; k < rs->n_rules; k++) {
		const struct rule *r = &rs->rules[order[k]];
		if (o->rule && strcmp(o->rule, r->id) != 0)
			continue;
		int nw = windows_in_period(rs, r, &o->period, w, MAXW);
		for (int i = 0; i < nw; i++) {
			if (vec_reserve(&b, &cap, n + 1, sizeof *b) < 0) {
				free(b);
				return -1;
			}
			b[n++] = (struct block){.k = k, .ri = order[k], .w = w[i]};
		}
	}
	*out = b;
	return (long)n;
}

/* The blocks judged by o->jobs worker threads and emitted in order: the same findings, in the
 * same order, as judge_blocks. 0 or -1 (after a diagnostic). */
static int judge_parallel(struct ruleset *rs, sqlite3 *db, sqlite3_stmt *waivers, const struct check_opts *o,
			  const size_t *order, const struct unit *units, size_t nu, struct progress *pg,
			  struct findings *out)
{
	struct block *blocks = NULL;
	long nb = list_blocks(rs, o, order, &blocks);
	if (nb < 0) {
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	struct par p = {.first = {.rs = rs, .db = db, .waivers = waivers}, .o = o, .units = units, .nu = nu,
			.blocks = blocks, .out = out, .pg = pg};
	struct workers_ops ops = {.ud = &p, .start = par_start, .work = par_work, .emit = par_emit,
				  .drop = par_drop, .stop = par_stop};
	int jobs = o->jobs < nb ? o->jobs : (int)nb;
	int rc = nb == 0 ? 0 : workers_run(jobs, (size_t)nb, 2 * (size_t)jobs, &ops);
	for (; rc == 0 && p.stepped < rs->n_rules; p.stepped++)
		progress_step(pg);
	free(blocks);
	return rc;
}

/* The blocks judged one after the other in this thread, each finding handed to out as judged
 * (and to o->on_judge: explain traces them in order). 0 or -1 (after a diagnostic). */
static int judge_blocks(struct ruleset *rs, sqlite3_stmt *waivers, const struct check_opts *o, const size_t *order,
			const struct unit *units, size_t nu, struct progress *pg, struct findings *out)
{
	enum { MAXW = 64 };
	struct window w[MAXW];
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < rs->n_rules; k++) {
		const struct rule *r = &rs->rules[order[k]];
		progress_step(pg);
		if (o->rule && strcmp(o->rule, r->id) != 0)
			continue;
		int nw = windows_in_period(rs, r, &o->period, w, MAXW);
		for (int i = 0; rc == 0 && i < nw; i++)
			rc = judge_block(rs, waivers, o, order[k], units, nu, &w[i], out);
	}
	if (rc < 0)
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
	return rc;
}

/* Whether the check may run on worker threads: more than one asked for, nobody listening to
 * each judgement in order (explain), and a database file the workers can open again. */
static bool parallel_ok(sqlite3 *db, const struct check_opts *o, int jobs)
{
	const char *file = sqlite3_db_filename(db, "main");
	return jobs > 1 && !o->on_judge && file && *file && sqlite3_threadsafe() != 0;
}

/* The worker threads for a check of nu units: --jobs as given, else (0) the processors when
 * there are CHECK_PARALLEL_UNITS units or more and one thread below that, where copying the
 * rules into each worker would cost more than the threads save. */
static int jobs_for(const struct check_opts *o, long nu)
{
	if (o->jobs > 0)
		return o->jobs;
	return nu >= CHECK_PARALLEL_UNITS ? check_default_jobs() : 1;
}

int check_run(struct ruleset *rs, sqlite3 *db, const struct check_opts *o, struct findings *out)
{
	if (rs->refused) {
		rules_report_refusal(rs);
		return -1;
	}
	out->period = o->period;
	date_format(o->as_of, out->as_of);
	out->plan_id = xstrdup(rs->plan.id ? rs->plan.id : "");
	out->plan_title = xstrdup(rs->plan.title ? rs->plan.title : "");
	copy_obligations(rs, out);
	snprintf(out->rules_hash, sizeof out->rules_hash, "%016" PRIx64, rs->hash);
	struct unit *units = NULL;
	long nu = load_units(db, o->unit, &units);
	if (nu < 0)
		return -1;
	sqlite3_stmt *waivers = NULL;
	if (sqlite3_prepare_v2(db, WAIVER_SQL, -1, &waivers, NULL) != SQLITE_OK) {
		diag(sqlite3_db_filename(db, "main"), 0, "waivers", "%s", sqlite3_errmsg(db));
		free_units(units, (size_t)nu);
		return -1;
	}
	size_t *order = clause_order(rs);
	int rc = order && (o->rule || add_problems(rs, out) == 0) ? 0 : -1;
	if (rc < 0)
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
	struct progress pg;
	progress_start(&pg, o->progress, (long)rs->n_rules, nu);
	struct check_opts po = *o;
	po.jobs = jobs_for(o, nu);
	if (rc == 0 && parallel_ok(db, &po, po.jobs))
		rc = judge_parallel(rs, db, waivers, &po, order, units, (size_t)nu, &pg, out);
	else if (rc == 0)
		rc = judge_blocks(rs, waivers, o, order, units, (size_t)nu, &pg, out);
	progress_end(&pg);
	if (rc == 0)
		rc = collect_waivers(db, rs, o, out);
	sqlite3_finalize(waivers);
	free(order);
	free_units(units, (size_t)nu);
	findings_count(out);
	return rc;
}

int check_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > CHECK_MAX_JOBS ? CHECK_MAX_JOBS : (int)n;
}
