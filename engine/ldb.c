/* ldb.c — read-only SQL for rules (see ldb.h). Statements belong to the cache, never to Lua,
 * so a Lua error in the middle of a query (a longjmp) cannot leak one: the next use resets it
 * and ldb_free finalises them all. */
#define _GNU_SOURCE   /* memmem */
#include "ldb.h"

#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "lang.h"
#include "sandbox.h"

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
	long max_steps;       /* the current call's step budget: LDB_MAX_STEPS per unit it judges */
	long max_rows;        /* rows one query of the current call may return: LDB_MAX_ROWS per unit */
	long prepared, served;
	struct sandbox *sbx;  /* whose budget the queries share, or NULL */
	int old_limits[4];    /* the connection's limits before, restored by ldb_free */
	sqlite3_int64 old_heap;
	FILE *trace;          /* explain: each query with its bound values, and the ids it returned */
	int sql_log;          /* YAODIAN_SQL_LOG=FILE: each query run, values bound, for `make bench`;
	                         -1 when not logging */
	long trace_rows;      /* rows of the query being traced */
};

/* SQL functions no rule may call: fts3_tokenizer returns a pointer into the process (and with
 * two arguments installs one; Debian's SQLite enables that form at compile time),
 * load_extension loads code, and printf/format loop once per unit of a width or precision
 * inside one opcode (SQLite 3.40: printf('%.*c', 999999998, 'x') runs for seconds whatever
 * SQLITE_LIMIT_LENGTH says, out of reach of the progress handler and sqlite3_interrupt);
 * string.format in Lua does the same job, bounded. */
static const char *const denied_functions[] = {"fts3_tokenizer", "load_extension", "printf", "format", NULL};

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
	return l->steps > l->max_steps || (l->sbx && sandbox_spent(l->sbx));
}

static const int limit_ids[4] = {SQLITE_LIMIT_LENGTH, SQLITE_LIMIT_SQL_LENGTH, SQLITE_LIMIT_LIKE_PATTERN_LENGTH,
				 SQLITE_LIMIT_ATTACHED};
static const int limit_values[4] = {LDB_MAX_LENGTH, LDB_MAX_SQL, LDB_MAX_LIKE, 0};

/* Where needle (m bytes) first occurs in hay (n bytes), by memmem (linear time), or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t m)
{
	return m == 0 ? hay : memmem(hay, n, needle, m);
}

/* instr(X, Y): the 1-based position of Y in X (characters for text, bytes when both are
 * blobs), 0 when absent, NULL when either is NULL: SQLite's semantics in linear time. */
static void fn_instr(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	bool blobs = sqlite3_value_type(argv[0]) == SQLITE_BLOB && sqlite3_value_type(argv[1]) == SQLITE_BLOB;
	const char *x = blobs ? sqlite3_value_blob(argv[0]) : (const char *)sqlite3_value_text(argv[0]);
	size_t n = (size_t)sqlite3_value_bytes(argv[0]);
	const char *y = blobs ? sqlite3_value_blob(argv[1]) : (const char *)sqlite3_value_text(argv[1]);
	size_t m = (size_t)sqlite3_value_bytes(argv[1]);
	x = x ? x : "";
	y = y ? y : "";
	const char *at = find_bytes(x, n, y, m);
	if (!at) {
		sqlite3_result_int(cx, 0);
		return;
	}
	sqlite3_int64 pos = 1;
	for (const char *p = x; p < at; p++)
		pos += blobs || ((unsigned char)*p & 0xC0) != 0x80;
	sqlite3_result_int64(cx, pos);
}

/* replace(X, Y, Z): every Y in X replaced by Z, as SQLite's, in linear time; the result is
 * bounded by the connection's SQLITE_LIMIT_LENGTH (sqlite3_str refuses past it). */
static void fn_replace(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *x = (const char *)sqlite3_value_text(argv[0]);
	if (!x)
		return;
	size_t n = (size_t)sqlite3_value_bytes(argv[0]);
	const char *y = (const char *)sqlite3_value_text(argv[1]);
	if (!y)
		return;
	size_t m = (size_t)sqlite3_value_bytes(argv[1]);
	if (m == 0) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	const char *z = (const char *)sqlite3_value_text(argv[2]);
	if (!z)
		return;
	size_t k = (size_t)sqlite3_value_bytes(argv[2]);
	sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(cx));
	const char *p = x, *end = x + n, *hit;
	while ((hit = memmem(p, (size_t)(end - p), y, m)) != NULL && sqlite3_str_errcode(out) == SQLITE_OK) {
		sqlite3_str_append(out, p, (int)(hit - p));
		sqlite3_str_append(out, z, (int)k);
		p = hit + m;
	}
	sqlite3_str_append(out, p, (int)(end - p));
	int err = sqlite3_str_errcode(out);
	char *r = sqlite3_str_finish(out);
	if (err == SQLITE_TOOBIG)
		sqlite3_result_error_toobig(cx);
	else if (err != SQLITE_OK || !r)
		sqlite3_result_error_nomem(cx);
	else
		sqlite3_result_text(cx, r, -1, sqlite3_free);
	if (err != SQLITE_OK)
		sqlite3_free(r);
}

/* Installs (fn non-zero) or removes the linear-time functions; removing uncovers SQLite's. */
static void own_functions(sqlite3 *db, bool on)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	sqlite3_create_function(db, "instr", 2, flags, NULL, on ? fn_instr : NULL, NULL, NULL);
	sqlite3_create_function(db, "replace", 3, flags, NULL, on ? fn_replace : NULL, NULL, NULL);
}

