/* texttable.c — a plain, CJK-aligned text table (texttable.h). */
#include "texttable.h"

#include <stdlib.h>

#include "textwidth.h"

int texttable_init(struct texttable *t, size_t rows, size_t cols)
{
	t->rows = rows, t->cols = cols;
	t->cells = calloc(rows * cols + 1, sizeof *t->cells);
	return t->cells ? 0 : -1;
}

int texttable_set(struct texttable *t, size_t r, size_t c, const char *s)
{
	free(t->cells[r * t->cols + c]);
	t->cells[r * t->cols + c] = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	return t->cells[r * t->cols + c] ? 0 : -1;
}

void texttable_free(struct texttable *t)
{
	for (size_t i = 0; t->cells && i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
}

static const char *cell(const struct texttable *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->cols + c];
	return s ? s : "";
}

int texttable_print(FILE *out, const struct texttable *t, int indent)
{
	size_t *w = calloc(t->cols + 1, sizeof *w);
	if (!w)
		return -1;
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->cols; c++) {
			size_t x = textwidth(cell(t, r, c));
			w[c] = x > w[c] ? x : w[c];
		}
	for (size_t r = 0; r < t->rows; r++) {
		fprintf(out, "%*s", indent, "");
		for (size_t c = 0; c < t->cols; c++) {
			if (c + 1 == t->cols)
				fprintf(out, "%s\n", cell(t, r, c));
			else
				textwidth_pad(out, cell(t, r, c), w[c] + 2);
		}
	}
	free(w);
	return 0;
}
