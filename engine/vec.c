/* vec.c — see vec.h. */
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int vec_reserve(void *itemsp, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return -1;
	void *old;
	memcpy(&old, itemsp, sizeof old);
	void *p = realloc(old, n * elem);
	if (!p)
		return -1;
	memcpy(itemsp, &p, sizeof p);
	*cap = n;
	return 0;
}
