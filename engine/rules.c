/* rules.c — loading rule files into the sandbox and running their checks (see rules.h).
 * The DSL functions (plan, rule, pass, fail, not_applicable) and the helper tables (db, date,
 * cal) are what a rule file sees besides the trimmed standard libraries. */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lauxlib.h>

#include "diag.h"
#include "import_kinds.h"
#include "dirlist.h"
#include "lang.h"
#include "lcal.h"
#include "ldb.h"
#include "slurp.h"
#include "oblig.h"
#include "rules_dsl.h"
#include "vec.h"

#define RS_KEY "yaodian.ruleset"

struct ruleset *rules_from_lua(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, RS_KEY);
	struct ruleset *rs = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return rs;
}

void rule_problem_add(struct rule_problem **v, size_t *n, size_t *cap, const char *where, const char *field,
		      const char *fmt, va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (vec_reserve(v, cap, *n + 1, sizeof **v) < 0)
		return;
	struct rule_problem *p = &(*v)[(*n)++];
	p->where = strdup(where ? where : "");
	p->field = field ? strdup(field) : NULL;
	p->message = strdup(msg);
}

void rules_problem(struct ruleset *rs, const char *where, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rule_problem_add(&rs->problems, &rs->n_problems, &rs->cap_problems, where, field, fmt, ap);
	va_end(ap);
}

/* A rule file: *.lua, but not a rule-test file (*_test.lua). */
static bool is_rule_file(const char *name)
{
	return dirlist_ends_with(name, ".lua") && !dirlist_ends_with(name, "_test.lua");
}

/* Builds a rule file's environment (argument 1: the rule set). Runs under lua_pcall, since
 * building it allocates and so may raise. */
static int build_env(lua_State *L)
{
	struct ruleset *rs = lua_touserdata(L, 1);
	sandbox_push_env(L, rules_dsl_functions());
	ldb_push(L, &rs->ldb);
	lua_setfield(L, -2, "db");
	lcal_push(L);
	sandbox_seal_env(L, -1);
	return 1;
}

/* Merges the table a library file returned (top of the stack) into the lib table below it. */
static void merge_lib(lua_State *L)
{
	if (lua_istable(L, -1))
		sandbox_copy_fields(L, -1, -2);
	lua_pop(L, 1);
}

/* The files of dir/lib/, read once for all the rule files. */
struct lib_files {
	int n;
	char **paths, **texts;
	size_t *lens;
};

static void lib_read(const char *dir, struct lib_files *lib)
{
	char libdir[4200], path[4500];
	snprintf(libdir, sizeof libdir, "%s/lib", dir);
	char **names = NULL;
	int n = dirlist(libdir, is_rule_file, &names);
	memset(lib, 0, sizeof *lib);
	if (n <= 0)
		return;
	lib->paths = calloc((size_t)n, sizeof *lib->paths);
	lib->texts = calloc((size_t)n, sizeof *lib->texts);
	lib->lens = calloc((size_t)n, sizeof *lib->lens);
	for (int i = 0; lib->paths && lib->texts && lib->lens && i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", libdir, names[i]);
		lib->paths[i] = strdup(path);
		lib->texts[i] = slurp(path, &lib->lens[i]);   /* NULL: reported when run */
		lib->n = i + 1;
	}
	dirlist_free(names, n);
}

static void lib_free(struct lib_files *lib)
{
	for (int i = 0; i < lib->n; i++) {
		free(lib->paths[i]);
		free(lib->texts[i]);
	}
	free(lib->paths);
	free(lib->texts);
	free(lib->lens);
}

/* Runs every library file in the environment at the top of the stack and sets the
 * environment's `lib` to what they return (merged): helper functions shared by the rule files
 * without shared state, since each file gets its own copy. A broken library file is reported
 * once. */
