/* feeds.c — assembling the plan, work-point and unit feeds from rules and findings. */
#include "feeds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "feed.h"
#include "lang.h"
#include "progress.h"
#include "vec.h"

long feeds_occurrences(const struct ruleset *rs, int from, int to, struct occurrence **out)
{
	struct occurrence *occ = NULL;
	size_t n = 0, cap = 0;
	for (size_t c = 0; c < rs->plan.n_clauses; c++)
		for (size_t r = 0; r < rs->n_rules; r++) {
			if (strcmp(rs->rules[r].clause, rs->plan.clauses[c].id) != 0)
				continue;
			for (int y = from; y <= to; y++) {
				struct window w[SCHED_MAX_WINDOWS];
				int k = sched_windows(&rs->rules[r].due, rs->cal, y, w);
				for (int i = 0; i < k; i++) {
					if (vec_reserve(&occ, &cap, n + 1, sizeof *occ) < 0) {
						free(occ);
						return -1;
					}
					occ[n++] = (struct occurrence){.rule = r, .w = w[i]};
				}
			}
		}
	*out = occ;
	return (long)n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static const char *rule_title(const struct rule *r)
{
	return lang_get() == LANG_EN && r->title_en ? r->title_en : r->title;
}

/* The description every feed shows for an occurrence: clause, its words, what is required,
 * the window and which rule (id and file). extra (may be NULL) is appended. */
static char *describe(const struct ruleset *rs, const struct rule *r, const struct window *w, const char *extra)
{
	const struct clause *c = rules_clause(rs, r->clause);
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(w->from, a);
	date_format(w->to, b);
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	fprintf(m, "%s%s %s\n", tr("条款:", "Clause: "), r->clause, c ? c->title : "");
	fprintf(m, "%s%s\n", tr("原文:", "Plan text: "), c ? c->text : r->quote);
	char *req = rules_requires(rs, (size_t)(r - rs->rules));
	fprintf(m, "%s%s\n", tr("要求:", "Requires: "), req ? req : rule_title(r));
	free(req);
	if (r->interpretation)
		fprintf(m, "%s%s\n", tr("解读:", "Interpretation: "), r->interpretation);
	fprintf(m, tr("时段:%s 至 %s(%s 前完成)\n", "Window: %s to %s (due by %s)\n"), a, b, b);
	/* the file, not the line: an edit elsewhere in the file moves the line, and the item
	 * would look changed (SEQUENCE + 1) to every subscriber */
	fprintf(m, "%s%s (%s)", tr("规则:", "Rule: "), r->id, base_name(r->file));
	if (extra)
		fprintf(m, "\n%s", extra);
	fclose(m);
	return text;
}

static void categories(const struct rule *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s,%s,%s", tr("关心下一代工作", "Caring for the next generation"), r->clause, r->severity);
}

/* What one item says besides the rule: its summary's prefix (a unit's status, or ""), the
 * description's extra lines (NULL for none), and whether it is hidden (--open-only). */
struct item_text {
	const char *prefix;
	const char *extra;
	bool hidden;
};

/* Appends to f the event of uid over [from, to] for window w, then sets its preparation
 * reminder and hidden flag. */
static int add_event(struct feed *f, const char *uid, date_t from, date_t to, const char *summary,
		     const char *desc, const char *cats, int remind, int prepare, const struct window *w, bool hidden)
{
	if (feed_add(f, uid, from, to, summary, desc, cats, remind) < 0)
		return -1;
	struct feed_event *e = &f->events[f->n - 1];
	e->prepare_days = prepare;
	e->start = w->from;
	e->hidden = hidden;
	return 0;
}

/* Adds to f what one window of rule r is published as, under key ("rule/start" or
 * "rule/start/unit"): a window of up to FEEDS_LONG_DAYS days as itself, reminded before its
 * deadline and (prepare) before it opens; a longer one as an item on its deadline day
 * ("截止:…", UID key@plan) carrying both reminders, plus, when windows or the rule's
 * show_window asks for it, the window itself as a second item (UID key/window@plan) that
 * carries the preparation reminder instead. */
static int add_items(struct feed *f, const struct ruleset *rs, const struct rule *r, const struct window *w,
		     const char *key, const struct item_text *t, bool windows)
{
	bool lng = w->to - w->from + 1 > FEEDS_LONG_DAYS;
	bool show = !lng || windows || r->show_window;
	char uid[1024], cats[256], summary[768];
	const char *plan = rs->plan.id ? rs->plan.id : "";
	categories(r, cats, sizeof cats);
	char *desc = describe(rs, r, w, t->extra);
	int rc = desc ? 0 : -1;
	if (rc == 0 && lng) {
		snprintf(uid, sizeof uid, "%s@%s.yaodian", key, plan);
		snprintf(summary, sizeof summary, "%s%s%s", t->prefix, tr("截止:", "Due: "), rule_title(r));
		rc = add_event(f, uid, w->to, w->to, summary, desc, cats, r->remind, show ? -1 : r->prepare, w, t->hidden);
	}
	if (rc == 0 && show) {
		snprintf(uid, sizeof uid, lng ? "%s/window@%s.yaodian" : "%s@%s.yaodian", key, plan);
		snprintf(summary, sizeof summary, "%s%s", t->prefix, rule_title(r));
		rc = add_event(f, uid, w->from, w->to, summary, desc, cats, lng ? -1 : r->remind, r->prepare, w, t->hidden);
	}
	free(desc);
	return rc;
}

/* Adds occurrence o of the plan (no unit) to f. */
static int add_plan_event(struct feed *f, const struct ruleset *rs, const struct occurrence *o, bool windows)
{
	const struct rule *r = &rs->rules[o->rule];
	char key[512], d[DATE_ISO_LEN];
	date_format(o->w.from, d);
	snprintf(key, sizeof key, "%s/%s", r->id, d);
	struct item_text t = {.prefix = ""};
	return add_items(f, rs, r, &o->w, key, &t, windows);
}

/* A work point's file name: "三、6" -> "point-3-6.ics", the preamble "序" -> "point-0.ics". */
static void point_file(const char *clause, char *buf, size_t len)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	char body[128] = "";
	size_t n = 0;
	for (const char *p = clause; *p && n + 4 < sizeof body;) {
		size_t k = 0;
		for (int i = 0; i < 10 && !k; i++)
			if (strncmp(p, numerals[i], strlen(numerals[i])) == 0) {
				n += (size_t)snprintf(body + n, sizeof body - n, "%d", i + 1);
				k = strlen(numerals[i]);
			}
		if (!k && strncmp(p, "、", strlen("、")) == 0)
			body[n++] = '-', k = strlen("、");
		if (!k && ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			body[n++] = *p, k = 1;
		p += k ? k : 1;
		body[n] = '\0';
	}
	snprintf(buf, len, "point-%s.ics", n ? body : "0");
}

void feeds_unit_file(const char *id, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "unit-");
	for (const unsigned char *p = (const unsigned char *)id; *p && n + 5 < len; p++)
		buf[n++] = *p == '/' || *p == '\\' || *p <= ' ' || *p == 0x7f ? '_' : (char)*p;
	snprintf(buf + n, len - n, ".ics");
}

