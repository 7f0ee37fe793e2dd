/* rules_dsl.h — internal to the rules module: the Lua-facing DSL and the whole-set checks. */
#ifndef YAODIAN_RULES_DSL_H
#define YAODIAN_RULES_DSL_H

#include "rules.h"

/* plan, rule, pass, fail, not_applicable: registered into each rule file's environment. */
const luaL_Reg *rules_dsl_functions(void);

/* "file:line" of the Lua code that called the current C function (and the line alone). */
void rules_caller_where(lua_State *L, char *buf, size_t len, int *line);

/* The rule set a Lua state belongs to. */
struct ruleset *rules_from_lua(lua_State *L);

/* Records a problem (lint error) at where ("file:line"), about field (may be NULL). */
void rules_problem(struct ruleset *rs, const char *where, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Whether the override at the top of the stack (name at -2, value at -1) fits the rule's
 * parameters in the table at defaults: 0 it does (same name, same type); 1 the rule has no
 * such parameter; 2 the type differs. why gets the reason for people (when not 0). */
int rules_param_fit(lua_State *L, int defaults, char *why, size_t len);

/* Whether k is one of the NULL-terminated allowed field names. */
bool rules_field_known(const char *k, const char *const *allowed);

/* Cross-file checks after loading: one plan, known clauses, quotes found in the clause text,
 * unique ids. */
void rules_validate(struct ruleset *rs);

/* Reports a problem at where (field "requires") when r's requires text refers to a
 * parameter r does not have, has a "{" without its "}", or an unknown format. */
void rules_requires_validate(struct ruleset *rs, const struct rule *r, const char *where);

/* Applies parameter overrides from a config file (see rules_load). */
void rules_apply_config(struct ruleset *rs, const char *path);

#endif
