/* sandbox.h — a Lua 5.4 state fit for untrusted rule text.
 * Only base (no dofile/loadfile; load takes text only), string (no dump), table, math and utf8;
 * a fresh guarded environment per file; per call an instruction limit and a wall-clock
 * deadline (a watchdog thread) that pcall inside the script cannot swallow; memory charged to
 * the rule file that allocates it, each file capped, through an allocator that refuses only
 * growth; the library functions that loop or allocate inside one C call check sizes first. */
#ifndef YAODIAN_SANDBOX_H
#define YAODIAN_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>

struct sandbox_limits {
	long   max_instructions;  /* per call (file load or one check) */
	size_t max_memory;        /* bytes each rule file may hold (the whole state: SANDBOX_STATE_FACTOR x) */
	double max_seconds;       /* wall-clock seconds per call */
	double max_total_seconds; /* wall-clock seconds for everything the state runs (the whole check) */
};

#define SANDBOX_DEFAULT_INSTRUCTIONS 20000000L
#define SANDBOX_DEFAULT_MEMORY       (64u << 20)
#define SANDBOX_DEFAULT_SECONDS      2.0
#define SANDBOX_DEFAULT_TOTAL        3600.0
#define SANDBOX_STATE_FACTOR         4          /* the whole state may hold 4 files' caps */
#define SANDBOX_MAX_ELEMENTS         1000000    /* elements one library call may loop over */

enum sandbox_fault { SBX_OK, SBX_RUNTIME, SBX_SYNTAX, SBX_INSTRUCTIONS, SBX_MEMORY, SBX_TIME };

#define SANDBOX_WHERE_MAX 4200   /* a path (PATH_MAX) and ":line" */

/* What went wrong in a call, for an error finding: where (file:line of the innermost rule
 * frame, or "" when unknown) and a one-line message that does not repeat the location. */
struct sandbox_error {
	enum sandbox_fault fault;
	char where[SANDBOX_WHERE_MAX];
	char message[1024];
};

struct sandbox;

/* Creates a state with the trimmed libraries. Returns NULL when out of memory. The caller
 * owns it and releases it with sandbox_free. */
struct sandbox *sandbox_new(const struct sandbox_limits *lim);
void sandbox_free(struct sandbox *s);
lua_State *sandbox_lua(struct sandbox *s);

/* Pushes a new environment table for one rule file: copies of the allowed libraries and
 * functions, plus the functions in extra (may be NULL; each gets the environment as upvalue
 * 1). Add further fields, then seal it. */
void sandbox_push_env(lua_State *L, const luaL_Reg *extra);

/* Guards the environment at idx: reading an undefined name or creating a new global raises
 * an error, and its metatable is locked. */
void sandbox_seal_env(lua_State *L, int idx);

/* Loads the text chunk in path (binary chunks refused) and sets its _ENV to the table at
 * env_index. On success pushes the function and returns 0; else fills err, returns -1. */
int sandbox_load_file(struct sandbox *s, const char *path, int env_index, struct sandbox_error *err);

/* The same for text already read from path (len bytes, not owned). */
int sandbox_load_text(struct sandbox *s, const char *path, const char *text, size_t len, int env_index,
		      struct sandbox_error *err);

/* Calls the function below nargs arguments on the stack, under the limits, with a traceback
 * message handler; leaves nres results. Returns 0, or -1 with err filled and nothing pushed.
 * A limit tripped inside the script's own pcall still fails the call. */
int sandbox_call(struct sandbox *s, int nargs, int nres, struct sandbox_error *err);

/* sandbox_call with the per-call instruction limit and deadline times scale (>= 1; the whole
 * check's deadline still holds): for one call that does the work of scale calls, such as a
 * rule's check_all judging scale units at once. */
int sandbox_call_scaled(struct sandbox *s, int nargs, int nres, long scale, struct sandbox_error *err);

/* Copies every field of the table at from into the table at to (raw access: no metamethods). */
void sandbox_copy_fields(lua_State *L, int from, int to);

/* The whole check's deadline of s (CLOCK_MONOTONIC: when it was made plus max_total_seconds),
 * and setting it: the states of one check's worker threads share the first state's, so
 * --max-check-seconds counts from the check's start in each. Set before the state's calls. */
void sandbox_total_deadline(const struct sandbox *s, struct timespec *out);
void sandbox_set_total_deadline(struct sandbox *s, const struct timespec *deadline);

/* Bytes the state holds now. */
size_t sandbox_memory(const struct sandbox *s);

/* The most bytes the last sandbox_call added to the state at any moment (its peak less what the
 * state held when it began): what a call of that size costs in memory, garbage included. */
size_t sandbox_call_growth(const struct sandbox *s);

/* The owner (rule file) that memory allocated from now on is charged to: sandbox_owner
 * registers path (or finds it) and returns its number; 0 is the engine. The cap applies to
 * the owner set while a call runs. */
int sandbox_owner(struct sandbox *s, const char *path);
void sandbox_set_owner(struct sandbox *s, int owner);
int sandbox_current_owner(const struct sandbox *s);
size_t sandbox_owner_memory(const struct sandbox *s, int owner);

/* Whether the running call's budget is spent (deadline, instructions or memory): once it is,
 * every later query and hook tick of the call fails at once. */
bool sandbox_spent(const struct sandbox *s);

/* Marks the running call's budget spent for another reason (why: the message, e.g. the query
 * step limit) and raises it: every later hook tick and query of the call fails too. */
void sandbox_spend(lua_State *L, const char *why);

/* Raises the call's limit error when its budget is spent (for C functions that loop). */
void sandbox_check(lua_State *L);

/* Raises an error naming what unless n elements is within SANDBOX_MAX_ELEMENTS. */
void sandbox_check_count(lua_State *L, const char *what, lua_Integer n);

/* fn(ud) is called from the watchdog thread when a call's deadline passes (to interrupt
 * work the hook cannot reach, e.g. sqlite3_interrupt). NULL removes it; once this returns,
 * the previous fn is not running and will not run. */
void sandbox_on_expire(struct sandbox *s, void (*fn)(void *ud), void *ud);

/* Names dir/lib/ as the rules' helper files: an error raised in one is placed at the rule
 * file's line that called it, the helper's line named at the end of the message. */
void sandbox_set_library(struct sandbox *s, const char *dir);

/* The sandbox of a state sandbox_new made. */
struct sandbox *sandbox_of(lua_State *L);

#endif
