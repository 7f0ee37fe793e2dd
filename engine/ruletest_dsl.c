/* ruletest_dsl.c — test{...}, what a *_test.lua file calls to declare a rule test. Like
 * rule{} in rules_dsl.c, fields are read with raw access (a declaration table with
 * metamethods runs no code) and each problem is reported as file:line: field: message.
 * The case is put in the suite before it is filled in, so a Lua error midway (out of memory)
 * leaks nothing: the case simply stays not ok, and the loader reports the error. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "import.h"
#include "lang.h"
#include "rules_dsl.h"
#include "ruletest.h"
#include "vec.h"

/* A declaration being read: where it is, and whether it is still good. */
struct decl {
	struct ruletest_suite *s;
	struct ruletest *t;
	const char *where;
	bool ok;
};

static void problem(struct decl *d, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct decl *d, const char *field, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ruletest_problem(d->s, d->where, field, "%s", msg);
	d->ok = false;
}

static void oom(lua_State *L)
{
	luaL_error(L, "%s", tr("内存不足", "out of memory"));
}

static char *xstrdup(lua_State *L, const char *s)
{
	char *c = strdup(s);
	if (!c)
		oom(L);
	return c;
}

/* Pushes the raw field key of the table at tab and returns its type. */
static int field(lua_State *L, int tab, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, tab);
}

/* Reports fields of the table at tab that are not in allowed; prefix names the table
 * ("expect[2]." or ""). */
static void unknown_fields(lua_State *L, struct decl *d, int tab, const char *prefix, const char *const *allowed)
{
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!rules_field_known(k, allowed)) {
			char f[256];
			snprintf(f, sizeof f, "%s%s", prefix, k ? k : "?");
			problem(d, f, "%s", tr("未知字段", "unknown field"));
		}
	}
}

/* Whether the table at tab is a list: keys 1..#t and nothing else. */
static bool is_list(lua_State *L, int tab)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, tab), count = 0;
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n) {
			lua_pop(L, 1);
			return false;
		}
		count++;
	}
	return count == n;
}

/* A string field of the table at tab, or NULL (with a problem when required or not a
 * non-empty string). Valid while the table lives. */
static const char *str_field(lua_State *L, struct decl *d, int tab, const char *prefix, const char *key, bool required)
{
	int t = field(L, tab, key);
	const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);
	if (t == LUA_TNIL && !required)
		return NULL;
	if (!s || !*s) {
		char f[256];
		snprintf(f, sizeof f, "%s%s", prefix, key);
		problem(d, f, "%s", t == LUA_TNIL ? tr("缺少此字段", "missing") : tr("应为非空字符串", "must be a non-empty string"));
		return NULL;
	}
	return s;
}

/* ---- name, rule, period, as_of ---- */

static void parse_name_rule(lua_State *L, struct decl *d)
{
	struct ruletest *t = d->t;
	const char *name = str_field(L, d, 1, "", "name", true);
	const char *rule = str_field(L, d, 1, "", "rule", true);
	t->name = xstrdup(L, name ? name : "?");
	t->rule = xstrdup(L, rule ? rule : "?");
	for (size_t i = 0; name && i + 1 < d->s->n; i++) {
		const struct ruletest *o = &d->s->tests[i];
		if (o->name && strcmp(o->file, t->file) == 0 && strcmp(o->name, name) == 0) {
			problem(d, "name", tr("同一文件中测试名称重复(首次在第 %d 行)", "duplicate test name in the file (first at line %d)"),
				o->line);
			break;
		}
	}
	const struct ruleset *rs = d->s->rs;
	t->rule_index = rs->n_rules;
	for (size_t i = 0; rule && i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, rule) == 0)
			t->rule_index = i;
	if (rule && t->rule_index == rs->n_rules)
		problem(d, "rule", "%s: %s", tr("没有这个规则编号", "no rule has this id"), rule);
}