static int start_feed(struct feed *f, const struct ruleset *rs, const char *file, const char *name, const char *desc)
{
	memset(f, 0, sizeof *f);
	f->plan = strdup(rs->plan.id ? rs->plan.id : "");
	f->file = strdup(file);
	f->name = strdup(name);
	f->description = strdup(desc);
	return f->plan && f->file && f->name && f->description ? 0 : -1;
}

/* Where built feeds go, and how many went. */
struct out {
	feeds_sink sink;
	void *arg;
	int handed;
	int from, to;   /* the years */
	date_t as_of;
	struct feeds_opts opts;
};

/* Hands f to the sink and frees it. */
static int finish_feed(struct out *o, struct feed *f)
{
	f->from_year = o->from;
	f->to_year = o->to;
	int rc = o->sink(f, o->arg);
	feed_free(f);
	if (rc == 0)
		o->handed++;
	return rc;
}

static int plan_and_point_feeds(struct ruleset *rs, const struct occurrence *occ, long n, struct out *o)
{
	struct feed f;
	char name[512];
	snprintf(name, sizeof name, "%s %s", rs->plan.title, tr("工作安排", "schedule"));
	int rc = start_feed(&f, rs, "plan.ics", name, rs->plan.title);
	for (long i = 0; rc == 0 && i < n; i++)
		rc = add_plan_event(&f, rs, &occ[i], o->opts.windows);
	rc = rc == 0 ? finish_feed(o, &f) : (feed_free(&f), -1);
	for (size_t c = 0; rc == 0 && c < rs->plan.n_clauses; c++) {
		const struct clause *cl = &rs->plan.clauses[c];
		char file[160];
		point_file(cl->id, file, sizeof file);
		snprintf(name, sizeof name, "%s %s %s", tr("要点", "Work point"), cl->id, cl->title);
		rc = start_feed(&f, rs, file, name, cl->text);
		for (long i = 0; rc == 0 && i < n; i++)
			if (strcmp(rs->rules[occ[i].rule].clause, cl->id) == 0)
				rc = add_plan_event(&f, rs, &occ[i], o->opts.windows);
		/* A clause no rule enforces is handed over too, empty: if its feed was published
		 * before (its rules since withdrawn), the writer publishes its items cancelled. */
		rc = rc == 0 ? finish_feed(o, &f) : (feed_free(&f), -1);
	}
	return rc;
}

