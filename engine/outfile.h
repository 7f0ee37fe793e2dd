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
 * file. Returns 0, or -1 after a diagnostic. (outfile_finish then outfile_commit.) */
int outfile_close(struct outfile *o, bool ok);

/* For several files that must change together: outfile_finish flushes, syncs and closes the
 * temporary file, keeping it (or, when !ok or that fails, removes it: -1 after a diagnostic);
 * then either outfile_commit renames it into place (0, or -1 after a diagnostic, the temporary
 * file removed) or outfile_abort removes it. */
int outfile_finish(struct outfile *o, bool ok);
int outfile_commit(struct outfile *o);
void outfile_abort(struct outfile *o);

#endif
