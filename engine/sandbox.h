/* sandbox.h — a Lua 5.4 state fit for untrusted rule text.
 * Only base (no dofile/loadfile; load takes text only), string (no dump), table, math and utf8;
 * a fresh guarded environment per file; an instruction limit per call that pcall inside the
 * script cannot swallow; a memory cap through an allocator that refuses only growth. */
#ifndef YAODIAN_SANDBOX_H
#define YAODIAN_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

struct sandbox_limits {
	long   max_instructions;  /* per call (file load or one check) */
	size_t max_memory;        /* bytes for the whole state */
};

#define SANDBOX_DEFAULT_INSTRUCTIONS 20000000L
#define SANDBOX_DEFAULT_MEMORY       (64u << 20)

enum sandbox_fault { SBX_OK, SBX_RUNTIME, SBX_SYNTAX, SBX_INSTRUCTIONS, SBX_MEMORY };

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

/* Copies every field of the table at from into the table at to (raw access: no metamethods). */
void sandbox_copy_fields(lua_State *L, int from, int to);

/* Bytes the state holds now. */
size_t sandbox_memory(const struct sandbox *s);

#endif
