/* driver.c — runs a fuzz harness without libFuzzer: each argument is an input file, or a
 * directory whose files (in name order) are inputs, fed once to LLVMFuzzerTestOneInput. Built
 * with the normal compiler (and its sanitizers in the sanitizer build), so that `make test`
 * replays the regression inputs under tests/fuzz/regress/ without clang. Exits 0 after every
 * input ran, 2 when an input cannot be read; a crash ends it as the crash does. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *more = realloc(buf, cap *= 2);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	int bad = ferror(f) || !buf;
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Runs every regular file in dir; returns how many, or -1. */
static long run_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0) {
		perror(dir);
		return -1;
	}
	long ran = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (ran >= 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			ran = run_file(path) < 0 ? -1 : ran + 1;
		free(names[i]);
	}
	free(names);
	return ran;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	long total = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		long ran = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? run_dir(argv[i])
									  : (run_file(argv[i]) < 0 ? -1 : 1);
		if (ran < 0)
			return 2;
		total += ran;
	}
	printf("%ld inputs\n", total);
	return 0;
}
