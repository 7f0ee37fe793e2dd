/* tsv.h — reading the tab-separated data files in calendars/ line by line. */
#ifndef YAODIAN_TSV_H
#define YAODIAN_TSV_H

/* Called with each content line (line ending removed) and its number; returns 0 or -1. */
typedef int (*tsv_line_fn)(void *ctx, char *line, const char *path, long lineno);

/* Feeds fn every line of path that is neither empty nor a # comment, stopping at the first
 * failure. Returns 0, or -1 after a diagnostic (`what` when the file cannot be opened; fn
 * prints its own). */
int tsv_each_line(const char *path, const char *what, tsv_line_fn fn, void *ctx);

/* Splits line in place at tabs into at most max fields. Returns how many, or max + 1 when
 * the line has more. */
int tsv_split(char *line, char **fields, int max);

#endif
