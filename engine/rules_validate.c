/* rules_validate.c — checks across the whole rule set (what lint reports beyond a single
 * declaration) and parameter overrides from a config file. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "diag.h"
#include "lang.h"
#include "periods.h"
#include "rules_dsl.h"
#include "slurp.h"

static void rule_where(const struct rule *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%d", r->file, r->line);
}

/* A clause the plan excuses (uncovered = "reason") must have no rule: one or the other. */
static void excused_but_covered(struct ruleset *rs)
{
	for (size_t c = 0; c < rs->plan.n_clauses; c++) {
		const struct clause *cl = &rs->plan.clauses[c];
		for (size_t i = 0; cl->uncovered && i < rs->n_rules; i++)
			if (strcmp(rs->rules[i].clause, cl->id) == 0) {
				char field[64], where[4200];
				snprintf(field, sizeof field, "clauses[%zu].uncovered", c + 1);
				rule_where(&rs->rules[i], where, sizeof where);
				rules_problem(rs, rs->plan.where, field, tr("条款 %s 标为无规则检查,但规则 %s(%s)检查它",
									    "clause %s is marked as enforced by no rule, but rule %s (%s) enforces it"),
					      cl->id, rs->rules[i].id, where);
				break;
			}
	}
}

/* A rule due in a named period takes the plan's place; the period must be in the data. */
static void resolve_period(struct ruleset *rs, struct rule *r, const char *where)
{
	if (r->due.kind != DUE_PERIOD)
		return;
	snprintf(r->due.place, sizeof r->due.place, "%s", rs->plan.place ? rs->plan.place : "*");
	date_t a, b;
	int found = rs->cal ? periods_find(cal_periods(rs->cal), r->due.festival, r->due.place, rs->plan.year, &a, &b) : 0;
	if (found == -1)
		rules_problem(rs, where, "due.period", "%s: %s", tr("日历数据(periods.tsv)中没有这个时段", "no such period in the calendar data (periods.tsv)"),
			      r->due.festival);
	else if (found == -2)
		rules_problem(rs, where, "due.period", tr("periods.tsv 中没有“%s”在 %s %d 年的日期", "periods.tsv has no dates for %s at %s in %d"),
			      r->due.festival, r->due.place, rs->plan.year);
}

static uint64_t id_hash(const char *id)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * UINT64_C(0x100000001b3);
	return h;
}

/* Each rule id declared more than once: a problem at the second place naming the first, and
 * the set refused. An open-addressing table of rule indices keeps it linear in the rules. */
static void duplicate_ids(struct ruleset *rs)
{
	size_t cap = 16;
	while (cap < rs->n_rules * 2)
		cap *= 2;
	size_t *slot = malloc(cap * sizeof *slot);
	if (!slot)
		return;
	for (size_t k = 0; k < cap; k++)
		slot[k] = SIZE_MAX;
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		size_t k = (size_t)id_hash(r->id) & (cap - 1);
		while (slot[k] != SIZE_MAX && strcmp(rs->rules[slot[k]].id, r->id) != 0)
			k = (k + 1) & (cap - 1);
		if (slot[k] == SIZE_MAX) {
			slot[k] = i;
			continue;
		}
		const struct rule *f = &rs->rules[slot[k]];
		char where[4200];
		rule_where(r, where, sizeof where);
		rules_problem(rs, where, "id", tr("规则编号重复:'%s'(首次出现于 %s 第 %d 行)", "duplicate rule id '%s' (first declared in %s, line %d)"),
			      r->id, f->file, f->line);
		rs->refused = true;
	}
	free(slot);
}

