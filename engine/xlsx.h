/* xlsx.h — reads the sheets of an .xlsx workbook as rows of text cells (libzip for the zip
 * container, libxml2's streaming reader for the XML parts). Clerks keep record sheets in Excel
 * or WPS; the importer reads them through here instead of asking for CSV.
 *
 * Cell text: strings as written (shared, inline, formula results; rich-text runs joined,
 * phonetic runs left out, _xHHHH_ escapes decoded), TRUE/FALSE, error texts such as #N/A,
 * numbers in the shortest form that reads back exactly ("5000", "5000.5", "0.1"), and numbers
 * whose cell format is a date as YYYY-MM-DD in the workbook's date system (1900 or 1904; the
 * time of day dropped).
 *
 * Limits against hostile files, each refused with a reason: a zip entry may unpack to at most
 * 512 MiB; at most 16384 columns (A..XFD) and 1048576 rows; a cell's text at most 32767
 * characters (UTF-16 units, as in Excel); shared strings at most 64 MiB in all (each string
 * counting its bytes plus 8); a row's own text (everything but shared strings) at most 16 MiB;
 * at most 65536 sheets and 1048576 cell formats. A part holding a DTD is refused (no entity
 * expansion, no external entities, no network). A sheet is streamed: memory grows with the
 * widest row and the shared strings, not with the number of rows. */
#ifndef YAODIAN_XLSX_H
#define YAODIAN_XLSX_H

#include <stddef.h>

#define XLSX_MAX_COLS       16384L
#define XLSX_MAX_ROWS       1048576L
#define XLSX_MAX_CELL_CHARS 32767L

struct xlsx_book; /* opaque */

/* Opens path and reads its sheet list, date system, cell formats and shared strings. Returns
 * the book (the caller closes it with xlsx_close), or NULL with a one-line reason in err
 * (Chinese by default, English when the language is en): not a workbook, an old .xls, a
 * password-protected workbook, a missing sheet part, a limit exceeded. */
struct xlsx_book *xlsx_open(const char *path, char *err, size_t errlen);

void xlsx_close(struct xlsx_book *b); /* NULL ok */

size_t      xlsx_sheet_count(const struct xlsx_book *b);
const char *xlsx_sheet_name(const struct xlsx_book *b, size_t i); /* owned by b; NULL if i is out of range */

/* Called once per non-empty row in sheet order: row is the 1-based sheet row number; cells[i]
 * is the text of column i (0 = A), "" for an empty cell; ncells = 1 + the last non-empty
 * column of that row. The strings live until the callback returns. A non-zero return stops
 * reading and is returned by xlsx_read_sheet. */
typedef int (*xlsx_row_fn)(void *ud, long row, size_t ncells, const char *const *cells);

/* Reads sheet i, streaming. Returns 0, the callback's non-zero value, or -1 with a reason in
 * err naming the sheet and, where it applies, the cell ("活动!C12: ..."). Rows the callback
 * saw before an error stay seen: a caller that wants all or nothing collects first. */
int xlsx_read_sheet(struct xlsx_book *b, size_t i, xlsx_row_fn fn, void *ud, char *err, size_t errlen);

/* Writes the column letters of 0-based col ("A", "Z", "AA", "XFD") into out, NUL-terminated;
 * a col beyond any sheet still gets letters while they fit (at most 7). */
void xlsx_colname(size_t col, char out[8]);

#endif
