/* ruletest.c — loading the *_test.lua files beside the rules and running each test{} case
 * (see ruletest.h): a fresh database per case, the records written as CSV and imported by the
 * real importer, the check of the one rule, and the findings held against the expectations.
 * The rule set is loaded once and shared by every case; what a case changes (its database,
 * its parameter overrides) is undone before the next. */
#include "ruletest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "check.h"
#include "diag.h"
#include "dirlist.h"
#include "import.h"
#include "lang.h"
#include "lcal.h"
#include "paths.h"
#include "slurp.h"
#include "store.h"
#include "textwidth.h"
#include "vec.h"

void ruletest_problem(struct ruletest_suite *s, const char *where, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rule_problem_add(&s->problems, &s->n_problems, &s->cap_problems, where, field, fmt, ap);
	va_end(ap);
}

/* ---- loading ---- */

static bool is_test_file(const char *name) { return dirlist_ends_with(name, "_test.lua"); }

/* Builds a test file's environment (argument 1: the suite): the sandbox's libraries, date and
 * cal, test and Y (the plan-year helper). Runs under lua_pcall, since building it allocates. */
static int build_env(lua_State *L)
{
	struct ruletest_suite *s = lua_touserdata(L, 1);
	sandbox_push_env(L, NULL);
	ruletest_push_dsl(L, s);
	lua_setfield(L, -2, "test");
	ruletest_push_year(L, s);
	lua_setfield(L, -2, "Y");
	lcal_push(L);
	sandbox_seal_env(L, -1);
	return 1;
}

static void load_file(struct ruletest_suite *s, const char *path)
{
	struct sandbox *sbx = s->rs->sbx;
	lua_State *L = sandbox_lua(sbx);
	struct sandbox_error err;
	int top = lua_gettop(L);
	lua_pushcfunction(L, build_env);
	lua_pushlightuserdata(L, s);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		ruletest_problem(s, path, NULL, "%s", tr("内存不足", "out of memory"));
	else if (sandbox_load_file(sbx, path, -1, &err) < 0 || sandbox_call(sbx, 0, 0, &err) < 0)
		ruletest_problem(s, err.where[0] ? err.where : path, NULL, "%s", err.message);
	lua_settop(L, top);
}

struct ruletest_suite *ruletest_load(struct ruleset *rs)
{
	char **names = NULL;
	int n = dirlist(rs->dir, is_test_file, &names);
	if (n < 0) {
		diag(rs->dir, 0, NULL, "%s", tr("无法读取规则目录", "cannot read the rules directory"));
		return NULL;
	}
	struct ruletest_suite *s = calloc(1, sizeof *s);
	if (s) {
		s->rs = rs;
		while (import_kinds()[s->n_kinds])
			s->n_kinds++;
		if (s->n_kinds > RT_MAX_KINDS)
			abort();   /* a kind table grown past RT_MAX_KINDS: raise the constant */
		char path[4200];
		s->loading = true;
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof path, "%s/%s", rs->dir, names[i]);
			load_file(s, path);
			s->n_files++;
		}
		s->loading = false;
	} else
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
	dirlist_free(names, n);
	return s;
}

void ruletest_case_free(struct ruletest *t, size_t n_kinds)
{
	free(t->file);
	free(t->name);
	free(t->rule);
	for (size_t k = 0; k < n_kinds; k++) {
		if (t->fixture)
			free(t->fixture[k]);
		for (size_t r = 0; t->records && r < t->records[k].n; r++) {
			struct rt_row *row = &t->records[k].rows[r];
			for (size_t c = 0; c < row->n; c++) {
				free(row->cells[c].key);
				free(row->cells[c].value);
			}
			free(row->cells);
		}
		if (t->records)
			free(t->records[k].rows);
	}
	free(t->fixture);
	free(t->records);
	for (size_t i = 0; i < t->n_expect; i++) {
		struct rt_expect *e = &t->expect[i];
		free(e->unit);
		free(e->message);
		for (size_t j = 0; j < e->n_evidence; j++)
			free(e->evidence[j]);
		free(e->evidence);
	}
	free(t->expect);
}

