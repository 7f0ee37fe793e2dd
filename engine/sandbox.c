/* sandbox.c — the restricted Lua state that rule files run in (see sandbox.h).
 * Modelled on Redis's script_lua.c (trimmed libraries, global guards, a count hook re-armed
 * per instruction once tripped) and Lua's ltests.c (an allocator that refuses only growth). */
#include "sandbox.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "lang.h"
#include "patcost.h"
#include "slurp.h"

struct sandbox {
	lua_State *L;
	struct sandbox_limits lim;
	size_t used, peak;
	bool in_call;          /* limits apply: a rule is running */
	bool mem_refused;      /* the allocator refused growth during this call */
	bool steps_tripped;    /* the instruction hook fired during this call */
	double search_work;    /* bound on the string searches of this call (see guarded_search) */
	char mem_where[SANDBOX_WHERE_MAX];   /* rule location when memory was refused */
};

/* Records in buf the innermost frame of a rule file ("file:line"), or "" if none. Only files
 * count: text compiled with load() is named "=(load)" (see sbx_load), so it can neither hide
 * the rule's line nor pretend to be another file. */
static void innermost_lua_frame(lua_State *L, char *buf, size_t len)
{
	lua_Debug ar;
	buf[0] = '\0';
	for (int level = 0; lua_getstack(L, level, &ar); level++) {
		if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
			continue;
		snprintf(buf, len, "%s:%d", ar.source + 1, ar.currentline);
		return;
	}
}

/* Lua starts its messages with the location it knows, "file:N: ", the file name shortened to
 * "...tail" past 60 bytes. If msg starts so for file, returns the text after it and sets *line;
 * else returns NULL. */
static const char *after_location(const char *msg, const char *file, size_t file_len, int *line)
{
	for (const char *p = strchr(msg, ':'); p && !memchr(msg, '\n', (size_t)(p - msg)); p = strchr(p + 1, ':')) {
		const char *d = p + 1;
		while (isdigit((unsigned char)*d))
			d++;
		if (d == p + 1 || d[0] != ':' || d[1] != ' ')
			continue;
		size_t n = (size_t)(p - msg);
		bool whole = n == file_len && memcmp(msg, file, n) == 0;
		bool tail = n > 3 && memcmp(msg, "...", 3) == 0 && n - 3 <= file_len &&
			    memcmp(msg + 3, file + file_len - (n - 3), n - 3) == 0;
		if (whole || tail) {
			*line = atoi(p + 1);
			return d + 2;
		}
	}
	return NULL;
}

/* The lua_Alloc: honours every free and shrink; refuses growth past the cap while a rule
 * runs. On refusal it notes where the rule was (reading the call stack only, which does not
 * allocate) so the error finding can point at the line. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *s = ud;
	size_t old = ptr ? osize : 0;
	if (nsize == 0) {
		free(ptr);
		s->used -= old;
		return NULL;
	}
	if (nsize > old && s->in_call && s->used - old + nsize > s->lim.max_memory) {
		if (!s->mem_refused && s->L)
			innermost_lua_frame(s->L, s->mem_where, sizeof s->mem_where);
		s->mem_refused = true;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	s->used = s->used - old + nsize;
	if (s->used > s->peak)
		s->peak = s->used;
	return p;
}

static struct sandbox *from_state(lua_State *L)
{
	return *(struct sandbox **)lua_getextraspace(L);
}

/* The count hook. Once tripped it re-arms itself for every instruction, so a script that
 * catches the error with pcall is stopped again at its very next instruction. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct sandbox *s = from_state(L);
	s->steps_tripped = true;
	lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
	luaL_error(L, tr("超出指令上限(%d 条),规则可能陷入死循环",
			 "instruction limit (%d) exceeded; the rule may loop forever"),
		   (int)s->lim.max_instructions);
}

/* Message handler: turns any error value into a string with a traceback. */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	char where[SANDBOX_WHERE_MAX];
	innermost_lua_frame(L, where, sizeof where);
	luaL_traceback(L, L, msg, 1);
	lua_pushstring(L, where);
	lua_setfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	return 1;
}

