/* explain.h — `yaodian explain`: everything behind one requirement's verdict for one unit, the
 * answer to "why did we fail this?": the clause and its words, the parameters in force and where
 * each came from, the windows and how they were computed, every query the rule ran with its
 * bound values and the ids it returned, the waiver, and the verdict with its message. */
#ifndef YAODIAN_EXPLAIN_H
#define YAODIAN_EXPLAIN_H

#include <sqlite3.h>
#include <stdio.h>

#include "check.h"
#include "rules.h"

/* Explains rule rule_id for the unit and period of o (o->unit must be set) against db (the
 * read-only store, already attached to rs). defaults is the same rule set loaded without the
 * config file, to show a parameter's default beside the value the config file set (NULL when
 * no config was given; where the config set it comes from rules_param_source). Writes to out.
 * Returns 0, 2 for an unknown rule, or -1 when the check could not run (after a diagnostic). */
int explain_run(struct ruleset *rs, const struct ruleset *defaults, sqlite3 *db, const char *rule_id,
		const struct check_opts *o, FILE *out);

#endif
