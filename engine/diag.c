/* diag.c — the one printer for "file:line: field: message" diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdatomic.h>

static FILE *stream;
static atomic_uint count;   /* check's worker threads report too */

FILE *diag_set_stream(FILE *f)
{
	FILE *old = stream;
	stream = f;
	return old;
}

void diag(const char *file, long line, const char *field, const char *fmt, ...)
{
	FILE *out = stream ? stream : stderr;
	if (file && line > 0)
		fprintf(out, "%s:%ld: ", file, line);
	else if (file)
		fprintf(out, "%s: ", file);
	if (field)
		fprintf(out, "%s: ", field);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
	count++;
}

unsigned diag_count(void) { return atomic_load(&count); }
void diag_reset(void) { atomic_store(&count, 0); }
