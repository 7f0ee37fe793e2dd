/* diag.h — diagnostics about bad input, always in the shape "file:line: field: message".
 * Every module reports user errors through here so that they look alike and go to one place
 * (stderr by default; tests redirect it to a memory stream). */
#ifndef YAODIAN_DIAG_H
#define YAODIAN_DIAG_H

#include <stdio.h>

/* Where diagnostics go; NULL means stderr. Returns the previous stream. */
FILE *diag_set_stream(FILE *f);

/* Prints one diagnostic. line <= 0 omits the line; field NULL omits the field. */
void diag(const char *file, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Number of diagnostics printed since the last diag_reset(). */
unsigned diag_count(void);
void     diag_reset(void);

#endif
