/* rules_dsl.c — what a rule file calls: plan{...}, rule{...}, pass/fail/not_applicable, and
 * the date and cal helper tables. Declarations are checked here field by field; a bad field
 * becomes a lint problem at the file:line of the declaration, never a crash.
 * Fields are read with raw access, so a declaration table with metamethods runs no code, and
 * every Lua operation that may raise happens before anything is copied into C memory. */
#include "rules_dsl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lang.h"
#include "ldb.h"
#include "vec.h"

void rules_caller_where(lua_State *L, char *buf, size_t len, int *line)
{
	lua_Debug ar;
	buf[0] = '\0';
	*line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
		const char *src = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
		snprintf(buf, len, "%s:%d", src, ar.currentline);
		*line = ar.currentline;
	}
}

/* Common start of plan{} and rule{}: the argument must be a table (left alone at index 1);
 * writes where it was declared. Returns the rule set. Declarations are taken only while the
 * files load: a check that declared a rule would grow the rule list the check is walking. */
static struct ruleset *begin_declaration(lua_State *L, char *where, size_t len, int *line)
{
	struct ruleset *rs = rules_from_lua(L);
	if (!rs->loading)
		luaL_error(L, "%s", tr("rule{} 和 plan{} 只能在加载规则文件时声明,不能在 check 中声明",
				       "rule{} and plan{} may be declared only while the rule files load, not inside a check"));
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	rules_caller_where(L, where, len, line);
	return rs;
}

/* Raw field key of the declaration at index 1; pushes it and returns its type. */
static int field(lua_State *L, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, 1);
}

/* A string field of the declaration, or NULL (with a problem when required). The string stays
 * valid while the declaration table is alive. */
static const char *str_field(lua_State *L, struct ruleset *rs, const char *where, const char *key,
			     bool required, bool *ok)
{
	int t = field(L, key);
	const char *s = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);
	if (t == LUA_TNIL && !required)
		return NULL;
	if (!s || !*s) {
		rules_problem(rs, where, key, "%s", t == LUA_TNIL ? tr("缺少此字段", "missing") : tr("应为非空字符串", "must be a non-empty string"));
		*ok = false;
	}
	return s;
}

bool rules_field_known(const char *k, const char *const *allowed)
{
	for (int i = 0; k && allowed[i]; i++)
		if (strcmp(k, allowed[i]) == 0)
			return true;
	return false;
}

/* Reports declaration fields not in allowed (catches typos such as "clasue"). */
static void unknown_fields(lua_State *L, struct ruleset *rs, const char *where, const char *const *allowed, bool *ok)
{
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!rules_field_known(k, allowed)) {
			rules_problem(rs, where, k ? k : "?", "%s", tr("未知字段", "unknown field"));
			*ok = false;
		}
	}
}

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

static const char *due_spellings(void)
{
	return tr("应为 \"year\"、\"half\"、\"quarter\"、\"Q1\"..\"Q4\"、\"H1\"/\"H2\"、\"MM-DD..MM-DD\"、"
		  "{festival=名称, before=天数, after=天数}、{period=时段名称} 或 {from=\"MM-DD\", to=\"MM-DD\"}",
		  "must be \"year\", \"half\", \"quarter\", \"Q1\"..\"Q4\", \"H1\"/\"H2\", \"MM-DD..MM-DD\", "
		  "{festival=name, before=days, after=days}, {period=name} or {from=\"MM-DD\", to=\"MM-DD\"}");
}

