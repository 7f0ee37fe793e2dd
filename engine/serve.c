/* serve.c — the server's watch-and-rebuild loop and its signals (see serve.h). */
#include "serve.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag.h"
#include "lang.h"
#include "paths.h"
#include "period.h"
#include "plans.h"
#include "serve_http.h"
#include "serve_snap.h"
#include "store.h"

#define POLL_SECONDS 1
#define REQUEST_THREADS 4

/* What the loop keeps: the rules in use (the last good ones) and what it watches. */
struct server {
	const struct opts *o;
	struct serve_state st;
	struct ruleset *rs;
	struct calendar *cal;
	uint64_t rules_print, db_print;
	date_t as_of;
	int year;          /* the plan year shown (see pick_year) */
};

static uint64_t fold(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

/* Folds path's name, size and modification time (or its absence) into h. */
static uint64_t fold_stat(uint64_t h, const char *path)
{
	struct stat st;
	h = fold(h, path, strlen(path));
	if (stat(path, &st) != 0)
		return fold(h, "-", 1);
	int64_t v[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec};
	return fold(h, v, sizeof v);
}

/* Every entry of dir and of its subdirectories (rules/lib), one level deep. */
static uint64_t fold_dir(uint64_t h, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return fold(h, "!", 1);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		h = fold_stat(h, path);
		if (depth > 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			h = fold_dir(h, path, depth - 1);
	}
	closedir(d);
	return h;
}

static uint64_t rules_print(const struct opts *o)
{
	uint64_t h = fold_dir(14695981039346656037ull, o->rules ? o->rules : paths_data("rules"), 1);
	return o->config ? fold_stat(h, o->config) : h;
}

/* The database file and its write-ahead log: a commit changes one or the other. */
static uint64_t db_print(const char *db)
{
	char wal[4200];
	snprintf(wal, sizeof wal, "%s-wal", db);
	return fold_stat(fold_stat(14695981039346656037ull, db), wal);
}

static date_t today_or_fixed(const struct opts *o)
{
	date_t d;
	as_of_date("serve", o->as_of, &d);   /* checked at start */
	return d;
}

/* The rule set's problems, one "file:line: field: message" a line. NULL when out of memory. */
static char *problems_text(const struct ruleset *rs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return NULL;
	for (size_t i = 0; i < rs->n_problems; i++)
		fprintf(m, "%s: %s%s%s\n", rs->problems[i].where, rs->problems[i].field ? rs->problems[i].field : "",
			rs->problems[i].field ? ": " : "", rs->problems[i].message);
	fclose(m);
	return text;
}

/* Whether the database holds an activity, meeting or document dated in year. */
static bool has_records(const char *path, int year)
{
	sqlite3 *db;
	if (store_open(path, STORE_READONLY, &db) < 0)
		return false;
	sqlite3_stmt *st = NULL;
	bool yes = sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM activities WHERE start_date BETWEEN ?1 AND ?2)"
					  " OR EXISTS (SELECT 1 FROM meetings WHERE date BETWEEN ?1 AND ?2)"
					  " OR EXISTS (SELECT 1 FROM documents WHERE date BETWEEN ?1 AND ?2)",
					  -1, &st, NULL) == SQLITE_OK;
	char from[24], to[24];
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	yes = yes && sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC) == SQLITE_OK &&
	      sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	      sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return yes;
}

/* The plan year serve shows: --from when given; else, of the plans' years up to as_of's, the
 * latest that has records in the database, or the latest when none has; a tree whose one plan
 * declares no year shows as_of's year, as before plans had years. Returns 0, or -1 after a
 * diagnostic (no plan of a year up to as_of's). */
static int pick_year(const struct opts *o, date_t as_of, int *year)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	if (o->from_year) {
		*year = (int)o->from_year;
		return 0;
	}
	struct plans p;
	struct calendar *cal = cal_load(paths_data("calendars"));
	struct sandbox_limits lim = opts_limits(o);
	int rc = cal && plans_scan(rules_root(o), &p) == 0 ? 0 : -1;
	if (rc == 0 && plans_years(&p, &lim, cal) < 0)
		rc = -1;
	if (rc == 0) {
		int latest = 0, with = 0;
		for (size_t i = 0; i < p.n; i++)
			if (p.years[i] && p.years[i] <= y) {
				latest = p.years[i] > latest ? p.years[i] : latest;
				if (p.years[i] > with && has_records(o->db, p.years[i]))
					with = p.years[i];
			}
		*year = with ? with : latest ? latest : p.n == 1 && !p.years[0] ? y : 0;
		if (!*year) {
			char years[256];
			plans_year_list(&p, years, sizeof years);
			diag(rules_root(o), 0, NULL, tr("没有 %d 年或更早的计划可显示(有计划的年份:%s);用 --from 指定年份",
							 "no plan of %d or earlier to show (the plans are for: %s); name a year with --from"),
			     y, years);
			rc = -1;
		}
		plans_free(&p);
	}
	cal_free(cal);
	return rc;
}

/* The dashboard's quarter: as_of's, or the last quarter of the plan year shown when as_of is
 * past it (that year's latest period). */
static void shown_quarter(date_t as_of, int year, struct period *q)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	if (y != year)
		m = 12, y = year;
	int k = (m - 1) / 3;
	period_from_range(date_from_ymd(y, 3 * k + 1, 1), date_from_ymd(y, 3 * k + 3, date_days_in_month(y, 3 * k + 3)), q);
}