/* Removes a database file and what SQLite may have left beside it. */
static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[4400];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

void ruletest_free(struct ruletest_suite *s)
{
	if (!s)
		return;
	lua_State *L = sandbox_lua(s->rs->sbx);
	for (size_t i = 0; i < s->n; i++) {
		luaL_unref(L, LUA_REGISTRYINDEX, s->tests[i].params_ref);
		ruletest_case_free(&s->tests[i], s->n_kinds);
	}
	free(s->tests);
	for (size_t i = 0; i < s->n_problems; i++) {
		free(s->problems[i].where);
		free(s->problems[i].field);
		free(s->problems[i].message);
	}
	free(s->problems);
	if (s->tmpdir) {
		char template[4400];
		snprintf(template, sizeof template, "%s/template.db", s->tmpdir);
		remove_db(template);
		rmdir(s->tmpdir);
	}
	free(s->tmpdir);
	free(s);
}

void ruletest_count(const struct ruletest_suite *s, const char *rule, size_t *passing, size_t *failing)
{
	*passing = *failing = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct ruletest *t = &s->tests[i];
		if (!t->ok || strcmp(t->rule, rule) != 0)
			continue;
		*passing += t->kind == RT_PASSING;
		*failing += t->kind == RT_FAILING;
	}
}

/* ---- writing records as CSV ---- */

/* Writes one field, quoted when it holds a comma, quote, line break or edge blanks. Returns
 * the number of line breaks written. */
static long write_field(FILE *out, const char *v)
{
	size_t len = strlen(v);
	bool quote = strpbrk(v, ",\"\r\n") || (len && (strchr(" \t", v[0]) || strchr(" \t", v[len - 1])));
	long lines = 0;
	if (!quote) {
		fputs(v, out);
		return 0;
	}
	fputc('"', out);
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		lines += *p == '\n';
		fputc(*p, out);
	}
	fputc('"', out);
	return lines;
}

static const char *row_value(const struct rt_row *row, const char *key)
{
	for (size_t i = 0; i < row->n; i++)
		if (strcmp(row->cells[i].key, key) == 0)
			return row->cells[i].value;
	return "";
}

int ruletest_write_csv(FILE *out, const struct rt_rows *rows, long *row_lines)
{
	const char **keys = NULL;
	size_t nk = 0, cap = 0;
	for (size_t r = 0; r < rows->n; r++)
		for (size_t c = 0; c < rows->rows[r].n; c++) {
			const char *k = rows->rows[r].cells[c].key;
			size_t j = 0;
			while (j < nk && strcmp(keys[j], k) != 0)
				j++;
			if (j < nk)
				continue;
			if (vec_reserve(&keys, &cap, nk + 1, sizeof *keys) < 0) {
				free(keys);
				return -1;
			}
			keys[nk++] = k;
		}
	long line = 1;
	for (size_t j = 0; j < nk; j++) {
		if (j)
			fputc(',', out);
		line += write_field(out, keys[j]);
	}
	fputc('\n', out);
	line++;
	for (size_t r = 0; r < rows->n; r++) {
		if (row_lines)
			row_lines[r] = line;
		for (size_t j = 0; j < nk; j++) {
			if (j)
				fputc(',', out);
			line += write_field(out, row_value(&rows->rows[r], keys[j]));
		}
		fputc('\n', out);
		line++;
	}
	free(keys);
	return ferror(out) ? -1 : 0;
}

/* ---- diagnostics about temporary files, told as the test's ---- */

/* While a case's database is built and checked, diagnostics are captured, and those naming a
 * temporary file are retold with the test file, the line of test{} and the test's name (and
 * for a records CSV, which record: records.<kind>[i]). */
struct relay {
	char *buf;
	size_t len;
	FILE *mem, *old;
};