static void add_lib(struct ruleset *rs, const struct lib_files *lib)
{
	lua_State *L = sandbox_lua(rs->sbx);
	int env = lua_gettop(L);
	lua_newtable(L);
	for (int i = 0; i < lib->n; i++) {
		struct sandbox_error err = {.fault = SBX_SYNTAX};
		const char *path = lib->paths[i] ? lib->paths[i] : "lib";
		snprintf(err.message, sizeof err.message, "%s", tr("无法读取规则库文件", "cannot read the library file"));
		err.where[0] = '\0';
		if (lib->texts[i] && sandbox_load_text(rs->sbx, path, lib->texts[i], lib->lens[i], env, &err) == 0 &&
		    sandbox_call(rs->sbx, 0, 1, &err) == 0)
			merge_lib(L);
		else if (!rs->lib_reported) {
			rules_problem(rs, err.where[0] ? err.where : path, NULL, "%s", err.message);
			rs->lib_reported = true;
		}
	}
	lua_pushstring(L, "lib");
	lua_insert(L, -2);
	lua_rawset(L, env);
}

/* Adds name and its contents to rs->hash (FNV-1a 64; a NUL ends the name and the contents,
 * so moving bytes between them or between files changes the hash). */
static void hash_file(struct ruleset *rs, const char *name, const char *text, size_t len)
{
	const char *base = strrchr(name, '/');
	const char *parts[2] = {base ? base + 1 : name, text ? text : ""};
	size_t lens[2] = {strlen(parts[0]) + 1, text ? len + 1 : 1};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < lens[k]; i++) {
			rs->hash ^= i + 1 == lens[k] ? 0 : (unsigned char)parts[k][i];
			rs->hash *= UINT64_C(0x100000001b3);
		}
}

/* The obligations file decides which obligation ids findings carry: it is part of the set. */
static void hash_obligations(struct ruleset *rs)
{
	if (!rs->obligations_file)
		return;
	char path[4096];
	size_t len = 0;
	snprintf(path, sizeof path, "%s/%s", rs->dir, rs->obligations_file);
	char *text = slurp(path, &len);
	hash_file(rs, path, text, len);
	free(text);
}

/* Loads one rule file, its memory charged to it (see load_one_as). */
static void load_one_as(struct ruleset *rs, const char *path, const struct lib_files *lib);

static void load_one(struct ruleset *rs, const char *path, const struct lib_files *lib)
{
	sandbox_set_owner(rs->sbx, sandbox_owner(rs->sbx, path));
	load_one_as(rs, path, lib);
	sandbox_set_owner(rs->sbx, 0);
}

static void load_one_as(struct ruleset *rs, const char *path, const struct lib_files *lib)
{
	lua_State *L = sandbox_lua(rs->sbx);
	struct sandbox_error err;
	lua_pushcfunction(L, build_env);
	lua_pushlightuserdata(L, rs);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		rules_problem(rs, path, NULL, "%s", tr("内存不足", "out of memory"));
		lua_pop(L, 1);
		return;
	}
	add_lib(rs, lib);
	size_t len = 0;
	char *text = slurp(path, &len);
	hash_file(rs, path, text, len);
	if (!text) {
		rules_problem(rs, path, NULL, "%s", tr("无法读取规则文件", "cannot read rule file"));
		lua_pop(L, 1);
		return;
	}
	int lrc = sandbox_load_text(rs->sbx, path, text, len, -1, &err);
	free(text);
	if (lrc < 0) {
		rules_problem(rs, err.where[0] ? err.where : path, NULL, "%s", err.message);
		lua_pop(L, 1);
		return;
	}
	if (sandbox_call(rs->sbx, 0, 0, &err) < 0)
		rules_problem(rs, err.where[0] ? err.where : path, NULL, "%s", err.message);
	lua_pop(L, 1);   /* the environment; the rules it declared keep references to it */
}

