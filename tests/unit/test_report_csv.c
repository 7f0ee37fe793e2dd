/* test_report_csv.c — the CSV report: the formula guard on text cells, and a report written
 * into memory (BOM, headers in both languages, libcsv's quoting, numbers left unguarded), and
 * fields long and short quoted as libcsv quotes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "finding.h"
#include "lang.h"
#include "report_csv.h"

static void expect_guard(const char *in, const char *want)
{
	char *got = csvout_guard(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_guard(void **state)
{
	(void)state;
	expect_guard("=1+1", "'=1+1");
	expect_guard("+86 123", "'+86 123");
	expect_guard("-2", "'-2");
	expect_guard("@SUM(A1)", "'@SUM(A1)");
	expect_guard("\t=1", "'\t=1");
	expect_guard("\r=1", "'\r=1");
	expect_guard("a=1", "a=1");
	expect_guard("'=1", "'=1");
	expect_guard(" =1", " =1");
	expect_guard("局机关", "局机关");
	expect_guard("", "");
	expect_guard(NULL, "");
}

/* A field of n bytes of pattern (a quote every 7th byte) as csvout_field writes it, against the
 * quoting worked out here: every quote doubled, the whole in quotes. Sizes around the writer's
 * 1,024-byte buffer take both of its paths. */
static void expect_quoted(size_t n)
{
	char *s = malloc(n + 1), *want = malloc(2 * n + 3), *got = NULL;
	assert_true(s && want);
	size_t w = 0, len = 0;
	want[w++] = '"';
	for (size_t i = 0; i < n; i++) {
		s[i] = i % 7 == 3 ? '"' : (char)('a' + i % 26);
		want[w++] = s[i];
		if (s[i] == '"')
			want[w++] = '"';
	}
	s[n] = '\0';
	want[w++] = '"';
	FILE *m = open_memstream(&got, &len);
	assert_non_null(m);
	csvout_field(m, 0, s, false);
	fclose(m);
	assert_int_equal(len, w);
	assert_memory_equal(got, want, w);
	free(s);
	free(want);
	free(got);
}

static void test_field_quoting(void **state)
{
	(void)state;
	size_t sizes[] = {0, 1, 3, 500, 1019, 1020, 1021, 1022, 1023, 1024, 5000};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		expect_quoted(sizes[i]);
}

/* The report of one finding written into memory, in the current language. Malloc'd. */
static char *one_report(struct finding **out, struct findings *l)
{
	struct finding *f = findings_add(l);
	assert_non_null(f);
	f->rule_id = strdup("r1");
	f->clause = strdup("三、6");
	f->title = strdup("-标题");
	f->requires = strdup("+至少 3 次");
	f->unit_id = strdup("U1");
	f->unit_name = strdup("单位,一");
	f->points = -1.5;
	f->window_from = date_from_ymd(2020, 4, 1);
	f->window_to = f->due = date_from_ymd(2020, 6, 30);
	f->status = ST_FAIL;
	f->message = strdup("=HYPERLINK(\"x\")\nline 2");
	f->evidence = calloc(2, sizeof *f->evidence);
	f->evidence[0] = strdup("activities:A1");
	f->evidence[1] = strdup("meetings:M1");
	f->n_evidence = 2;
	f->obligations = calloc(2, sizeof *f->obligations);
	f->obligations[0] = strdup("3.6.1");
	f->obligations[1] = strdup("3.6.2");
	f->n_obligations = 2;
	f->source = strdup("rules/x.lua:3");
	*out = f;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(report_csv(m, l), 0);
	fclose(m);
	return buf;
}

static void test_report(void **state)
{
	(void)state;
	struct findings l = {0};
	struct finding *f;
	lang_set(LANG_ZH);
	char *csv = one_report(&f, &l);
	assert_memory_equal(csv, "\xEF\xBB\xBF\"单位编号\",\"单位名称\",\"条款\"", strlen("\xEF\xBB\xBF\"单位编号\",\"单位名称\",\"条款\""));
	assert_non_null(strstr(csv, "\"U1\",\"单位,一\",\"三、6\",\"r1\",\"'-标题\",\"'+至少 3 次\",\"3.6.1;3.6.2\",\"未通过\",\"2020-04-01\",\"2020-06-30\",\"2020-06-30\","
				    "\"'=HYPERLINK(\"\"x\"\")\nline 2\",\"activities:A1;meetings:M1\",\"\",\"\",-1.5,\"rules/x.lua:3\"\r\n"));
	free(csv);
	findings_free(&l);
	memset(&l, 0, sizeof l);
	lang_set(LANG_EN);
	csv = one_report(&f, &l);
	assert_non_null(strstr(csv, "\"Unit id\",\"Unit name\""));
	assert_non_null(strstr(csv, "\"Fail\""));
	free(csv);
	findings_free(&l);
	lang_set(LANG_ZH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_field_quoting),
		cmocka_unit_test(test_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
