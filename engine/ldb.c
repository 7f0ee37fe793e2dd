/* ldb.c — read-only SQL for rules (see ldb.h). Statements belong to the cache, never to Lua,
 * so a Lua error in the middle of a query (a longjmp) cannot leak one: the next use resets it
 * and ldb_free finalises them all. */
#include "ldb.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lang.h"

struct cached {
	char *sql;
	sqlite3_stmt *stmt;
	unsigned long used;   /* clock value of last use, for LRU eviction */
};

struct ldb {
	sqlite3 *db;
	struct cached cache[LDB_CACHE_SIZE];
	unsigned long clock;
	bool no_cache;        /* YAODIAN_STMT_CACHE=0: prepare every query afresh (benchmark baseline) */
	long steps;           /* progress-handler ticks since the current rule call began */
	long prepared, served;
	FILE *trace;          /* explain: each query with its bound values, and the ids it returned */
	FILE *sql_log;        /* YAODIAN_SQL_LOG=FILE: each query run, values bound, for `make bench` */
	long trace_rows;      /* rows of the query being traced */
};

/* SQL functions no rule may call: fts3_tokenizer returns a pointer into the process (and with
 * two arguments installs one; Debian's SQLite enables that form at compile time), and
 * load_extension loads code. */
static const char *const denied_functions[] = {"fts3_tokenizer", "load_extension", NULL};

/* Allows reading and selecting only; hides people.name from every query. */
static int authorizer(void *ud, int action, const char *a, const char *b, const char *db,
		      const char *trigger)
{
	(void)ud, (void)db, (void)trigger;
	switch (action) {
	case SQLITE_READ:
		return a && b && strcmp(a, "people") == 0 && strcmp(b, "name") == 0 ? SQLITE_IGNORE
										    : SQLITE_OK;
	case SQLITE_FUNCTION:   /* b is the function's name */
		for (int i = 0; b && denied_functions[i]; i++)
			if (sqlite3_stricmp(b, denied_functions[i]) == 0)
				return SQLITE_DENY;
		return SQLITE_OK;
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	default:
		return SQLITE_DENY;
	}
}

#define PROGRESS_EVERY 1000

static int progress(void *ud)
{
	struct ldb *l = ud;
	l->steps += PROGRESS_EVERY;
	return l->steps > LDB_MAX_STEPS;
}

struct ldb *ldb_new(sqlite3 *db)
{
	struct ldb *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->db = db;
	const char *env = getenv("YAODIAN_STMT_CACHE");
	l->no_cache = env && strcmp(env, "0") == 0;
	const char *log = getenv("YAODIAN_SQL_LOG");
	if (log && *log)
		l->sql_log = fopen(log, "a");
	sqlite3_set_authorizer(db, authorizer, l);
	sqlite3_progress_handler(db, PROGRESS_EVERY, progress, l);
	return l;
}

void ldb_free(struct ldb *l)
{
	if (!l)
		return;
	for (int i = 0; i < LDB_CACHE_SIZE; i++) {
		sqlite3_finalize(l->cache[i].stmt);
		free(l->cache[i].sql);
	}
	sqlite3_set_authorizer(l->db, NULL, NULL);
	sqlite3_progress_handler(l->db, 0, NULL, NULL);
	if (l->sql_log)
		fclose(l->sql_log);
	free(l);
}

void ldb_begin_call(struct ldb *l)
{
	if (l)
		l->steps = 0;
}

void ldb_stats(const struct ldb *l, long *prepared, long *cached)
{
	*prepared = l->prepared;
	*cached = l->served;
}

/* Returns the slot to (re)use for sql: a hit, an empty slot, or the least recently used. */
static struct cached *slot_for(struct ldb *l, const char *sql, bool *hit)
{
	struct cached *victim = &l->cache[0];
	if (l->no_cache) {
		*hit = false;
		return victim;
	}
	for (int i = 0; i < LDB_CACHE_SIZE; i++) {
		struct cached *c = &l->cache[i];
		if (c->sql && strcmp(c->sql, sql) == 0) {
			*hit = true;
			return c;
		}
		if (!c->sql || (victim->sql && c->used < victim->used))
			victim = c;
	}
	*hit = false;
	return victim;
}

/* Returns a reset, unbound statement for sql, preparing and caching it on a miss. Raises a
 * Lua error for SQL that is invalid, not read-only, or more than one statement. */