struct ruleset *rules_load(const char *dir, const char *config, const struct sandbox_limits *lim,
			   struct calendar *cal)
{
	char **names = NULL;
	int n = dirlist(dir, is_rule_file, &names);
	if (n < 0) {
		diag(dir, 0, NULL, "%s", tr("无法读取规则目录", "cannot read the rules directory"));
		return NULL;
	}
	struct ruleset *rs = calloc(1, sizeof *rs);
	if (rs)
		rs->sbx = sandbox_new(lim);
	if (!rs || !rs->sbx) {
		diag(dir, 0, NULL, "%s", tr("无法创建 Lua 沙箱(内存不足)", "cannot create the Lua sandbox (out of memory)"));
		free(rs);
		rs = NULL;
	} else {
		sandbox_set_library(rs->sbx, dir);
		rs->cal = cal;
		rs->dir = strdup(dir);
		rs->config = config ? strdup(config) : NULL;
		if (lim)
			rs->lim = *lim;
		lua_State *L = sandbox_lua(rs->sbx);
		lua_pushlightuserdata(L, rs);
		lua_setfield(L, LUA_REGISTRYINDEX, RS_KEY);
		char path[4096];
		struct lib_files lib;
		lib_read(dir, &lib);
		rs->hash = UINT64_C(0xcbf29ce484222325);   /* the FNV-1a offset basis */
		for (int i = 0; i < lib.n; i++)
			hash_file(rs, lib.paths[i] ? lib.paths[i] : "lib", lib.texts[i], lib.lens[i]);
		rs->loading = true;
		for (int i = 0; i < n; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			load_one(rs, path, &lib);
		}
		lib_free(&lib);
		rs->loading = false;
		if (n == 0)
			rules_problem(rs, dir, NULL, "%s", tr("目录中没有规则文件(*.lua)", "no rule files (*.lua) in the directory"));
		rules_validate(rs);
		oblig_load(rs);
		hash_obligations(rs);
		if (config) {
			size_t clen = 0;
			char *ctext = slurp(config, &clen);
			hash_file(rs, "--config", ctext, clen);
			free(ctext);
			rules_apply_config(rs, config);
		}
	}
	dirlist_free(names, n);
	return rs;
}

struct ruleset *rules_clone(const struct ruleset *rs)
{
	struct ruleset *c = rules_load(rs->dir, rs->config, &rs->lim, rs->cal);
	if (c) {
		struct timespec deadline;
		sandbox_total_deadline(rs->sbx, &deadline);
		sandbox_set_total_deadline(c->sbx, &deadline);
	}
	if (c && (c->hash != rs->hash || c->n_rules != rs->n_rules || c->refused != rs->refused)) {
		diag(rs->dir, 0, NULL, "%s", tr("规则文件在检查期间被修改,请重新运行检查",
					       "the rule files changed during the check; run the check again"));
		rules_free(c);
		c = NULL;
	}
	return c;
}

void rules_attach_db(struct ruleset *rs, sqlite3 *ro_db)
{
	ldb_free(rs->ldb);
	rs->ldb = ro_db ? ldb_new(ro_db) : NULL;
	ldb_watch(rs->ldb, rs->sbx);
}

void rules_trace(struct ruleset *rs, FILE *out) { ldb_trace(rs->ldb, out); }

/* A parameter value as text: numbers without a trailing .0, booleans, strings; a table as
 * its values joined by 、 (lists such as the eight 制度). */
static void param_text(lua_State *L, int idx, char *buf, size_t size)
{
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			snprintf(buf, size, "%lld", (long long)lua_tointeger(L, idx));
		else
			snprintf(buf, size, "%.15g", lua_tonumber(L, idx));
		break;
	case LUA_TBOOLEAN: snprintf(buf, size, "%s", lua_toboolean(L, idx) ? "true" : "false"); break;
	case LUA_TSTRING: snprintf(buf, size, "%s", lua_tostring(L, idx)); break;
	case LUA_TTABLE: {
		size_t o = 0;
		buf[0] = '\0';
		lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
		for (lua_Integer i = 1; i <= n && i <= 50 && o < size; i++) {
			lua_rawgeti(L, idx, i);
			const char *v = lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : "?";
			o += (size_t)snprintf(buf + o, size - o, "%s%s", i > 1 ? tr("、", ", ") : "", v);
			lua_pop(L, 1);
		}
		break;
	}
	default: snprintf(buf, size, "%s", luaL_typename(L, idx));
	}
}