/* Copies the first line of the Lua message (the traceback follows) into err, without the
 * location Lua put in front of it when that is where's file: where says it in full. */
static void set_error(struct sandbox_error *err, enum sandbox_fault fault, const char *where,
		      const char *msg)
{
	err->fault = fault;
	snprintf(err->where, sizeof err->where, "%s", where ? where : "");
	const char *colon = strrchr(err->where, ':');
	int line;
	const char *rest = colon ? after_location(msg, err->where, (size_t)(colon - err->where), &line) : NULL;
	if (rest)
		msg = rest;
	size_t n = strcspn(msg, "\n");
	if (n >= sizeof err->message)
		n = sizeof err->message - 1;
	memcpy(err->message, msg, n);
	err->message[n] = '\0';
}

static void arm_limits(struct sandbox *s)
{
	s->in_call = true;
	s->mem_refused = false;
	s->steps_tripped = false;
	s->search_work = 0;
	s->mem_where[0] = '\0';
	lua_sethook(s->L, count_hook, LUA_MASKCOUNT, (int)s->lim.max_instructions);
}

static void disarm_limits(struct sandbox *s)
{
	lua_sethook(s->L, NULL, 0, 0);
	s->in_call = false;
}

int sandbox_call(struct sandbox *s, int nargs, int nres, struct sandbox_error *err)
{
	lua_State *L = s->L;
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	lua_pushnil(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	arm_limits(s);
	int rc = lua_pcall(L, nargs, nres, base);
	disarm_limits(s);
	lua_remove(L, base);
	if (rc == LUA_OK && !s->steps_tripped && !s->mem_refused)
		return 0;
	if (rc == LUA_OK)
		lua_pop(L, nres);
	lua_getfield(L, LUA_REGISTRYINDEX, "yaodian.where");
	const char *where = lua_tostring(L, -1);
	if (s->mem_refused || rc == LUA_ERRMEM)
		set_error(err, SBX_MEMORY, s->mem_where[0] ? s->mem_where : where,
			  tr("超出内存上限,规则占用内存过多", "memory limit exceeded by the rule"));
	else if (s->steps_tripped)
		set_error(err, SBX_INSTRUCTIONS, where,
			  tr("超出指令上限,规则可能陷入死循环", "instruction limit exceeded; the rule may loop forever"));
	else
		set_error(err, SBX_RUNTIME, where, lua_tostring(L, -2) ? lua_tostring(L, -2) : "?");
	lua_pop(L, rc == LUA_OK ? 1 : 2);
	lua_gc(L, LUA_GCCOLLECT);
	return -1;
}

/* load(chunk [, chunkname [, mode [, env]]]) for rules: text only, whatever mode asks; the
 * chunk is always named "=(load)" (a name like "@other.lua" would make errors in it seem to
 * come from that file); its _ENV is env or the caller's own environment (upvalue 1), never
 * the state's real globals. */
static int sbx_load(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	luaL_optstring(L, 2, NULL);
	int env = lua_isnone(L, 4) ? lua_upvalueindex(1) : 4;
	if (luaL_loadbufferx(L, text, len, "=(load)", "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	lua_pushvalue(L, env);
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	return 1;
}

/* xpcall(f, msgh, ...) for rules. Lua calls a message handler at the point of the error, and
 * when the error comes from the count hook it calls it with hooks switched off: a handler that
 * loops would never be stopped. Here f runs under a plain pcall and msgh is called afterwards,
 * as an ordinary call under the limits, with the error value; an error in msgh is returned as
 * xpcall's would be. The results are those of Lua's xpcall. */
static int sbx_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	for (int i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK)
		return lua_gettop(L) - n;
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	lua_pcall(L, 1, 1, 0);
	lua_pushboolean(L, 0);
	lua_replace(L, n + 1);
	return 2;
}

/* setmetatable(t, mt) for rules: as Lua's, but refuses a metatable with __gc. Lua runs
 * finalizers with hooks switched off, whenever the collector gets to them or when the state
 * closes, so a finalizer is code outside every limit (a loop in one hangs the engine). Only
 * a __gc present when the metatable is set marks the object, so checking here suffices. */
static int sbx_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "%s", tr("规则不能使用 __gc 元方法(终结器不受沙箱限制)",
						       "rules may not use __gc metamethods (finalizers run outside the sandbox limits)"));
		lua_pop(L, 1);
	}
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

