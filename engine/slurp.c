/* slurp.c — see slurp.h. */
#include "slurp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, got;
	FILE *mem = open_memstream(&buf, &n);
	char block[8192];
	int err = 0;
	while (mem && (got = fread(block, 1, sizeof block, f)) > 0)
		if (fwrite(block, 1, got, mem) != got)
			err = ENOMEM;
	if (ferror(f))
		err = errno ? errno : EIO;
	fclose(f);
	if (!mem || fclose(mem) != 0 || err) {
		free(buf);
		errno = err ? err : ENOMEM;
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}