int rules_params(const struct ruleset *rs, size_t ri, void (*fn)(void *ud, const char *name, const char *value),
		 void *ud)
{
	lua_State *L = sandbox_lua(rs->sbx);
	if (ri >= rs->n_rules || !lua_checkstack(L, 6))
		return -1;
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->rules[ri].params_ref);
	int n = 0;
	if (lua_type(L, -1) == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (lua_type(L, -2) == LUA_TSTRING) {
				char v[1024];
				param_text(L, lua_gettop(L), v, sizeof v);
				fn(ud, lua_tostring(L, -2), v);
				n++;
			}
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	return n;
}

static void free_plan(struct plan *p)
{
	free(p->id);
	free(p->title);
	free(p->source);
	free(p->place);
	free(p->where);
	for (size_t i = 0; i < p->n_clauses; i++) {
		free(p->clauses[i].id);
		free(p->clauses[i].title);
		free(p->clauses[i].text);
		free(p->clauses[i].uncovered);
	}
	free(p->clauses);
}

static void free_rule(struct rule *r)
{
	free(r->id);
	free(r->clause);
	free(r->quote);
	free(r->title);
	free(r->title_en);
	free(r->requires);
	free(r->interpretation);
	free(r->severity);
	free(r->file);
	for (size_t i = 0; i < r->n_overrides; i++) {
		free(r->overrides[i].name);
		free(r->overrides[i].where);
	}
	free(r->overrides);
}

const char *rules_param_source(const struct ruleset *rs, size_t ri, const char *name)
{
	const struct rule *r = ri < rs->n_rules ? &rs->rules[ri] : NULL;
	for (size_t i = 0; r && i < r->n_overrides; i++)
		if (strcmp(r->overrides[i].name, name) == 0)
			return r->overrides[i].where;
	return NULL;
}

void rules_free(struct ruleset *rs)
{
	if (!rs)
		return;
	ldb_free(rs->ldb);
	sandbox_free(rs->sbx);
	free(rs->dir);
	free(rs->config);
	free_plan(&rs->plan);
	oblig_free(rs);
	for (size_t i = 0; i < rs->n_rules; i++)
		free_rule(&rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->n_problems; i++) {
		free(rs->problems[i].where);
		free(rs->problems[i].field);
		free(rs->problems[i].message);
	}
	free(rs->problems);
	free(rs);
}

const struct clause *rules_clause(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->plan.n_clauses; i++)
		if (strcmp(rs->plan.clauses[i].id, id) == 0)
			return &rs->plan.clauses[i];
	return NULL;
}

/* Pushes a shallow copy of the table at idx, so one unit's check cannot change what the
 * next one sees. */
static void push_copy(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);
	sandbox_copy_fields(L, idx, -1);
}

static void set_date_field(lua_State *L, const char *name, date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format(d, buf);
	lua_pushstring(L, buf);
	lua_setfield(L, -2, name);
}

static void push_ctx(lua_State *L, const struct rule *r, const struct rule_ctx *c)
{
	lua_createtable(L, 0, 10);
	lua_pushstring(L, c->unit_id);
	lua_setfield(L, -2, "unit");
	lua_pushstring(L, c->unit_name ? c->unit_name : c->unit_id);
	lua_setfield(L, -2, "unit_name");
	set_date_field(L, "from", c->from);
	set_date_field(L, "to", c->to);
	set_date_field(L, "window_from", c->window_from);
	set_date_field(L, "window_to", c->window_to);
	set_date_field(L, "period_from", c->period_from);
	set_date_field(L, "period_to", c->period_to);
	set_date_field(L, "as_of", c->as_of ? c->as_of : c->to);
	lua_pushinteger(L, c->year);
	lua_setfield(L, -2, "year");
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->params_ref);
	push_copy(L, -1);
	lua_setfield(L, -3, "params");
	lua_pop(L, 1);
}

