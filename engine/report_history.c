/* report_history.c — `history`'s table and `diff`'s text, JSON and HTML (report_history.h). */
#include "report_history.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "report.h"
#include "report_html.h"
#include "score.h"
#include "texttable.h"

/* ---- history ---- */

/* The distinct unit ids of l's scores, sorted (they borrow l's strings). */
static size_t history_units(const struct history_list *l, const char **ids)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_scores; i++) {
		size_t k = 0;
		while (k < n && strcmp(ids[k], l->scores[i].unit_id) != 0)
			k++;
		if (k == n)
			ids[n++] = l->scores[i].unit_id;
	}
	for (size_t i = 1; i < n; i++)   /* insertion sort: a few units */
		for (size_t k = i; k > 0 && strcmp(ids[k - 1], ids[k]) > 0; k--) {
			const char *x = ids[k];
			ids[k] = ids[k - 1], ids[k - 1] = x;
		}
	return n;
}

/* The score of unit in run, as text: "85.0", or "-" when it has none. */
static void score_text(const struct history_list *l, long long run, const char *unit, char *buf, size_t size)
{
	snprintf(buf, size, "-");
	for (size_t i = 0; i < l->n_scores; i++)
		if (l->scores[i].run_id == run && strcmp(l->scores[i].unit_id, unit) == 0 && l->scores[i].has_score)
			snprintf(buf, size, "%.1f", l->scores[i].score);
}

int report_history_table(FILE *out, const struct history_list *l)
{
	const char **ids = calloc(l->n_scores + 1, sizeof *ids);
	struct texttable t = {0};
	int rc = -1, bad = 0;
	if (!ids)
		return -1;
	size_t nu = history_units(l, ids);
	if (texttable_init(&t, l->n_runs + 1, 4 + nu) < 0)
		goto out;
	const char *head[] = {tr("次号", "Run"), tr("时段", "Period"), tr("截至", "As of"), tr("保存时间", "Saved at")};
	for (size_t c = 0; c < 4; c++)
		bad |= texttable_set(&t, 0, c, head[c]);
	for (size_t u = 0; u < nu; u++)
		bad |= texttable_set(&t, 0, 4 + u, ids[u]);
	for (size_t r = 0; r < l->n_runs; r++) {
		const struct history_run *run = &l->runs[r];
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", run->id);
		const char *cells[] = {buf, run->period, run->as_of, run->saved_at};
		for (size_t c = 0; c < 4; c++)
			bad |= texttable_set(&t, r + 1, c, cells[c]);
		for (size_t u = 0; u < nu; u++) {
			score_text(l, run->id, ids[u], buf, sizeof buf);
			bad |= texttable_set(&t, r + 1, 4 + u, buf);
		}
	}
	if (!bad)
		rc = texttable_print(out, &t, 0);
out:
	texttable_free(&t);
	free(ids);
	return rc;
}

/* ---- diff ---- */

static const char *kind_name(enum history_change_kind k)
{
	return k == HC_NEWLY_FAILING ? "newly_failing" : k == HC_FIXED ? "fixed" : "other";
}

static const char *kind_heading(enum history_change_kind k)
{
	return k == HC_NEWLY_FAILING ? tr("新增未通过", "Newly failing")
	     : k == HC_FIXED         ? tr("已整改", "Fixed")
	                             : tr("其他状态变化", "Other status changes");
}

/* A status name as the reader sees it, "-" for none. */
static const char *status_text(const char *name)
{
	for (int s = 0; name && s < ST_COUNT; s++)
		if (strcmp(status_name((enum status)s), name) == 0)
			return status_label((enum status)s);
	return "-";
}

static size_t count_kind(const struct history_diff *d, enum history_change_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_changes; i++)
		n += d->changes[i].kind == k;
	return n;
}

/* A change's window ("2020-07-01..2020-09-30") and its statuses ("通过 → 未通过"). */
static void change_texts(const struct history_change *c, char window[64], char change[128])
{
	snprintf(window, 64, "%s..%s", c->window_from, c->window_to);
	snprintf(change, 128, "%s → %s", status_text(c->before), status_text(c->after));
}

static int diff_print_kind(FILE *out, const struct history_diff *d, enum history_change_kind k)
{
	size_t n = count_kind(d, k);
	fprintf(out, "\n%s (%zu)\n", kind_heading(k), n);
	if (n == 0)
		return 0;
	struct texttable t = {0};
	int rc = texttable_init(&t, n, 5);
	for (size_t i = 0, r = 0; rc == 0 && i < d->n_changes; i++) {
		const struct history_change *c = &d->changes[i];
		char window[64], change[128];
		if (c->kind != k)
			continue;
		change_texts(c, window, change);
		const char *cells[] = {c->unit_id ? c->unit_id : "-", c->rule_id, window, change,
				       c->message ? c->message : ""};
		for (size_t col = 0; rc == 0 && col < 5; col++)
			rc = texttable_set(&t, r, col, cells[col]);
		r++;
	}
	if (rc == 0)
		rc = texttable_print(out, &t, 2);
	texttable_free(&t);
	return rc;
}