void rules_validate(struct ruleset *rs)
{
	if (!rs->have_plan) {
		rules_problem(rs, rs->dir, "plan", "%s", tr("没有声明 plan{...}(计划及其条款)", "no plan{...} declared (the plan and its clauses)"));
		return;
	}
	excused_but_covered(rs);
	char where[4200];
	for (size_t i = 0; i < rs->n_rules; i++) {
		const struct rule *r = &rs->rules[i];
		rule_where(r, where, sizeof where);
		resolve_period(rs, &rs->rules[i], where);
		rules_requires_validate(rs, r, where);
		const struct clause *c = rules_clause(rs, r->clause);
		if (!c)
			rules_problem(rs, where, "clause", "%s: %s", tr("计划中没有这一条款", "the plan has no such clause"), r->clause);
		else if (!strstr(c->text, r->quote))
			rules_problem(rs, where, "text", "%s %s", tr("引文与计划原文不符,未在条款中找到:", "quote not found in the text of clause"), r->clause);
	}
	duplicate_ids(rs);
}

bool rules_id_valid(const char *id, size_t len)
{
	if (len == 0 || len > RULE_MAX_ID || strlen(id) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '.' && id[i] != '_' && id[i] != '-')
			return false;
	return true;
}

void rules_report_refusal(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_problems; i++)
		if (rs->problems[i].field && strcmp(rs->problems[i].field, "id") == 0)
			diag(rs->problems[i].where, 0, "id", "%s", rs->problems[i].message);
	diag(rs->dir, 0, NULL, "%s", tr("规则编号重复,拒绝使用这套规则(重复的规则会改变得分)",
					"a rule id is declared twice; the rule set is refused (a duplicate would change the scores)"));
}

/* A config file being applied: its path and text, to give each problem a line. */
struct config {
	struct ruleset *rs;
	const char *path;
	char *text;   /* NULL if it could not be read again */
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

/* The first place at or after from where name stands on its own (not inside a longer name),
 * or NULL. */
static const char *find_name(const char *from, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = strstr(from, name); p && len; p = strstr(p + 1, name))
		if ((p == from || !name_char(p[-1])) && !name_char(p[len]))
			return p;
	return NULL;
}

/* Writes "path:line" for a problem about rule id (and its parameter param, may be NULL): the
 * line where the id first appears in the config text, and then the parameter after it. The
 * table the file returns keeps no line numbers, so the text is searched; "path" alone if
 * the names are not found. */
static void config_where(const struct config *c, const char *id, const char *param, char *buf, size_t len)
{
	const char *at = c->text && id ? find_name(c->text, id) : NULL;
	if (at && param)
		at = find_name(at, param);
	if (!at) {
		snprintf(buf, len, "%s", c->path);
		return;
	}
	int line = 1;
	for (const char *p = c->text; p < at; p++)
		line += *p == '\n';
	snprintf(buf, len, "%s:%d", c->path, line);
}

static struct rule *find_rule(struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n_rules; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

int rules_param_fit(lua_State *L, int defaults, char *why, size_t len)
{
	lua_pushvalue(L, -2);
	int had = lua_rawget(L, defaults);
	lua_pop(L, 1);
	if (had == LUA_TNIL) {
		snprintf(why, len, "%s", tr("规则没有这个参数", "the rule has no such parameter"));
		return 1;
	}
	if (had != lua_type(L, -1)) {
		snprintf(why, len, tr("类型不符:应为 %s,实为 %s", "wrong type: expected %s, got %s"), lua_typename(L, had),
			 luaL_typename(L, -1));
		return 2;
	}
	return 0;
}

/* Remembers that the config set r's parameter name at where (a later setting replaces an
 * earlier one). Out of memory forgets it: explain then calls the value the default's. */
static void note_override(struct rule *r, const char *name, const char *where)
{
	for (size_t i = 0; i < r->n_overrides; i++)
		if (strcmp(r->overrides[i].name, name) == 0) {
			char *w = strdup(where);
			if (w) {
				free(r->overrides[i].where);
				r->overrides[i].where = w;
			}
			return;
		}
	struct param_override *v = realloc(r->overrides, (r->n_overrides + 1) * sizeof *v);
	if (!v)
		return;
	r->overrides = v;
	char *n = strdup(name), *w = strdup(where);
	if (!n || !w) {
		free(n);
		free(w);
		return;
	}
	v[r->n_overrides++] = (struct param_override){.name = n, .where = w};
}

/* Applies {name = value} at the top of the stack to rule r's parameters. */
static void override_params(lua_State *L, const struct config *c, struct rule *r)
{
	struct ruleset *rs = c->rs;
	char where[4200];
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->params_ref);
	int params = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, params - 1)) {
		char fieldname[512];
		const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		snprintf(fieldname, sizeof fieldname, "params[\"%s\"].%s", r->id, name);
		config_where(c, r->id, name, where, sizeof where);
		char why[256];
		if (rules_param_fit(L, params, why, sizeof why) == 0) {
			note_override(r, name, where);
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, params);
			continue;
		}
		rules_problem(rs, where, fieldname, "%s", why);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* Walks config.params: {[rule_id] = {name = value}}. */
