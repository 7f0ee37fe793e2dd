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

/* Staged files: finished temporary files that only commit renames into place; abort leaves
 * the old file; a directory in the way is refused before anything is written. */
static void outfile_staged_commit_and_abort(void **state)
{
	(void)state;
	char dir[64], a[128], b[128], d[128];
	tu_tempdir(dir, sizeof dir);
	snprintf(a, sizeof a, "%s/a.txt", dir);
	snprintf(b, sizeof b, "%s/b.txt", dir);
	snprintf(d, sizeof d, "%s/d.txt", dir);
	tu_write(dir, "a.txt", "old a\n");
	tu_write(dir, "b.txt", "old b\n");
	assert_int_equal(mkdir(d, 0700), 0);
	struct outfile oa, ob, od;
	assert_int_equal(outfile_open(&oa, a), 0);
	fputs("new a\n", oa.fp);
	assert_int_equal(outfile_finish(&oa, true), 0);
	assert_int_equal(outfile_open(&ob, b), 0);
	fputs("new b\n", ob.fp);
	assert_int_equal(outfile_finish(&ob, true), 0);
	char *t = slurp(a);
	assert_string_equal(t, "old a\n");   /* finished, not yet committed */
	free(t);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(outfile_open(&od, d), -1);
	char *msg = tu_capture_end(&cap);
	assert_non_null(strstr(msg, "d.txt"));
	free(msg);
	assert_int_equal(outfile_commit(&oa), 0);
	outfile_abort(&ob);
	t = slurp(a);
	assert_string_equal(t, "new a\n");
	free(t);
	t = slurp(b);
	assert_string_equal(t, "old b\n");
	free(t);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "test $(ls '%s' | wc -l) -eq 3", dir);   /* a, b, d: no temporaries */
	assert_int_equal(system(cmd), 0);
	tu_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vec_grows_and_keeps_contents),
		cmocka_unit_test(outfile_replaces_only_on_success),
		cmocka_unit_test(outfile_reports_unwritable_place),
		cmocka_unit_test(outfile_staged_commit_and_abort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