static void relay_begin(struct relay *r)
{
	r->buf = NULL;
	r->len = 0;
	r->mem = open_memstream(&r->buf, &r->len);
	if (r->mem)
		r->old = diag_set_stream(r->mem);
}

/* The record a line of the CSV belongs to: records.<kind>[i], or records.<kind> for the
 * header. */
static void record_label(char *buf, size_t len, const char *kind, long line, const long *row_lines, size_t n_rows)
{
	size_t i = 0;
	while (i < n_rows && row_lines[i] <= line)
		i++;
	if (i == 0)
		snprintf(buf, len, "records.%s", kind);
	else
		snprintf(buf, len, "records.%s[%zu]", kind, i);
}

/* Retells one captured diagnostic. */
static void relay_line(const struct ruletest *t, const char *tmp, const char *kind, const long *row_lines,
		       size_t n_rows, char *text, FILE *old)
{
	size_t tl = strlen(tmp);
	if (strncmp(text, tmp, tl) != 0 || text[tl] != ':') {
		fprintf(old ? old : stderr, "%s\n", text);
		return;
	}
	char *rest = text + tl + 1, label[300] = "";
	long line = strtol(rest, &rest, 10);
	if (*rest == ':')
		rest++;
	while (*rest == ' ')
		rest++;
	if (kind)
		record_label(label, sizeof label, kind, line, row_lines, n_rows);
	char test[1200];
	snprintf(test, sizeof test, tr("测试“%s”", "test \"%s\""), t->name);
	diag(t->file, t->line, test, "%s%s%s", label, *label ? ": " : "", rest);
}

static void relay_end(struct relay *r, const struct ruletest *t, const char *tmp, const char *kind,
		      const long *row_lines, size_t n_rows)
{
	if (!r->mem)
		return;
	diag_set_stream(r->old);
	fclose(r->mem);
	for (char *p = r->buf, *nl; p && *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			nl = p + strlen(p) - 1;
		else
			*nl = '\0';
		relay_line(t, tmp, kind, row_lines, n_rows, p, r->old);
	}
	if (r->old)
		fflush(r->old);
	free(r->buf);
}

/* ---- running one case ---- */

/* Makes the suite's temporary directory (mode 0700), absolute so that SQLite's file names
 * match it. 0 or -1 after a diagnostic. */