static sqlite3_stmt *acquire(lua_State *L, struct ldb *l, const char *sql)
{
	bool hit;
	struct cached *c = slot_for(l, sql, &hit);
	c->used = ++l->clock;
	if (hit) {
		sqlite3_reset(c->stmt);
		sqlite3_clear_bindings(c->stmt);
		l->served++;
		return c->stmt;
	}
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (rc != SQLITE_OK || !st) {
		sqlite3_finalize(st);
		luaL_error(L, "%s: %s", tr("SQL 有误", "bad SQL"), rc == SQLITE_OK ? "empty" : sqlite3_errmsg(l->db));
	}
	if (tail && tail[strspn(tail, " \t\r\n;")] != '\0') {
		sqlite3_finalize(st);
		luaL_error(L, "%s", tr("一次只能执行一条 SQL 语句", "one SQL statement per query"));
	}
	if (!sqlite3_stmt_readonly(st)) {
		sqlite3_finalize(st);
		luaL_error(L, "%s", tr("规则只能读取数据库,不能修改", "rules may only read the database"));
	}
	char *copy = strdup(sql);
	if (!copy) {
		sqlite3_finalize(st);
		luaL_error(L, "out of memory");
	}
	sqlite3_finalize(c->stmt);
	free(c->sql);
	c->sql = copy;
	c->stmt = st;
	l->prepared++;
	return st;
}

/* Binds Lua arguments first..top to the statement's parameters. */
static void bind_args(lua_State *L, sqlite3_stmt *st, int first)
{
	int top = lua_gettop(L);
	int want = sqlite3_bind_parameter_count(st);
	if (top - first + 1 != want)
		luaL_error(L, tr("参数个数不对:SQL 需要 %d 个,给了 %d 个",
				 "wrong number of parameters: the SQL takes %d, got %d"),
			   want, top - first + 1);
	for (int i = first; i <= top; i++) {
		int p = i - first + 1, rc;
		switch (lua_type(L, i)) {
		case LUA_TNIL:
			rc = sqlite3_bind_null(st, p);
			break;
		case LUA_TBOOLEAN:
			rc = sqlite3_bind_int(st, p, lua_toboolean(L, i));
			break;
		case LUA_TNUMBER:
			rc = lua_isinteger(L, i) ? sqlite3_bind_int64(st, p, lua_tointeger(L, i))
						 : sqlite3_bind_double(st, p, lua_tonumber(L, i));
			break;
		case LUA_TSTRING: {
			size_t n;
			const char *s = lua_tolstring(L, i, &n);
			rc = sqlite3_bind_text(st, p, s, (int)n, SQLITE_TRANSIENT);
			break;
		}
		default:
			luaL_argerror(L, i, tr("只能绑定 nil、布尔、数字或字符串", "only nil, boolean, number or string"));
			return;
		}
		if (rc != SQLITE_OK)
			luaL_error(L, "%s", sqlite3_errstr(rc));
	}
}

static void push_column(lua_State *L, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		lua_pushinteger(L, sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		lua_pushnumber(L, sqlite3_column_double(st, i));
		break;
	case SQLITE_NULL:
		lua_pushnil(L);
		break;
	default:
		lua_pushlstring(L, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
		break;
	}
}

/* Steps once; returns true for a row. Raises on error or when the step limit trips. */
static bool step(lua_State *L, struct ldb *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc == SQLITE_DONE)
		return false;
	sqlite3_reset(st);
	if (rc == SQLITE_INTERRUPT)
		luaL_error(L, tr("本次调用的查询超出步数上限(%d)", "the queries of this call exceeded their step limit (%d)"),
			   (int)LDB_MAX_STEPS);
	luaL_error(L, "%s: %s", tr("查询失败", "query failed"), sqlite3_errmsg(l->db));
	return false;
}

/* The ldb behind a db function: upvalue 1 points at the slot the rule set fills in when it is
 * given a database, so `db` can exist in an environment before there is a connection. */
static struct ldb *self(lua_State *L)
{
	struct ldb **slot = lua_touserdata(L, lua_upvalueindex(1));
	if (!*slot)
		luaL_error(L, "%s", tr("只能在 check 函数中查询数据库", "the database can be queried only inside check functions"));
	return *slot;
}

/* For explain: the query as run, its bound values written in (sqlite3_expanded_sql), on one
 * line. */