static void parse_dates(lua_State *L, struct decl *d)
{
	struct ruletest *t = d->t;
	const struct ruleset *rs = d->s->rs;
	char err[256], year[16];
	const char *period = str_field(L, d, 1, "", "period", false);
	if (!period && rs->have_plan) {
		snprintf(year, sizeof year, "%d", rs->plan.year);
		period = year;
	}
	if (!period) {
		if (d->ok)
			problem(d, "period", "%s", tr("没有 plan{},无法确定默认时段", "no plan{}: no default period"));
		return;
	}
	if (period_parse(period, &t->period, err, sizeof err) < 0) {
		problem(d, "period", "%s", err);
		return;
	}
	t->as_of = t->period.to + 1;
	const char *as_of = str_field(L, d, 1, "", "as_of", false);
	if (as_of && date_parse(as_of, &t->as_of) < 0)
		problem(d, "as_of", "%s: %s", tr("日期无效,应为 YYYY-MM-DD", "invalid date, expected YYYY-MM-DD"), as_of);
}

/* ---- params ---- */

/* Checks the overrides against the rule's parameters (same names, same types) and keeps a
 * reference to a copy of them. */
static void parse_params(lua_State *L, struct decl *d)
{
	struct ruletest *t = d->t;
	int ty = field(L, 1, "params");
	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (ty != LUA_TTABLE) {
		problem(d, "params", "%s", tr("应为表 {参数名 = 值}", "must be a table {name = value}"));
		lua_pop(L, 1);
		return;
	}
	int over = lua_gettop(L);
	bool known_rule = t->rule_index < d->s->rs->n_rules;
	if (known_rule)
		lua_rawgeti(L, LUA_REGISTRYINDEX, d->s->rs->rules[t->rule_index].params_ref);
	else
		lua_newtable(L);
	int defaults = over + 1;
	lua_newtable(L);
	int copy = over + 2;
	lua_pushnil(L);
	while (lua_next(L, over)) {
		char f[256];
		const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		snprintf(f, sizeof f, "params.%s", name);
		char why[256];
		int fit = rules_param_fit(L, defaults, why, sizeof why);
		if (fit == 0) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, copy);
			continue;
		}
		if (fit == 2 || known_rule)   /* an unknown rule is reported once, elsewhere */
			problem(d, f, "%s", why);
		lua_pop(L, 1);
	}
	t->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_settop(L, over - 1);
}

/* ---- fixture and records ---- */

/* The index of kind (English or Chinese) in import_kinds(), or -1. */
static long kind_index(const char *kind)
{
	const char *name = import_kind_name(kind);
	const char *const *kinds = import_kinds();
	for (long i = 0; name && kinds[i]; i++)
		if (strcmp(kinds[i], name) == 0)
			return i;
	return -1;
}

static void known_kinds(char *buf, size_t len, const char *suffix)
{
	size_t n = 0;
	buf[0] = '\0';
	for (const char *const *k = import_kinds(); *k && n < len; k++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s", k == import_kinds() ? "" : tr("、", ", "), *k, suffix);
}

/* The directory of the test file, joined with rel (unless rel is absolute). */
static void beside(const char *file, const char *rel, char *out, size_t len)
{
	const char *slash = strrchr(file, '/');
	if (rel[0] == '/' || !slash)
		snprintf(out, len, "%s", rel);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - file), file, rel);
}

/* fixture = "dir": every <kind>.csv in it (the kind in English or Chinese). */
static void parse_fixture(lua_State *L, struct decl *d)
{
	struct ruletest *t = d->t;
	const char *rel = str_field(L, d, 1, "", "fixture", false);
	if (!rel)
		return;
	char dir[4096], path[4400], kinds[1024];
	beside(t->file, rel, dir, sizeof dir);
	DIR *dh = opendir(dir);
	if (!dh) {
		problem(d, "fixture", "%s: %s", tr("无法打开目录", "cannot open the directory"), dir);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0 || e->d_name[0] == '.')
			continue;
		char kind[256];
		snprintf(kind, sizeof kind, "%.*s", (int)(len - 4), e->d_name);
		long k = kind_index(kind);
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (k < 0) {
			known_kinds(kinds, sizeof kinds, ".csv");
			problem(d, "fixture", tr("%s: 文件名不是记录类型(可用:%s)", "%s: the file name is not a record kind (known: %s)"),
				path, kinds);
		} else if (t->fixture[k]) {
			problem(d, "fixture", tr("%s 与 %s 是同一类记录", "%s and %s hold the same kind of record"), t->fixture[k], path);
		} else if (!(t->fixture[k] = strdup(path))) {
			closedir(dh);
			oom(L);
		}
	}
	closedir(dh);
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct rt_cell *)a)->key, ((const struct rt_cell *)b)->key);
}

