/* import_ctx.h — internal to the importer: the state of one CSV file or workbook sheet being
 * imported, shared by the row loop (import.c) and the sources that feed it rows (import_csv.c
 * for CSV text, import_xlsx.c for Excel workbooks). A source pushes a row's fields with
 * import_push_field() and hands the row over with import_take_row(); import.c does the rest. */
#ifndef YAODIAN_IMPORT_CTX_H
#define YAODIAN_IMPORT_CTX_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "import.h"
#include "import_kinds.h"

#define IMPORT_MAX_DIAGS 100 /* diagnostics printed per file; the rest are counted */
#define IMPORT_MSG_MAX   2048
#define IMPORT_NREFS     8   /* distinct tables a kind's columns may reference */

/* Keys seen earlier in this file, each with the line it was first seen on. Open addressing,
 * capacity a power of two, at most half full. The set owns its key strings. */
struct import_seen {
	struct { char *key; long line; uint64_t hash; } *slot;   /* hash: seen_hash(key) */
	size_t cap, n;
};

/* One cell of the current record: offset and length in the row buffer, after trimming. */
struct import_cell {
	size_t off, len;
	int valid; /* valid UTF-8 without NUL bytes */
};

/* One converted value, ready to bind. s points into the row buffer or at date. */
struct import_val {
	enum { V_NULL, V_INT, V_TEXT } kind;
	int ok; /* converted without a reported error */
	long long i;
	const char *s;
	date_t day;
	char date[DATE_ISO_LEN];
};

struct import_ctx {
	sqlite3 *db;
	const struct import_kind *k;
	const char *path;
	struct import_stats *st;
	const char *sheet; /* the workbook's sheet being read, or NULL for a CSV file */
	const struct import_opts *opts;
	long line;      /* physical line (CSV) or sheet row being read */
	long row_line;  /* line (or sheet row) the current record started on */
	int cur_col;    /* file column a header problem is about, or -1 */
	char *buf;      /* the current record's fields, each NUL-terminated */
	size_t blen, bcap;
	struct import_cell *cells;
	size_t nf, fcap;
	int have_header;
	long hdr_line;
	size_t nhdr;
	int pos[IMPORT_MAX_COLS]; /* file column of each kind column, or -1 */
	struct import_val val[IMPORT_MAX_COLS];
	const char **tags;
	size_t ntags, tagcap;
	int row_bad;
	long nerr;      /* problems found (printed or not) */
	int stop;       /* stop reading: malformed CSV, bad header, or a failure */
	int failed;     /* the database (or memory) failed: return -1 */
	int mixed;      /* UTF-8 header, later lines not: bad cells are named as GBK */
	struct import_seen seen;
	sqlite3_stmt *upsert, *exists, *vocab, *vocab_list, *tag_del, *tag_ins;
	struct { const char *table; sqlite3_stmt *stmt; } ref[IMPORT_NREFS];
};

/* Makes c ready to read records of kind k from path (sheet: the workbook sheet, or NULL). */
void import_ctx_init(struct import_ctx *c, sqlite3 *db, const struct import_kind *k, const char *path,
		     const char *sheet, const struct import_opts *o, struct import_stats *st);

/* Frees what c holds and finalizes its statements. */
void import_ctx_free(struct import_ctx *c);

/* Appends one field of the current row (len bytes of s, CRLF inside it becoming LF). 0, or -1
 * when out of memory (after marking c failed). */
int import_push_field(struct import_ctx *c, const char *s, size_t len);

/* The fields pushed since the last call are a row: trimmed, then read as the header (the first
 * non-blank row) or as a data row, checked and (while the file is clean) written. Clears them. */
void import_take_row(struct import_ctx *c);

/* After the last row: reports a file with no header row, and how many problems went unprinted.
 * Returns what the import of this file or sheet comes to: 0, 2 (bad input) or -1 (a failure). */
int import_ctx_result(struct import_ctx *c);

/* Reports a problem with the file as a whole (encoding, syntax, a missing header) at line. */
void import_report_file(struct import_ctx *c, long line, const char *msg);

/* The database or memory failed: says so once and stops the import (result -1). */
void import_fail(struct import_ctx *c, const char *what);

/* Prints "unknown record kind" with the kinds there are, for path. */
void import_unknown_kind(const char *path, const char *kind);

/* The start of importing path as kind: zeroes *st and finds the kind; an unknown kind is said
 * (naming path), counted as one problem, and gives NULL. */
const struct import_kind *import_kind_for(const char *kind, const char *path, struct import_stats *st);

/* BEGIN IMMEDIATE on db, or a diagnostic naming path and -1. */
int import_tx_begin(sqlite3 *db, const char *path);

/* COMMIT when rc is 0 (a failure to commit is said, naming path, and becomes -1), else
 * ROLLBACK; a dry run always rolls back (rc stays 0). Every statement of the import must be
 * finalized first. Returns the final rc. */
int import_tx_end(sqlite3 *db, const char *path, const struct import_opts *o, int rc);

#endif
