/* lintdb.h — lint's trial run of the rules' SQL against an empty database with the schema. */
#ifndef YAODIAN_LINTDB_H
#define YAODIAN_LINTDB_H

#include "rules.h"

/* Calls every rule's check once, for a made-up unit over the plan's whole year, against an
 * in-memory database migrated with schema_dir's migrations and holding no records, and adds a
 * problem (the rule's file:line, its id and the error) for each call that raises: a query
 * naming a table or column the schema lacks ("no such table: activitys"), a parameter count
 * that does not match, a Lua error on the path taken with no records. Only the queries a
 * check reaches with no records are tried (not those inside a loop over rows). A refused rule
 * set (duplicate ids) is not run. Returns the number of problems added, or -1 when the
 * database cannot be made (after a diagnostic). */
int lintdb_run(struct ruleset *rs, const char *schema_dir);

#endif
