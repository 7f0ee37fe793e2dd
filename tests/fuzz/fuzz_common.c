/* fuzz_common.c — scratch directory, input files and the diagnostics sink of the fuzz harnesses. */
#define _XOPEN_SOURCE 700
#include "fuzz_common.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static char scratch[256];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void scratch_cleanup(void)
{
	if (scratch[0])
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_scratch(void)
{
	if (scratch[0])
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/yaodian-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		perror(scratch);
		abort();
	}
	atexit(scratch_cleanup);
	return scratch;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

FILE *fuzz_quiet(void)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	fuzz_require(null != NULL, "cannot open /dev/null");
	diag_set_stream(null);
	return null;
}

void fuzz_require(int ok, const char *msg)
{
	if (!ok) {
		fprintf(stderr, "fuzz invariant broken: %s\n", msg);
		abort();
	}
}
