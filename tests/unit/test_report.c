/* test_report.c — findings list, status names, text width helpers, and the text and JSON
 * reports, on findings built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "finding.h"
#include "lang.h"
#include "report.h"
#include "report_html.h"
#include "report_csv.h"
#include "report_junit.h"
#include "textwidth.h"

/* ---- helpers ---- */

static struct finding *add(struct findings *l, const char *rule, const char *clause,
                           const char *unit, enum status st, const char *msg)
{
	struct finding *f = findings_add(l);
	assert_non_null(f);
	f->rule_id = strdup(rule);
	f->clause = clause ? strdup(clause) : NULL;
	f->clause_text = strdup("做到与其他业务工作同研究、同安排、同检查、同奖惩。");
	f->title = strdup("四同");
	f->severity = strdup("medium");
	f->points = 2.5;
	f->unit_id = strdup("u1");
	f->unit_name = unit ? strdup(unit) : NULL;
	f->window_from = date_from_ymd(2020, 4, 21);
	f->window_to = date_from_ymd(2020, 6, 30);
	f->due = f->window_to;
	f->status = st;
	f->message = strdup(msg);
	f->source = strdup("rules/2020/four_same.lua:12");
	return f;
}

static void add_evidence(struct finding *f, const char *ref)
{
	f->evidence = realloc(f->evidence, (f->n_evidence + 1) * sizeof *f->evidence);
	assert_non_null(f->evidence);
	f->evidence[f->n_evidence++] = strdup(ref);
}

static void init_list(struct findings *l)
{
	memset(l, 0, sizeof *l);
	l->plan_id = strdup("suining-amr-2020");
	l->plan_title = strdup("2020年关心下一代工作要点");
	l->period.from = date_from_ymd(2020, 4, 1);
	l->period.to = date_from_ymd(2020, 6, 30);
	strcpy(l->period.label, "2020Q2");
	strcpy(l->as_of, "2020-06-15");
}

typedef int (*render_fn)(FILE *, const struct findings *);

/* What fn writes for l, malloc'd. Not inlined: GCC then takes the result for a pointer to the
 * local buf (-Wdangling-pointer). */