static int ensure_tmpdir(struct ruletest_suite *s)
{
	if (s->tmpdir)
		return 0;
	const char *base = getenv("TMPDIR");
	char buf[4096];
	snprintf(buf, sizeof buf, "%s/yaodian-ruletest-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(buf)) {
		diag(buf, 0, NULL, "%s: %s", tr("无法创建临时目录", "cannot create a temporary directory"), strerror(errno));
		return -1;
	}
	s->tmpdir = realpath(buf, NULL);
	if (!s->tmpdir) {
		rmdir(buf);
		diag(NULL, 0, NULL, "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	return 0;
}

/* Writes the test's records of kind k as a CSV file and imports it. 0 or -1. */
static int import_records(struct ruletest_suite *s, const struct ruletest *t, sqlite3 *db, size_t k)
{
	const char *kind = import_kinds()[k];
	const struct rt_rows *rows = &t->records[k];
	char csv[4400];
	snprintf(csv, sizeof csv, "%s/%s.csv", s->tmpdir, kind);
	long *lines = calloc(rows->n, sizeof *lines);
	int fd = lines ? open(csv, O_WRONLY | O_CREAT | O_TRUNC, 0600) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int rc = f && ruletest_write_csv(f, rows, lines) == 0 ? 0 : -1;
	if ((f ? fclose(f) : fd >= 0 ? close(fd) : -1) != 0 || rc != 0) {
		diag(csv, 0, NULL, "%s: %s", tr("无法写入临时文件", "cannot write a temporary file"), strerror(errno));
		rc = -1;
	} else {
		struct relay r;
		relay_begin(&r);
		rc = import_csv(db, kind, csv, NULL) == 0 ? 0 : -1;
		relay_end(&r, t, csv, kind, lines, rows->n);
	}
	unlink(csv);
	free(lines);
	return rc;
}

/* Makes tmpdir/template.db once: an empty database migrated with the schemas, which each
 * case copies instead of building its own (parsing the schema and waiting for the disk while
 * a new database is switched to WAL took most of a case's time). 0 or -1 after diagnostics. */
static int ensure_template(struct ruletest_suite *s, const struct ruletest *t, const char *path)
{
	if (s->have_template)
		return 0;
	sqlite3 *db = NULL;
	struct relay r;
	relay_begin(&r);
	int rc = store_open(path, STORE_CREATE, &db) == 0 && store_migrate(db, path, paths_data("schemas")) >= 0 ? 0 : -1;
	sqlite3_close(db);   /* checkpoints: the template is one file */
	relay_end(&r, t, path, NULL, NULL, 0);
	s->have_template = rc == 0;
	return rc;
}

/* Copies the file from to the new file to (mode 0600). 0 or -1 after a diagnostic. */
static int copy_file(const char *from, const char *to)
{
	size_t len = 0;
	char *buf = slurp(from, &len);
	int fd = buf ? open(to, O_WRONLY | O_CREAT | O_EXCL, 0600) : -1;
	int rc = fd >= 0 && write(fd, buf, len) == (ssize_t)len ? 0 : -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc != 0)
		diag(to, 0, NULL, "%s: %s", tr("无法写入临时文件", "cannot write a temporary file"), strerror(errno));
	free(buf);
	return rc;
}

/* Creates the case's database at path (a copy of the template) and imports its fixture and
 * records, kind by kind in import order (a kind's fixture file first, then its records).
 * 0 or -1 after diagnostics. */
static int make_db(struct ruletest_suite *s, const struct ruletest *t, const char *path)
{
	char template[4400];
	snprintf(template, sizeof template, "%s/template.db", s->tmpdir);
	if (ensure_template(s, t, template) < 0 || copy_file(template, path) < 0)
		return -1;
	sqlite3 *db = NULL;
	struct relay r;
	relay_begin(&r);
	/* A throwaway database: no waiting for the disk on every commit. */
	int rc = store_open(path, STORE_READWRITE, &db) == 0 &&
			 sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	relay_end(&r, t, path, NULL, NULL, 0);
	for (size_t k = 0; rc == 0 && k < s->n_kinds; k++) {
		if (t->fixture[k] && import_csv(db, import_kinds()[k], t->fixture[k], NULL) != 0)
			rc = -1;
		if (rc == 0 && t->records[k].n > 0)
			rc = import_records(s, t, db, k);
	}
	sqlite3_close(db);
	return rc;
}

/* Under lua_pcall: refs[2] = a reference to a copy of the rule's parameters (refs[0]) with the
 * test's overrides (refs[1]) applied. */
static int merge_params(lua_State *L)
{
	int *refs = lua_touserdata(L, 1);
	lua_newtable(L);
	for (int i = 0; i < 2; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, refs[i]);
		sandbox_copy_fields(L, -1, -2);
		lua_pop(L, 1);
	}
	refs[2] = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* Gives the rule under test the case's parameters (a copy of its own with the overrides);
 * *saved gets the reference to restore, LUA_NOREF when nothing changed. 0, or -1 when out of
 * memory (after a diagnostic). */
static int apply_params(struct ruletest_suite *s, const struct ruletest *t, int *saved)
{
	*saved = LUA_NOREF;
	if (t->params_ref == LUA_NOREF)
		return 0;
	struct rule *r = &s->rs->rules[t->rule_index];
	lua_State *L = sandbox_lua(s->rs->sbx);
	int refs[3] = {r->params_ref, t->params_ref, LUA_NOREF};
	lua_pushcfunction(L, merge_params);
	lua_pushlightuserdata(L, refs);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		lua_pop(L, 1);
		diag(t->file, t->line, "params", "%s", tr("内存不足", "out of memory"));
		return -1;
	}
	*saved = r->params_ref;
	r->params_ref = refs[2];
	return 0;
}