/* Loads the rules anew. On success they replace the ones in use (1); when they cannot be
 * loaded or have problems, the old ones stay, the problems are logged and kept for the
 * dashboard (0). */
static int reload_rules(struct server *sv)
{
	struct calendar *cal;
	int year;
	struct ruleset *rs = pick_year(sv->o, today_or_fixed(sv->o), &year) < 0 ? NULL
			   : load_rules_years(sv->o, year, sv->o->to_year ? (int)sv->o->to_year : year, &cal);
	if (rs && rs->n_problems == 0) {
		sv->year = year;
		rules_free(sv->rs);
		cal_free(sv->cal);
		sv->rs = rs, sv->cal = cal;
		serve_state_set_problems(&sv->st, NULL);
		fprintf(stderr, "%s\n", tr("yaodian serve: 规则已重新加载", "yaodian serve: rules reloaded"));
		return 1;
	}
	char *text = rs ? problems_text(rs) : strdup(tr("规则目录无法读取", "the rules directory cannot be read\n"));
	if (rs)
		print_problems(rs);
	fprintf(stderr, "%s\n", tr("yaodian serve: 规则有问题,仍使用上一次有效的规则", "yaodian serve: the rules have problems; still using the last good rules"));
	serve_state_set_problems(&sv->st, text);
	rules_free(rs);
	cal_free(cal);
	return 0;
}

/* Builds a snapshot with the rules in use and swaps it in. Returns 0, or -1 (the old one stays). */
static int rebuild(struct server *sv)
{
	struct snap *s;
	struct snap_cfg c = {.db = sv->o->db, .as_of = today_or_fixed(sv->o), .now = time(NULL)};
	c.from = sv->year;
	c.to = sv->o->to_year ? (int)sv->o->to_year : c.from;
	shown_quarter(c.as_of, sv->year, &c.quarter);
	pthread_mutex_lock(&sv->st.lock);
	const struct snap *prev = sv->st.snap;   /* only this thread replaces it */
	pthread_mutex_unlock(&sv->st.lock);
	int rc = snap_build(&c, sv->rs, prev, &s);
	sv->db_print = db_print(sv->o->db);   /* after our own writes of feed state */
	sv->as_of = c.as_of;
	if (rc < 0) {
		fprintf(stderr, "%s\n", tr("yaodian serve: 重建失败,仍提供上一次的内容", "yaodian serve: rebuild failed; still serving the previous set"));
		return -1;
	}
	fprintf(stderr, tr("yaodian serve: 已重建,%zu 个文件\n", "yaodian serve: rebuilt, %zu documents\n"), s->n_files);
	serve_state_set_snap(&sv->st, s);
	return 0;
}

/* One turn of the loop after a quiet second: what changed, reloaded and rebuilt. */
static void watch(struct server *sv, bool hup)
{
	uint64_t rp = rules_print(sv->o);
	int year;
	bool reload = hup || rp != sv->rules_print ||
		      (today_or_fixed(sv->o) != sv->as_of && pick_year(sv->o, today_or_fixed(sv->o), &year) == 0 && year != sv->year);
	sv->rules_print = rp;
	bool fresh = reload && reload_rules(sv);
	if (fresh || hup || db_print(sv->o->db) != sv->db_print || today_or_fixed(sv->o) != sv->as_of)
		rebuild(sv);
}

/* Waits for signals, watching between them, until SIGTERM or SIGINT. */
static void loop(struct server *sv, const sigset_t *set)
{
	for (;;) {
		struct timespec ts = {.tv_sec = POLL_SECONDS};
		int sig = sigtimedwait(set, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			return;
		if (sig < 0 && errno != EAGAIN && errno != EINTR)
			return;
		watch(sv, sig == SIGHUP);
	}
}

static int start(struct server *sv)
{
	sv->rules_print = rules_print(sv->o);
	if (pick_year(sv->o, today_or_fixed(sv->o), &sv->year) < 0 ||
	    !(sv->rs = load_rules_years(sv->o, sv->year, sv->o->to_year ? (int)sv->o->to_year : sv->year, &sv->cal)))
		return EXIT_USAGE;
	if (sv->rs->n_problems) {
		print_problems(sv->rs);
		return 3;
	}
	return rebuild(sv) < 0 ? EXIT_USAGE : 0;
}

int serve_run(const struct opts *o)
{
	struct server sv = {.o = o, .st = {.base_url = o->base_url}};
	pthread_mutex_init(&sv.st.lock, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);   /* before any thread: they all inherit it */
	int rc = start(&sv);
	unsigned port = 0;
	struct serve_http *h = NULL;
	const char *addr = o->listen ? o->listen : "127.0.0.1:8080";
	if (rc == 0 && !(h = serve_http_start(addr, REQUEST_THREADS, &sv.st, &port)))
		rc = EXIT_USAGE;
	if (rc == 0) {
		fprintf(stderr, tr("yaodian serve: 在 %.*s:%u 提供服务\n", "yaodian serve: listening on %.*s:%u\n"),
			(int)(strrchr(addr, ':') - addr), addr, port);
		loop(&sv, &set);
		serve_http_stop(h);
		fprintf(stderr, "%s\n", tr("yaodian serve: 已停止", "yaodian serve: stopped"));
	}
	serve_state_set_snap(&sv.st, NULL);
	serve_state_set_problems(&sv.st, NULL);
	rules_free(sv.rs);
	cal_free(sv.cal);
	pthread_mutex_destroy(&sv.st.lock);
	return rc;
}
