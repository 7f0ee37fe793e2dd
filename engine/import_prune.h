/* import_prune.h — internal to the importer: deleting records, for `import --replace` (the rows
 * of a kind, within the units a file covers, that the file no longer has) and for `delete` (records
 * named by id). Records that other records still refer to are not deleted: the whole import or
 * delete is refused, naming them and what refers to them. Nothing is deleted silently: each
 * deleted record is listed. */
#ifndef YAODIAN_IMPORT_PRUNE_H
#define YAODIAN_IMPORT_PRUNE_H

#include <sqlite3.h>
#include <stdio.h>

#include "import_ctx.h"   /* import_tx_begin, import_tx_end, import_unknown_kind */
#include "import_kinds.h"

/* Starts a replace of kind k: creates (or empties) its temporary tables of kept keys and scope
 * values. 0, or -1 with the database's message in the diagnostics naming path. */
int import_prune_begin(sqlite3 *db, const struct import_kind *k, const char *path);

/* Index of k's scope column: the required reference to units, else the key's reference to its
 * parent (participants: the activity; agenda items: the meeting); -1 for units themselves
 * (the whole table is in scope). */
int import_prune_scope_col(const struct import_kind *k);

/* Records that the file holds the row with this key (the key columns joined by U+001F) and
 * scope value (NULL when the kind has no scope column). 0 or -1. */
int import_prune_keep(sqlite3 *db, const struct import_kind *k, const char *key, const char *scope);

/* Deletes the rows of k within the kept scope values whose keys were not kept, listing each on
 * out ("删除 活动 A001"; out may be NULL). Refuses, deleting nothing, when other records refer to
 * them. Returns 0, 2 (refused, reported as path: ...), or -1 (database failure, reported). */
int import_prune_finish(sqlite3 *db, const struct import_kind *k, const char *path, FILE *out, long *deleted);

/* Deletes the records of k named by ids[0..n) (kinds whose key is one id column), listing each
 * and the dependent rows deleted with them. Returns 0, 2 (an id that does not exist, a kind
 * without single ids, or records still referred to: reported, nothing deleted), or -1. */
int import_prune_ids(sqlite3 *db, const struct import_kind *k, char *const *ids, int n, FILE *out, long *deleted);

#endif