static void restore_params(struct ruletest_suite *s, const struct ruletest *t, int saved)
{
	if (saved == LUA_NOREF)
		return;
	struct rule *r = &s->rs->rules[t->rule_index];
	luaL_unref(sandbox_lua(s->rs->sbx), LUA_REGISTRYINDEX, r->params_ref);
	r->params_ref = saved;
}

/* Opens the case's database read-only for the rules and runs the check of the one rule. The
 * findings are made in Chinese whatever --lang says: tests compare messages in the language
 * the rules are written in, and --lang only changes how the results are reported. */
static int run_check(struct ruletest_suite *s, const struct ruletest *t, const char *path, struct findings *f)
{
	sqlite3 *ro = NULL;
	int saved, rc = -1;
	struct relay r;
	enum lang report_lang = lang_get();
	lang_set(LANG_ZH);
	relay_begin(&r);
	if (store_open(path, STORE_READONLY, &ro) == 0 && apply_params(s, t, &saved) == 0) {
		rules_attach_db(s->rs, ro);
		struct check_opts o = {.period = t->period, .as_of = t->as_of, .rule = t->rule};
		rc = check_run(s->rs, ro, &o, f);
		rules_attach_db(s->rs, NULL);
		restore_params(s, t, saved);
	}
	sqlite3_close(ro);
	lang_set(report_lang);
	relay_end(&r, t, path, NULL, NULL, 0);
	return rc;
}

/* ---- holding findings against expectations ---- */

static bool unit_matches(const struct rt_expect *e, const struct finding *x)
{
	return !e->unit || strcmp(e->unit, x->unit_id ? x->unit_id : "") == 0;
}

