/* test_score.c — the assessment score (engine/score.c): which windows count, points shared
 * out per window, per unit and per work point, null when nothing was judged, rounding; and
 * the score table and "scores" key of the text and JSON reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "lang.h"
#include "report.h"
#include "score.h"
#include "textwidth.h"

static void add(struct findings *l, const char *rule, const char *clause, double points, const char *unit,
		enum status st)
{
	struct finding *f = findings_add(l);
	assert_non_null(f);
	f->rule_id = strdup(rule);
	f->clause = strdup(clause);
	f->clause_title = strdup(strcmp(clause, "三、6") == 0 ? "利用节假日开展系列主题活动" : "不断强化工作保障");
	f->clause_text = strdup("");
	f->title = strdup("t");
	f->severity = strdup("medium");
	f->points = points;
	f->unit_id = strdup(unit);
	f->unit_name = strdup(strcmp(unit, "A") == 0 ? "局机关办公室" : unit);
	f->window_from = date_from_ymd(2020, 4, 1);
	f->window_to = f->due = date_from_ymd(2020, 6, 30);
	f->status = st;
	f->message = strdup("m");
	f->source = strdup("x.lua:1");
}

static void init(struct findings *l)
{
	memset(l, 0, sizeof *l);
	l->plan_id = strdup("p");
	l->plan_title = strdup("计划");
	l->period.from = date_from_ymd(2020, 1, 1);
	l->period.to = date_from_ymd(2020, 12, 31);
	strcpy(l->period.label, "2020");
	strcpy(l->as_of, "2021-01-15");
}

/* Unit A: rule q (4 points, 一、2) pass, fail, waived, pending -> 2 of 3 judged windows;
 * rule e (2 points, 一、2) error -> 0 of 1; rule f (6 points, 三、6) not applicable only ->
 * nothing. Unit B: q pending only. A broken rule file (no unit) is left out. */
static void fill(struct findings *l)
{
	init(l);
	add(l, "q", "一、2", 4, "A", ST_PASS);
	add(l, "q", "一、2", 4, "B", ST_PENDING);
	add(l, "q", "一、2", 4, "A", ST_FAIL);
	add(l, "q", "一、2", 4, "A", ST_WAIVED);
	add(l, "q", "一、2", 4, "A", ST_PENDING);
	add(l, "e", "一、2", 2, "A", ST_ERROR);
	add(l, "f", "三、6", 6, "A", ST_NOT_APPLICABLE);
	add(l, "-", "", 0, "", ST_ERROR);
}

static void formula(void **state)
{
	(void)state;
	struct findings l;
	fill(&l);
	struct scores s = {0};
	assert_int_equal(score_compute(&l, &s), 0);
	assert_int_equal(s.n, 2);
	const struct unit_score *a = &s.units[0], *b = &s.units[1];
	assert_string_equal(a->unit_id, "A");
	assert_string_equal(b->unit_id, "B");
	assert_true(fabs(a->earned - 8.0 / 3.0) < 1e-9);
	assert_true(fabs(a->available - 6.0) < 1e-9);
	double v = -1;
	assert_true(score_value(a->earned, a->available, &v));
	assert_true(fabs(v - 44.4) < 1e-9);
	assert_int_equal(a->n_parts, 2);
	assert_string_equal(a->parts[0].clause, "一、2");
	assert_string_equal(a->parts[0].clause_title, "不断强化工作保障");
	assert_true(fabs(a->parts[0].available - 6.0) < 1e-9);
	assert_string_equal(a->parts[1].clause, "三、6");
	assert_true(a->parts[1].available == 0 && a->parts[1].earned == 0);
	assert_false(score_value(a->parts[1].earned, a->parts[1].available, &v));
	/* B has only a pending window: nothing judged, no score. */
	assert_true(b->available == 0);
	assert_int_equal(b->n_parts, 1);
	v = -1;
	assert_false(score_value(b->earned, b->available, &v));
	assert_true(v == -1);
	scores_free(&s);
	assert_null(s.units);
	findings_free(&l);
}

static void all_passed_is_100(void **state)
{
	(void)state;
	struct findings l;
	init(&l);
	add(&l, "q", "一、2", 3, "A", ST_PASS);
	add(&l, "r", "三、6", 0, "A", ST_FAIL);   /* a rule worth 0 points costs nothing */
	add(&l, "q", "一、2", 3, "A", ST_WAIVED);
	struct scores s = {0};
	assert_int_equal(score_compute(&l, &s), 0);
	double v;
	assert_true(score_value(s.units[0].earned, s.units[0].available, &v));
	assert_true(v == 100.0);
	assert_false(score_value(s.units[0].parts[1].earned, s.units[0].parts[1].available, &v));
	scores_free(&s);
	findings_free(&l);
}

