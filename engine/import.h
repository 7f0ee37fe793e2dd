/* import.h — loads one CSV file of one record kind into the store.
 * The CSV is what an office keeps in a spreadsheet: a header row of Chinese column names (any
 * order), UTF-8 with or without BOM, GBK (GB18030) as Excel and WPS save "CSV" on Chinese
 * Windows, or UTF-16 "Unicode text". A file imports in one transaction or not at all. */
#ifndef YAODIAN_IMPORT_H
#define YAODIAN_IMPORT_H

#include <stdio.h>
#include <sqlite3.h>

#include "textenc.h"

#define IMPORT_NKINDS 15 /* how many record kinds there are (import_kinds()) */

struct import_stats {
	long rows;        /* data rows read */
	long inserted;    /* new records */
	long updated;     /* records that existed (same id) and were replaced */
	long errors;      /* bad rows reported (a bad header or a file-level problem counts as one) */
	long deleted;     /* records deleted by --replace */
};

/* How to import. Zero-initialised: find out the encoding, add and update only, for real. */
struct import_opts {
	enum textenc encoding;  /* CSV only: TEXTENC_AUTO finds it out */
	int replace;            /* the file is the whole truth for its kind, within the units (for
	                         * participants the activities, for agenda items the meetings) it
	                         * holds: records there that it lacks are deleted, in the same
	                         * transaction; refused if other records still refer to them */
	int dry_run;            /* do and report everything, then roll back */
	FILE *listing;          /* where each deleted record is listed; NULL lists nothing */
	const char *const *rule_ids; /* NULL-terminated ids of the rules, to check the rule a
	                         * waiver names; NULL checks nothing */
};

/* Imports path as records of kind into db. Every bad row is reported through diag() as
 * "path:line: column: what is wrong"; if any is, nothing is written. Returns 0 on success,
 * 2 on bad input (the database unchanged), -1 on a database failure. */
int import_csv(sqlite3 *db, const char *kind, const char *path, struct import_stats *st);

/* import_csv() as o says (o may be NULL). The encoding: TEXTENC_AUTO decides from the bytes
 * (UTF-8, a UTF-16 BOM, else GB18030, saying so once on stderr); TEXTENC_UTF8 or
 * TEXTENC_GB18030 force one. UTF-16 text whose first line holds a tab is read as tab separated. */
int import_csv_opts(sqlite3 *db, const char *kind, const char *path, const struct import_opts *o,
		    struct import_stats *st);

/* One sheet of a workbook import: the kind it held (its static name in the run's language:
 * 活动 or activities) and what was read. */
struct import_sheet_stats {
	const char *kind;
	struct import_stats st;
};

/* Whether path is an Excel workbook by its first bytes: a zip (.xlsx), or an old binary .xls
 * (which import_xlsx_* refuse, saying to save it as .xlsx). */
int import_is_workbook(const char *path);

/* Imports the sheet of the .xlsx workbook at path named after kind (its English or Chinese
 * name), or the workbook's only sheet, like import_csv(). Problems are reported as
 * "book.xlsx:活动!C12: column: problem". */
int import_xlsx_sheet(sqlite3 *db, const char *kind, const char *path, const struct import_opts *o,
		      struct import_stats *st);

/* Imports every sheet of the workbook named after a kind, in import order, in ONE transaction:
 * all or nothing across the workbook. Sheets that name no kind are said on stderr and left
 * alone. Fills out[0..*n) (room for IMPORT_NKINDS entries) in import order. Returns 0, 2 on
 * bad input (nothing written), -1 on a database failure. */
int import_xlsx_book(sqlite3 *db, const char *path, const struct import_opts *o, struct import_sheet_stats *out,
		     size_t *n);

/* Deletes the records of kind named by ids[0..n) in one transaction, listing each (and the rows
 * that go with them) as o->listing says; o->dry_run rolls back. Refused, nothing deleted, when
 * an id does not exist or other records refer to one. Returns 0, 2 or -1; *deleted how many. */
int import_delete(sqlite3 *db, const char *kind, char *const *ids, int n, const struct import_opts *o, long *deleted);

/* The record kinds, in the order they should be imported (references point backwards).
 * NULL-terminated; static strings. */
const char *const *import_kinds(void);

/* The English name of kind, given in English or Chinese ("活动" -> "activities"), or NULL if
 * there is no such kind. Static string. */
const char *import_kind_name(const char *kind);

/* Writes the column layout of every kind (name, required, type, meaning) for --help and the
 * README; lang-aware. kind may be English or Chinese; NULL describes every kind in import
 * order. An unknown kind gets a diagnostic instead. */
void import_describe(FILE *out, const char *kind);

#endif