/* The text of a cell value at idx as tostring() would write it, or NULL when it is not a
 * string, number or boolean (or holds a NUL byte). malloc'd. */
static char *cell_text(lua_State *L, int idx, bool *bad)
{
	char buf[64];
	size_t len;
	*bad = false;
	switch (lua_type(L, idx)) {
	case LUA_TSTRING: {
		const char *s = lua_tolstring(L, idx, &len);
		if (memchr(s, '\0', len)) {
			*bad = true;
			return NULL;
		}
		return xstrdup(L, s);
	}
	case LUA_TBOOLEAN:
		return xstrdup(L, lua_toboolean(L, idx) ? "true" : "false");
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			snprintf(buf, sizeof buf, "%lld", (long long)lua_tointeger(L, idx));
		else
			snprintf(buf, sizeof buf, "%.14g", (double)lua_tonumber(L, idx));
		return xstrdup(L, buf);
	default:
		*bad = true;
		return NULL;
	}
}

/* One row {column = value} at the top of the stack into row. */
static void parse_row(lua_State *L, struct decl *d, const char *prefix, struct rt_row *row)
{
	int tab = lua_gettop(L);
	char f[512];
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		snprintf(f, sizeof f, "%s.%s", prefix, k ? k : "?");
		bool bad;
		char *v = k && *k ? cell_text(L, -1, &bad) : NULL;
		lua_pop(L, 1);
		if (!k || !*k) {
			problem(d, prefix, "%s", tr("列名应为非空字符串", "column names must be non-empty strings"));
			continue;
		}
		if (!v) {
			problem(d, f, "%s", tr("值应为字符串、数字或布尔值", "the value must be a string, number or boolean"));
			continue;
		}
		if (vec_reserve(&row->cells, &row->cap, row->n + 1, sizeof *row->cells) < 0) {
			free(v);
			oom(L);
		}
		row->cells[row->n++] = (struct rt_cell){.value = v};
		if (!(row->cells[row->n - 1].key = strdup(k)))
			oom(L);
	}
	if (row->n > 1)
		qsort(row->cells, row->n, sizeof *row->cells, by_key);
}

/* records.<kind> = { {col = value, ...}, ... } at the top of the stack. */
static void parse_kind_rows(lua_State *L, struct decl *d, const char *kind, struct rt_rows *rows)
{
	int tab = lua_gettop(L);
	char f[256];
	snprintf(f, sizeof f, "records.%s", kind);
	if (!lua_istable(L, tab) || !is_list(L, tab)) {
		problem(d, f, "%s", tr("应为记录的列表 { {列名 = 值, ...}, ... }", "must be a list of records { {column = value, ...}, ... }"));
		return;
	}
	size_t n = lua_rawlen(L, tab);
	if (n == 0)
		return;
	if (!(rows->rows = calloc(n, sizeof *rows->rows)))
		oom(L);
	for (size_t i = 1; i <= n; i++) {
		char rf[300];
		snprintf(rf, sizeof rf, "%s[%zu]", f, i);
		lua_rawgeti(L, tab, (lua_Integer)i);
		struct rt_row *row = &rows->rows[rows->n++];
		if (!lua_istable(L, -1))
			problem(d, rf, "%s", tr("应为 {列名 = 值, ...}", "must be {column = value, ...}"));
		else
			parse_row(L, d, rf, row);
		lua_pop(L, 1);
	}
}

static void parse_records(lua_State *L, struct decl *d)
{
	int ty = field(L, 1, "records");
	int tab = lua_gettop(L);
	if (ty != LUA_TNIL && ty != LUA_TTABLE)
		problem(d, "records", "%s", tr("应为表 { 记录类型 = { {...}, ... } }", "must be a table { kind = { {...}, ... } }"));
	char kinds[1024], f[256];
	bool seen[RT_MAX_KINDS] = {false};
	lua_pushnil(L);
	while (ty == LUA_TTABLE && lua_next(L, tab)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		long i = lua_type(L, -2) == LUA_TSTRING ? kind_index(k) : -1;
		snprintf(f, sizeof f, "records.%s", k);
		if (i < 0) {
			known_kinds(kinds, sizeof kinds, "");
			problem(d, f, tr("未知的记录类型(可用:%s)", "unknown record kind (known: %s)"), kinds);
		} else if (seen[i]) {
			problem(d, f, "%s", tr("这类记录已经给过(中文名和英文名是同一类)", "this kind is given twice (its Chinese and English names are one kind)"));
		} else {
			seen[i] = true;
			parse_kind_rows(L, d, import_kinds()[i], &d->t->records[i]);
		}
		lua_pop(L, 1);
	}
	lua_settop(L, tab - 1);
}

