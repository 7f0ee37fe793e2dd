/* template.h — the blank record templates of `yaodian template`: an Excel workbook a clerk fills
 * in (one sheet per record kind, with the importer's headers, an example row, drop-down lists and
 * checks), or one CSV file per kind. Both are written from import_kinds.c's tables. */
#ifndef YAODIAN_TEMPLATE_H
#define YAODIAN_TEMPLATE_H

#include <sqlite3.h>

/* Opens the database the drop-down lists are read from (table vocab): path, read-only, or when
 * path is NULL an in-memory database built by the bundled migrations, which hold the standard
 * vocabulary. The caller closes *db. Returns 0, or -1 after a diagnostic. */
int template_vocab_db(const char *path, sqlite3 **db);

/* Writes the workbook to path: a sheet of instructions, then one sheet per kind in import order
 * named in Chinese (单位, 活动 ...), each with its header row (required columns marked, every
 * header commented), an example row, fitting widths and data validation on rows 2..1000; the
 * lists come from db's vocab table. The file is written under a temporary name beside path and
 * renamed only when complete. Returns 0, or -1 after a diagnostic naming path (nothing is left
 * behind). */
int template_write_xlsx(sqlite3 *db, const char *path);

/* Writes dir/单位.csv … one UTF-8 CSV file with a BOM per kind: the header and the example row.
 * dir is created when missing. All the files are written or none (each under a temporary name,
 * renamed once every one is complete). Returns 0, or -1 after a diagnostic. */
int template_write_csv(const char *dir);

#endif
