/* outfile.h — writing an output file atomically: into a temporary file beside it, renamed over
 * the target only when everything was written, so a reader never sees half a file. */
#ifndef YAODIAN_OUTFILE_H
#define YAODIAN_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

struct outfile {
	FILE *fp;
	char *path;   /* target, or NULL for stdout */
	char *tmp;    /* temporary name */
};

/* Opens a temporary file beside path (or stdout when path is NULL). Returns 0, or -1 after a
 * diagnostic. */
int outfile_open(struct outfile *o, const char *path);

/* Finishes: when ok, flushes, syncs and renames into place; otherwise removes the temporary
 * file. Returns 0, or -1 after a diagnostic. */
int outfile_close(struct outfile *o, bool ok);

#endif