struct ldb *ldb_new(sqlite3 *db)
{
	struct ldb *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->db = db;
	l->max_steps = LDB_MAX_STEPS;
	l->max_rows = LDB_MAX_ROWS;
	const char *env = getenv("YAODIAN_STMT_CACHE");
	l->no_cache = env && strcmp(env, "0") == 0;
	const char *log = getenv("YAODIAN_SQL_LOG");
	l->sql_log = log && *log ? open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	/* json_each is how one query serves every unit of a check_all (rules.h): its table is
	 * built the first time a connection uses it, by a CREATE the authorizer would refuse
	 * (writes to sqlite_master), so it is built now, before the authorizer is in place. */
	sqlite3_exec(db, "SELECT 1 FROM json_each('[]')", NULL, NULL, NULL);
	sqlite3_set_authorizer(db, authorizer, l);
	sqlite3_progress_handler(db, PROGRESS_EVERY, progress, l);
	for (int i = 0; i < 4; i++)
		l->old_limits[i] = sqlite3_limit(db, limit_ids[i], limit_values[i]);
	l->old_heap = sqlite3_hard_heap_limit64(-1);
	if (l->old_heap == 0 || l->old_heap > LDB_HEAP_LIMIT)
		sqlite3_hard_heap_limit64(LDB_HEAP_LIMIT);
	own_functions(db, true);
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
	if (l->sql_log >= 0)
		close(l->sql_log);
	for (int i = 0; i < 4; i++)
		sqlite3_limit(l->db, limit_ids[i], l->old_limits[i]);
	sqlite3_hard_heap_limit64(l->old_heap);
	own_functions(l->db, false);
	if (l->sbx)
		sandbox_on_expire(l->sbx, NULL, NULL);
	free(l);
}

void ldb_begin_call(struct ldb *l) { ldb_begin_call_for(l, 1); }

void ldb_begin_call_for(struct ldb *l, long units)
{
	if (!l)
		return;
	l->steps = 0;
	l->max_steps = units > 1 && units <= LONG_MAX / LDB_MAX_STEPS ? LDB_MAX_STEPS * units : LDB_MAX_STEPS;
	l->max_rows = units > 1 && units <= LONG_MAX / LDB_MAX_ROWS ? LDB_MAX_ROWS * units : LDB_MAX_ROWS;
}

void ldb_end_call(struct ldb *l)
{
	for (int i = 0; l && i < LDB_CACHE_SIZE; i++)
		if (l->cache[i].stmt)
			sqlite3_reset(l->cache[i].stmt);
}

/* The watchdog's on_expire: stops the query running inside one opcode. */
static void interrupt_db(void *ud)
{
	sqlite3_interrupt(((struct ldb *)ud)->db);
}

void ldb_watch(struct ldb *l, struct sandbox *s)
{
	if (!l)
		return;
	l->sbx = s;
	sandbox_on_expire(s, interrupt_db, l);
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

/* The queries of this call used up their steps: the call's whole budget is spent. */
static void steps_spent(lua_State *L, const struct ldb *l)
{
	char why[200];
	snprintf(why, sizeof why, tr("本次调用的查询超出步数上限(%ld)", "the queries of this call exceeded their step limit (%ld)"),
		 l->max_steps);
	sandbox_spend(L, why);
	luaL_error(L, "%s", why);   /* outside a rule call */
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
	if (rc == SQLITE_INTERRUPT && l->sbx && sandbox_spent(l->sbx))
		sandbox_check(L);
	if (rc == SQLITE_TOOBIG)
		luaL_error(L, tr("查询结果超出长度上限(%d 字节)", "a query value exceeded the length limit (%d bytes)"), LDB_MAX_LENGTH);
	if (rc == SQLITE_INTERRUPT)
		steps_spent(L, l);
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
 * run, its values bound, ended by ';'. One write(2) per query on a file opened O_APPEND, so
 * the worker threads of --jobs (each with its own ldb) never interleave within a query. */
static void log_query(struct ldb *l, sqlite3_stmt *st)
{
	char *sql = sqlite3_expanded_sql(st);
	char *line = sqlite3_mprintf("%s;\n", sql ? sql : sqlite3_sql(st));
	if (line) {
		size_t n = strlen(line);
		if (write(l->sql_log, line, n) != (ssize_t)n) {
			close(l->sql_log);   /* a short or failed write: stop logging rather than tear lines */
			l->sql_log = -1;
		}
	}
	sqlite3_free(line);
	sqlite3_free(sql);
}

/* Prepares and binds the query in argument 1 with the rest as parameters. */
static sqlite3_stmt *start(lua_State *L, struct ldb *l)
{
	const char *sql = luaL_checkstring(L, 1);
	sandbox_check(L);
	if (l->steps > l->max_steps)
		steps_spent(L, l);
	sqlite3_stmt *st = acquire(L, l, sql);
	bind_args(L, st, 2);
	if (l->trace)
		trace_query(l, st);
	if (l->sql_log >= 0)
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
		if (n >= l->max_rows)
			luaL_error(L, tr("查询返回超过 %ld 行,请在 SQL 中汇总", "query returned over %ld rows; aggregate in SQL"),
				   l->max_rows);
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
