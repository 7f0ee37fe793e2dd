/* serve_snap.c — building the snapshot `yaodian serve` answers from (see serve_snap.h). */
#include "serve_snap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "check.h"
#include "dashboard.h"
#include "diag.h"
#include "dirlist.h"
#include "feeds.h"
#include "history.h"
#include "lang.h"
#include "period.h"
#include "report_html.h"
#include "slurp.h"
#include "store.h"
#include "token.h"
#include "vec.h"

static const char *const TYPE_ICS = "text/calendar; charset=utf-8";
static const char *const TYPE_HTML = "text/html; charset=utf-8";

static void file_free(struct snap_file *f)
{
	free(f->name);
	free(f->body);
	free(f->gz);
}

static void snap_free(struct snap *s)
{
	for (size_t i = 0; i < s->n_files; i++)
		file_free(&s->files[i]);
	free(s->files);
	for (size_t i = 0; i < s->n_tokens; i++)
		free(s->tokens[i].unit_id);
	free(s->tokens);
	free(s->title);
	free(s->sections);
	free(s);
}

void snap_ref(struct snap *s)
{
	atomic_fetch_add(&s->refs, 1);
}

void snap_unref(struct snap *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		snap_free(s);
}

const struct snap_file *snap_find(const struct snap *s, const char *name)
{
	for (size_t i = 0; i < s->n_files; i++)
		if (strcmp(s->files[i].name, name) == 0)
			return &s->files[i];
	return NULL;
}

const struct snap_file *snap_unit_feed(const struct snap *s, const char *token, const char **unit)
{
	char hash[TOKEN_HASH_LEN + 1];
	if (!token_well_formed(token))
		return NULL;
	token_sha256_hex(token, strlen(token), hash);
	for (size_t i = 0; i < s->n_tokens; i++)
		if (strcmp(s->tokens[i].hash, hash) == 0) {
			*unit = s->tokens[i].unit_id;
			return &s->files[s->tokens[i].file];
		}
	return NULL;
}

/* The gzip stream of f's body into f->gz, kept only when smaller. Returns 0 or -1 (memory). */
static int compress_file(struct snap_file *f)
{
	z_stream z = {0};
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong cap = deflateBound(&z, (uLong)f->len) + 32;
	unsigned char *buf = malloc(cap);
	int rc = -1;
	if (buf) {
		z.next_in = (unsigned char *)f->body;
		z.avail_in = (uInt)f->len;
		z.next_out = buf;
		z.avail_out = (uInt)cap;
		rc = deflate(&z, Z_FINISH) == Z_STREAM_END ? 0 : -1;
	}
	if (rc == 0 && z.total_out < f->len) {
		f->gz = (char *)buf;
		f->gz_len = z.total_out;
		buf = NULL;
	}
	free(buf);
	deflateEnd(&z);
	return rc;
}

/* Adds a document (body taken over) with its ETags, gzip form and Last-Modified (prev's when
 * the bytes are the same). Returns 0, or -1 (body freed) when out of memory. */
static int add_file(struct snap *s, const struct snap *prev, const char *name, const char *type, char *body,
		    size_t len)
{
	if (vec_reserve(&s->files, &s->cap_files, s->n_files + 1, sizeof *s->files) < 0) {
		free(body);
		return -1;
	}
	struct snap_file *f = &s->files[s->n_files];
	memset(f, 0, sizeof *f);
	f->body = body;
	f->len = len;
	f->type = type;
	char hash[TOKEN_HASH_LEN + 1];
	token_sha256_hex(body, len, hash);
	snprintf(f->etag, sizeof f->etag, "\"%.32s\"", hash);
	snprintf(f->etag_gz, sizeof f->etag_gz, "\"%.32s-gz\"", hash);
	const struct snap_file *old = prev ? snap_find(prev, name) : NULL;
	f->mtime = old && strcmp(old->etag, f->etag) == 0 ? old->mtime : s->built;
	if (!(f->name = strdup(name)) || compress_file(f) < 0) {
		file_free(f);
		return -1;
	}
	s->n_files++;
	return 0;
}