/* {festival = NAME, before = DAYS, after = DAYS} at index tab. Returns true when it is one. */
static bool due_festival(lua_State *L, struct ruleset *rs, const char *where, int tab, struct due *d, bool *ok)
{
	lua_getfield(L, tab, "festival");
	lua_getfield(L, tab, "before");
	lua_getfield(L, tab, "after");
	const char *fest = lua_type(L, -3) == LUA_TSTRING ? lua_tostring(L, -3) : NULL;
	lua_Integer before = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : -1;
	lua_Integer after = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : -1;
	bool is = fest && strlen(fest) < sizeof d->festival && before >= 0 && after >= 0 && before <= 366 &&
		  after <= 366;
	if (is) {
		memset(d, 0, sizeof *d);
		d->kind = DUE_FESTIVAL;
		strcpy(d->festival, fest);
		d->before = (int)before;
		d->after = (int)after;
		date_t day;
		if (rs->cal && cal_festival(rs->cal, fest, 2000, &day) == -1) {
			rules_problem(rs, where, "due.festival", "%s: %s", tr("日历数据中没有这个节日", "no such festival in the calendar data"), fest);
			*ok = false;
		}
	}
	lua_pop(L, 3);
	return is;
}

/* {period = NAME} at index tab: a named period of calendars/periods.tsv. */
static bool due_period(lua_State *L, int tab, struct due *d)
{
	lua_getfield(L, tab, "period");
	const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	bool is = name && *name && strlen(name) < sizeof d->festival;
	if (is) {
		memset(d, 0, sizeof *d);
		d->kind = DUE_PERIOD;
		strcpy(d->festival, name);   /* the place is the plan's, set by rules_validate */
	}
	lua_pop(L, 1);
	return is;
}

/* {from = "MM-DD", to = "MM-DD"} at index tab. */
static bool due_span(lua_State *L, int tab, struct due *d)
{
	lua_getfield(L, tab, "from");
	lua_getfield(L, tab, "to");
	char span[32];
	bool is = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING &&
		  snprintf(span, sizeof span, "%s..%s", lua_tostring(L, -2), lua_tostring(L, -1)) < (int)sizeof span &&
		  due_parse(span, d) == 0;
	lua_pop(L, 2);
	return is;
}

/* Parses the due field: a spelling for due_parse, or one of the table forms above. */
static void parse_due(lua_State *L, struct ruleset *rs, const char *where, struct due *d, bool *ok)
{
	int t = field(L, "due");
	int tab = lua_gettop(L);
	bool good = (t == LUA_TSTRING && due_parse(lua_tostring(L, -1), d) == 0) ||
		    (t == LUA_TTABLE && (due_festival(L, rs, where, tab, d, ok) || due_period(L, tab, d) ||
					 due_span(L, tab, d)));
	lua_settop(L, tab - 1);
	if (!good) {
		rules_problem(rs, where, "due", "%s", due_spellings());
		*ok = false;
	}
}

/* Validates the params table (scalars only) and leaves a registry reference to a copy. */
static int parse_params(lua_State *L, struct ruleset *rs, const char *where, bool *ok)
{
	int t = field(L, "params");
	lua_newtable(L);
	if (t == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -3)) {
			int vt = lua_type(L, -1);
			if (lua_type(L, -2) != LUA_TSTRING || (vt != LUA_TNUMBER && vt != LUA_TSTRING && vt != LUA_TBOOLEAN)) {
				rules_problem(rs, where, "params", "%s", tr("参数名应为字符串,值应为数字、字符串或布尔值",
									 "parameter names must be strings and values numbers, strings or booleans"));
				*ok = false;
				lua_pop(L, 1);
				continue;
			}
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -4);
		}
	} else if (t != LUA_TNIL) {
		rules_problem(rs, where, "params", "%s", tr("应为表", "must be a table"));
		*ok = false;
	}
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
	return ref;
}

static bool grow_rules(struct ruleset *rs)
{
	return vec_reserve(&rs->rules, &rs->cap_rules, rs->n_rules + 1, sizeof *rs->rules) == 0;
}

/* A number field of the declaration in [lo, hi], or def when absent (a problem otherwise). */
static double num_field(lua_State *L, struct ruleset *rs, const char *where, const char *key, double lo,
			double hi, double def, bool *ok)
{
	int t = field(L, key);
	double v = t == LUA_TNUMBER ? lua_tonumber(L, -1) : def;
	lua_pop(L, 1);
	if ((t != LUA_TNIL && t != LUA_TNUMBER) || !isfinite(v) || v < lo || v > hi) {
		rules_problem(rs, where, key, tr("应为 %g 到 %g 之间的数", "must be a number from %g to %g"), lo, hi);
		*ok = false;
		return def;
	}
	return v;
}

