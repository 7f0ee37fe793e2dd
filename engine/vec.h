/* vec.h — growing arrays: the one place for the doubling logic the modules share. */
#ifndef YAODIAN_VEC_H
#define YAODIAN_VEC_H

#include <stddef.h>

/* Makes the array *itemsp (elements of elem bytes, capacity *cap) hold at least need
 * elements, doubling from 8. itemsp is the address of the array pointer. Returns 0, or -1 on
 * overflow or out of memory with the array and *cap unchanged. */
int vec_reserve(void *itemsp, size_t *cap, size_t need, size_t elem);

#endif