static void apply_params(lua_State *L, const struct config *c)
{
	struct ruleset *rs = c->rs;
	char where[4200];
	int tab = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, tab)) {
		const char *id = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		struct rule *r = id ? find_rule(rs, id) : NULL;
		char fieldname[512];
		snprintf(fieldname, sizeof fieldname, "params[\"%s\"]", id ? id : "?");
		config_where(c, id, NULL, where, sizeof where);
		if (!r)
			rules_problem(rs, where, fieldname, "%s", tr("没有这个规则编号", "no rule has this id"));
		else if (!lua_istable(L, -1))
			rules_problem(rs, where, fieldname, "%s", tr("应为 {参数名 = 值}", "must be {name = value}"));
		else
			override_params(L, c, r);
		lua_pop(L, 1);
	}
}

static void apply_plan(lua_State *L, const struct config *c)
{
	char where[4200];
	lua_pushliteral(L, "before_effective");
	lua_rawget(L, -2);
	const char *b = lua_tostring(L, -1);
	if (b && (strcmp(b, "check") == 0 || strcmp(b, "not_applicable") == 0))
		c->rs->plan.check_before_effective = strcmp(b, "check") == 0;
	else if (!lua_isnil(L, -1)) {
		config_where(c, "plan", "before_effective", where, sizeof where);
		rules_problem(c->rs, where, "plan.before_effective", "%s", tr("应为 \"not_applicable\" 或 \"check\"", "must be \"not_applicable\" or \"check\""));
	}
	lua_pop(L, 1);
}

/* Runs under lua_pcall, outside the sandbox limits: applies the config table (argument 1)
 * with raw access only, so metamethods in it (an __index that loops) never run here. */
static int apply_config_table(lua_State *L)
{
	const struct config *c = lua_touserdata(L, 2);
	lua_pushliteral(L, "params");
	if (lua_rawget(L, 1) == LUA_TTABLE)
		apply_params(L, c);
	lua_pop(L, 1);
	lua_pushliteral(L, "plan");
	if (lua_rawget(L, 1) == LUA_TTABLE)
		apply_plan(L, c);
	lua_pop(L, 1);
	return 0;
}

void rules_apply_config(struct ruleset *rs, const char *path)
{
	lua_State *L = sandbox_lua(rs->sbx);
	struct sandbox_error err;
	int top = lua_gettop(L);
	sandbox_set_owner(rs->sbx, sandbox_owner(rs->sbx, path));
	sandbox_push_env(L, NULL);
	sandbox_seal_env(L, -1);
	int rc = sandbox_load_file(rs->sbx, path, -1, &err) < 0 || sandbox_call(rs->sbx, 0, 1, &err) < 0 ? -1 : 0;
	sandbox_set_owner(rs->sbx, 0);
	if (rc < 0) {
		rules_problem(rs, err.where[0] ? err.where : path, NULL, "%s", err.message);
		lua_settop(L, top);
		return;
	}
	if (!lua_istable(L, -1)) {
		rules_problem(rs, path, NULL, "%s", tr("配置文件应 return 一个表", "the config file must return a table"));
		lua_settop(L, top);
		return;
	}
	struct config c = {.rs = rs, .path = path, .text = slurp(path, NULL)};
	lua_pushcfunction(L, apply_config_table);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, &c);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK)
		rules_problem(rs, path, NULL, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
	free(c.text);
	lua_settop(L, top);
}