static void no_findings_no_units(void **state)
{
	(void)state;
	struct findings l;
	init(&l);
	struct scores s = {0};
	assert_int_equal(score_compute(&l, &s), 0);
	assert_int_equal(s.n, 0);
	scores_free(&s);
	findings_free(&l);
}

static void rounding(void **state)
{
	(void)state;
	double v;
	assert_true(score_value(2, 3, &v) && fabs(v - 66.7) < 1e-9);
	assert_true(score_value(1, 8, &v) && fabs(v - 12.5) < 1e-9);
	assert_true(score_value(0, 5, &v) && v == 0.0);
	assert_false(score_value(1, 0, &v));
	assert_true(fabs(score_round2(38.0 / 3.0) - 12.67) < 1e-9);
}

static char *render(int (*fn)(FILE *, const struct findings *), const struct findings *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	assert_int_equal(fn(m, l), 0);
	assert_int_equal(fclose(m), 0);
	return buf;
}

static void json_scores(void **state)
{
	(void)state;
	struct findings l;
	fill(&l);
	char *out = render(report_json, &l);
	json_error_t err;
	json_t *root = json_loads(out, 0, &err);
	assert_non_null(root);
	json_t *units = json_object_get(json_object_get(root, "scores"), "units");
	assert_int_equal(json_array_size(units), 2);
	json_t *a = json_array_get(units, 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "unit"), "id")), "A");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "unit"), "name")), "局机关办公室");
	assert_true(fabs(json_number_value(json_object_get(a, "score")) - 44.4) < 1e-9);
	assert_true(fabs(json_number_value(json_object_get(a, "earned")) - 2.67) < 1e-9);
	assert_true(json_number_value(json_object_get(a, "available")) == 6.0);
	json_t *points = json_object_get(a, "points");
	assert_int_equal(json_array_size(points), 2);
	json_t *p1 = json_array_get(points, 1);
	assert_string_equal(json_string_value(json_object_get(p1, "clause")), "三、6");
	assert_true(json_is_null(json_object_get(p1, "score")));
	assert_int_equal(json_object_size(p1), 4);
	assert_true(json_is_null(json_object_get(json_array_get(units, 1), "score")));
	/* Keys in the documented order: scores between counts and findings. */
	const char *c = strstr(out, "\"counts\""), *sc = strstr(out, "\"scores\""), *fi = strstr(out, "\"findings\"");
	assert_true(c && sc && fi && c < sc && sc < fi);
	json_decref(root);
	free(out);
	findings_free(&l);
}

/* The score table after the findings: every line has the score column at the same display
 * column (CJK unit names and clause titles are two columns a character). */
static void text_score_table(void **state)
{
	(void)state;
	struct findings l;
	fill(&l);
	lang_set(LANG_ZH);
	char *out = render(report_text, &l);
	char *t = strstr(out, "\n得分(满分 100");
	assert_non_null(t);
	assert_non_null(strstr(t, "一、2 不断强化工作保障"));
	/* header, dashes, A total, A 一、2, A 三、6, B total, B 一、2 */
	static const char *const cell[] = {"得分", "  -", "44.4", "44.4", "  -", "  -", "  -"};
	static const char *const starts[] = {"单位", "----", "局机关办公室", " ", " ", "B ", " "};
	char *line = strchr(t + 1, '\n') + 1;
	size_t col = 0;
	for (int i = 0; i < 7; i++) {
		assert_memory_equal(line, starts[i], strlen(starts[i]));
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		char *at = i == 1 ? strstr(strstr(line, "  -") + 2, "  -") : strstr(line, cell[i]);
		assert_non_null(at);
		at += cell[i][0] == ' ' ? 2 : 0;
		size_t w = textwidth_n(line, (size_t)(at - line));
		if (i == 0)
			col = w;
		assert_int_equal(w, col);
		line = nl + 1;
	}
	assert_string_equal(line, "");
	free(out);
	lang_set(LANG_EN);
	out = render(report_text, &l);
	assert_non_null(strstr(out, "\nScores (out of 100"));
	assert_non_null(strstr(out, "Total"));
	free(out);
	lang_set(LANG_ZH);
	findings_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formula),
		cmocka_unit_test(all_passed_is_100),
		cmocka_unit_test(no_findings_no_units),
		cmocka_unit_test(rounding),
		cmocka_unit_test(json_scores),
		cmocka_unit_test(text_score_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
