/* dirlist.h — the files of a directory that a predicate accepts, sorted bytewise: how rule
 * files, rule-test files and holiday notices are found, in a stable order. */
#ifndef YAODIAN_DIRLIST_H
#define YAODIAN_DIRLIST_H

#include <stdbool.h>

/* Writes into *out the names (not paths) in dir for which accept(name) is true, hidden files
 * left out, sorted bytewise. Returns the count, or -1 with errno set when dir cannot be read.
 * The caller frees them with dirlist_free. */
int dirlist(const char *dir, bool (*accept)(const char *name), char ***out);
void dirlist_free(char **names, int n);

/* True when name ends with suffix. */
bool dirlist_ends_with(const char *name, const char *suffix);

#endif
