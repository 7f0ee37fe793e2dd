/* csvout.h — writing CSV that spreadsheets open right: UTF-8 with a BOM, fields quoted by
 * libcsv's writer, and text that a spreadsheet would take for a formula guarded. */
#ifndef YAODIAN_CSVOUT_H
#define YAODIAN_CSVOUT_H

#include <stdbool.h>
#include <stdio.h>

/* Writes the UTF-8 byte order mark, so that Excel reads the file as UTF-8. */
void csvout_bom(FILE *fp);

/* Whether a spreadsheet would read text s as a formula: it starts with = + - @, a tab or a CR. */
bool csvout_risky(const char *s);

/* s (NULL as empty) as a spreadsheet should show it: risky text with a leading apostrophe.
 * Returns a new string the caller frees, or NULL when out of memory. */
char *csvout_guard(const char *s);

/* Writes s (NULL as empty) as field number i of the current row (a comma before every field but
 * the first), always quoted by libcsv. With guard, risky text gets a leading apostrophe, which
 * spreadsheets show as text and the importer takes off again. */
void csvout_field(FILE *fp, size_t i, const char *s, bool guard);

/* Ends the current row (CRLF, as spreadsheets write). */
void csvout_row_end(FILE *fp);

#endif
