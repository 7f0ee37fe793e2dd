/* xlsxout.h — writing an Excel workbook with libxlsxwriter, atomically: the workbook goes to a
 * temporary file beside the target (outfile.h), renamed into place only when complete; the first
 * libxlsxwriter error is kept and reported once, naming the target. For the template, exports
 * and reports. */
#ifndef YAODIAN_XLSXOUT_H
#define YAODIAN_XLSXOUT_H

#include <xlsxwriter.h>

#include "outfile.h"

struct xlsxout {
	struct outfile out;
	lxw_workbook *wb;   /* write the sheets into this */
	lxw_error err;      /* the first libxlsxwriter error */
	const char *path;   /* the target, for messages */
};

/* Opens a new workbook for path. Returns 0, or -1 after a diagnostic (nothing left behind). */
int xlsxout_open(struct xlsxout *x, const char *path);

/* As xlsxout_open, in libxlsxwriter's constant_memory mode: a sheet's rows go to a temporary
 * file as the next row is begun, so a sheet of any length takes bounded memory. Each sheet
 * must then be written row by row (a write to an earlier row fails: LXW_ERROR_WORKSHEET_
 * INDEX_OUT_OF_RANGE), and strings are kept in their cells instead of a shared table. */
int xlsxout_open_rows(struct xlsxout *x, const char *path);

/* Keeps e if it is the first error. Returns 0 for LXW_NO_ERROR, else -1. */
int xlsxout_ok(struct xlsxout *x, lxw_error e);

/* Closes the workbook (libxlsxwriter writes it now) and, when rc is 0 and nothing failed,
 * renames it into place; otherwise reports the first error and removes the temporary file.
 * Returns the final rc: 0 or -1. */
int xlsxout_close(struct xlsxout *x, int rc);

#endif