/* A boolean field of the declaration, or false when absent (a problem otherwise). */
static bool bool_field(lua_State *L, struct ruleset *rs, const char *where, const char *key, bool *ok)
{
	int t = field(L, key);
	bool v = t == LUA_TBOOLEAN && lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (t != LUA_TNIL && t != LUA_TBOOLEAN) {
		rules_problem(rs, where, key, "%s", tr("应为 true 或 false", "must be true or false"));
		*ok = false;
	}
	return v;
}

static const char *const rule_fields[] = {"id", "clause", "text", "title", "title_en", "requires", "due",
					   "interpretation", "remind", "prepare", "show_window", "severity", "points",
					   "params", "check", "check_all", NULL};

/* Registry reference to the function in field name, or LUA_REFNIL (*wrong set when the
 * field holds something else). */
static int fn_field(lua_State *L, const char *name, bool *wrong)
{
	int t = field(L, name);
	if (t == LUA_TFUNCTION)
		return luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
	*wrong = t != LUA_TNIL;
	return LUA_REFNIL;
}

/* Registry reference to the rule's check_all: a function of its own; or, for check_all = true
 * (the check function is set-aware: given a ctx without unit it judges every unit), another
 * reference to check; LUA_REFNIL when absent or false. */
static int check_all_field(lua_State *L, struct ruleset *rs, const char *where, int check_ref, bool *ok)
{
	int t = field(L, "check_all");
	bool same = t == LUA_TBOOLEAN && lua_toboolean(L, -1);
	if (t == LUA_TBOOLEAN) {
		lua_pop(L, 1);
		if (same && check_ref == LUA_REFNIL) {
			rules_problem(rs, where, "check_all", "%s", tr("check_all = true 须有 check 函数", "check_all = true needs a check function"));
			*ok = false;
		}
		if (!same || check_ref == LUA_REFNIL)
			return LUA_REFNIL;
		lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
		return luaL_ref(L, LUA_REGISTRYINDEX);
	}
	if (t != LUA_TFUNCTION && t != LUA_TNIL) {
		rules_problem(rs, where, "check_all", "%s", tr("应为函数或 true", "must be a function or true"));
		*ok = false;
	}
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* rule { id=, clause=, text=, title=, title_en=, requires=, interpretation=, due=, remind=, prepare=,
 *        show_window=, severity=, points=, params=, check=, check_all= } (check, check_all or both) */
static int dsl_rule(lua_State *L)
{
	char where[1024];
	int line;
	struct ruleset *rs = begin_declaration(L, where, sizeof where, &line);
	bool ok = true;
	unknown_fields(L, rs, where, rule_fields, &ok);
	const char *id = str_field(L, rs, where, "id", true, &ok);
	field(L, "id");
	size_t id_len = lua_rawlen(L, -1);   /* the whole string: an id may hide a NUL */
	lua_pop(L, 1);
	if (id && !rules_id_valid(id, id_len)) {
		rules_problem(rs, where, "id", tr("规则编号只能由字母、数字、“.”、“_”、“-”组成,不超过 %d 字节",
						  "a rule id is letters, digits, '.', '_' and '-' only, at most %d bytes"),
			      RULE_MAX_ID);
		ok = false;
	}
	const char *clause = str_field(L, rs, where, "clause", true, &ok);
	const char *quote = str_field(L, rs, where, "text", true, &ok);
	const char *title = str_field(L, rs, where, "title", true, &ok);
	const char *title_en = str_field(L, rs, where, "title_en", false, &ok);
	const char *requires = str_field(L, rs, where, "requires", false, &ok);
	const char *interp = str_field(L, rs, where, "interpretation", false, &ok);
	const char *sev = str_field(L, rs, where, "severity", false, &ok);
	if (sev && strcmp(sev, "high") != 0 && strcmp(sev, "medium") != 0 && strcmp(sev, "low") != 0) {
		rules_problem(rs, where, "severity", "%s", tr("应为 high、medium 或 low", "must be high, medium or low"));
		ok = false;
	}
	double points = num_field(L, rs, where, "points", 0, 100, 0, &ok);
	int remind = (int)num_field(L, rs, where, "remind", 0, 366, RULE_DEFAULT_REMIND, &ok);
	bool has_prepare = field(L, "prepare") != LUA_TNIL;
	lua_pop(L, 1);
	int prepare = has_prepare ? (int)num_field(L, rs, where, "prepare", 0, 366, 0, &ok) : -1;
	bool show_window = bool_field(L, rs, where, "show_window", &ok);
	struct due due = {.kind = DUE_YEAR};
	parse_due(L, rs, where, &due, &ok);
	bool bad_check = false;
	int check_ref = fn_field(L, "check", &bad_check);
	int check_all_ref = check_all_field(L, rs, where, check_ref, &ok);
	if (check_ref == LUA_REFNIL && (bad_check || check_all_ref == LUA_REFNIL)) {
		rules_problem(rs, where, "check", "%s", tr("缺少 check 函数(或 check_all)", "missing check function (or check_all)"));
		ok = false;
	}
	int params_ref = parse_params(L, rs, where, &ok);
	if (!ok || !grow_rules(rs)) {
		luaL_unref(L, LUA_REGISTRYINDEX, check_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, check_all_ref);
		luaL_unref(L, LUA_REGISTRYINDEX, params_ref);
		return 0;
	}
	/* Nothing below may raise: the strings are copied into C memory now. */
	char *file = dup(where);
	if (file && strrchr(file, ':'))
		*strrchr(file, ':') = '\0';
	rs->rules[rs->n_rules++] = (struct rule){
		.id = dup(id), .clause = dup(clause), .quote = dup(quote), .title = dup(title),
		.title_en = dup(title_en), .requires = dup(requires), .interpretation = dup(interp),
		.severity = dup(sev ? sev : "medium"), .points = points, .remind = remind, .prepare = prepare,
		.show_window = show_window, .due = due, .file = file, .line = line,
		.owner = sandbox_current_owner(rs->sbx), .check_ref = check_ref,
		.check_all_ref = check_all_ref, .params_ref = params_ref};
	return 0;
}

/* A date field "YYYY-MM-DD" of the declaration. */
static date_t date_field(lua_State *L, struct ruleset *rs, const char *where, const char *key, bool *ok)
{
	const char *s = str_field(L, rs, where, key, true, ok);
	date_t d = 0;
	if (s && date_parse(s, &d) < 0) {
		rules_problem(rs, where, key, "%s: %s", tr("日期无效", "invalid date"), s);
		*ok = false;
	}
	return d;
}

/* Checks the clauses array: each {id=, title=, text= [, uncovered=]}. Counts them. */
static size_t check_clauses(lua_State *L, struct ruleset *rs, const char *where, bool *ok)
{
	if (field(L, "clauses") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
		rules_problem(rs, where, "clauses", "%s", tr("应为非空的条款列表", "must be a non-empty list of clauses"));
		*ok = false;
		lua_pop(L, 1);
		return 0;
	}
	size_t n = lua_rawlen(L, -1);
	for (size_t i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		bool good = lua_istable(L, -1);
		for (int k = 0; good && k < 3; k++) {
			static const char *const keys[] = {"id", "title", "text"};
			lua_pushstring(L, keys[k]);
			good = lua_rawget(L, -2) == LUA_TSTRING;
			lua_pop(L, 1);
		}
		if (!good) {
			char f[64];
			snprintf(f, sizeof f, "clauses[%zu]", i);
			rules_problem(rs, where, f, "%s", tr("应为 {id=, title=, text=},均为字符串", "must be {id=, title=, text=}, all strings"));
			*ok = false;
		} else {
			lua_pushliteral(L, "uncovered");
			int t = lua_rawget(L, -2);
			if (t != LUA_TNIL && (t != LUA_TSTRING || lua_rawlen(L, -1) == 0)) {
				char f[64];
				snprintf(f, sizeof f, "clauses[%zu].uncovered", i);
				rules_problem(rs, where, f, "%s", tr("应为非空字符串:为何没有规则检查此条款",
								     "must be a non-empty string: why no rule enforces this clause"));
				*ok = false;
			}
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	return n;   /* the table stays pushed for copy_clauses */
}

/* Copies the clauses table at the top of the stack into p. Nothing here raises. */
static void copy_clauses(lua_State *L, struct plan *p, size_t n)
{
	p->clauses = calloc(n, sizeof *p->clauses);
	if (!p->clauses)
		return;
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		struct clause *c = &p->clauses[p->n_clauses++];
		lua_pushstring(L, "id");
		lua_rawget(L, -2);
		c->id = dup(lua_tostring(L, -1));
		lua_pushstring(L, "title");
		lua_rawget(L, -3);
		c->title = dup(lua_tostring(L, -1));
		lua_pushstring(L, "text");
		lua_rawget(L, -4);
		c->text = dup(lua_tostring(L, -1));
		lua_pushstring(L, "uncovered");
		lua_rawget(L, -5);
		c->uncovered = dup(lua_tostring(L, -1));
		lua_pop(L, 5);
	}
}

static const char *const plan_fields[] = {"id", "title", "source", "place", "issued", "effective", "year",
					   "params", "clauses", NULL};

/* plan { id=, title=, source=, issued=, effective=, year=, params={before_effective=}, clauses={...} } */
static int dsl_plan(lua_State *L)
{
	char where[1024];
	int line;
	struct ruleset *rs = begin_declaration(L, where, sizeof where, &line);
	if (rs->have_plan) {
		rules_problem(rs, where, NULL, "%s", tr("只能声明一个 plan", "only one plan may be declared"));
		return 0;
	}
	bool ok = true;
	unknown_fields(L, rs, where, plan_fields, &ok);
	const char *id = str_field(L, rs, where, "id", true, &ok);
	const char *title = str_field(L, rs, where, "title", true, &ok);
	const char *source = str_field(L, rs, where, "source", false, &ok);
	const char *place = str_field(L, rs, where, "place", false, &ok);
	date_t issued = date_field(L, rs, where, "issued", &ok);
	date_t effective = date_field(L, rs, where, "effective", &ok);
	lua_Integer year = field(L, "year") == LUA_TNUMBER && lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
	lua_pop(L, 1);
	if (year < 1900 || year > 2200) {
		rules_problem(rs, where, "year", "%s", tr("应为年份,如 2020", "must be a year such as 2020"));
		ok = false;
	}
	bool check_before = false;
	if (field(L, "params") == LUA_TTABLE) {
		lua_getfield(L, -1, "before_effective");
		const char *b = lua_tostring(L, -1);
		if (b && strcmp(b, "check") != 0 && strcmp(b, "not_applicable") != 0) {
			rules_problem(rs, where, "params.before_effective", "%s", tr("应为 \"not_applicable\" 或 \"check\"", "must be \"not_applicable\" or \"check\""));
			ok = false;
		}
		check_before = b && strcmp(b, "check") == 0;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	size_t n = check_clauses(L, rs, where, &ok);
	if (!ok) {
		lua_pop(L, 1);
		return 0;
	}
	rs->have_plan = true;
	rs->plan = (struct plan){.id = dup(id), .title = dup(title), .source = dup(source), .place = dup(place),
				 .issued = issued,
				 .effective = effective, .year = (int)year, .check_before_effective = check_before,
				 .where = dup(where)};
	copy_clauses(L, &rs->plan, n);
	lua_pop(L, 1);
	return 0;
}

/* obligations "FILE": the plan's obligations, a file beside the rules (oblig.h). Once. */
static int dsl_obligations(lua_State *L)
{
	struct ruleset *rs = rules_from_lua(L);
	if (!rs->loading)
		luaL_error(L, "%s", tr("obligations 只能在加载规则文件时声明", "obligations may be declared only while the rule files load"));
	const char *file = luaL_checkstring(L, 1);
	char where[1024];
	int line;
	rules_caller_where(L, where, sizeof where, &line);
	if (rs->obligations_file) {
		rules_problem(rs, where, "obligations", "%s (%s)", tr("只能声明一个义务文件", "only one obligations file may be declared"),
			      rs->obligations_where);
		return 0;
	}
	if (file[0] == '\0' || strchr(file, '/')) {
		rules_problem(rs, where, "obligations", "%s", tr("应为规则目录中的文件名", "must be a file name in the rules directory"));
		return 0;
	}
	rs->obligations_file = dup(file);
	rs->obligations_where = dup(where);
	return 0;
}

/* pass(message [, evidence]) -> {status="pass", message=, evidence=}; likewise fail and
 * not_applicable. evidence is a list of record refs ("activities:A-001") and may carry
 * looked_for = "what was searched for". */
static int make_result(lua_State *L, const char *status)
{
	luaL_argexpected(L, lua_type(L, 1) == LUA_TSTRING || lua_istable(L, 1), 1, "string or {zh=, en=}");
	lua_settop(L, 2);
	lua_createtable(L, 0, 4);
	lua_pushstring(L, status);
	lua_setfield(L, -2, "status");
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "message");
	if (lua_istable(L, 2)) {
		lua_pushvalue(L, 2);
		lua_setfield(L, -2, "evidence");
		lua_getfield(L, 2, "looked_for");
		lua_setfield(L, -2, "looked_for");
	} else if (!lua_isnil(L, 2))
		luaL_argerror(L, 2, tr("应为证据列表(表)", "evidence must be a table"));
	return 1;
}

/* refs(table, rows [, key]) -> {"table:<row[key]>", ...}: evidence from query rows. */
static int dsl_refs(lua_State *L)
{
	const char *table = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	const char *key = luaL_optstring(L, 3, "id");
	lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
	if (n > LDB_MAX_ROWS)
		luaL_error(L, tr("refs:%I 行超出 db.rows 能返回的上限(%d 行)", "refs: %I rows is more than db.rows can return (%d)"), n,
			   LDB_MAX_ROWS);
	lua_settop(L, 3);
	lua_createtable(L, (int)(n < 1000 ? n : 1000), 0);
	for (lua_Integer i = 1; i <= n; i++) {
		if ((i & 1023) == 0)
			sandbox_check(L);
		lua_rawgeti(L, 2, i);
		if (lua_type(L, -1) == LUA_TTABLE && lua_getfield(L, -1, key) != LUA_TNIL) {
			lua_pushfstring(L, "%s:%s", table, luaL_tolstring(L, -1, NULL));
			lua_rawseti(L, -5, (lua_Integer)lua_rawlen(L, -5) + 1);
			lua_pop(L, 1);
		}
		lua_settop(L, 4);
	}
	return 1;
}

static int dsl_pass(lua_State *L) { return make_result(L, "pass"); }
static int dsl_fail(lua_State *L) { return make_result(L, "fail"); }
static int dsl_na(lua_State *L) { return make_result(L, "not_applicable"); }

const luaL_Reg *rules_dsl_functions(void)
{
	static const luaL_Reg fns[] = {{"plan", dsl_plan}, {"rule", dsl_rule}, {"pass", dsl_pass},
				       {"fail", dsl_fail}, {"not_applicable", dsl_na}, {"refs", dsl_refs},
				       {"obligations", dsl_obligations},
				       {NULL, NULL}};
	return fns;
}
