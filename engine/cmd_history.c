/* cmd_history.c — `yaodian history` (each saved check's score per unit, a CJK-aligned table) and
 * `yaodian diff` (what changed between two saved checks, as text or JSON). The queries are in
 * history.c; runs are saved by `check --save`. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "lang.h"
#include "report.h"
#include "score.h"
#include "store.h"
#include "textwidth.h"

static void help_history(void)
{
	printf("%s", tr("用法: yaodian history --db 文件 [--unit 单位编号] [--lang zh|en]\n"
			"列出用 check --save 保存的各次检查(次号、时段、截至日期、保存时间)和各单位得分。\n"
			"\n"
			"  --db 文件               记录数据库(只读打开)\n"
			"  --unit 单位编号         只列这个单位的得分\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian history --db FILE [--unit ID] [--lang zh|en]\n"
			"Lists the checks saved with check --save (run id, period, as-of date, time saved) and\n"
			"each unit's score in each.\n"
			"\n"
			"  --db FILE               records database (opened read-only)\n"
			"  --unit ID               list this unit's scores only\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"));
}

static void help_diff(void)
{
	printf("%s", tr("用法: yaodian diff --db 文件 甲 乙 [--format text|json] [--lang zh|en]\n"
			"比较两次保存的检查。甲、乙是次号(history 列出的),或时段(如 2020Q3,指该时段\n"
			"最近保存的一次)。列出新增未通过、已整改(由未通过变为通过或已豁免)、其他状态\n"
			"变化,以及各单位得分的变化。\n"
			"\n"
			"  --db 文件               记录数据库(只读打开)\n"
			"  --format 格式           text(默认)或 json(schemas/diff.schema.json)\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian diff --db FILE A B [--format text|json] [--lang zh|en]\n"
			"Compares two saved checks. A and B are run ids (as history lists them) or periods\n"
			"(e.g. 2020Q3: that period's latest saved check). Lists what newly fails, what was\n"
			"fixed (failed, now passes or is waived), other status changes, and each unit's\n"
			"change of score.\n"
			"\n"
			"  --db FILE               records database (opened read-only)\n"
			"  --format FORMAT         text (default) or json (schemas/diff.schema.json)\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"));
}

/* ---- a plain table: rows of cells, each column as wide as its widest cell ---- */

struct table {
	char **cells;     /* rows × cols, owned */
	size_t rows, cols;
};

static int table_init(struct table *t, size_t rows, size_t cols)
{
	t->rows = rows, t->cols = cols;
	t->cells = calloc(rows * cols + 1, sizeof *t->cells);
	return t->cells ? 0 : -1;
}

/* Sets cell (r, c) to a clean copy of s (one line, valid UTF-8). Returns 0 or -1. */
static int table_set(struct table *t, size_t r, size_t c, const char *s)
{
	free(t->cells[r * t->cols + c]);
	t->cells[r * t->cols + c] = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	return t->cells[r * t->cols + c] ? 0 : -1;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; t->cells && i < t->rows * t->cols; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* Prints t, each row after indent spaces. Returns 0, or -1 when out of memory. */
static int table_print(FILE *out, const struct table *t, int indent)
{
	size_t *w = calloc(t->cols + 1, sizeof *w), cols = t->cols;
	if (!w)
		return -1;
	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < cols; c++) {
			size_t x = textwidth(t->cells[r * t->cols + c]);
			w[c] = x > w[c] ? x : w[c];
		}
	for (size_t r = 0; r < t->rows; r++) {
		fprintf(out, "%*s", indent, "");
		for (size_t c = 0; c < cols; c++) {
			const char *s = t->cells[r * t->cols + c];
			if (c + 1 == cols)
				fprintf(out, "%s\n", s);
			else
				textwidth_pad(out, s, w[c] + 2);
		}
	}
	free(w);
	return 0;
}

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

