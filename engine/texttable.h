/* texttable.h — a plain text table for a terminal: rows of cells, each column as wide as its
 * widest cell measured in terminal columns (CJK characters count two), so Chinese aligns. */
#ifndef YAODIAN_TEXTTABLE_H
#define YAODIAN_TEXTTABLE_H

#include <stdio.h>

struct texttable {
	char **cells;     /* rows × cols, owned */
	size_t rows, cols;
};

/* An empty table of rows × cols cells (each ""). Returns 0, or -1 when out of memory. */
int texttable_init(struct texttable *t, size_t rows, size_t cols);

/* Sets cell (r, c) to a clean copy of s (NULL = ""; one line, valid UTF-8, control characters
 * as spaces). Returns 0, or -1 when out of memory. */
int texttable_set(struct texttable *t, size_t r, size_t c, const char *s);

/* Prints t, each row after indent spaces, columns two spaces apart, the last column unpadded.
 * Returns 0, or -1 when out of memory. */
int texttable_print(FILE *out, const struct texttable *t, int indent);

void texttable_free(struct texttable *t);

#endif