static bool is_ics(const char *name)
{
	return dirlist_ends_with(name, ".ics");
}

/* Moves every feed of dir into s and removes dir. Returns 0 or -1 after a diagnostic. */
static int take_feeds(struct snap *s, const struct snap *prev, const char *dir)
{
	char **names;
	int n = dirlist(dir, is_ics, &names), rc = n < 0 ? -1 : 0;
	for (int i = 0; i < n; i++) {
		char path[8400];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *body = rc == 0 ? slurp(path, &len) : NULL;
		if (rc == 0 && (!body || add_file(s, prev, names[i], TYPE_ICS, body, len) < 0)) {
			diag(path, 0, NULL, "%s", body ? tr("内存不足", "out of memory") : strerror(errno));
			rc = -1;
		}
		unlink(path);
	}
	if (n >= 0)
		dirlist_free(names, n);
	rmdir(dir);
	return rc;
}

/* The feeds, written by feeds_write (their state in the database) into a fresh private
 * directory and read back. Returns 0 or -1 after a diagnostic. */
static int build_feeds(const struct snap_cfg *c, struct ruleset *rs, sqlite3 *ro, const struct findings *year,
		       struct snap *s, const struct snap *prev)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/yaodian-serve.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		diag(dir, 0, NULL, "%s", strerror(errno));
		return -1;
	}
	sqlite3 *rw = NULL;
	struct feeds_opts opts = {.year = year};
	int rc = store_open(c->db, STORE_READWRITE, &rw) < 0 ? -1
		 : feeds_write_opts(rs, rw, ro, c->from, c->to, c->as_of, dir, c->now, &opts) < 0 ? -1 : 0;
	sqlite3_close(rw);
	return take_feeds(s, rc == 0 ? prev : NULL, dir) < 0 ? -1 : rc;
}

/* The check of period p as of as_of into f, with the earlier saved checks the report shows. */
static int run_check(struct ruleset *rs, sqlite3 *ro, const struct period *p, date_t as_of, struct findings *f)
{
	struct check_opts co = {.period = *p, .as_of = as_of};
	return check_run(rs, ro, &co, f) < 0 || history_previous(ro, f) < 0 || history_trend(ro, f) < 0 ? -1 : 0;
}

/* The HTML report of one saved period: its check as of the saved run's as-of date. */
static int build_report(struct ruleset *rs, sqlite3 *ro, const struct history_run *run, struct snap *s,
			const struct snap *prev)
{
	struct period p;
	date_t as_of;
	char err[256], name[96];
	if (period_parse(run->period, &p, err, sizeof err) < 0 || date_parse(run->as_of, &as_of) < 0)
		return 0;   /* a run this build cannot read is left out */
	struct findings f = {0};
	char *body = NULL;
	size_t len = 0;
	FILE *m = NULL;
	int rc = findings_spool(&f) < 0 ? -1 : run_check(rs, ro, &p, as_of, &f);
	if (rc == 0 && !(m = open_memstream(&body, &len)))
		rc = -1;
	if (rc == 0)
		rc = report_html(m, &f, s->built);
	if (m)
		fclose(m);
	findings_free(&f);
	snprintf(name, sizeof name, "report/%s.html", p.label);
	if (rc == 0)
		return add_file(s, prev, name, TYPE_HTML, body, len);
	free(body);
	return -1;
}

/* The reports of every saved period (its latest run). */
static int build_reports(struct ruleset *rs, sqlite3 *ro, struct snap *s, const struct snap *prev)
{
	struct history_list l = {0};
	if (history_list(ro, NULL, &l) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < l.n_runs && rc == 0; i++) {
		bool later = false;   /* a later run of the same period replaces this one */
		for (size_t j = i + 1; j < l.n_runs; j++)
			later |= strcmp(l.runs[j].period, l.runs[i].period) == 0;
		bool other_plan = l.runs[i].plan_id[0] && rs->have_plan && strcmp(l.runs[i].plan_id, rs->plan.id) != 0;
		if (!later && !other_plan)   /* another plan's run is not re-judged by these rules */
			rc = build_report(rs, ro, &l.runs[i], s, prev);
	}
	history_list_free(&l);
	return rc;
}