__attribute__((noinline)) static char *render(render_fn fn, const struct findings *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(fn(m, l), 0);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static int valid_utf8(const char *s)
{
	size_t len = strlen(s);
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len; ) {
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/* The line of text containing needle, as a malloc'd string, or NULL. */
static char *line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		return NULL;
	const char *b = p, *e = strchr(p, '\n');
	while (b > text && b[-1] != '\n')
		b--;
	return strndup(b, e ? (size_t)(e - b) : strlen(b));
}

/* Display column where the status cell of a table row starts: after the window
 * "YYYY-MM-DD..YYYY-MM-DD" and its padding. */
static size_t status_column(const char *line)
{
	const char *p = strstr(line, "..");
	assert_non_null(p);
	p += 2 + 10;
	while (*p == ' ')
		p++;
	return textwidth_n(line, (size_t)(p - line));
}

static size_t header_column(const char *text, const char *label)
{
	char *line = line_with(text, label);
	assert_non_null(line);
	size_t col = textwidth_n(line, (size_t)(strstr(line, label) - line));
	free(line);
	return col;
}

/* ---- finding.c ---- */

static void test_status_names(void **state)
{
	(void)state;
	static const char *names[] = {"pass", "fail", "pending", "not_applicable", "waived",
	                              "error"};
	static const char *zh[] = {"通过", "未通过", "待完成", "不适用", "已豁免", "规则错误"};
	static const char *en[] = {"Pass", "Fail", "Pending", "N/A", "Waived", "Error"};
	for (int s = 0; s < ST_COUNT; s++) {
		assert_string_equal(status_name(s), names[s]);
		lang_set(LANG_ZH);
		assert_string_equal(status_label(s), zh[s]);
		lang_set(LANG_EN);
		assert_string_equal(status_label(s), en[s]);
		assert_string_equal(status_name(s), names[s]);
	}
	assert_string_equal(status_name(ST_COUNT), "unknown");
	lang_set(LANG_ZH);
}

static void test_findings_grow_and_free(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	for (int i = 0; i < 100; i++) {
		char id[16];
		snprintf(id, sizeof id, "r%d", i);
		add(&l, id, "一、1", "单位", (enum status)(i % ST_COUNT), "m");
	}
	assert_int_equal(l.n, 100);
	assert_true(l.cap >= 100);
	assert_string_equal(l.items[0].rule_id, "r0");
	assert_string_equal(l.items[99].rule_id, "r99");
	add_evidence(&l.items[3], "activity:1");
	struct finding *z = findings_add(&l);
	assert_null(z->rule_id);
	assert_null(z->evidence);
	assert_int_equal(z->n_evidence, 0);
	findings_count(&l);
	assert_int_equal(l.counts[ST_PASS], 18);   /* items 0,6,..,96 and the zeroed one */
	assert_int_equal(l.counts[ST_ERROR], 16);
	findings_free(&l);
	assert_null(l.items);
	assert_int_equal(l.n, 0);
	findings_free(&l);   /* freeing an empty list is harmless */
}

static int exit_code_of(const enum status *sts, size_t n)
{
	struct findings l;
	memset(&l, 0, sizeof l);
	for (size_t i = 0; i < n; i++)
		findings_add(&l)->status = sts[i];
	int rc = findings_exit_code(&l);
	findings_free(&l);
	return rc;
}

static void test_exit_codes(void **state)
{
	(void)state;
	enum status ok[] = {ST_PASS, ST_PENDING, ST_NOT_APPLICABLE, ST_WAIVED};
	enum status fail[] = {ST_PASS, ST_FAIL, ST_PENDING};
	enum status err[] = {ST_PASS, ST_ERROR};
	enum status both[] = {ST_FAIL, ST_ERROR, ST_FAIL};
	assert_int_equal(exit_code_of(NULL, 0), 0);
	assert_int_equal(exit_code_of(ok, 4), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(exit_code_of(&ok[i], 1), 0);
	assert_int_equal(exit_code_of(fail, 3), 1);
	assert_int_equal(exit_code_of(err, 2), 3);
	assert_int_equal(exit_code_of(both, 3), 3);
	assert_int_equal(exit_code_of(&both[1], 1), 3);
}

/* ---- textwidth.c ---- */

static void test_textwidth_measure(void **state)
{
	(void)state;
	assert_int_equal(textwidth(NULL), 0);
	assert_int_equal(textwidth(""), 0);
	assert_int_equal(textwidth("abc"), 3);
	assert_int_equal(textwidth("中文"), 4);
	assert_int_equal(textwidth("a中b"), 4);
	assert_int_equal(textwidth("三、6"), 5);
	assert_int_equal(textwidth("ＡＢ"), 4);                 /* full-width Latin */
	assert_int_equal(textwidth("e\xCC\x81"), 1);            /* e + combining acute */
	assert_int_equal(textwidth("\xF0\x9F\x98\x80"), 2);     /* emoji */
	assert_int_equal(textwidth("\xFF"), 1);                 /* invalid byte */
	assert_int_equal(textwidth("a\xE4\xB8"), 3);            /* cut-off 中: 2 bad bytes */
	assert_int_equal(textwidth("\xED\xA0\x80"), 3);         /* encoded surrogate */
	assert_int_equal(textwidth("\xC0\xAF"), 2);             /* overlong '/' */
	assert_int_equal(textwidth_n("中文", 3), 2);
}

static void test_textwidth_prefix_truncate(void **state)
{
	(void)state;
	size_t cols;
	assert_int_equal(textwidth_prefix("中文", 3, &cols), 3);
	assert_int_equal(cols, 2);
	assert_int_equal(textwidth_prefix("中文", 4, &cols), 6);
	assert_int_equal(cols, 4);
	assert_int_equal(textwidth_prefix("中文", 1, &cols), 0);
	assert_int_equal(textwidth_prefix("ae\xCC\x81x", 2, NULL), 4);  /* keeps the accent */

	struct { const char *in; size_t w; const char *out; } cases[] = {
		{"abcdef", 4, "abc…"}, {"abcdef", 6, "abcdef"}, {"中文字", 4, "中…"},
		{"中文字", 5, "中文…"}, {"中文字", 6, "中文字"}, {"a中文", 2, "a…"},
		{"中文", 1, "…"}, {"中文", 0, ""}, {"", 3, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *t = textwidth_truncate(cases[i].in, cases[i].w);
		assert_string_equal(t, cases[i].out);
		assert_true(textwidth(t) <= cases[i].w);
		assert_true(valid_utf8(t));
		free(t);
	}
}

static void test_textwidth_pad(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(textwidth_pad(m, "中", 4), 0);
	fputc('|', m);
	assert_int_equal(textwidth_pad(m, "中文字", 5), 0);
	fputc('|', m);
	assert_int_equal(textwidth_pad(m, "ab", 2), 0);
	fputc('|', m);
	assert_int_equal(textwidth_pad(m, NULL, 1), 0);
	fputc('|', m);
	fclose(m);
	assert_string_equal(buf, "中  |中文…|ab| |");
	free(buf);
}

static void test_textwidth_clean(void **state)
{
	(void)state;
	struct { const char *in; int flags; const char *out; } cases[] = {
		{"中文ok", 0, "中文ok"},
		{"a\xFF" "b", 0, "a\xEF\xBF\xBD" "b"},
		{"a\xE4\xB8", 0, "a\xEF\xBF\xBD\xEF\xBF\xBD"},
		{"a\tb\nc", 0, "a\tb\nc"},
		{"a\tb\nc\x1B[31m", TEXTWIDTH_CLEAN_CONTROLS, "a b c [31m"},
		{"x\xC2\x85y", TEXTWIDTH_CLEAN_CONTROLS, "x y"},                    /* C1 NEL */
		{"\xE2\x80\xAE" "abc", TEXTWIDTH_CLEAN_CONTROLS, " abc"},           /* RLO */
		{NULL, 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *c = textwidth_clean(cases[i].in, cases[i].flags);
		assert_string_equal(c, cases[i].out);
		assert_true(valid_utf8(c));
		free(c);
	}
}

/* ---- report_text ---- */

/* Rows whose units differ in width and script, so alignment depends on display width. */
static void fill_mixed(struct findings *l)
{
	struct finding *f;
	f = add(l, "org.leadership", "一、1", "办公室", ST_PASS, "已学习传达");
	add_evidence(f, "meeting:3");
	add_evidence(f, "document:7");
	f = add(l, "org.four_same", "一、2", "Legal Dept", ST_FAIL, "未见党组会议研究关工工作");
	f->looked_for = strdup("meetings with topic 关工 in 2020Q2");
	add(l, "holiday.mid_autumn", "三、6", "ＡＢＣ科", ST_PENDING, "中秋活动尚未到期");
	f = add(l, "general.plan", "总体要求", "遂宁市市场监督管理局机关党委办公室", ST_WAIVED,
	        "豁免");
	f->waiver_id = strdup("W-2020-01");
	f = add(l, "edu.theme", "二、4", NULL, ST_ERROR, "rule failed: attempt to index nil");
	free(f->unit_id);
	f->unit_id = strdup("unit-9");
	add(l, "practice.ten", "三、5", "x", ST_NOT_APPLICABLE, "生效前");
}

static void test_text_columns_line_up(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	size_t want = header_column(out, "状态");
	const char *rules[] = {"org.leadership", "org.four_same", "holiday.mid_autumn",
	                       "general.plan", "edu.theme", "practice.ten"};
	for (size_t i = 0; i < 6; i++) {
		char *line = line_with(out, rules[i]);
		assert_non_null(line);
		assert_int_equal(status_column(line), want);
		free(line);
	}
	assert_int_equal(header_column(out, "说明"), header_column(out, "未见党组"));
	assert_int_equal(header_column(out, "单位"), header_column(out, "ＡＢＣ科"));
	findings_free(&l);
	free(out);
}

static void test_text_content(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	assert_true(valid_utf8(out));
	assert_non_null(strstr(out, "2020年关心下一代工作要点"));
	assert_non_null(strstr(out, "2020Q2"));
	assert_non_null(strstr(out, "2020-04-01"));
	assert_non_null(strstr(out, "2020-06-30"));
	assert_non_null(strstr(out, "截至 2020-06-15"));
	assert_non_null(strstr(out, "2020-04-21..2020-06-30"));
	assert_non_null(strstr(out, "已学习传达 [meeting:3, document:7]"));
	assert_non_null(strstr(out, "[查找:meetings with topic 关工 in 2020Q2]"));
	assert_non_null(strstr(out, "[豁免:W-2020-01]"));
	assert_non_null(strstr(out, "[rules/2020/four_same.lua:12]"));
	assert_non_null(strstr(out, "unit-9"));               /* no name: the id */
	assert_non_null(strstr(out, "遂宁市市场监督…"));      /* cut at 16 columns */
	assert_null(strstr(out, "遂宁市市场监督管"));
	assert_non_null(strstr(out, "规则错误"));
	assert_non_null(strstr(out, "合计 6 项:通过 1,未通过 1,待完成 1,不适用 1,已豁免 1,规则错误 1\n"));
	findings_free(&l);
	free(out);
}

static void test_text_groups_in_order(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	const char *h1 = strstr(out, "\n要点 一\n"), *h3 = strstr(out, "\n要点 三\n"),
	           *hg = strstr(out, "\n总体要求\n"), *h2 = strstr(out, "\n要点 二\n");
	assert_non_null(h1);
	assert_non_null(h3);
	assert_non_null(hg);
	assert_non_null(h2);
	assert_true(h1 < h3 && h3 < hg && hg < h2);
	/* 三、5 comes after 总体要求 in the list but is printed under 三 */
	const char *r35 = strstr(out, "practice.ten"), *r36 = strstr(out, "holiday.mid_autumn");
	assert_true(h3 < r36 && r36 < r35 && r35 < hg);
	assert_true(h1 < strstr(out, "org.four_same") && strstr(out, "org.four_same") < h3);
	assert_true(h2 < strstr(out, "edu.theme"));
	/* each chapter heading exactly once */
	assert_null(strstr(h3 + 1, "\n要点 三\n"));
	findings_free(&l);
	free(out);
}

static void test_text_interleaved_chapters(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	for (int i = 0; i < 200; i++) {
		char id[16];
		snprintf(id, sizeof id, "r%03d", i);
		add(&l, id, i % 2 ? "二、4" : "一、1", "办公室", ST_PASS, "m");
	}
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	const char *h1 = strstr(out, "\n要点 一\n"), *h2 = strstr(out, "\n要点 二\n");
	assert_true(h1 && h2 && h1 < h2);
	assert_null(strstr(h1 + 1, "\n要点 一\n"));
	assert_null(strstr(h2 + 1, "\n要点 二\n"));
	assert_true(strstr(out, "r198") < h2 && strstr(out, "r001") > h2);
	assert_true(strstr(out, "r000") < strstr(out, "r002"));
	findings_free(&l);
	free(out);
}

static void test_text_summary_counts(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	static const struct { enum status s; int n; } mix[] = {
		{ST_PASS, 10}, {ST_FAIL, 6}, {ST_PENDING, 5}, {ST_NOT_APPLICABLE, 3},
	};
	for (size_t i = 0; i < 4; i++)
		for (int k = 0; k < mix[i].n; k++)
			add(&l, "r", "一、1", "办公室", mix[i].s, "m");
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	assert_non_null(strstr(out, "\n合计 24 项:通过 10,未通过 6,待完成 5,不适用 3\n"));
	free(out);
	lang_set(LANG_EN);
	out = render(report_text, &l);
	assert_non_null(strstr(out, "\nTotal 24: Pass 10, Fail 6, Pending 5, N/A 3\n"));
	lang_set(LANG_ZH);
	findings_free(&l);
	free(out);
}

static void test_text_english(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_EN);
	char *out = render(report_text, &l);
	assert_non_null(strstr(out, "as of 2020-06-15"));
	assert_non_null(strstr(out, "\nWork point 一\n"));
	assert_non_null(strstr(out, "\nGeneral\n"));
	assert_non_null(strstr(out, "Clause"));
	assert_non_null(strstr(out, "Status"));
	assert_non_null(strstr(out, "[looked for: meetings"));
	assert_non_null(strstr(out, "[waiver: W-2020-01]"));
	const char *labels[] = {"Pass", "Fail", "Pending", "N/A", "Waived", "Error"};
	for (int i = 0; i < 6; i++)
		assert_non_null(strstr(out, labels[i]));
	assert_null(strstr(out, "通过"));
	assert_null(strstr(out, "状态"));
	size_t want = header_column(out, "Status");
	char *line = line_with(out, "holiday.mid_autumn");
	assert_int_equal(status_column(line), want);
	free(line);
	lang_set(LANG_ZH);
	findings_free(&l);
	free(out);
}

static void test_text_hostile_strings(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	/* a bad byte where a cut would fall, a half character, controls and escapes */
	add(&l, "r.bad", "一、1", "遂宁市市场监督管\xE7\x90", ST_FAIL,
	    "line one\nline two\x1B[2J\ttab");
	add(&l, "r.long", "一、2", "遂宁市市场监督管理局", ST_PASS, "ok");
	add(&l, "r.\xFF", "一\xFF、3", "ab", ST_PASS, "ok");
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	assert_true(valid_utf8(out));
	assert_null(strchr(out, '\x1B'));
	assert_null(strchr(out, '\t'));
	assert_non_null(strstr(out, "line one line two [2J tab"));
	size_t want = header_column(out, "状态");
	for (const char *r = "r.bad"; r; r = strcmp(r, "r.bad") == 0 ? "r.long" : NULL) {
		char *line = line_with(out, r);
		assert_int_equal(status_column(line), want);
		free(line);
	}
	findings_free(&l);
	free(out);
}

static void test_text_empty(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	free(l.plan_title);
	l.plan_title = NULL;
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	assert_non_null(strstr(out, "suining-amr-2020"));   /* the id stands in for the title */
	assert_non_null(strstr(out, "\n合计 0 项\n"));
	assert_null(strstr(out, "状态"));
	findings_free(&l);
	free(out);
}

/* ---- report_json ---- */

static json_t *load(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	if (!root)
		fail_msg("json: %s at line %d", err.text, err.line);
	return root;
}

static const char *str_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void test_json_document(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_ZH);
	char *out = render(report_json, &l);
	assert_non_null(strstr(out, "\"办公室\""));    /* Chinese kept readable */
	assert_null(strstr(out, "\\u"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	json_t *root = load(out);
	assert_int_equal(json_integer_value(json_object_get(root, "yaodian")), 3);
	assert_true(json_is_null(json_object_get(root, "previous")));   /* no saved check given */
	json_t *plan = json_object_get(root, "plan");
	assert_string_equal(str_at(plan, "id"), "suining-amr-2020");
	assert_string_equal(str_at(plan, "title"), "2020年关心下一代工作要点");
	json_t *period = json_object_get(root, "period");
	assert_string_equal(str_at(period, "label"), "2020Q2");
	assert_string_equal(str_at(period, "from"), "2020-04-01");
	assert_string_equal(str_at(period, "to"), "2020-06-30");
	assert_string_equal(str_at(root, "as_of"), "2020-06-15");
	json_t *counts = json_object_get(root, "counts");
	const char *keys[] = {"pass", "fail", "pending", "not_applicable", "waived", "error"};
	for (int i = 0; i < 6; i++)
		assert_int_equal(json_integer_value(json_object_get(counts, keys[i])), 1);
	assert_int_equal(json_object_size(counts), 6);
	json_t *items = json_object_get(root, "findings");
	assert_int_equal(json_array_size(items), 6);
	const char *want[] = {"pass", "fail", "pending", "waived", "error", "not_applicable"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(str_at(json_array_get(items, i), "status"), want[i]);
	json_decref(root);
	findings_free(&l);
	free(out);
}

/* With a previous saved check, the document names it and gives each unit its score there;
 * a unit the previous check did not score gets null. */
static void test_json_previous(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	l.prev_run = 7;
	snprintf(l.prev_period, sizeof l.prev_period, "2020Q1");
	l.prev = calloc(1, sizeof *l.prev);
	assert_non_null(l.prev);
	l.prev[0].unit_id = strdup("u1");
	l.prev[0].score = 42.5;
	l.n_prev = 1;
	lang_set(LANG_ZH);
	char *out = render(report_json, &l);
	json_t *root = load(out);
	json_t *prev = json_object_get(root, "previous");
	assert_int_equal(json_integer_value(json_object_get(prev, "run")), 7);
	assert_string_equal(str_at(prev, "period"), "2020Q1");
	json_t *units = json_object_get(json_object_get(root, "scores"), "units");
	size_t seen = 0;
	for (size_t i = 0; i < json_array_size(units); i++) {
		json_t *u = json_array_get(units, i), *p = json_object_get(u, "previous");
		if (strcmp(str_at(json_object_get(u, "unit"), "id"), "u1") == 0) {
			assert_true(json_is_real(p));
			assert_true(json_real_value(p) == 42.5);
			seen++;
		} else
			assert_true(json_is_null(p));
	}
	assert_int_equal(seen, 1);
	json_decref(root);
	findings_free(&l);
	free(out);
}

static void test_json_finding_fields(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	lang_set(LANG_EN);   /* machine names do not follow the language */
	char *out = render(report_json, &l);
	json_t *root = load(out);
	json_t *items = json_object_get(root, "findings");
	json_t *f0 = json_array_get(items, 0), *f1 = json_array_get(items, 1);
	json_t *f3 = json_array_get(items, 3), *f4 = json_array_get(items, 4);
	assert_string_equal(str_at(f0, "rule_id"), "org.leadership");
	assert_string_equal(str_at(f0, "clause"), "一、1");
	assert_string_equal(str_at(f0, "clause_text"),
	                    "做到与其他业务工作同研究、同安排、同检查、同奖惩。");
	assert_string_equal(str_at(f0, "title"), "四同");
	assert_string_equal(str_at(f0, "severity"), "medium");
	assert_true(json_number_value(json_object_get(f0, "points")) == 2.5);
	assert_string_equal(str_at(json_object_get(f0, "unit"), "name"), "办公室");
	assert_string_equal(str_at(json_object_get(f0, "unit"), "id"), "u1");
	assert_string_equal(str_at(json_object_get(f0, "window"), "from"), "2020-04-21");
	assert_string_equal(str_at(json_object_get(f0, "window"), "to"), "2020-06-30");
	assert_string_equal(str_at(f0, "due"), "2020-06-30");
	assert_string_equal(str_at(f0, "status"), "pass");
	assert_string_equal(str_at(f0, "message"), "已学习传达");
	json_t *ev = json_object_get(f0, "evidence");
	assert_int_equal(json_array_size(ev), 2);
	assert_string_equal(json_string_value(json_array_get(ev, 1)), "document:7");
	assert_true(json_is_null(json_object_get(f0, "looked_for")));
	assert_true(json_is_null(json_object_get(f0, "waiver")));
	assert_string_equal(str_at(f0, "source"), "rules/2020/four_same.lua:12");
	assert_int_equal(json_array_size(json_object_get(f1, "evidence")), 0);
	assert_string_equal(str_at(f1, "looked_for"), "meetings with topic 关工 in 2020Q2");
	assert_string_equal(str_at(f1, "status"), "fail");
	assert_string_equal(str_at(f3, "waiver"), "W-2020-01");
	/* the full unit name: the JSON is not cut to a column */
	assert_string_equal(str_at(json_object_get(f3, "unit"), "name"),
	                    "遂宁市市场监督管理局机关党委办公室");
	assert_true(json_is_null(json_object_get(json_object_get(f4, "unit"), "name")));
	assert_string_equal(str_at(f4, "status"), "error");
	json_decref(root);
	lang_set(LANG_ZH);
	findings_free(&l);
	free(out);
}

static void test_json_empty_and_invalid_utf8(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	l.as_of[0] = '\0';
	char *out = render(report_json, &l);
	json_t *root = load(out);
	assert_true(json_is_null(json_object_get(root, "as_of")));
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
	json_t *counts = json_object_get(root, "counts");
	assert_int_equal(json_object_size(counts), 6);
	assert_int_equal(json_integer_value(json_object_get(counts, "error")), 0);
	json_decref(root);
	free(out);

	add(&l, "r", "一、1", "办公\xE5", ST_FAIL, "bad \xFF byte");
	out = render(report_json, &l);
	root = load(out);
	json_t *f0 = json_array_get(json_object_get(root, "findings"), 0);
	assert_string_equal(str_at(f0, "message"), "bad \xEF\xBF\xBD byte");
	assert_string_equal(str_at(json_object_get(f0, "unit"), "name"), "办公\xEF\xBF\xBD");
	json_decref(root);
	findings_free(&l);
	free(out);
}

/* jansson allocations that fail after a budget, to walk every out-of-memory path. */
static long alloc_budget;

static void *failing_malloc(size_t n)
{
	if (alloc_budget-- <= 0)
		return NULL;
	return malloc(n);
}

static void test_json_out_of_memory(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	int ok = 0;
	for (long budget = 0; budget < 10000 && !ok; budget++) {
		alloc_budget = budget;
		json_set_alloc_funcs(failing_malloc, free);
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		int rc = report_json(m, &l);
		fclose(m);
		json_set_alloc_funcs(malloc, free);
		if (rc == 0) {
			ok = 1;
			json_t *root = load(buf);
			json_decref(root);
		}
		free(buf);
	}
	assert_true(ok);
	findings_free(&l);
}

static void test_write_errors(void **state)
{
	(void)state;
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	setvbuf(full, NULL, _IONBF, 0);
	struct findings l;
	init_list(&l);
	fill_mixed(&l);
	assert_int_equal(report_text(full, &l), -1);
	clearerr(full);
	assert_int_equal(report_json(full, &l), -1);
	fclose(full);
	findings_free(&l);
}

/* ---- the spool: findings written to a temporary database as judged ---- */


/* A deep copy of f, for findings_put. */
static struct finding copy_finding(const struct finding *f)
{
	struct finding c;
	assert_int_equal(finding_copy(&c, f), 0);
	return c;
}

/* *sp made a spooled list holding a copy of every finding of mem, each taken by findings_put. */
static void spool_copy(struct findings *sp, const struct findings *mem)
{
	init_list(sp);
	assert_int_equal(findings_spool(sp), 0);
	for (size_t i = 0; i < mem->n; i++) {
		struct finding c = copy_finding(&mem->items[i]);
		assert_int_equal(findings_put(sp, &c), 0);
		assert_null(c.rule_id);   /* taken */
	}
}

/* Findings whose rules, units and chapters interleave (so every grouped order differs from
 * check order), with evidence refs holding digits, colons and an empty ref, a finding of no
 * unit and no clause, and every status. */
static void fill_interleaved(struct findings *l)
{
	init_list(l);
	fill_mixed(l);
	for (int i = 0; i < 60; i++) {
		char rule[16], unit[16];
		snprintf(rule, sizeof rule, "r%d", i % 7);
		snprintf(unit, sizeof unit, "单位%d", i % 5);
		struct finding *f = add(l, rule, i % 3 ? "二、4" : i % 2 ? "一、1" : NULL, unit, (enum status)(i % ST_COUNT), "m");
		free(f->unit_id);
		f->unit_id = i % 11 == 0 ? NULL : strdup(unit);
		add_evidence(f, "activities:12:34");
		if (i % 4 == 0)
			add_evidence(f, "");
		f->points = i * 0.25;
	}
	findings_count(l);
}

/* The HTML report with a fixed generation time, as a render_fn. */
static int html_at_epoch(FILE *out, const struct findings *l) { return report_html(out, l, 0); }

/* How many times needle occurs in s. */
static size_t occurrences(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Findings whose blocks (rule, clause, requirement, obligations) and windows repeat, change
 * and come back, for the pieced-together JSON writer. */
static void fill_blocks(struct findings *l)
{
	const char *units[] = {"u1", "u2", "u3"};
	for (int b = 0; b < 4; b++)
		for (int u = 0; u < 3; u++) {
			struct finding *f = add(l, b == 1 ? "r.other" : "r.main", b == 1 ? "二、3" : "一、2", units[u],
						(enum status)((b + u) % ST_COUNT), "第\x01条:“引号”\\ 与 \"quote\"");
			free(f->unit_id);
			f->unit_id = strdup(units[u]);
			if (b != 2) {
				f->requires = strdup("至少 1 次");
				f->interpretation = strdup("按季度");
				f->obligations = calloc(2, sizeof *f->obligations);
				f->obligations[0] = strdup("1.2");
				f->obligations[1] = strdup(b == 3 ? "1.3" : "1.2b");
				f->n_obligations = 2;
			}
			if (b == 3)
				f->window_from = date_from_ymd(2020, 5, u + 1);
			if (u == 1)
				add_evidence(f, "self_assessments:S1");
			else if (u == 2)
				f->waiver_id = strdup("W1");
			if ((b + u) % ST_COUNT == ST_ERROR) {
				free(f->source);
				f->source = strdup("rules/x.lua:99");
			}
		}
}

/* The JSON report, streamed in pieces, is byte for byte jansson's own dump of the document it
 * holds, in memory and spooled, however the findings' blocks and windows change. */
static void test_json_pieced_equals_dump(void **state)
{
	(void)state;
	struct findings mem, sp;
	init_list(&mem);
	fill_blocks(&mem);
	spool_copy(&sp, &mem);
	lang_set(LANG_ZH);
	struct findings *lists[] = {&mem, &sp};
	for (size_t k = 0; k < 2; k++) {
		char *out = render(report_json, lists[k]);
		json_t *root = load(out);
		assert_int_equal(json_array_size(json_object_get(root, "findings")), 12);
		char *dump = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		assert_non_null(dump);
		size_t n = strlen(dump);
		assert_int_equal(strlen(out), n + 1);
		assert_memory_equal(out, dump, n);
		assert_int_equal(out[n], '\n');
		json_t *f4 = json_array_get(json_object_get(root, "findings"), 4);   /* block 1, unit u2 */
		assert_string_equal(str_at(f4, "rule_id"), "r.other");
		assert_string_equal(str_at(f4, "basis"), "self_assessment");
		assert_string_equal(str_at(json_array_get(json_object_get(root, "findings"), 9), "requires"), "至少 1 次");
		assert_true(json_is_null(json_object_get(json_array_get(json_object_get(root, "findings"), 7), "requires")));
		free(dump);
		json_decref(root);
		free(out);
	}
	findings_free(&mem);
	findings_free(&sp);
}

/* Every report streamed from the spool is byte for byte the report of the same findings in
 * memory, and the spool holds none of them in memory. */
static void test_spool_same_bytes(void **state)
{
	(void)state;
	struct findings mem, sp;
	fill_interleaved(&mem);
	spool_copy(&sp, &mem);
	assert_null(sp.items);
	assert_int_equal(sp.n, mem.n);
	assert_memory_equal(sp.counts, mem.counts, sizeof mem.counts);
	assert_int_equal(findings_exit_code(&sp), findings_exit_code(&mem));
	render_fn fns[] = {report_text, report_json, report_csv, report_junit, html_at_epoch};
	for (int lang = 0; lang < 2; lang++) {
		lang_set(lang ? LANG_EN : LANG_ZH);
		for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++) {
			char *a = render(fns[k], &mem), *b = render(fns[k], &sp);
			assert_string_equal(b, a);
			free(a);
			free(b);
		}
	}
	lang_set(LANG_ZH);
	findings_free(&mem);
	findings_free(&sp);
}

/* The HTML report read from the spool, one unit's findings at a time: a section per unit
 * (the findings of no unit one of their own), each holding all of its unit's findings. */
static void test_spool_html_units(void **state)
{
	(void)state;
	struct findings mem, sp;
	fill_interleaved(&mem);
	spool_copy(&sp, &mem);
	size_t n_unit3 = 0, n_none = 0;
	for (size_t i = 0; i < mem.n; i++) {
		n_unit3 += mem.items[i].unit_id && strcmp(mem.items[i].unit_id, "单位3") == 0;
		n_none += !mem.items[i].unit_id;
	}
	assert_true(n_unit3 > 0 && n_none > 0);
	char *html = render(html_at_epoch, &sp);
	const char *sec = "<section class=\"unit\">\n<h2>单位3 <span";
	assert_int_equal(occurrences(html, sec), 1);
	assert_int_equal(occurrences(html, "<section class=\"unit\">\n<h2>未归属单位(规则文件)</h2>"), 1);
	/* 单位3's section counts its findings, then lists each (one item or line apiece). */
	const char *at = strstr(html, sec);
	assert_non_null(at);
	char *unit = strndup(at, (size_t)(strstr(at, "</section>") - at));
	size_t listed = occurrences(unit, "<div class=\"item ") + occurrences(unit, "<li>");
	free(unit);
	assert_int_equal(listed, n_unit3);
	free(html);
	findings_free(&mem);
	findings_free(&sp);
}

/* finding_copy: a copy owning its strings, unchanged when the original is freed. */
static void test_finding_copy(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	struct finding *f = add(&l, "r1", "一、1", "u1", ST_FAIL, "缺少记录");
	add_evidence(f, "activities:7");
	f->points = 2.5;
	struct finding c;
	assert_int_equal(finding_copy(&c, f), 0);
	assert_ptr_not_equal(c.rule_id, f->rule_id);
	assert_ptr_not_equal(c.evidence, f->evidence);
	findings_free(&l);
	assert_string_equal(c.rule_id, "r1");
	assert_string_equal(c.unit_id, "u1");
	assert_string_equal(c.message, "缺少记录");
	assert_int_equal(c.n_evidence, 1);
	assert_string_equal(c.evidence[0], "activities:7");
	assert_int_equal(c.status, ST_FAIL);
	assert_true(c.points == 2.5);
	finding_clear(&c);
	assert_null(c.rule_id);
	assert_int_equal(c.n_evidence, 0);
}

/* Grouped cursors: groups in the order their first finding came, check order within. */
static void test_cursor_orders(void **state)
{
	(void)state;
	struct findings l;
	init_list(&l);
	const char *rules[] = {"b", "a", "b", "c", "a"};
	for (int i = 0; i < 5; i++)
		add(&l, rules[i], "一、1", "u", ST_PASS, rules[i])->points = i;
	for (int spool = 0; spool < 2; spool++) {
		struct findings sp;
		if (spool)
			spool_copy(&sp, &l);
		else
			init_list(&sp);
		struct findings_cursor c;
		assert_int_equal(findings_open(&c, spool ? &sp : &l, FO_RULE), 0);
		const double want[] = {0, 2, 1, 4, 3};
		for (int k = 0; k < 5; k++) {
			const struct finding *x = findings_next(&c);
			assert_non_null(x);
			assert_true(x->points == want[k]);
		}
		assert_null(findings_next(&c));
		assert_false(c.failed);
		findings_close(&c);
		findings_free(&sp);
	}
	findings_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_spool_same_bytes),
		cmocka_unit_test(test_cursor_orders),
		cmocka_unit_test(test_spool_html_units),
		cmocka_unit_test(test_finding_copy),
		cmocka_unit_test(test_findings_grow_and_free),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_textwidth_measure),
		cmocka_unit_test(test_textwidth_prefix_truncate),
		cmocka_unit_test(test_textwidth_pad),
		cmocka_unit_test(test_textwidth_clean),
		cmocka_unit_test(test_text_columns_line_up),
		cmocka_unit_test(test_text_content),
		cmocka_unit_test(test_text_groups_in_order),
		cmocka_unit_test(test_text_interleaved_chapters),
		cmocka_unit_test(test_text_summary_counts),
		cmocka_unit_test(test_text_english),
		cmocka_unit_test(test_text_hostile_strings),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_previous),
		cmocka_unit_test(test_json_finding_fields),
		cmocka_unit_test(test_json_pieced_equals_dump),
		cmocka_unit_test(test_json_empty_and_invalid_utf8),
		cmocka_unit_test(test_json_out_of_memory),
		cmocka_unit_test(test_write_errors),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
