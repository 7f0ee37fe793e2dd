/* test_report_html.c — the printed report (report_html.c): the one escaping routine against
 * hostile text, and the page built from findings made by hand: its order, its ranking, and
 * that nothing from a finding reaches it as markup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lang.h"
#include "report_html.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(report_html_escape(m, s), 0);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static void expect_escaped(const char *in, const char *want)
{
	char *got = escaped(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_escape_markup_and_quotes(void **state)
{
	(void)state;
	expect_escaped("<script>alert(\"x\")</script>", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	expect_escaped("a & b 'c'", "a &amp; b &#39;c&#39;");
	expect_escaped("&amp;", "&amp;amp;");
	expect_escaped("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
	expect_escaped("中文「引号」", "中文「引号」");
	expect_escaped("", "");
	expect_escaped(NULL, "");
}

static void test_escape_controls(void **state)
{
	(void)state;
	/* \n and \t stay; other C0, DEL and C1 (U+0085 is C2 85) become U+FFFD. */
	expect_escaped("a\nb\tc", "a\nb\tc");
	expect_escaped("x\x01y\x1b[31mz\x7f", "x\xEF\xBF\xBDy\xEF\xBF\xBD[31mz\xEF\xBF\xBD");
	expect_escaped("\r\xC2\x85\xC2\x9F", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_escaped("\xC2\xA0", "\xC2\xA0");   /* U+00A0 is not a control */
}

static void test_escape_invalid_utf8(void **state)
{
	(void)state;
	/* each bad byte becomes one U+FFFD; a cut sequence at the end too */
	expect_escaped("\xff<\xfe", "\xEF\xBF\xBD&lt;\xEF\xBF\xBD");
	expect_escaped("ok\xE4\xB8", "ok\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_escaped("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");   /* a surrogate */
	expect_escaped("\xC0\xBC", "\xEF\xBF\xBD\xEF\xBF\xBD");                   /* overlong '<' */
}

static struct finding *add(struct findings *l, const char *unit, const char *name, const char *title,
			   enum status st, const char *msg)
{
	struct finding *f = findings_add(l);
	assert_non_null(f);
	f->rule_id = strdup(title);
	f->clause = strdup("一、2");
	f->clause_text = strdup("不断强化工作保障。");
	f->clause_title = strdup("工作保障");
	f->title = strdup(title);
	f->severity = strdup("high");
	f->points = 2;
	f->unit_id = strdup(unit);
	f->unit_name = strdup(name);
	f->window_from = date_from_ymd(2020, 4, 1);
	f->window_to = date_from_ymd(2020, 6, 30);
	f->due = f->window_to;
	f->status = st;
	f->message = strdup(msg);
	f->source = strdup("rules/x.lua:1");
	if (st == ST_WAIVED)
		f->waiver_id = strdup("W-1");
	return f;
}

static char *page(const struct findings *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(report_html(m, l, 0), 0);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static void init_list(struct findings *l)
{
	memset(l, 0, sizeof *l);
	l->plan_id = strdup("plan-2020");
	l->plan_title = strdup("2020年<关心>下一代工作要点");
	l->period.from = date_from_ymd(2020, 4, 1);
	l->period.to = date_from_ymd(2020, 6, 30);
	strcpy(l->period.label, "2020Q2");
	strcpy(l->as_of, "2020-07-10");
	strcpy(l->rules_hash, "0123456789abcdef");
}

/* where needle is in hay, failing when it is not */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("missing: %s", needle);
	return (size_t)(p - hay);
}

static void test_page_order_and_ranking(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	add(&l, "A", "甲单位", "甲通过", ST_PASS, "ok");
	add(&l, "A", "甲单位", "甲未通过", ST_FAIL, "缺少记录");
	add(&l, "B", "乙单位", "乙通过", ST_PASS, "ok");
	add(&l, "A", "甲单位", "甲豁免", ST_WAIVED, "豁免了");
	add(&l, "B", "乙单位", "乙通过二", ST_PASS, "ok");
	add(&l, "A", "甲单位", "甲待完成", ST_PENDING, "未到期");
	add(&l, "A", "甲单位", "甲出错", ST_ERROR, "规则出错");
	findings_count(&l);
	char *s = page(&l);
	assert_non_null(strstr(s, "<h1>2020年&lt;关心&gt;下一代工作要点</h1>"));
	at(s, "0123456789abcdef");
	/* 乙 (100) ranks above 甲 (4 of 8 points: the failure and the error cost) in the
	 * ranking; the unit sections keep the order of the findings. */
	size_t rank = at(s, "单位得分排名");
	assert_true(at(s + rank, "乙单位") < at(s + rank, "甲单位"));
	size_t a = at(s, "<section class=\"unit\">\n<h2>甲单位"), b = at(s, "<section class=\"unit\">\n<h2>乙单位");
	assert_true(a < b);
	/* in 甲's section: the failure and the error in full, then the pending one, then the
	 * waiver, then the pass on one line */
	assert_true(at(s + a, "甲未通过") < at(s + a, "甲出错"));
	assert_true(at(s + a, "甲出错") < at(s + a, "甲待完成"));
	assert_true(at(s + a, "甲待完成") < at(s + a, "甲豁免"));
	assert_true(at(s + a, "甲豁免") < at(s + a, "甲通过"));
	at(s + a, "W-1");
	at(s, "class=\"good\">100.0<");
	at(s, "class=\"bad\">50.0<");
	free(s);
	findings_free(&l);
}

static void test_page_hostile(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	struct finding *f = add(&l, "<u>", "<script>alert(1)</script>", "\"'><img src=x>",
				ST_FAIL, "<script>alert(2)</script>\x01\xff");
	f->looked_for = strdup("</td></tr></table><script>");
	f->evidence = calloc(1, sizeof *f->evidence);
	f->evidence[0] = strdup("meetings:<b>");
	f->n_evidence = 1;
	findings_count(&l);
	char *s = page(&l);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<img"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "\x01"));
	assert_null(strstr(s, "\xff"));
	at(s, "&lt;script&gt;alert(2)&lt;/script&gt;\xEF\xBF\xBD\xEF\xBF\xBD");
	at(s, "&quot;&#39;&gt;&lt;img src=x&gt;");
	free(s);
	findings_free(&l);
}

static void test_page_empty_and_english(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	lang_set(LANG_EN);
	char *s = page(&l);
	lang_set(LANG_ZH);
	at(s, "<html lang=\"en\">");
	at(s, "Units ranked by score");
	assert_null(strstr(s, "<section class=\"unit\">"));
	at(s, "</html>\n");
	free(s);
	findings_free(&l);
}

static void test_write_error(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	add(&l, "A", "甲单位", "甲通过", ST_PASS, "ok");
	FILE *ro = fopen("/dev/null", "r");
	assert_non_null(ro);
	assert_int_equal(report_html(ro, &l, 0), -1);
	assert_int_equal(report_html_escape(ro, "x"), -1);
	fclose(ro);
	findings_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_markup_and_quotes),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_page_order_and_ranking),
		cmocka_unit_test(test_page_hostile),
		cmocka_unit_test(test_page_empty_and_english),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