/* Raw field of the table at idx as a string in the current language: a string, or a table
 * {zh = ..., en = ...}. NULL if absent or of another type. Uses no metamethods. */
static const char *raw_text(lua_State *L, int idx, const char *key)
{
	lua_pushstring(L, key);
	int t = lua_rawget(L, idx);
	if (t == LUA_TTABLE) {
		int tab = lua_gettop(L);
		lua_pushstring(L, lang_get() == LANG_EN ? "en" : "zh");
		if (lua_rawget(L, tab) != LUA_TSTRING) {
			lua_pop(L, 1);
			lua_pushstring(L, "zh");
			lua_rawget(L, tab);
		}
		lua_remove(L, tab);
	}
	const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);   /* still reachable from the result table, so s stays valid */
	return s;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Raises unless text (NULL: absent) fits in max bytes; names the rule and the field. */
static void check_length(lua_State *L, const struct rule *r, const char *field, const char *text, size_t max)
{
	size_t n = text ? strlen(text) : 0;
	if (n > max)
		luaL_error(L, tr("规则 %s 的 %s 有 %I 字节,超出上限 %I 字节", "rule %s: its %s has %I bytes, over the limit of %I"),
			   r->id, field, (lua_Integer)n, (lua_Integer)max);
}

/* Raises unless the value at the top of the stack (evidence item i) is "table:id", table a
 * record table of the database and id non-empty text without control characters. */
static void check_ref(lua_State *L, const struct rule *r, size_t i)
{
	size_t len = 0;
	const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
	const char *colon = s ? memchr(s, ':', len) : NULL;
	bool ok = colon && colon > s && len <= RULE_MAX_REF && colon + 1 < s + len;
	for (size_t k = 0; ok && k < len; k++)
		ok = (unsigned char)s[k] >= 0x20 && s[k] != 0x7f;
	if (ok) {
		char table[64];
		size_t tl = (size_t)(colon - s);
		ok = tl < sizeof table;
		if (ok) {
			memcpy(table, s, tl);
			table[tl] = '\0';
			ok = import_kind_by_table(table) != NULL;
		}
	}
	if (!ok)
		luaL_error(L, tr("规则 %s 的证据第 %I 项应为“记录表:编号”(如 activities:A1)",
				 "rule %s: evidence item %I must be \"table:id\" of a record table (such as activities:A1)"),
			   r->id, (lua_Integer)i);
}

/* Reads the check's returned table (argument 1) into the rule_result (lightuserdata, arg 2;
 * arg 3 the rule), bounded: message and looked_for RULE_MAX_MESSAGE bytes, at most
 * RULE_MAX_EVIDENCE refs, each a record ref. Runs under lua_pcall with raw access only, so a
 * hostile result table runs no code; every check is done before anything is copied. */
