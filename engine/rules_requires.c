/* rules_requires.c — a rule's `requires` text with its parameters filled in: "{min}" becomes
 * the parameter's effective value (the default, or the --config override), "{min_ratio:%}" a
 * ratio as a percentage, "{{" a literal "{". Lint refuses a reference the rule cannot fill. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lang.h"
#include "rules_dsl.h"

/* Pushes the value of parameter name (len bytes) from the table at params, or returns 0 and
 * pushes nothing when the table has no such key. Walks the table with lua_next and compares
 * string keys in C, so it allocates nothing and cannot raise outside a pcall. */
static int push_param(lua_State *L, int params, const char *name, size_t len)
{
	lua_pushnil(L);
	while (lua_next(L, params)) {
		size_t klen;
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : NULL;
		if (k && klen == len && memcmp(k, name, len) == 0) {
			lua_remove(L, -2);
			return 1;
		}
		lua_pop(L, 1);
	}
	return 0;
}

/* A number for people: integers without ".0", others with up to 15 significant digits. */
static void put_number(FILE *m, lua_State *L, int idx, double scale)
{
	if (lua_isinteger(L, idx) && scale == 1)
		fprintf(m, "%lld", (long long)lua_tointeger(L, idx));
	else
		fprintf(m, "%.15g", lua_tonumber(L, idx) * scale);
}

/* Writes the value at the top of the stack in format fmt ("" plain, "%" a percentage) to m.
 * 0, or -1 with why filled when the format does not fit the value. */
static int put_value(FILE *m, lua_State *L, const char *fmt, char *why, size_t wlen)
{
	int t = lua_type(L, -1);
	if (strcmp(fmt, "%") == 0 && t == LUA_TNUMBER) {
		put_number(m, L, -1, 100);
		fputc('%', m);
	} else if (*fmt) {
		snprintf(why, wlen, tr("requires 中的格式 :%s 无效(只能是 :%%,用于数值参数)",
				       "invalid format :%s in requires (only :%% of a number parameter)"), fmt);
		return -1;
	} else if (t == LUA_TNUMBER)
		put_number(m, L, -1, 1);
	else if (t == LUA_TBOOLEAN)
		fputs(lua_toboolean(L, -1) ? tr("是", "yes") : tr("否", "no"), m);
	else if (t == LUA_TSTRING)
		fputs(lua_tostring(L, -1), m);
	return 0;
}

/* Expands one reference "{name}" or "{name:fmt}" (inner: the text between the braces, len
 * bytes) into m. 0, or -1 with why filled. */
static int put_ref(FILE *m, lua_State *L, int params, const char *inner, size_t len, char *why, size_t wlen)
{
	char name[256], fmt[16] = "";
	const char *colon = memchr(inner, ':', len);
	size_t nlen = colon ? (size_t)(colon - inner) : len;
	if (colon)
		snprintf(fmt, sizeof fmt, "%.*s", (int)(len - nlen - 1), colon + 1);
	snprintf(name, sizeof name, "%.*s", (int)nlen, inner);
	if (nlen == 0 || nlen >= sizeof name || !push_param(L, params, inner, nlen)) {
		snprintf(why, wlen, tr("requires 引用了不存在的参数 {%s}", "requires refers to {%s}, which is not a parameter of the rule"),
			 name);
		return -1;
	}
	int rc = put_value(m, L, fmt, why, wlen);
	lua_pop(L, 1);
	return rc;
}

/* Writes text to m with every reference expanded from the parameter table at params. 0, or -1
 * at the first bad reference or unterminated "{", with why filled for people. */
static int expand(FILE *m, lua_State *L, int params, const char *text, char *why, size_t wlen)
{
	for (const char *p = text; *p; p++) {
		if (*p != '{') {
			fputc(*p, m);
			continue;
		}
		if (p[1] == '{') {
			fputc('{', m);
			p++;
			continue;
		}
		const char *end = strchr(p + 1, '}');
		if (!end) {
			snprintf(why, wlen, "%s", tr("requires 中的 { 没有配对的 }(字面的 { 写作 {{)",
						     "requires has a { without its } (write {{ for a literal {)"));
			return -1;
		}
		if (put_ref(m, L, params, p + 1, (size_t)(end - p - 1), why, wlen) < 0)
			return -1;
		p = end;
	}
	return 0;
}

/* Expands text with rule r's parameters into a malloc'd string (*out; NULL when out of
 * memory). 0, or -1 with why filled (and *out the partial text, to be freed). */
static int expand_rule(const struct ruleset *rs, const struct rule *r, const char *text, char **out, char *why, size_t wlen)
{
	lua_State *L = sandbox_lua(rs->sbx);
	size_t len = 0;
	*out = NULL;
	FILE *m = open_memstream(out, &len);
	if (!m)
		return 0;
	int top = lua_gettop(L);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->params_ref);
	int rc = lua_istable(L, -1) ? expand(m, L, lua_gettop(L), text, why, wlen) : 0;
	lua_settop(L, top);
	if (fclose(m) != 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

char *rules_requires(const struct ruleset *rs, size_t ri)
{
	const struct rule *r = &rs->rules[ri];
	if (!r->requires)
		return NULL;
	char why[512], *out;
	if (expand_rule(rs, r, r->requires, &out, why, sizeof why) < 0) {
		free(out);
		out = strdup(r->requires);   /* lint has reported it; show the words as written */
	}
	return out;
}

void rules_requires_validate(struct ruleset *rs, const struct rule *r, const char *where)
{
	char why[512] = "", *out = NULL;
	if (r->requires && expand_rule(rs, r, r->requires, &out, why, sizeof why) < 0)
		rules_problem(rs, where, "requires", "%s", why);
	free(out);
}