static const char *const base_allowed[] = {
	"assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
	"rawset", "select", "getmetatable", "tonumber", "tostring", "type", "_VERSION", NULL};

static const char *const libs_allowed[] = {"string", "table", "math", "utf8", NULL};

/* Pushes a shallow copy of the global library table name (string.dump is already gone from
 * the library itself: see setup). */
void sandbox_copy_fields(lua_State *L, int from, int to)
{
	from = lua_absindex(L, from);
	to = lua_absindex(L, to);
	lua_pushnil(L);
	while (lua_next(L, from)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, to);
	}
}

static void push_lib_copy(lua_State *L, const char *name)
{
	lua_newtable(L);
	lua_getglobal(L, name);
	sandbox_copy_fields(L, -1, -2);
	lua_pop(L, 1);
}

static int guard_index(lua_State *L)
{
	return luaL_error(L, tr("未定义的全局变量 '%s'(规则只能用沙箱提供的函数)",
				"undefined global '%s' (rules may use only what the sandbox provides)"),
			  luaL_optstring(L, 2, "?"));
}

static int guard_newindex(lua_State *L)
{
	return luaL_error(L, tr("不允许创建全局变量 '%s',请用 local",
				"assignment to undeclared global '%s'; use local"),
			  luaL_optstring(L, 2, "?"));
}

void sandbox_push_env(lua_State *L, const luaL_Reg *extra)
{
	lua_newtable(L);
	for (int i = 0; base_allowed[i]; i++) {
		lua_getglobal(L, base_allowed[i]);
		lua_setfield(L, -2, base_allowed[i]);
	}
	for (int i = 0; libs_allowed[i]; i++) {
		push_lib_copy(L, libs_allowed[i]);
		lua_setfield(L, -2, libs_allowed[i]);
	}
	lua_pushcfunction(L, sbx_xpcall);
	lua_setfield(L, -2, "xpcall");
	lua_pushcfunction(L, sbx_setmetatable);
	lua_setfield(L, -2, "setmetatable");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, sbx_load, 1);
	lua_setfield(L, -2, "load");
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	if (extra) {
		lua_pushvalue(L, -1);
		luaL_setfuncs(L, extra, 1);   /* each extra function gets the env as upvalue 1; pops it */
	}
}

void sandbox_seal_env(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);
	lua_pushcfunction(L, guard_index);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, guard_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, idx);
}

int sandbox_load_text(struct sandbox *s, const char *path, const char *text, size_t len, int env_index,
		      struct sandbox_error *err)
{
	lua_State *L = s->L;
	env_index = lua_absindex(L, env_index);
	char chunkname[1024];
	snprintf(chunkname, sizeof chunkname, "@%s", path);
	s->in_call = true;          /* a huge file counts against the cap too */
	s->mem_refused = false;
	int rc = luaL_loadbufferx(L, text, len, chunkname, "t");
	s->in_call = false;
	if (rc != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		char where[sizeof err->where];
		int line;
		/* A syntax message reads "file:line: what"; take the line from it. */
		if (msg && after_location(msg, path, strlen(path), &line))
			snprintf(where, sizeof where, "%s:%d", path, line);
		else
			snprintf(where, sizeof where, "%s", path);
		set_error(err, rc == LUA_ERRMEM ? SBX_MEMORY : SBX_SYNTAX, where, msg ? msg : "?");
		lua_pop(L, 1);
		return -1;
	}
	lua_pushvalue(L, env_index);
	lua_setupvalue(L, -2, 1);
	return 0;
}