static const struct rule *find_rule(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

/* Whether the rule's own words about finding f may be published: only once its window has
 * closed by as_of. While it is open, the rule judged the records up to as_of, and its message
 * and what it looked for name that day ("…在 2020-01-01..2020-06-10"): text that would change
 * every day and re-sequence the item. Statuses the engine sets itself (waived, not
 * applicable, error) say nothing about the day. */
static bool words_settled(const struct finding *f, date_t as_of)
{
	bool judged = f->status == ST_PASS || f->status == ST_FAIL || f->status == ST_PENDING;
	return !judged || f->due <= as_of;
}

/* The finding's status and message, and its evidence (record ids only: never a name). */
static char *status_text(const struct finding *f, date_t as_of)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	bool words = words_settled(f, as_of);
	fprintf(m, "%s%s", tr("状态:", "Status: "), status_label(f->status));
	if (words && f->message && *f->message)
		fprintf(m, " — %s", f->message);
	for (size_t i = 0; i < f->n_evidence; i++)
		fprintf(m, "%s%s", i ? ", " : tr("\n佐证:", "\nEvidence: "), f->evidence[i]);
	if (words && f->n_evidence == 0 && f->looked_for)
		fprintf(m, "%s%s", tr("\n查找:", "\nLooked for: "), f->looked_for);
	fclose(m);
	return text;
}

/* Whether a unit's item is done, so that --open-only leaves it out. */
static bool done(enum status s)
{
	return s == ST_PASS || s == ST_WAIVED || s == ST_NOT_APPLICABLE;
}

/* Adds finding f (one rule, one window, one unit) to the unit's feed. */
static int add_unit_event(struct feed *feed, const struct ruleset *rs, const struct finding *f, const struct out *o)
{
	const struct rule *r = find_rule(rs, f->rule_id);
	if (!r)
		return 0;
	struct window w = {.from = f->window_from, .to = f->window_to};
	char key[768], prefix[128], d[DATE_ISO_LEN];
	date_format(w.from, d);
	snprintf(key, sizeof key, "%s/%s/%s", r->id, d, f->unit_id);
	snprintf(prefix, sizeof prefix, "[%s] ", status_label(f->status));
	char *st = status_text(f, o->as_of);
	struct item_text t = {.prefix = prefix, .extra = st, .hidden = o->opts.open_only && done(f->status)};
	int rc = st ? add_items(feed, rs, r, &w, key, &t, o->opts.windows) : -1;
	free(st);
	return rc;
}

/* Starts the feed of the unit of finding first. */
static int start_unit_feed(struct feed *f, const struct ruleset *rs, const struct finding *first)
{
	char file[512], name[512];
	feeds_unit_file(first->unit_id, file, sizeof file);
	snprintf(name, sizeof name, "%s %s", first->unit_name, tr("关心下一代工作安排与完成情况", "schedule and progress"));
	if (start_feed(f, rs, file, name, rs->plan.title) == 0)
		return 0;
	feed_free(f);
	return -1;
}

/* One feed per unit that has findings, in the order the units first appear, each unit's items
 * in check order: the findings are read by cursor grouped by unit, so only one unit's feed is
 * in memory at a time. */
static int unit_feeds(struct ruleset *rs, const struct findings *fs, struct out *o)
{
	struct findings_cursor c;
	if (findings_open(&c, fs, FO_UNIT) < 0)
		return -1;
	struct feed f;
	char *unit = NULL;   /* the unit of the open feed */
	bool open = false;
	int rc = 0;
	for (const struct finding *x; rc == 0 && (x = findings_next(&c));) {
		if (!x->unit_id || !*x->unit_id)   /* load problems carry no unit */
			continue;
		if (!open || strcmp(unit, x->unit_id) != 0) {
			rc = open ? finish_feed(o, &f) : 0;
			open = false;
			free(unit);
			unit = rc == 0 ? strdup(x->unit_id) : NULL;
			if (rc == 0)
				rc = unit ? start_unit_feed(&f, rs, x) : -1;
			open = rc == 0;
		}
		if (rc == 0)
			rc = add_unit_event(&f, rs, x, o);
	}
	if (c.failed)
		rc = -1;
	if (open)
		rc = rc == 0 ? finish_feed(o, &f) : (feed_free(&f), -1);
	free(unit);
	findings_close(&c);
	return rc;
}