static int extract_result(lua_State *L)
{
	struct rule_result *out = lua_touserdata(L, 2);
	const struct rule *r = lua_touserdata(L, 3);
	if (!lua_istable(L, 1))
		return luaL_error(L, "%s", tr("check 函数应返回 pass(...)、fail(...) 或 not_applicable(...)",
					       "check must return pass(...), fail(...) or not_applicable(...)"));
	const char *st = raw_text(L, 1, "status");
	if (st && strcmp(st, "pass") == 0)
		out->status = ST_PASS;
	else if (st && strcmp(st, "fail") == 0)
		out->status = ST_FAIL;
	else if (st && strcmp(st, "not_applicable") == 0)
		out->status = ST_NOT_APPLICABLE;
	else
		return luaL_error(L, "%s", tr("check 返回值的 status 无效", "check returned an invalid status"));
	const char *message = raw_text(L, 1, "message");
	const char *looked_for = raw_text(L, 1, "looked_for");
	check_length(L, r, "message", message, RULE_MAX_MESSAGE);
	check_length(L, r, "looked_for", looked_for, RULE_MAX_MESSAGE);
	size_t n = 0;
	lua_pushstring(L, "evidence");
	if (lua_rawget(L, 1) == LUA_TTABLE) {
		n = lua_rawlen(L, -1);
		if (n > RULE_MAX_EVIDENCE)
			luaL_error(L, tr("规则 %s 给出 %I 项证据,超出上限 %d 项", "rule %s: %I evidence items, over the limit of %d"), r->id,
				   (lua_Integer)n, RULE_MAX_EVIDENCE);
		for (size_t i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			check_ref(L, r, i);
			lua_pop(L, 1);
		}
	}
	out->message = dup_or_null(message);
	out->looked_for = dup_or_null(looked_for);
	out->evidence = calloc(n ? n : 1, sizeof *out->evidence);
	for (size_t i = 1; out->evidence && i <= n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		out->evidence[out->n_evidence++] = strdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return 0;
}

static void set_rule_error(struct rule_result *out, const char *where, const char *msg)
{
	rule_result_free(out);
	out->status = ST_ERROR;
	out->where = strdup(where);
	out->message = strdup(msg);
}

/* Reads the verdict on top of the stack (popped) into out through extract_result; a verdict
 * extract_result refuses makes out an error at decl. out->where is decl unless an error set
 * it. Returns whether the verdict was taken. */
static bool extract_verdict(lua_State *L, const struct rule *r, const char *decl, struct rule_result *out)
{
	lua_pushcfunction(L, extract_result);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, out);
	lua_pushlightuserdata(L, (void *)r);
	bool ok = lua_pcall(L, 3, 0, 0) == LUA_OK;
	if (!ok) {
		const char *m = lua_tostring(L, -1);
		set_rule_error(out, decl, m ? m : "?");
		lua_pop(L, 1);
	}
	out->where = out->where ? out->where : strdup(decl);
	return ok;
}

void rules_run(struct ruleset *rs, size_t i, const struct rule_ctx *ctx, struct rule_result *out)
{
	if (rs->rules[i].check_ref == LUA_REFNIL) {
		rules_run_all(rs, i, ctx, 1, out);
		return;
	}
	memset(out, 0, sizeof *out);
	const struct rule *r = &rs->rules[i];
	lua_State *L = sandbox_lua(rs->sbx);
	char decl[4200];
	snprintf(decl, sizeof decl, "%s:%d", r->file, r->line);
	struct sandbox_error err;
	int top = lua_gettop(L);
	ldb_begin_call(rs->ldb);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->check_ref);
	push_ctx(L, r, ctx);
	sandbox_set_owner(rs->sbx, r->owner);
	int crc = sandbox_call(rs->sbx, 1, 1, &err);
	sandbox_set_owner(rs->sbx, 0);
	ldb_end_call(rs->ldb);
	if (crc < 0) {
		set_rule_error(out, err.where[0] ? err.where : decl, err.message);
		lua_settop(L, top);
		return;
	}
	if (!extract_verdict(L, r, decl, out))
		lua_gc(L, LUA_GCCOLLECT);   /* the refused result goes now, not in a later rule's call */
	lua_settop(L, top);
}

void rule_result_free(struct rule_result *r)
{
	free(r->message);
	free(r->looked_for);
	free(r->where);
	for (size_t i = 0; i < r->n_evidence; i++)
		free(r->evidence[i]);
	free(r->evidence);
	memset(r, 0, sizeof *r);
}

/* ---- check_all: every unit of one window in one call ---- */

