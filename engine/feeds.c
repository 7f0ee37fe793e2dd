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

/* Adds occurrence o of the plan (no unit) to f. */
static int add_plan_event(struct feed *f, const struct ruleset *rs, const struct occurrence *o)
{
	const struct rule *r = &rs->rules[o->rule];
	char uid[512], cats[256], d[DATE_ISO_LEN];
	date_format(o->w.from, d);
	snprintf(uid, sizeof uid, "%s/%s@%s.yaodian", r->id, d, rs->plan.id);
	categories(r, cats, sizeof cats);
	char *desc = describe(rs, r, &o->w, NULL);
	int rc = desc ? feed_add(f, uid, o->w.from, o->w.to, rule_title(r), desc, cats, r->remind) : -1;
	free(desc);
	return rc;
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

/* A unit's file name: unit-<id>.ics, with '/', '\\', spaces and control characters replaced. */
static void unit_file(const char *id, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "unit-");
	for (const unsigned char *p = (const unsigned char *)id; *p && n + 5 < len; p++)
		buf[n++] = *p == '/' || *p == '\\' || *p <= ' ' || *p == 0x7f ? '_' : (char)*p;
	snprintf(buf + n, len - n, ".ics");
}

static int start_feed(struct feed *f, const char *file, const char *name, const char *desc)
{
	memset(f, 0, sizeof *f);
	f->file = strdup(file);
	f->name = strdup(name);
	f->description = strdup(desc);
	return f->file && f->name && f->description ? 0 : -1;
}

/* Where built feeds go, and how many went. */
struct out {
	feeds_sink sink;
	void *arg;
	int handed;
	int from, to;   /* the years */
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
	int rc = start_feed(&f, "plan.ics", name, rs->plan.title);
	for (long i = 0; rc == 0 && i < n; i++)
		rc = add_plan_event(&f, rs, &occ[i]);
	rc = rc == 0 ? finish_feed(o, &f) : (feed_free(&f), -1);
	for (size_t c = 0; rc == 0 && c < rs->plan.n_clauses; c++) {
		const struct clause *cl = &rs->plan.clauses[c];
		char file[160];
		point_file(cl->id, file, sizeof file);
		snprintf(name, sizeof name, "%s %s %s", tr("要点", "Work point"), cl->id, cl->title);
		rc = start_feed(&f, file, name, cl->text);
		for (long i = 0; rc == 0 && i < n; i++)
			if (strcmp(rs->rules[occ[i].rule].clause, cl->id) == 0)
				rc = add_plan_event(&f, rs, &occ[i]);
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

/* The finding's status and message, and its evidence (record ids only: never a name). */
static char *status_text(const struct finding *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	fprintf(m, "%s%s", tr("状态:", "Status: "), status_label(f->status));
	if (f->message && *f->message)
		fprintf(m, " — %s", f->message);
	for (size_t i = 0; i < f->n_evidence; i++)
		fprintf(m, "%s%s", i ? ", " : tr("\n佐证:", "\nEvidence: "), f->evidence[i]);
	if (f->n_evidence == 0 && f->looked_for)
		fprintf(m, "%s%s", tr("\n查找:", "\nLooked for: "), f->looked_for);
	fclose(m);
	return text;
}

/* Adds finding f (one rule, one window, one unit) to the unit's feed. */
static int add_unit_event(struct feed *feed, const struct ruleset *rs, const struct finding *f)
{
	const struct rule *r = find_rule(rs, f->rule_id);
	if (!r)
		return 0;
	struct window w = {.from = f->window_from, .to = f->window_to};
	char uid[768], cats[256], summary[512], d[DATE_ISO_LEN];
	date_format(w.from, d);
	snprintf(uid, sizeof uid, "%s/%s/%s@%s.yaodian", r->id, d, f->unit_id, rs->plan.id);
	snprintf(summary, sizeof summary, "[%s] %s", status_label(f->status), rule_title(r));
	categories(r, cats, sizeof cats);
	char *st = status_text(f);
	char *desc = st ? describe(rs, r, &w, st) : NULL;
	int rc = desc ? feed_add(feed, uid, w.from, w.to, summary, desc, cats, r->remind) : -1;
	free(st);
	free(desc);
	return rc;
}

/* One feed per unit that has findings, in the order the units first appear. */
static int unit_feeds(struct ruleset *rs, const struct findings *fs, struct out *o)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < fs->n; i++) {
		const struct finding *first = &fs->items[i];
		bool seen = !*first->unit_id;   /* load problems carry no unit */
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(fs->items[j].unit_id, first->unit_id) == 0;
		if (seen)
			continue;
		struct feed f;
		char file[512], name[512];
		unit_file(first->unit_id, file, sizeof file);
		snprintf(name, sizeof name, "%s %s", first->unit_name, tr("关心下一代工作安排与完成情况", "schedule and progress"));
		rc = start_feed(&f, file, name, rs->plan.title);
		for (size_t j = i; rc == 0 && j < fs->n; j++)
			if (strcmp(fs->items[j].unit_id, first->unit_id) == 0)
				rc = add_unit_event(&f, rs, &fs->items[j]);
		rc = rc == 0 ? finish_feed(o, &f) : (feed_free(&f), -1);
	}
	return rc;
}

int feeds_build(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, feeds_sink sink, void *arg)
{
	struct occurrence *occ = NULL;
	struct out o = {.sink = sink, .arg = arg, .from = from, .to = to};
	long n = feeds_occurrences(rs, from, to, &occ);
	int rc = n < 0 ? -1 : plan_and_point_feeds(rs, occ, n, &o);
	free(occ);
	struct findings fs = {0};
	struct check_opts co = {.as_of = as_of, .progress = progress_wanted()};
	period_from_range(date_from_ymd(from, 1, 1), date_from_ymd(to, 12, 31), &co.period);
	if (rc == 0)
		rc = check_run(rs, ro_db, &co, &fs);
	if (rc == 0)
		rc = unit_feeds(rs, &fs, &o);
	findings_free(&fs);
	if (rc < 0 && n < 0)
		diag("calendar", 0, NULL, "%s", tr("内存不足", "out of memory"));
	return rc < 0 ? -1 : o.handed;
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

int feeds_write(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		const char *dir, time_t now)
{
	struct writer w = {.db = state_db, .dir = dir, .now = now};
	if (feed_begin(state_db) < 0)
		return -1;
	int rc = feeds_build(rs, ro_db, from, to, as_of, stage_one, &w) < 0 ? -1 : 0;
	rc = feed_end(state_db, w.staged, w.n, rc);
	free(w.staged);
	return rc < 0 ? -1 : (int)w.n;
}
