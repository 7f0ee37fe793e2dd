/* report_csv.h — check findings as a CSV file a spreadsheet opens (UTF-8 with a BOM, one
 * finding per row), and the columns a finding is listed with, shared with the workbook. */
#ifndef YAODIAN_REPORT_CSV_H
#define YAODIAN_REPORT_CSV_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"

enum report_csv_col {
	RCSV_UNIT_ID, RCSV_UNIT_NAME, RCSV_CLAUSE, RCSV_RULE, RCSV_TITLE, RCSV_REQUIRES, RCSV_OBLIGATIONS, RCSV_STATUS, RCSV_FROM,
	RCSV_TO, RCSV_DUE, RCSV_MESSAGE, RCSV_EVIDENCE, RCSV_LOOKED_FOR, RCSV_WAIVER, RCSV_POINTS,
	RCSV_SOURCE, RCSV_NCOLS
};

/* The column's header in the current language (单位编号 … / Unit id …). */
const char *report_csv_header(enum report_csv_col c);

/* The text of column c for f as valid UTF-8 (evidence and obligation ids joined by ";", the status label in
 * the current language, dates YYYY-MM-DD, points as a number), not yet guarded. Returns a
 * malloc'd string the caller frees, or NULL when out of memory. */
char *report_csv_cell(const struct finding *f, enum report_csv_col c);

/* Whether column c holds a number (never guarded). */
bool report_csv_numeric(enum report_csv_col c);


/* The BOM, the header row, then one row per finding, fields written with libcsv. 0 or -1. */
int report_csv(FILE *out, const struct findings *f);

#endif