/* The unit tokens (their hashes) of units that have a feed. */
static int load_tokens(sqlite3 *ro, struct snap *s)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(ro, "SELECT unit_id, hash FROM unit_tokens ORDER BY unit_id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc, bad = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !bad) {
		char file[512];
		const char *unit = (const char *)sqlite3_column_text(st, 0), *hash = (const char *)sqlite3_column_text(st, 1);
		feeds_unit_file(unit, file, sizeof file);
		const struct snap_file *f = snap_find(s, file);
		if (!f || strlen(hash) != TOKEN_HASH_LEN)
			continue;
		if (vec_reserve(&s->tokens, &s->cap_tokens, s->n_tokens + 1, sizeof *s->tokens) < 0 ||
		    !(s->tokens[s->n_tokens].unit_id = strdup(unit))) {
			bad = 1;
			break;
		}
		memcpy(s->tokens[s->n_tokens].hash, hash, TOKEN_HASH_LEN + 1);
		s->tokens[s->n_tokens++].file = (size_t)(f - s->files);
	}
	sqlite3_finalize(st);
	return bad || (rc != SQLITE_DONE && rc != SQLITE_ROW) ? -1 : 0;
}

/* The dashboard's sections from this quarter's check (spooled, freed once rendered) and the
 * years' (year), and the plan's title. */
static int build_sections(struct ruleset *rs, sqlite3 *ro, const struct period *quarter, const struct findings *year,
			  date_t as_of, struct snap *s)
{
	struct findings q = {0};
	int rc = findings_spool(&q) < 0 || run_check(rs, ro, quarter, as_of, &q) < 0 ? -1 : 0;
	FILE *m = rc == 0 ? open_memstream(&s->sections, &s->sections_len) : NULL;
	if (rc == 0 && (!m || dashboard_sections(m, &q, year, as_of) < 0))
		rc = -1;
	if (m && fclose(m) != 0)
		rc = -1;
	if (rc == 0 && !(s->title = dashboard_title(&q)))
		rc = -1;
	findings_free(&q);
	return rc;
}

/* Everything read through ro: the check of the years, judged once (spooled) for both the unit
 * feeds and the dashboard's open items, then the feeds, the dashboard, the saved periods'
 * reports and the unit tokens. */
static int build_all(const struct snap_cfg *c, struct ruleset *rs, sqlite3 *ro, struct snap *s,
		     const struct snap *prev)
{
	struct findings y = {0};
	struct check_opts co = {.as_of = c->as_of};
	period_from_range(date_from_ymd(c->from, 1, 1), date_from_ymd(c->to, 12, 31), &co.period);
	int rc = findings_spool(&y) < 0 || check_run(rs, ro, &co, &y) < 0 || build_feeds(c, rs, ro, &y, s, prev) < 0 ||
		 build_sections(rs, ro, &c->quarter, &y, c->as_of, s) < 0 || build_reports(rs, ro, s, prev) < 0 ? -1 : 0;
	findings_free(&y);
	if (rc == 0 && load_tokens(ro, s) < 0) {
		diag(c->db, 0, NULL, "%s", sqlite3_errmsg(ro));
		rc = -1;
	}
	return rc;
}

int snap_build(const struct snap_cfg *c, struct ruleset *rs, const struct snap *prev, struct snap **out)
{
	*out = NULL;
	struct snap *s = calloc(1, sizeof *s);
	if (!s) {
		diag("serve", 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	atomic_init(&s->refs, 1);
	s->built = c->now;
	s->as_of = c->as_of;
	sqlite3 *ro = NULL;
	int rc = store_open(c->db, STORE_READONLY, &ro) < 0 ? -1 : 0;
	if (rc == 0) {
		rules_attach_db(rs, ro);
		rc = build_all(c, rs, ro, s, prev);
		rules_attach_db(rs, NULL);
	}
	sqlite3_close(ro);
	if (rc < 0) {
		snap_free(s);
		return -1;
	}
	*out = s;
	return 0;
}