/* The ids of ctx[0..n) as a JSON array, for `IN (SELECT value FROM json_each(?))`; malloc'd,
 * or NULL when out of memory or an id is not UTF-8. */
static char *unit_list_json(const struct rule_ctx *ctx, size_t n)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < n; k++)
		if (json_array_append_new(a, json_string(ctx[k].unit_id)) < 0) {
			json_decref(a);
			a = NULL;
		}
	char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return text;
}

/* Pushes check_all's ctx: the dates and parameters of ctx[0] (shared by every unit of the
 * window) and no ctx.unit, but units (the ids, in order), unit_names (id -> name) and
 * unit_list (the ids as JSON text). */
static void push_ctx_all(lua_State *L, const struct rule *r, const struct rule_ctx *ctx, size_t n, const char *json)
{
	struct rule_ctx shared = ctx[0];
	shared.unit_id = shared.unit_name = NULL;
	push_ctx(L, r, &shared);
	lua_createtable(L, (int)n, 0);
	lua_createtable(L, 0, (int)n);
	for (size_t k = 0; k < n; k++) {
		lua_pushstring(L, ctx[k].unit_id);
		lua_rawseti(L, -3, (lua_Integer)k + 1);
		lua_pushstring(L, ctx[k].unit_name ? ctx[k].unit_name : ctx[k].unit_id);
		lua_setfield(L, -2, ctx[k].unit_id);
	}
	lua_setfield(L, -3, "unit_names");
	lua_setfield(L, -2, "units");
	lua_pushstring(L, json);
	lua_setfield(L, -2, "unit_list");
}

/* Every one of out[0..n) an error at where with msg (out of memory: the message dropped). */
static void all_error(struct rule_result *out, size_t n, const char *where, const char *msg)
{
	for (size_t k = 0; k < n; k++)
		set_rule_error(&out[k], where, msg);
}

/* Whether every key of the table at idx names one of the n units (raw traversal, no code run);
 * when not, the first stranger's text into bad. Linear: a table with as many keys as it has
 * units among them has no stranger; only then is each key looked up. */
static bool only_known_units(lua_State *L, int idx, const struct rule_ctx *ctx, size_t n, char *bad, size_t size)
{
	size_t keys = 0, known = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		keys++;
		lua_pop(L, 1);
	}
	for (size_t k = 0; k < n; k++) {
		lua_pushstring(L, ctx[k].unit_id);
		known += lua_rawget(L, idx) != LUA_TNIL;
		lua_pop(L, 1);
	}
	if (keys == known)
		return true;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		bool found = false;
		for (size_t k = 0; !found && k < n && lua_type(L, -2) == LUA_TSTRING; k++)
			found = strcmp(lua_tostring(L, -2), ctx[k].unit_id) == 0;
		if (!found) {
			snprintf(bad, size, "%s", lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : luaL_typename(L, -2));
			lua_pop(L, 2);
			return false;
		}
		lua_pop(L, 1);
	}
	return true;
}

/* Reads unit k's verdict from the result table at idx into out, as rules_run does check's. */
static void take_verdict(lua_State *L, const struct rule *r, int idx, const struct rule_ctx *c, const char *decl,
			 struct rule_result *out)
{
	char msg[512];
	lua_pushstring(L, c->unit_id);
	if (lua_rawget(L, idx) == LUA_TNIL) {
		lua_pop(L, 1);
		snprintf(msg, sizeof msg, tr("check_all 没有给出单位 %s 的结论", "check_all gave no verdict for unit %s"), c->unit_id);
		set_rule_error(out, decl, msg);
		return;
	}
	extract_verdict(L, r, decl, out);
}