/* ---- expect ---- */

static bool parse_status(const char *s, enum status *out)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(s, status_name(i)) == 0) {
			*out = i;
			return true;
		}
	return false;
}

/* evidence = { "table:id", ... } of the expectation at tab into e. */
static void parse_evidence(lua_State *L, struct decl *d, int tab, const char *prefix, struct rt_expect *e)
{
	char f[256];
	snprintf(f, sizeof f, "%sevidence", prefix);
	int ty = field(L, tab, "evidence");
	int ev = lua_gettop(L);
	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	size_t n = ty == LUA_TTABLE ? lua_rawlen(L, ev) : 0;
	bool good = ty == LUA_TTABLE && is_list(L, ev);
	for (size_t i = 1; good && i <= n; i++) {
		good = lua_rawgeti(L, ev, (lua_Integer)i) == LUA_TSTRING;
		lua_pop(L, 1);
	}
	if (!good) {
		problem(d, f, "%s", tr("应为记录引用的列表,如 { \"activities:A1\" }", "must be a list of record refs such as { \"activities:A1\" }"));
		lua_pop(L, 1);
		return;
	}
	if (n && !(e->evidence = calloc(n, sizeof *e->evidence)))
		oom(L);
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, ev, (lua_Integer)i);
		e->evidence[e->n_evidence++] = xstrdup(L, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static const char *const expect_fields[] = {"unit", "window", "status", "evidence", "message", NULL};

/* One expectation {unit=, window=, status=, evidence=, message=} at the top of the stack. */
static void parse_one_expect(lua_State *L, struct decl *d, size_t i, struct rt_expect *e)
{
	int tab = lua_gettop(L);
	char prefix[64], f[96];
	snprintf(prefix, sizeof prefix, "expect[%zu].", i);
	if (!lua_istable(L, tab)) {
		snprintf(f, sizeof f, "expect[%zu]", i);
		problem(d, f, "%s", tr("应为 {unit=, status=, ...}", "must be {unit=, status=, ...}"));
		return;
	}
	unknown_fields(L, d, tab, prefix, expect_fields);
	const char *unit = str_field(L, d, tab, prefix, "unit", false);
	const char *window = str_field(L, d, tab, prefix, "window", false);
	const char *status = str_field(L, d, tab, prefix, "status", true);
	const char *message = str_field(L, d, tab, prefix, "message", false);
	snprintf(f, sizeof f, "%swindow", prefix);
	if (window && date_parse(window, &e->window) < 0)
		problem(d, f, "%s: %s", tr("日期无效,应为时段开始的日期 YYYY-MM-DD", "invalid date, expected the window's first day YYYY-MM-DD"), window);
	e->has_window = window != NULL;
	snprintf(f, sizeof f, "%sstatus", prefix);
	if (status && !parse_status(status, &e->status))
		problem(d, f, "%s: %s", tr("应为 pass、fail、pending、not_applicable、waived 或 error",
					  "must be pass, fail, pending, not_applicable, waived or error"), status);
	e->unit = unit ? xstrdup(L, unit) : NULL;
	e->message = message ? xstrdup(L, message) : NULL;
	parse_evidence(L, d, tab, prefix, e);
}

static void parse_expect(lua_State *L, struct decl *d)
{
	struct ruletest *t = d->t;
	int ty = field(L, 1, "expect");
	int tab = lua_gettop(L);
	size_t n = ty == LUA_TTABLE ? lua_rawlen(L, tab) : 0;
	if (n == 0 || !is_list(L, tab)) {
		problem(d, "expect", "%s", ty == LUA_TNIL ? tr("缺少此字段", "missing")
							 : tr("应为非空的列表 { {unit=, status=, ...}, ... }",
							      "must be a non-empty list { {unit=, status=, ...}, ... }"));
		lua_pop(L, 1);
		return;
	}
	if (!(t->expect = calloc(n, sizeof *t->expect)))
		oom(L);
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, tab, (lua_Integer)i);
		parse_one_expect(L, d, i, &t->expect[t->n_expect++]);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* A test whose every expectation is pass is a passing test; one expecting a fail is a
 * failing test; others (pending, waived ...) count as neither. */
static enum rt_kind classify(const struct ruletest *t)
{
	bool all_pass = t->n_expect > 0;
	for (size_t i = 0; i < t->n_expect; i++) {
		if (t->expect[i].status == ST_FAIL)
			return RT_FAILING;
		all_pass = all_pass && t->expect[i].status == ST_PASS;
	}
	return all_pass ? RT_PASSING : RT_OTHER;
}

static const char *const test_fields[] = {"name", "rule", "period", "as_of", "params", "fixture", "records", "expect", NULL};

/* test { name=, rule=, period=, as_of=, params=, fixture=, records=, expect= } */
static int dsl_test(lua_State *L)
{
	struct ruletest_suite *s = lua_touserdata(L, lua_upvalueindex(1));
	if (!s->loading)
		return luaL_error(L, "%s", tr("test{} 只能在加载测试文件时声明", "test{} may be declared only while the test files load"));
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	char where[1024];
	int line;
	rules_caller_where(L, where, sizeof where, &line);
	if (vec_reserve(&s->tests, &s->cap, s->n + 1, sizeof *s->tests) < 0)
		oom(L);
	struct ruletest *t = &s->tests[s->n++];
	memset(t, 0, sizeof *t);
	t->params_ref = LUA_NOREF;
	t->line = line;
	t->file = strdup(where);
	t->fixture = calloc(s->n_kinds, sizeof *t->fixture);
	t->records = calloc(s->n_kinds, sizeof *t->records);
	if (!t->file || !t->fixture || !t->records)
		oom(L);
	if (strrchr(t->file, ':'))
		*strrchr(t->file, ':') = '\0';
	struct decl d = {.s = s, .t = t, .where = where, .ok = true};
	unknown_fields(L, &d, 1, "", test_fields);
	parse_name_rule(L, &d);
	parse_dates(L, &d);
	parse_params(L, &d);
	parse_fixture(L, &d);
	parse_records(L, &d);
	parse_expect(L, &d);
	t->kind = classify(t);
	t->ok = d.ok;
	return 0;
}

/* The plan year plus offset, followed by the text at arg: Y"-06-01" is "2020-06-01" under the
 * 2020 plan, Y"Q2" is "2020Q2", Y.next"-01-15" "2021-01-15", Y.prev"-12-31" "2019-12-31".
 * So a test copied into next year's plan still means what it meant. The text is not checked
 * here: the field it goes into is, with its file and line. */
static int year_text(lua_State *L, int arg, int offset)
{
	const struct ruletest_suite *s = lua_touserdata(L, lua_upvalueindex(1));
	const char *suffix = luaL_checkstring(L, arg);
	if (!s->rs->have_plan)
		return luaL_error(L, "%s", tr("没有 plan{},Y 无法得知计划年份", "no plan{}: Y cannot know the plan's year"));
	lua_pushfstring(L, "%d%s", s->rs->plan.year + offset, suffix);
	return 1;
}

static int year_call(lua_State *L) { return year_text(L, 2, 0); }   /* Y"..." (__call: self first) */
static int year_next(lua_State *L) { return year_text(L, 1, 1); }
static int year_prev(lua_State *L) { return year_text(L, 1, -1); }

void ruletest_push_year(lua_State *L, struct ruletest_suite *s)
{
	lua_createtable(L, 0, 3);
	lua_pushinteger(L, s->rs->have_plan ? s->rs->plan.year : 0);
	lua_setfield(L, -2, "year");
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, year_next, 1);
	lua_setfield(L, -2, "next");
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, year_prev, 1);
	lua_setfield(L, -2, "prev");
	lua_createtable(L, 0, 1);
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, year_call, 1);
	lua_setfield(L, -2, "__call");
	lua_setmetatable(L, -2);
}

void ruletest_push_dsl(lua_State *L, struct ruletest_suite *s)
{
	lua_pushlightuserdata(L, s);
	lua_pushcclosure(L, dsl_test, 1);
}
