/* textwidth.h — how many terminal columns UTF-8 text takes (CJK = 2, combining marks = 0),
 * and cells padded or cut to a width without splitting a character. Widths come from
 * utf8proc_charwidth. A byte that does not start a valid UTF-8 sequence counts as one column,
 * the width of the U+FFFD that textwidth_clean puts in its place. */
#ifndef YAODIAN_TEXTWIDTH_H
#define YAODIAN_TEXTWIDTH_H

#include <stddef.h>
#include <stdio.h>

/* Display columns of the NUL-terminated s (NULL counts as empty), or of its first len bytes. */
size_t textwidth(const char *s);
size_t textwidth_n(const char *s, size_t len);

/* The number of bytes of s's longest prefix that fits in width columns, never ending inside a
 * character; its width goes to *cols when cols is not NULL. */
size_t textwidth_prefix(const char *s, size_t width, size_t *cols);

/* A copy of s that fits in width columns: s itself when it fits, else the longest prefix that
 * fits in width - 1 columns followed by "…". Returns a malloc'd string the caller frees, or
 * NULL when out of memory. */
char *textwidth_truncate(const char *s, size_t width);

/* Writes s cut to width (as textwidth_truncate) and then spaces up to exactly width columns.
 * Returns 0, or -1 on a write error. */
int textwidth_pad(FILE *out, const char *s, size_t width);

enum {
	TEXTWIDTH_CLEAN_CONTROLS = 1   /* also turn control characters (tab, newline, ESC,
	                                  C1 ...) into spaces, for one-line terminal cells */
};

/* A copy of s that is valid UTF-8: each byte that does not start a valid sequence becomes
 * U+FFFD. With TEXTWIDTH_CLEAN_CONTROLS, control characters become spaces, so text from a rule
 * cannot break a table line or send escape sequences to a terminal. NULL gives "". Returns a
 * malloc'd string the caller frees, or NULL when out of memory. */
char *textwidth_clean(const char *s, int flags);

#endif