static bool finding_meets(const struct rt_expect *e, const struct finding *x)
{
	if (x->status != e->status)
		return false;
	if (e->message && (!x->message || !strstr(x->message, e->message)))
		return false;
	for (size_t i = 0; i < e->n_evidence; i++) {
		bool found = false;
		for (size_t j = 0; j < x->n_evidence && !found; j++)
			found = strcmp(e->evidence[i], x->evidence[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

static void put_status(FILE *out, enum status s)
{
	if (lang_get() == LANG_EN)
		fputs(status_name(s), out);
	else
		fprintf(out, "%s(%s)", status_label(s), status_name(s));
}

/* Prints text from a rule on one line: invalid UTF-8 and control characters made harmless. */
static void put_clean(FILE *out, const char *s)
{
	char *c = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	fputs(c ? c : "?", out);
	free(c);
}

static void put_expected(FILE *out, const struct rt_expect *e, const char *label)
{
	fprintf(out, tr("    期望 %s:单位 %s", "    expected %s: unit %s"), label, e->unit ? e->unit : tr("(全部)", "(every unit)"));
	if (e->has_window) {
		char d[DATE_ISO_LEN];
		date_format(e->window, d);
		fprintf(out, tr(",时段自 %s 起", ", window from %s"), d);
	}
	fputs(tr(",状态 ", ", status "), out);
	put_status(out, e->status);
	for (size_t i = 0; i < e->n_evidence; i++)
		fprintf(out, "%s%s", i ? ", " : tr(",证据含 ", ", evidence including "), e->evidence[i]);
	if (e->message)
		fprintf(out, tr(",说明含“%s”", ", message containing \"%s\""), e->message);
	fputc('\n', out);
}

static void put_got(FILE *out, const struct finding *x)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];
	date_format(x->window_from, a);
	date_format(x->window_to, b);
	fputs(tr("    实际:单位 ", "    got: unit "), out);
	put_clean(out, x->unit_id);
	fprintf(out, tr(",时段 %s..%s,状态 ", ", window %s..%s, status "), a, b);
	put_status(out, x->status);
	fputs(tr(":", ": "), out);
	put_clean(out, x->message);
	if (x->n_evidence) {
		fputs(" [", out);
		for (size_t i = 0; i < x->n_evidence; i++) {
			fputs(i ? ", " : "", out);
			put_clean(out, x->evidence[i]);
		}
		fputc(']', out);
	} else if (x->looked_for) {
		fputs(tr(" [查找:", " [looked for: "), out);
		put_clean(out, x->looked_for);
		fputc(']', out);
	}
	if (x->status == ST_ERROR) {
		fputs(" [", out);
		put_clean(out, x->source);
		fputc(']', out);
	}
	fputc('\n', out);
}

bool ruletest_expect_met(const struct rt_expect *e, const char *label, const char *rule,
			 const struct findings *f, FILE *why)
{
	size_t matched = 0;
	bool met = true;
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->items[i];
		if (strcmp(x->rule_id, rule) != 0 || !unit_matches(e, x) || (e->has_window && x->window_from != e->window))
			continue;
		matched++;
		if (finding_meets(e, x))
			continue;
		if (met && why)
			put_expected(why, e, label);
		if (why)
			put_got(why, x);
		met = false;
	}
	if (matched > 0)
		return met;
	if (why) {
		put_expected(why, e, label);
		fputs(tr("    实际:没有这样的检查结果", "    got: no such finding"), why);
		size_t shown = 0;
		for (size_t i = 0; i < f->n; i++) {
			const struct finding *x = &f->items[i];
			if (strcmp(x->rule_id, rule) != 0 || (e->unit && e->has_window && !unit_matches(e, x)))
				continue;
			char a[DATE_ISO_LEN];
			date_format(x->window_from, a);
			fputs(shown++ ? ", " : tr(";检查结果有 ", "; the findings are "), why);
			put_clean(why, x->unit_id);
			fprintf(why, " %s ", a);
			put_status(why, x->status);
		}
		fputs(shown ? "\n" : tr(";该规则在此时段没有检查结果(单位或时段不对?)\n",
					"; the rule has no finding in the period (wrong unit or period?)\n"), why);
	}
	return false;
}

/* Holds the findings against every expectation. An error finding nobody expected means the
 * rule broke: the case is then broken rather than failed. */
static enum rt_verdict compare(const struct ruletest *t, const struct findings *f, FILE *why)
{
	bool met = true, error_expected = false;
	char label[32];
	for (size_t i = 0; i < t->n_expect; i++) {
		snprintf(label, sizeof label, "expect[%zu]", i + 1);
		met = ruletest_expect_met(&t->expect[i], label, t->rule, f, why) && met;
		error_expected = error_expected || t->expect[i].status == ST_ERROR;
	}
	for (size_t i = 0; !error_expected && i < f->n; i++)
		if (f->items[i].status == ST_ERROR) {
			if (why) {
				fputs(tr("    规则出错:", "    the rule broke: "), why);
				put_clean(why, f->items[i].source);
				fputs(": ", why);
				put_clean(why, f->items[i].message);
				fputc('\n', why);
			}
			return RT_BROKEN;
		}
	return met ? RT_PASSED : RT_FAILED;
}

enum rt_verdict ruletest_run(struct ruletest_suite *s, size_t i, FILE *why)
{
	const struct ruletest *t = &s->tests[i];
	if (!t->ok || ensure_tmpdir(s) < 0)
		return RT_BROKEN;
	char path[4400];
	snprintf(path, sizeof path, "%s/test.db", s->tmpdir);
	struct findings f = {0};
	enum rt_verdict v = RT_BROKEN;
	if (make_db(s, t, path) == 0 && run_check(s, t, path, &f) == 0)
		v = compare(t, &f, why);
	findings_free(&f);
	remove_db(path);
	return v;
}