int sandbox_load_file(struct sandbox *s, const char *path, int env_index, struct sandbox_error *err)
{
	/* luaL_loadfilex would also do, but reading ourselves keeps the chunk name exact. */
	size_t len = 0;
	char *buf = slurp(path, &len);
	if (!buf) {
		set_error(err, SBX_SYNTAX, path, tr("无法读取规则文件", "cannot read rule file"));
		return -1;
	}
	int rc = sandbox_load_text(s, path, buf, len, env_index, err);
	free(buf);
	return rc;
}

/* string.find, match, gmatch and gsub for rules: the library's own function (upvalue 1), run
 * only when the bound on its work (patcost.h; upvalue 2 is the kind) fits in what is left of
 * the call's search budget, max_instructions shared by all the searches of one call. The
 * matcher backtracks inside one C call, where the count hook cannot stop it. */
static int guarded_search(lua_State *L)
{
	static const char *const names[] = {"find", "match", "gmatch", "gsub"};
	struct sandbox *s = from_state(L);
	enum patcost_kind kind = (enum patcost_kind)lua_tointeger(L, lua_upvalueindex(2));
	if (s->in_call) {
		size_t n, m;
		const char *subject = luaL_checklstring(L, 1, &n);
		const char *pattern = luaL_checklstring(L, 2, &m);
		double cost = patcost_estimate(kind, subject, n, pattern, m, kind == PATCOST_FIND && lua_toboolean(L, 4));
		if (cost > (double)s->lim.max_instructions - s->search_work)
			return luaL_error(L, tr("string.%s:该模式在 %I 字节的字符串上可能耗时过长(超出指令上限),请简化模式或缩短字符串",
						"string.%s: this pattern could take too long on a string of %I bytes (beyond the instruction limit); simplify it or search a shorter string"),
					  names[kind], (lua_Integer)n);
		s->search_work += cost;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* Replaces the searching functions of the string library (at the top of the stack) with
 * guarded_search; the rules' copies and string methods both see the replacements. */
static void guard_searches(lua_State *L)
{
	static const struct {
		const char *name;
		enum patcost_kind kind;
	} fns[] = {{"find", PATCOST_FIND}, {"match", PATCOST_MATCH}, {"gmatch", PATCOST_GMATCH}, {"gsub", PATCOST_GSUB}};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		lua_getfield(L, -1, fns[i].name);
		lua_pushinteger(L, fns[i].kind);
		lua_pushcclosure(L, guarded_search, 2);
		lua_setfield(L, -2, fns[i].name);
	}
}

/* Setup that may raise (out of memory): runs under lua_pcall. */
static int setup(lua_State *L)
{
	luaL_checkversion(L);
	static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},  {LUA_STRLIBNAME, luaopen_string},
					{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
					{LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	/* Strings share one metatable whose __index is the real string table: hide it, and take
	 * dump out of that table itself, or ("").dump would still reach it as a method. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_getfield(L, -1, "__index");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	guard_searches(L);
	lua_pop(L, 3);
	return 0;
}

struct sandbox *sandbox_new(const struct sandbox_limits *lim)
{
	struct sandbox *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->lim.max_instructions = lim && lim->max_instructions > 0 ? lim->max_instructions
								    : SANDBOX_DEFAULT_INSTRUCTIONS;
	s->lim.max_memory = lim && lim->max_memory > 0 ? lim->max_memory : SANDBOX_DEFAULT_MEMORY;
	s->L = lua_newstate(capped_alloc, s);
	if (!s->L) {
		free(s);
		return NULL;
	}
	*(struct sandbox **)lua_getextraspace(s->L) = s;
	lua_pushcfunction(s->L, setup);
	if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
		sandbox_free(s);
		return NULL;
	}
	return s;
}

void sandbox_free(struct sandbox *s)
{
	if (!s)
		return;
	if (s->L)
		lua_close(s->L);
	free(s);
}

lua_State *sandbox_lua(struct sandbox *s) { return s->L; }

size_t sandbox_memory(const struct sandbox *s) { return s->used; }