static int history_print(FILE *out, const struct history_list *l)
{
	const char **ids = calloc(l->n_scores + 1, sizeof *ids);
	struct table t = {0};
	int rc = -1, bad = 0;
	if (!ids)
		return -1;
	size_t nu = history_units(l, ids);
	if (table_init(&t, l->n_runs + 1, 4 + nu) < 0)
		goto out;
	const char *head[] = {tr("次号", "Run"), tr("时段", "Period"), tr("截至", "As of"), tr("保存时间", "Saved at")};
	for (size_t c = 0; c < 4; c++)
		bad |= table_set(&t, 0, c, head[c]);
	for (size_t u = 0; u < nu; u++)
		bad |= table_set(&t, 0, 4 + u, ids[u]);
	for (size_t r = 0; r < l->n_runs; r++) {
		const struct history_run *run = &l->runs[r];
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", run->id);
		const char *cells[] = {buf, run->period, run->as_of, run->saved_at};
		for (size_t c = 0; c < 4; c++)
			bad |= table_set(&t, r + 1, c, cells[c]);
		for (size_t u = 0; u < nu; u++) {
			score_text(l, run->id, ids[u], buf, sizeof buf);
			bad |= table_set(&t, r + 1, 4 + u, buf);
		}
	}
	if (!bad)
		rc = table_print(out, &t, 0);
out:
	table_free(&t);
	free(ids);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("history", TAKES_HISTORY, help_history, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("history", tr("缺少 --db", "missing --db"), NULL);
	sqlite3 *db = NULL;
	struct history_list l = {0};
	int rc = EXIT_USAGE;
	if (store_open(o.db, STORE_READONLY, &db) < 0 || history_list(db, o.unit, &l) < 0)
		goto out;
	if (l.n_runs == 0)
		printf("%s\n", tr("还没有保存的检查(用 check --save 保存)", "no saved checks yet (save one with check --save)"));
	else if (history_print(stdout, &l) < 0)
		goto out;
	rc = fflush(stdout) == 0 ? 0 : EXIT_USAGE;
out:
	history_list_free(&l);
	sqlite3_close(db);
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

static int diff_print_kind(FILE *out, const struct history_diff *d, enum history_change_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_changes; i++)
		n += d->changes[i].kind == k;
	fprintf(out, "\n%s (%zu)\n", kind_heading(k), n);
	if (n == 0)
		return 0;
	struct table t = {0};
	int rc = table_init(&t, n, 5);
	for (size_t i = 0, r = 0; rc == 0 && i < d->n_changes; i++) {
		const struct history_change *c = &d->changes[i];
		char window[64], change[128];
		if (c->kind != k)
			continue;
		snprintf(window, sizeof window, "%s..%s", c->window_from, c->window_to);
		snprintf(change, sizeof change, "%s → %s", status_text(c->before), status_text(c->after));
		const char *cells[] = {c->unit_id ? c->unit_id : "-", c->rule_id, window, change,
				       c->message ? c->message : ""};
		for (size_t col = 0; rc == 0 && col < 5; col++)
			rc = table_set(&t, r, col, cells[col]);
		r++;
	}
	if (rc == 0)
		rc = table_print(out, &t, 2);
	table_free(&t);
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
	struct table t = {0};
	fprintf(out, "\n%s\n", tr("得分变化", "Score changes"));
	int rc = table_init(&t, d->n_scores + 1, 5);
	const char *head[] = {tr("单位", "Unit"), tr("名称", "Name"), tr("之前", "Before"), tr("之后", "After"),
			      tr("变化", "Change")};
	for (size_t c = 0; rc == 0 && c < 5; c++)
		rc = table_set(&t, 0, c, head[c]);
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
			rc = table_set(&t, i + 1, c, cells[c]);
	}
	if (rc == 0)
		rc = table_print(out, &t, 2);
	table_free(&t);
	return rc;
}

static void run_line(FILE *out, const char *which, const struct history_run *r)
{
	fprintf(out, tr("%s: 第 %lld 次检查,%s,截至 %s,保存于 %s\n", "%s: run %lld, %s, as of %s, saved %s\n"), which,
		r->id, r->period, r->as_of, r->saved_at);
}

static int diff_text(FILE *out, const struct history_run *a, const struct history_run *b,
		     const struct history_diff *d)
{
	run_line(out, tr("之前", "Before"), a);
	run_line(out, tr("之后", "After"), b);
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
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r->id, "period", r->period, "as_of", r->as_of,
			 "saved_at", r->saved_at);
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
	json_t *root = json_pack("{s:o, s:o, s:[], s:[], s:[], s:[]}", "from", json_run(a), "to", json_run(b),
				 "newly_failing", "fixed", "other", "scores");
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

static int diff_json(FILE *out, const struct history_run *a, const struct history_run *b,
		     const struct history_diff *d)
{
	json_t *root = json_diff(a, b, d);
	int rc = root ? json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : -1;
	if (rc == 0)
		fputc('\n', out);
	json_decref(root);
	return rc;
}

/* Finds the run ref names, or says none matches. Returns 0 or EXIT_USAGE. */
static int find_run(sqlite3 *db, const char *path, const char *ref, struct history_run *run)
{
	int rc = history_find(db, ref, run);
	if (rc == 1)
		diag(path, 0, NULL, tr("没有这次保存的检查(次号或时段): %s(用 yaodian history 查看)",
				       "no saved check matches (run id or period): %s (see yaodian history)"),
		     ref);
	return rc == 0 ? 0 : EXIT_USAGE;
}

int cmd_diff(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("diff", TAKES_DIFF, help_diff, 1, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	int json = o.format && strcmp(o.format, "json") == 0;
	if (!o.db)
		return usage_error("diff", tr("缺少 --db", "missing --db"), NULL);
	if (o.format && !json && strcmp(o.format, "text") != 0)
		return usage_error("diff", tr("--format 只能是 text 或 json", "--format must be text or json"), o.format);
	if (argc - optind != 2)
		return usage_error("diff", tr("须给出两次检查(次号或时段)", "give two saved checks (run ids or periods)"),
				   NULL);
	sqlite3 *db = NULL;
	struct history_run a, b;
	struct history_diff d = {0};
	int rc = EXIT_USAGE;
	if (store_open(o.db, STORE_READONLY, &db) < 0 || find_run(db, o.db, argv[optind], &a) ||
	    find_run(db, o.db, argv[optind + 1], &b) || history_diff(db, a.id, b.id, &d) < 0)
		goto out;
	if ((json ? diff_json(stdout, &a, &b, &d) : diff_text(stdout, &a, &b, &d)) == 0 && fflush(stdout) == 0)
		rc = 0;
out:
	history_diff_free(&d);
	sqlite3_close(db);
	return rc;
}