static void trace_query(struct ldb *l, sqlite3_stmt *st)
{
	char *sql = sqlite3_expanded_sql(st);
	fputs(tr("    查询:", "    query: "), l->trace);
	int wrote = 0, gap = 0;   /* runs of white space become one space */
	for (const char *p = sql ? sql : sqlite3_sql(st); *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			gap = wrote;
			continue;
		}
		if (gap)
			fputc(' ', l->trace);
		fputc(*p, l->trace);
		wrote = 1, gap = 0;
	}
	fputc('\n', l->trace);
	sqlite3_free(sql);
	l->trace_rows = 0;
}

/* For explain: one row returned, shown by its first column (rules select ids first). */
static void trace_row(struct ldb *l, sqlite3_stmt *st)
{
	if (!l->trace)
		return;
	const unsigned char *v = sqlite3_column_text(st, 0);
	if (l->trace_rows < 20)
		fprintf(l->trace, "%s%s", l->trace_rows ? ", " : tr("    返回:", "    returned: "), v ? (const char *)v : "NULL");
	else if (l->trace_rows == 20)
		fputs(", …", l->trace);
	l->trace_rows++;
}

/* For explain: the end of a query's rows. */
static void trace_end(struct ldb *l)
{
	if (!l->trace)
		return;
	if (l->trace_rows == 0)
		fputs(tr("    返回:没有行\n", "    returned: no rows\n"), l->trace);
	else
		fprintf(l->trace, tr("(共 %ld 行)\n", " (%ld rows)\n"), l->trace_rows);
}

void ldb_trace(struct ldb *l, FILE *out)
{
	if (l)
		l->trace = out;
}

/* For the benchmark's floor (the rules' SQL replayed alone by the sqlite3 CLI): the query as
 * run, its values bound, ended by ';'. */
static void log_query(struct ldb *l, sqlite3_stmt *st)
{
	char *sql = sqlite3_expanded_sql(st);
	fprintf(l->sql_log, "%s;\n", sql ? sql : sqlite3_sql(st));
	sqlite3_free(sql);
}

/* Prepares and binds the query in argument 1 with the rest as parameters. */
static sqlite3_stmt *start(lua_State *L, struct ldb *l)
{
	const char *sql = luaL_checkstring(L, 1);
	sqlite3_stmt *st = acquire(L, l, sql);
	bind_args(L, st, 2);
	if (l->trace)
		trace_query(l, st);
	if (l->sql_log)
		log_query(l, st);
	return st;
}

static void push_row(lua_State *L, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	lua_createtable(L, 0, n);
	for (int i = 0; i < n; i++) {
		push_column(L, st, i);
		lua_setfield(L, -2, sqlite3_column_name(st, i));
	}
}

/* db.rows(sql, ...) -> { {col = value, ...}, ... } */
static int db_rows(lua_State *L)
{
	struct ldb *l = self(L);
	sqlite3_stmt *st = start(L, l);
	lua_newtable(L);
	lua_Integer n = 0;
	while (step(L, l, st)) {
		if (n >= LDB_MAX_ROWS)
			luaL_error(L, tr("查询返回超过 %d 行,请在 SQL 中汇总", "query returned over %d rows; aggregate in SQL"),
				   LDB_MAX_ROWS);
		trace_row(l, st);
		push_row(L, st);
		lua_rawseti(L, -2, ++n);
	}
	trace_end(l);
	sqlite3_reset(st);
	return 1;
}

/* db.one(sql, ...) -> the first row as a table, or nil */
static int db_one(lua_State *L)
{
	struct ldb *l = self(L);
	sqlite3_stmt *st = start(L, l);
	if (step(L, l, st)) {
		trace_row(l, st);
		push_row(L, st);
	} else {
		lua_pushnil(L);
	}
	trace_end(l);
	sqlite3_reset(st);
	return 1;
}

/* db.value(sql, ...) -> the first column of the first row, or nil */
static int db_value(lua_State *L)
{
	struct ldb *l = self(L);
	sqlite3_stmt *st = start(L, l);
	if (step(L, l, st) && sqlite3_column_count(st) > 0) {
		trace_row(l, st);
		push_column(L, st, 0);
	} else {
		lua_pushnil(L);
	}
	trace_end(l);
	sqlite3_reset(st);
	return 1;
}

void ldb_push(lua_State *L, struct ldb **slot)
{
	static const luaL_Reg fns[] = {{"rows", db_rows}, {"one", db_one}, {"value", db_value}, {NULL, NULL}};
	lua_newtable(L);
	lua_pushlightuserdata(L, slot);
	luaL_setfuncs(L, fns, 1);
}