/* "85.0", or "-" when there is no score. */
static void opt_score(char *buf, size_t size, int has, double v)
{
	if (has)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "-");
}

static int diff_print_scores(FILE *out, const struct history_diff *d)
{
	struct texttable t = {0};
	fprintf(out, "\n%s\n", tr("得分变化", "Score changes"));
	int rc = texttable_init(&t, d->n_scores + 1, 5);
	const char *head[] = {tr("单位", "Unit"), tr("名称", "Name"), tr("之前", "Before"), tr("之后", "After"),
			      tr("变化", "Change")};
	for (size_t c = 0; rc == 0 && c < 5; c++)
		rc = texttable_set(&t, 0, c, head[c]);
	for (size_t i = 0; rc == 0 && i < d->n_scores; i++) {
		const struct history_score_change *s = &d->scores[i];
		char a[32], b[32], delta[32];
		opt_score(a, sizeof a, s->has_before, s->before);
		opt_score(b, sizeof b, s->has_after, s->after);
		if (s->has_before && s->has_after)
			score_change_text(s->before, s->after, delta, sizeof delta);
		else
			snprintf(delta, sizeof delta, "-");
		const char *cells[] = {s->unit_id, s->unit_name ? s->unit_name : "", a, b, delta};
		for (size_t c = 0; rc == 0 && c < 5; c++)
			rc = texttable_set(&t, i + 1, c, cells[c]);
	}
	if (rc == 0)
		rc = texttable_print(out, &t, 2);
	texttable_free(&t);
	return rc;
}

static void run_line(FILE *out, const char *which, const struct history_run *r)
{
	fprintf(out, tr("%s: 第 %lld 次检查,%s,截至 %s,保存于 %s\n", "%s: run %lld, %s, as of %s, saved %s\n"), which,
		r->id, r->period, r->as_of, r->saved_at);
}

int report_history_diff_text(FILE *out, const struct history_run *a, const struct history_run *b,
		     const struct history_diff *d)
{
	run_line(out, tr("之前", "Before"), a);
	run_line(out, tr("之后", "After"), b);
	if (d->other_plan)
		fprintf(out, tr("两次检查依据不同的计划(之前 %s,之后 %s):要求不同,不逐项对比,只比较各单位的得分(都是百分制)\n",
				"The two checks were judged by different plans (before %s, after %s): their requirements differ, so they are not compared one by one; only the units' scores (each out of 100) are\n"),
			a->plan_id[0] ? a->plan_id : "-", b->plan_id[0] ? b->plan_id : "-");
	for (int k = HC_NEWLY_FAILING; k <= HC_OTHER; k++)
		if (diff_print_kind(out, d, (enum history_change_kind)k) < 0)
			return -1;
	return diff_print_scores(out, d);
}

/* ---- diff as JSON (schemas/diff.schema.json) ---- */

static json_t *jscore(int has, double v)
{
	return has ? json_real(v) : json_null();
}

static json_t *json_run(const struct history_run *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id, "period", r->period, "as_of", r->as_of,
			 "saved_at", r->saved_at, "plan_id", r->plan_id[0] ? json_string(r->plan_id) : json_null());
}

static json_t *json_change(const struct history_change *c)
{
	return json_pack("{s:o, s:o, s:{s:s, s:s}, s:o, s:o, s:o}", "rule_id", report_json_text(c->rule_id), "unit_id",
			 report_json_text(c->unit_id), "window", "from", c->window_from, "to", c->window_to, "before",
			 report_json_text(c->before), "after", report_json_text(c->after), "message", report_json_text(c->message));
}

static json_t *json_score_change(const struct history_score_change *s)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "unit_id", report_json_text(s->unit_id), "unit_name", report_json_text(s->unit_name),
			 "before", jscore(s->has_before, s->before), "after", jscore(s->has_after, s->after),
			 "change", s->has_before && s->has_after ? json_real(s->after - s->before) : json_null());
}

