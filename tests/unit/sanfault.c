/* sanfault.c — makes AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer report on
 * purpose, so that tests/cli/harness.sh can prove the test harness fails a suite on a report
 * whatever the exit code. Built only in the sanitizer build (make SAN=1); not a unit test.
 * Usage: sanfault uaf|leak|ubsan. Exits 0 if the sanitizer said nothing. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a freed block. The volatile pointer hides the bug from the compiler's own warning. */
static int use_after_free(void)
{
	char *volatile p = malloc(16);
	if (!p)
		return 1;
	strcpy(p, "freed");
	free(p);
	volatile char c = p[0];
	return c == 'x';
}

/* Loses the only pointer to a block: LeakSanitizer reports it at exit. */
static int leak(void)
{
	void *volatile p = malloc(64);
	p = NULL;
	return p != NULL;
}

/* Signed overflow, undefined behaviour that UBSan reports. */
static int overflow(int argc)
{
	volatile int big = INT_MAX;
	volatile int sum = big + argc;
	return sum == 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sanfault uaf|leak|ubsan\n");
		return 2;
	}
	if (strcmp(argv[1], "uaf") == 0)
		return use_after_free();
	if (strcmp(argv[1], "leak") == 0)
		return leak();
	if (strcmp(argv[1], "ubsan") == 0)
		return overflow(argc);
	fprintf(stderr, "sanfault: unknown fault %s\n", argv[1]);
	return 2;
}
