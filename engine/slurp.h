/* slurp.h — reading a whole file into memory, the one way every module does it. */
#ifndef YAODIAN_SLURP_H
#define YAODIAN_SLURP_H

#include <stddef.h>

/* Reads path whole. Returns a NUL-terminated buffer the caller frees (its length, without the
 * NUL, in *len when len is not NULL), or NULL with errno set (cannot open or read, or out of
 * memory). */
char *slurp(const char *path, size_t *len);

#endif