int feeds_build_opts(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, const struct feeds_opts *opts,
		     feeds_sink sink, void *arg)
{
	struct occurrence *occ = NULL;
	struct out o = {.sink = sink, .arg = arg, .from = from, .to = to, .as_of = as_of};
	if (opts)
		o.opts = *opts;
	long n = feeds_occurrences(rs, from, to, &occ);
	int rc = n < 0 ? -1 : plan_and_point_feeds(rs, occ, n, &o);
	free(occ);
	struct findings fs = {0};
	struct check_opts co = {.as_of = as_of, .progress = progress_wanted(), .jobs = o.opts.jobs};
	period_from_range(date_from_ymd(from, 1, 1), date_from_ymd(to, 12, 31), &co.period);
	if (rc == 0 && !o.opts.year)
		rc = findings_spool(&fs) < 0 || check_run(rs, ro_db, &co, &fs) < 0 ? -1 : 0;
	if (rc == 0)
		rc = unit_feeds(rs, o.opts.year ? o.opts.year : &fs, &o);
	findings_free(&fs);
	if (rc < 0 && n < 0)
		diag("calendar", 0, NULL, "%s", tr("内存不足", "out of memory"));
	return rc < 0 ? -1 : o.handed;
}

int feeds_build(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, feeds_sink sink, void *arg)
{
	return feeds_build_opts(rs, ro_db, from, to, as_of, NULL, sink, arg);
}

struct writer {
	sqlite3 *db;
	const char *dir;
	time_t now;
	struct outfile *staged;   /* one finished temporary file per feed, renamed at the end */
	size_t n, cap;
};

/* Stages f, unless it is empty and nothing was ever published in it. */
static int stage_one(const struct feed *f, void *arg)
{
	struct writer *w = arg;
	if (f->n == 0) {
		int p = feed_published(w->db, f);
		if (p <= 0)
			return p;
	}
	if (vec_reserve(&w->staged, &w->cap, w->n + 1, sizeof *w->staged) < 0) {
		diag(f->file, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	if (feed_stage(w->db, f, w->dir, w->now, &w->staged[w->n]) < 0)
		return -1;
	w->n++;
	return 0;
}

/* Makes the rules' plan the one db publishes feeds for, inside the open transaction: when db
 * has published another plan, only if new_plan. Returns 0, -2 (another plan: after a
 * diagnostic naming both and --new-plan) or -1 (database error, after a diagnostic). */
static int claim_plan(sqlite3 *db, const struct ruleset *rs, bool new_plan, time_t now)
{
	const char *plan = rs->plan.id ? rs->plan.id : "";
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, "SELECT plan_id FROM feed_plan WHERE one = 1", -1, &q, NULL);
	char *old = NULL;
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		old = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	bool same = old && strcmp(old, plan) == 0;
	if (rc == SQLITE_ROW && !same && !new_plan) {
		diag(rs->plan.where ? rs->plan.where : rs->dir, 0, "plan.id",
		     tr("数据库 %s 发布的是计划“%s”的日历,这个规则目录的计划是“%s”;确要改为发布新计划,请加 --new-plan"
			"(旧计划的日历状态保留,不会被标为取消)",
			"database %s publishes the feeds of plan '%s', these rules are plan '%s'; to publish the new plan "
			"instead, add --new-plan (the old plan's feed state is kept, nothing of it is cancelled)"),
		     sqlite3_db_filename(db, "main"), old ? old : "", plan);
		free(old);
		return -2;
	}
	free(old);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	if (same)
		return 0;
	char stamp[20];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO feed_plan (one, plan_id, since) VALUES (1, ?, ?)", -1, &q,
			       NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(q, 1, plan, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, stamp, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return 0;
fail:
	diag(sqlite3_db_filename(db, "main"), 0, "feed_plan", "%s", sqlite3_errmsg(db));
	return -1;
}

int feeds_write_opts(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		     const char *dir, time_t now, const struct feeds_opts *o)
{
	struct feeds_opts def = {0};
	if (!o)
		o = &def;
	struct writer w = {.db = state_db, .dir = dir, .now = now};
	if (feed_begin(state_db) < 0)
		return -1;
	int claim = claim_plan(state_db, rs, o->new_plan, now);
	int rc = claim < 0 ? -1 : feeds_build_opts(rs, ro_db, from, to, as_of, o, stage_one, &w) < 0 ? -1 : 0;
	rc = feed_end(state_db, w.staged, w.n, rc);
	free(w.staged);
	return claim == -2 ? -2 : rc < 0 ? -1 : (int)w.n;
}

int feeds_write(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		const char *dir, time_t now)
{
	return feeds_write_opts(rs, state_db, ro_db, from, to, as_of, dir, now, NULL);
}
