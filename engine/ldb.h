/* ldb.h — the database API rules see (db.rows, db.one, db.value): read-only SQL with bound
 * parameters over a connection whose authorizer refuses writes and hides people.name, with a
 * cache of prepared statements and a step limit per rule call. */
#ifndef YAODIAN_LDB_H
#define YAODIAN_LDB_H

#include <lua.h>
#include <sqlite3.h>
#include <stdio.h>

#define LDB_CACHE_SIZE 64         /* YAODIAN_STMT_CACHE=0 disables the cache (for benchmarks) */
#define LDB_MAX_STEPS  50000000L   /* SQLite VM steps per rule call and unit, all its queries together */
#define LDB_MAX_ROWS   100000      /* rows one query may hand to Lua */
#define LDB_MAX_LENGTH 1000000     /* bytes of one string or blob a query may make (SQLITE_LIMIT_LENGTH) */
#define LDB_MAX_SQL    100000      /* bytes of one query's SQL text */
#define LDB_MAX_LIKE   200         /* bytes of a LIKE or GLOB pattern */
#define LDB_HEAP_LIMIT (128LL << 20)   /* SQLite's heap, the whole process, while rules may query */

struct ldb;

struct sandbox;

/* Wraps db (not owned) and installs the authorizer, the progress handler, the limits above
 * and linear-time instr() and replace() (SQLite's own are O(n*m) inside one opcode, where
 * neither the progress handler nor an interrupt reaches); ldb_free restores the connection's
 * limits and functions. Caller frees. With YAODIAN_SQL_LOG=FILE in the environment, every
 * query run is appended to FILE with its values bound, one statement each (tests/bench.sh
 * replays them as the check's SQL floor). */
struct ldb *ldb_new(sqlite3 *db);
void ldb_free(struct ldb *l);

/* Pushes the `db` table for one rule environment. Its functions use *slot at call time and
 * raise an error while it is NULL (the slot must outlive the Lua state). */
void ldb_push(lua_State *L, struct ldb **slot);

/* Ties the queries to the sandbox's budget: once a call's budget is spent (its deadline, the
 * instruction or memory limit) every query fails at once, and the watchdog interrupts the
 * query running when the deadline passes. */
void ldb_watch(struct ldb *l, struct sandbox *s);

/* Starts a rule call's budget (l may be NULL): LDB_MAX_STEPS, and LDB_MAX_ROWS rows a query,
 * or for a call judging units units at once (check_all) that many times each, so a set-based
 * call gets what the units' calls one by one would have had together. */
void ldb_begin_call(struct ldb *l);
void ldb_begin_call_for(struct ldb *l, long units);

/* Ends a rule call: resets every statement it left unfinished (l may be NULL). */
void ldb_end_call(struct ldb *l);

/* Statements prepared / served from the cache, for benchmarks and tests. */
void ldb_stats(const struct ldb *l, long *prepared, long *cached);

/* For explain: writes each query the rules run (its bound values written in) and the first
 * column of the rows it returns to out; NULL stops. l may be NULL. */
void ldb_trace(struct ldb *l, FILE *out);

#endif