/* Reads check_all's result (top of the stack) into out[0..n): a table keyed by unit id. */
static void take_verdicts(lua_State *L, const struct rule *r, const struct rule_ctx *ctx, size_t n, const char *decl,
			  struct rule_result *out)
{
	int res = lua_gettop(L);
	char bad[RULE_MAX_REF + 1], msg[RULE_MAX_REF + 200];
	if (!lua_istable(L, res)) {
		all_error(out, n, decl, tr("check_all 应返回以单位编号为键、pass(...) 等为值的表",
					   "check_all must return a table of unit id -> pass(...), fail(...) or not_applicable(...)"));
		return;
	}
	lua_pushstring(L, "status");
	bool one = lua_rawget(L, res) == LUA_TSTRING;
	lua_pop(L, 1);
	if (one) {   /* check_all = true on a check that judges one unit only */
		all_error(out, n, decl, tr("check_all 返回了一个结论而不是每个单位一个(check_all = true 的 check 须在没有 ctx.unit 时评判全部单位,如 lib.each_unit)",
					   "check_all returned one verdict, not one per unit (with check_all = true, check must judge every unit when ctx.unit is nil, as lib.each_unit does)"));
		return;
	}
	if (!only_known_units(L, res, ctx, n, bad, sizeof bad)) {
		snprintf(msg, sizeof msg, tr("check_all 给出了不在本次评判之列的单位 %s", "check_all returned a verdict for unit %s, which it was not asked to judge"), bad);
		all_error(out, n, decl, msg);
		return;
	}
	for (size_t k = 0; k < n; k++)
		take_verdict(L, r, res, &ctx[k], decl, &out[k]);
}

void rules_run_all(struct ruleset *rs, size_t i, const struct rule_ctx *ctx, size_t n, struct rule_result *out)
{
	const struct rule *r = &rs->rules[i];
	memset(out, 0, n * sizeof *out);
	if (r->check_all_ref == LUA_REFNIL) {
		for (size_t k = 0; k < n; k++)
			rules_run(rs, i, &ctx[k], &out[k]);
		return;
	}
	lua_State *L = sandbox_lua(rs->sbx);
	char decl[4200];
	snprintf(decl, sizeof decl, "%s:%d", r->file, r->line);
	char *json = unit_list_json(ctx, n);
	if (!json || !lua_checkstack(L, 8)) {
		all_error(out, n, decl, tr("内存不足", "out of memory"));
		free(json);
		return;
	}
	struct sandbox_error err;
	int top = lua_gettop(L);
	ldb_begin_call_for(rs->ldb, (long)n);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->check_all_ref);
	push_ctx_all(L, r, ctx, n, json);
	free(json);
	sandbox_set_owner(rs->sbx, r->owner);
	int crc = sandbox_call_scaled(rs->sbx, 1, 1, (long)n, &err);
	sandbox_set_owner(rs->sbx, 0);
	ldb_end_call(rs->ldb);
	size_t growth = sandbox_call_growth(rs->sbx);
	if (growth > rs->call_memory)
		rs->call_memory = growth;
	if (crc < 0 && err.fault == SBX_MEMORY && n > 1) {
		/* The memory cap is the file's, whatever the units: what n units did not fit in, n/2
		 * may; one unit alone meets the cap as its own call would. */
		lua_settop(L, top);
		rules_run_all(rs, i, ctx, n / 2, out);
		rules_run_all(rs, i, ctx + n / 2, n - n / 2, out + n / 2);
		return;
	}
	if (crc < 0)
		all_error(out, n, err.where[0] ? err.where : decl, err.message);
	else
		take_verdicts(L, r, ctx, n, decl, out);
	lua_settop(L, top);
}

size_t rules_call_memory(struct ruleset *rs)
{
	size_t m = rs->call_memory;
	rs->call_memory = 0;
	return m;
}

bool rules_has_check_all(const struct ruleset *rs, size_t i) { return rs->rules[i].check_all_ref != LUA_REFNIL; }

bool rules_has_check(const struct ruleset *rs, size_t i) { return rs->rules[i].check_ref != LUA_REFNIL; }
