/* export.h — what is in the records database, written out for people: the units at a glance
 * (`yaodian units`), and the records of a kind in the importer's own format (`yaodian export`),
 * as CSV or as an Excel workbook that imports back. Columns marked IMPORT_PRIVATE (a person's
 * name, notes about people) are never written. */
#ifndef YAODIAN_EXPORT_H
#define YAODIAN_EXPORT_H

#include <sqlite3.h>
#include <stdio.h>

/* Prints every unit: id, name, type, people by category (在职, 退休, 职工子女, 联系点儿童) and
 * activities that began in year, as a table aligned for CJK text. Returns 0, or -1 after a
 * diagnostic naming the database. */
int export_units(sqlite3 *db, int year, FILE *out);

/* Writes the records of kind (English or Chinese name) as CSV to path (stdout when NULL;
 * else atomically): UTF-8 with a BOM, the importer's headers less the private columns, text that
 * looks like a formula guarded. Returns 0, 2 for an unknown kind, or -1 after a diagnostic. */
int export_csv(sqlite3 *db, const char *kind, const char *path);

/* Writes the records of kind, or of every kind when kind is NULL, as an Excel workbook to path
 * (atomically): one sheet per kind named in Chinese, typed cells (dates as dates, numbers as
 * numbers), a bold frozen header with filters. `yaodian import --db F path` reads it back.
 * Returns 0, 2 for an unknown kind, or -1 after a diagnostic. */
int export_xlsx(sqlite3 *db, const char *kind, const char *path);

#endif
