/* test_util.c — the small shared pieces: growing arrays and atomic output files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "lang.h"
#include "outfile.h"
#include "testutil.h"
#include "vec.h"

static void vec_grows_and_keeps_contents(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(vec_reserve(&a, &cap, (size_t)i + 1, sizeof *a), 0);
		assert_true(cap >= (size_t)i + 1);
		a[i] = i * 3;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(a[i], i * 3);
	size_t before = cap;
	assert_int_equal(vec_reserve(&a, &cap, 10, sizeof *a), 0);   /* never shrinks */
	assert_int_equal(cap, before);
	/* An impossible size is refused and leaves the array alone. */
	assert_int_equal(vec_reserve(&a, &cap, SIZE_MAX / 2, sizeof *a), -1);
	assert_int_equal(cap, before);
	assert_int_equal(a[999], 2997);
	free(a);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 4096);
	size_t n = fread(buf, 1, 4095, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void outfile_replaces_only_on_success(void **state)
{
	(void)state;
	char dir[64], path[128];
	tu_tempdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/out.txt", dir);
	tu_write(dir, "out.txt", "old\n");
	struct outfile o;
	assert_int_equal(outfile_open(&o, path), 0);
	fputs("half a report", o.fp);
	char *mid = slurp(path);
	assert_string_equal(mid, "old\n");   /* readers still see the old file */
	free(mid);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(outfile_close(&o, false), -1);   /* the writer failed */
	free(tu_capture_end(&cap));
	char *after = slurp(path);
	assert_string_equal(after, "old\n");
	free(after);
	assert_int_equal(outfile_open(&o, path), 0);
	fputs("new\n", o.fp);
	assert_int_equal(outfile_close(&o, true), 0);
	char *done = slurp(path);
	assert_string_equal(done, "new\n");
	free(done);
	/* No temporary files are left behind. */
	char cmd[200];
	snprintf(cmd, sizeof cmd, "test $(ls '%s' | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	tu_rmtree(dir);
}

static void outfile_reports_unwritable_place(void **state)
{
	(void)state;
	struct outfile o;
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(outfile_open(&o, "/nonexistent-dir/x.json"), -1);
	char *text = tu_capture_end(&cap);
	assert_non_null(strstr(text, "/nonexistent-dir/x.json"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vec_grows_and_keeps_contents),
		cmocka_unit_test(outfile_replaces_only_on_success),
		cmocka_unit_test(outfile_reports_unwritable_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