static json_t *json_diff(const struct history_run *a, const struct history_run *b, const struct history_diff *d)
{
	json_t *root = json_pack("{s:o, s:o, s:b, s:[], s:[], s:[], s:[]}", "from", json_run(a), "to", json_run(b),
				 "other_plan", d->other_plan, "newly_failing", "fixed", "other", "scores");
	int rc = root ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < d->n_changes; i++)
		rc = json_array_append_new(json_object_get(root, kind_name(d->changes[i].kind)),
					   json_change(&d->changes[i]));
	for (size_t i = 0; rc == 0 && i < d->n_scores; i++)
		rc = json_array_append_new(json_object_get(root, "scores"), json_score_change(&d->scores[i]));
	if (rc != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int report_history_diff_json(FILE *out, const struct history_run *a, const struct history_run *b,
		     const struct history_diff *d)
{
	json_t *root = json_diff(a, b, d);
	int rc = root ? json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : -1;
	if (rc == 0)
		fputc('\n', out);
	json_decref(root);
	return rc;
}


/* ---- diff as a printable page ---- */

static void html_text(FILE *out, const char *open, const char *s, const char *close)
{
	fputs(open, out);
	report_html_escape(out, s);
	fputs(close, out);
}

static void html_run_row(FILE *out, const char *which, const struct history_run *r)
{
	char buf[160];
	snprintf(buf, sizeof buf, tr("第 %lld 次检查,%s,截至 %s,保存于 %s", "run %lld, %s, as of %s, saved %s"), r->id,
		 r->period, r->as_of, r->saved_at);
	html_text(out, "<tr><th>", which, "</th>");
	html_text(out, "<td>", buf, "</td></tr>\n");
}

/* One section of status changes of kind k: a heading with the count, then a table (or a line
 * saying there are none). */
static void html_changes(FILE *out, const struct history_diff *d, enum history_change_kind k)
{
	size_t n = count_kind(d, k);
	char head[128];
	snprintf(head, sizeof head, "%s(%zu)", kind_heading(k), n);
	html_text(out, "<h2>", head, "</h2>\n");
	if (n == 0) {
		html_text(out, "<p class=\"muted\">", tr("无", "None"), "</p>\n");
		return;
	}
	fprintf(out, "<table>\n<thead><tr>");
	const char *cols[] = {tr("单位", "Unit"), tr("规则", "Rule"), tr("窗口", "Window"), tr("变化", "Change"),
			      tr("说明", "Message")};
	for (size_t c = 0; c < 5; c++)
		html_text(out, "<th>", cols[c], "</th>");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < d->n_changes; i++) {
		const struct history_change *c = &d->changes[i];
		char window[64], change[128];
		if (c->kind != k)
			continue;
		change_texts(c, window, change);
		html_text(out, "<tr><td class=\"nowrap\">", c->unit_id ? c->unit_id : "-", "</td>");
		html_text(out, "<td>", c->rule_id, "</td>");
		html_text(out, "<td class=\"num\">", window, "</td>");
		html_text(out, k == HC_NEWLY_FAILING ? "<td class=\"nowrap bad\">" : k == HC_FIXED ? "<td class=\"nowrap good\">"
												 : "<td class=\"nowrap\">",
			  change, "</td>");
		html_text(out, "<td>", c->message ? c->message : "", "</td></tr>\n");
	}
	fputs("</tbody>\n</table>\n", out);
}

static void html_scores(FILE *out, const struct history_diff *d)
{
	html_text(out, "<h2>", tr("得分变化", "Score changes"), "</h2>\n<table>\n<thead><tr>");
	const char *cols[] = {tr("单位", "Unit"), tr("名称", "Name"), tr("之前", "Before"), tr("之后", "After"),
			      tr("变化", "Change")};
	for (size_t c = 0; c < 5; c++)
		html_text(out, c >= 2 ? "<th class=\"num\">" : "<th>", cols[c], "</th>");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < d->n_scores; i++) {
		const struct history_score_change *s = &d->scores[i];
		char a[32], b[32], delta[32];
		const char *cls = "<td class=\"num\">";
		opt_score(a, sizeof a, s->has_before, s->before);
		opt_score(b, sizeof b, s->has_after, s->after);
		snprintf(delta, sizeof delta, "-");
		if (s->has_before && s->has_after) {
			double ch = score_change(s->before, s->after);
			score_change_text(s->before, s->after, delta, sizeof delta);
			cls = ch > 0 ? "<td class=\"num good\">" : ch < 0 ? "<td class=\"num bad\">" : cls;
		}
		html_text(out, "<tr><td>", s->unit_id, "</td>");
		html_text(out, "<td>", s->unit_name ? s->unit_name : "", "</td>");
		html_text(out, "<td class=\"num\">", a, "</td>");
		html_text(out, "<td class=\"num\">", b, "</td>");
		html_text(out, cls, delta, "</td></tr>\n");
	}
	fputs("</tbody>\n</table>\n", out);
}

int report_history_diff_html(FILE *out, const struct history_run *a, const struct history_run *b,
			     const struct history_diff *d)
{
	char title[160];
	snprintf(title, sizeof title, tr("检查对比:%s → %s", "Checks compared: %s → %s"), a->period, b->period);
	report_html_page_begin(out, title);
	html_text(out, "<header>\n<h1>", title, "</h1>\n<table class=\"meta\">\n");
	html_run_row(out, tr("之前", "Before"), a);
	html_run_row(out, tr("之后", "After"), b);
	fputs("</table>\n</header>\n", out);
	if (d->other_plan)
		html_text(out, "<p>",
			  tr("两次检查依据不同的计划:要求不同,不逐项对比,只比较各单位的得分(都是百分制)。",
			     "The two checks were judged by different plans: their requirements differ, so they are not compared one by one; only the units' scores (each out of 100) are."),
			  "</p>\n");
	for (int k = HC_NEWLY_FAILING; k <= HC_OTHER; k++)
		html_changes(out, d, (enum history_change_kind)k);
	html_scores(out, d);
	return report_html_page_end(out);
}
