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
#include "serve_http.h"
#include "serve_snap.h"

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

/* Loads the rules anew. On success they replace the ones in use (1); when they cannot be
 * loaded or have problems, the old ones stay, the problems are logged and kept for the
 * dashboard (0). */
static int reload_rules(struct server *sv)
{
	struct calendar *cal;
	struct ruleset *rs = load_rules(sv->o, &cal);
	if (rs && rs->n_problems == 0) {
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
	int y, m, d;
	date_to_ymd(c.as_of, &y, &m, &d);
	c.from = sv->o->from_year ? (int)sv->o->from_year : y;
	c.to = sv->o->to_year ? (int)sv->o->to_year : c.from;
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
	bool reload = hup || rp != sv->rules_print;
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
	if (!(sv->rs = load_rules(sv->o, &sv->cal)))
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
