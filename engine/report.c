/* report.c — check findings written for people (an aligned text table grouped by work point)
 * and for programs (JSON, see schemas/findings.schema.json). Text from rules is cleaned
 * first: invalid UTF-8 becomes U+FFFD, and in the text report control characters become
 * spaces, so one message cannot break the table or drive the terminal. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "report_oblig.h"
#include "score.h"
#include "textwidth.h"

#define CHAPTER_SEP "\xE3\x80\x81"   /* "、", as in 三、6 */

enum col { C_CLAUSE, C_RULE, C_UNIT, C_WINDOW, C_STATUS, C_MESSAGE, NCOL };

/* Widest a padded column may grow; longer cells are cut with "…". 0 = no cap (message). */
static const size_t col_cap[NCOL] = {12, 24, 16, 22, 10, 0};

/* Each column's width: the widest of its cells (made once to measure, again to print, so
 * that no finding is held). */
struct table {
	size_t width[NCOL];
};

static const char *col_header(enum col c)
{
	switch (c) {
	case C_CLAUSE:  return tr("条款", "Clause");
	case C_RULE:    return tr("规则", "Rule");
	case C_UNIT:    return tr("单位", "Unit");
	case C_WINDOW:  return tr("时段", "Window");
	case C_STATUS:  return tr("状态", "Status");
	default:        return tr("说明", "Details");
	}
}

/* ---- text: building the cells ---- */

static void write_list(FILE *m, char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(m, "%s%s", i ? ", " : "", items[i] ? items[i] : "");
}

/* The 说明 cell: the message, then what backs it up in brackets — the evidence refs, or what
 * was looked for when there is none, what the rule requires (failed and pending), the waiver,
 * or where an erroring rule broke. Returns a malloc'd string, or NULL when out of memory. */
static char *message_cell(const struct finding *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return NULL;
	fputs(f->message ? f->message : "", m);
	if (f->n_evidence > 0) {
		fputs(" [", m);
		write_list(m, f->evidence, f->n_evidence);
		fputc(']', m);
	} else if (f->looked_for) {
		fprintf(m, " [%s%s]", tr("查找:", "looked for: "), f->looked_for);
	}
	if ((f->status == ST_FAIL || f->status == ST_PENDING) && f->requires)
		fprintf(m, " [%s%s]", tr("要求:", "requires: "), f->requires);
	if (f->status == ST_WAIVED && f->waiver_id)
		fprintf(m, " [%s%s]", tr("豁免:", "waiver: "), f->waiver_id);
	if (f->status == ST_ERROR && f->source)
		fprintf(m, " [%s]", f->source);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The raw text of column c for f, malloc'd (cleaning and cutting come later). */
static char *raw_cell(const struct finding *f, enum col c)
{
	char win[2 * DATE_ISO_LEN + 2];
	switch (c) {
	case C_CLAUSE:
		return strdup(f->clause ? f->clause : "");
	case C_RULE:
		return strdup(f->rule_id ? f->rule_id : "");
	case C_UNIT:
		return strdup(f->unit_name ? f->unit_name : f->unit_id ? f->unit_id : "-");
	case C_WINDOW:
		date_format(f->window_from, win);
		strcat(win, "..");
		date_format(f->window_to, win + strlen(win));
		return strdup(win);
	case C_STATUS:
		return strdup(status_label(f->status));
	default:
		return message_cell(f);
	}
}

/* The cell as printed: one line of valid UTF-8, cut to the column's cap. */
static char *make_cell(const struct finding *f, enum col c)
{
	char *raw = raw_cell(f, c);
	char *clean = raw ? textwidth_clean(raw, TEXTWIDTH_CLEAN_CONTROLS) : NULL;
	free(raw);
	if (!clean || col_cap[c] == 0)
		return clean;
	char *cut = textwidth_truncate(clean, col_cap[c]);
	free(clean);
	return cut;
}

/* The chapter part of a clause, as finding_chapter_len measures it. */
static size_t chapter_len(const char *clause)
{
	return finding_chapter_len(clause);
}

/* The cells of one finding into cells[]. 0, or -1 when out of memory (cells then freed). */
static int row_cells(const struct finding *x, char *cells[NCOL])
{
	int rc = 0;
	for (int c = 0; c < NCOL; c++)
		if (!(cells[c] = make_cell(x, c)))
			rc = -1;
	if (rc != 0)
		for (int c = 0; c < NCOL; c++)
			free(cells[c]);
	return rc;
}

static void cells_free(char *cells[NCOL])
{
	for (int c = 0; c < NCOL; c++)
		free(cells[c]);
}

/* The widths of the columns over every finding. 0, or -1 (out of memory, findings unread). */
static int table_build(struct table *t, const struct findings *f)
{
	memset(t, 0, sizeof *t);
	for (int c = 0; c < NCOL; c++)
		t->width[c] = textwidth(col_header(c));
	struct findings_cursor cur;
	int rc = findings_open(&cur, f, FO_CHECK);
	const struct finding *x;
	while (rc == 0 && (x = findings_next(&cur)) != NULL) {
		char *cells[NCOL];
		if ((rc = row_cells(x, cells)) != 0)
			break;
		for (int c = 0; c < NCOL; c++) {
			size_t w = textwidth(cells[c]);
			if (w > t->width[c])
				t->width[c] = w;
		}
		cells_free(cells);
	}
	if (cur.failed)
		rc = -1;
	findings_close(&cur);
	return rc;
}

/* ---- text: printing ---- */

static void print_heading(FILE *out, const char *clause)
{
	size_t n = chapter_len(clause);
	if (n == 0) {
		fprintf(out, "%s\n", tr("总体要求", "General"));
		return;
	}
	char *chapter = strndup(clause, n);
	char *clean = chapter ? textwidth_clean(chapter, TEXTWIDTH_CLEAN_CONTROLS) : NULL;
	fprintf(out, "%s %s\n", tr("要点", "Work point"), clean ? clean : "?");
	free(clean);
	free(chapter);
}

/* One table line; the last column is not padded, and nothing trails an empty one. */
static void print_row(FILE *out, const struct table *t, char *const cells[NCOL])
{
	int last = NCOL - 1;
	while (last > 0 && cells[last][0] == '\0')
		last--;
	for (int c = 0; c < last; c++) {
		textwidth_pad(out, cells[c], t->width[c]);
		fputs("  ", out);
	}
	fprintf(out, "%s\n", cells[last]);
}

static void print_table_head(FILE *out, const struct table *t)
{
	char *head[NCOL];
	for (int c = 0; c < NCOL; c++)
		head[c] = (char *)col_header(c);
	print_row(out, t, head);
	for (int c = 0; c < NCOL; c++) {
		size_t w = c < NCOL - 1 ? t->width[c] : textwidth(head[c]);
		for (size_t i = 0; i < w; i++)
			fputc('-', out);
		fputs(c < NCOL - 1 ? "  " : "\n", out);
	}
}

/* Prints the findings grouped by chapter, the chapters in the order they first appear and
 * the findings within each in their own order. 0, or -1 (out of memory, findings unread). */
static int print_groups(FILE *out, const struct findings *f, const struct table *t)
{
	struct findings_cursor cur;
	int rc = findings_open(&cur, f, FO_CHAPTER);
	const struct finding *x;
	char *chapter = NULL;   /* the chapter being printed, NULL before the first */
	while (rc == 0 && (x = findings_next(&cur)) != NULL) {
		const char *clause = x->clause ? x->clause : "";
		size_t n = chapter_len(clause);
		if (!chapter || strlen(chapter) != n || memcmp(chapter, clause, n) != 0) {
			free(chapter);
			if (!(chapter = strndup(clause, n))) {
				rc = -1;
				break;
			}
			fputc('\n', out);
			print_heading(out, x->clause);
			print_table_head(out, t);
		}
		char *cells[NCOL];
		if ((rc = row_cells(x, cells)) == 0) {
			print_row(out, t, cells);
			cells_free(cells);
		}
	}
	if (cur.failed)
		rc = -1;
	free(chapter);
	findings_close(&cur);
	return rc;
}

static void print_header(FILE *out, const struct findings *f)
{
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
	const char *title = f->plan_title ? f->plan_title : f->plan_id;
	char *clean = textwidth_clean(title ? title : tr("(未命名计划)", "(untitled plan)"),
	                              TEXTWIDTH_CLEAN_CONTROLS);
	date_format(f->period.from, from);
	date_format(f->period.to, to);
	fprintf(out, tr("%s  %s(%s 至 %s)  截至 %s\n", "%s  %s (%s to %s)  as of %s\n"),
	        clean ? clean : "?", f->period.label, from, to,
	        f->as_of[0] ? f->as_of : "-");
	free(clean);
}

static void count_items(const struct findings *f, size_t counts[ST_COUNT])
{
	memset(counts, 0, ST_COUNT * sizeof *counts);
	if (f->spool)
		memcpy(counts, f->counts, ST_COUNT * sizeof *counts);
	for (size_t i = 0; !f->spool && i < f->n; i++)
		if ((unsigned)f->items[i].status < ST_COUNT)
			counts[f->items[i].status]++;
}

/* "合计 24 项:通过 10,未通过 6" — only the statuses that occur. */
static void print_summary(FILE *out, const struct findings *f)
{
	size_t counts[ST_COUNT];
	count_items(f, counts);
	fprintf(out, tr("\n合计 %zu 项", "\nTotal %zu"), f->n);
	const char *sep = tr(":", ": ");
	for (int s = 0; s < ST_COUNT; s++) {
		if (counts[s] == 0)
			continue;
		fprintf(out, "%s%s %zu", sep, status_label(s), counts[s]);
		sep = tr(",", ", ");
	}
	fputc('\n', out);
}

/* ---- text: the score table ---- */

enum { S_UNIT, S_POINT, S_SCORE, S_EARNED, NSCOL };
static const size_t score_cap[NSCOL] = {20, 36, 6, 0};

/* "合计", and when an earlier check was saved the change since it: "合计(较 2020Q3 +3.5)". */
static void total_text(const struct findings *f, const struct unit_score *u, char *buf, size_t size)
{
	double before, now;
	char change[32];
	if (!findings_prev_score(f, u->unit_id, &before) || !score_value(u->earned, u->available, &now)) {
		snprintf(buf, size, "%s", tr("合计", "Total"));
		return;
	}
	score_change_text(before, now, change, sizeof change);
	snprintf(buf, size, tr("合计(较 %s %s)", "Total (vs %s %s)"), f->prev_period, change);
}

/* One line of the score table: a unit's total (point NULL) or one of its work points. */
static void score_cells(const struct findings *f, const struct unit_score *u, const struct score_part *p,
			char *cells[NSCOL])
{
	char buf[512];
	double earned = p ? p->earned : u->earned, available = p ? p->available : u->available, v;
	cells[S_UNIT] = p ? strdup("") : strdup(u->unit_name && *u->unit_name ? u->unit_name : u->unit_id);
	if (p)
		snprintf(buf, sizeof buf, "%s%s%s", p->clause ? p->clause : "", p->clause_title ? " " : "",
			 p->clause_title ? p->clause_title : "");
	else
		total_text(f, u, buf, sizeof buf);
	cells[S_POINT] = strdup(buf);
	if (score_value(earned, available, &v))
		snprintf(buf, sizeof buf, "%.1f", v);
	else
		snprintf(buf, sizeof buf, "-");
	cells[S_SCORE] = strdup(buf);
	snprintf(buf, sizeof buf, "%g/%g", score_round2(earned), score_round2(available));
	cells[S_EARNED] = strdup(buf);
	for (int c = 0; c < NSCOL; c++) {
		char *clean = cells[c] ? textwidth_clean(cells[c], TEXTWIDTH_CLEAN_CONTROLS) : NULL;
		free(cells[c]);
		cells[c] = clean && score_cap[c] ? textwidth_truncate(clean, score_cap[c]) : clean;
		if (cells[c] != clean)
			free(clean);
	}
}

struct score_table {
	char *(*cells)[NSCOL];
	size_t n, width[NSCOL];
};

static void score_table_free(struct score_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (int c = 0; c < NSCOL; c++)
			free(t->cells[i][c]);
	free(t->cells);
}

static const char *score_header(int c)
{
	static const char *const zh[NSCOL] = {"单位", "工作要点", "得分", "得分/应得"};
	static const char *const en[NSCOL] = {"Unit", "Work point", "Score", "Earned/available"};
	return tr(zh[c], en[c]);
}

/* Every line: for each unit its total, then its work points. 0, or -1 out of memory. */
static int score_table_build(struct score_table *t, const struct findings *f, const struct scores *s)
{
	size_t rows = 0;
	for (size_t i = 0; i < s->n; i++)
		rows += 1 + s->units[i].n_parts;
	memset(t, 0, sizeof *t);
	if (!(t->cells = calloc(rows ? rows : 1, sizeof *t->cells)))
		return -1;
	for (int c = 0; c < NSCOL; c++)
		t->width[c] = textwidth(score_header(c));
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k <= s->units[i].n_parts; k++) {
			char **cells = t->cells[t->n++];
			score_cells(f, &s->units[i], k ? &s->units[i].parts[k - 1] : NULL, cells);
			for (int c = 0; c < NSCOL; c++) {
				if (!cells[c]) {
					score_table_free(t);
					return -1;
				}
				if (textwidth(cells[c]) > t->width[c])
					t->width[c] = textwidth(cells[c]);
			}
		}
	return 0;
}

static void score_row(FILE *out, const struct score_table *t, char *const cells[NSCOL])
{
	for (int c = 0; c < NSCOL - 1; c++) {
		textwidth_pad(out, cells[c], t->width[c]);
		fputs("  ", out);
	}
	fprintf(out, "%s\n", cells[NSCOL - 1]);
}

/* The scores after the findings: per unit its total out of 100, then each work point. */
static int print_scores(FILE *out, const struct findings *f)
{
	struct scores s = {0};
	struct score_table t;
	if (score_compute(f, &s) != 0)
		return -1;
	if (s.n == 0 || score_table_build(&t, f, &s) != 0) {
		int rc = s.n == 0 ? 0 : -1;
		scores_free(&s);
		return rc;
	}
	fprintf(out, "\n%s\n", tr("得分(满分 100;只计已评判的时段,待完成、不适用不计)",
				  "Scores (out of 100; judged windows only: pending and N/A are left out)"));
	char *head[NSCOL];
	for (int c = 0; c < NSCOL; c++)
		head[c] = (char *)score_header(c);
	score_row(out, &t, head);
	for (int c = 0; c < NSCOL; c++) {
		size_t w = c < NSCOL - 1 ? t.width[c] : textwidth(head[c]);
		for (size_t i = 0; i < w; i++)
			fputc('-', out);
		fputs(c < NSCOL - 1 ? "  " : "\n", out);
	}
	for (size_t i = 0; i < t.n; i++)
		score_row(out, &t, t.cells[i]);
	score_table_free(&t);
	scores_free(&s);
	return 0;
}

/* The waivers of the checked units that overlap the period: those in force, then those that
 * have expired (their findings are judged again), and any naming a rule the rules lack. */
static void print_waivers(FILE *out, const struct findings *f)
{
	if (f->n_waivers == 0)
		return;
	fprintf(out, tr("\n豁免(%zu 条):\n", "\nWaivers (%zu):\n"), f->n_waivers);
	for (size_t i = 0; i < f->n_waivers; i++) {
		const struct waiver_note *w = &f->waivers[i];
		char a[DATE_ISO_LEN], b[DATE_ISO_LEN], e[DATE_ISO_LEN];
		date_format(w->from, a);
		date_format(w->to, b);
		date_format(w->expires, e);
		const char *state = !w->rule_known ? tr("规则不存在,不起作用", "no such rule; waives nothing")
				    : w->in_force ? tr("有效", "in force")
						  : tr("已过期", "expired");
		fprintf(out, tr("  %s  %s  %s  %s..%s  有效期至 %s  %s\n", "  %s  %s  %s  %s..%s  expires %s  %s\n"), w->id,
			w->unit_id, w->rule_id, a, b, e, state);
	}
}

int report_text(FILE *out, const struct findings *f)
{
	struct table t;
	if (table_build(&t, f) != 0)
		return -1;
	print_header(out, f);
	if (print_groups(out, f, &t) != 0)
		return -1;
	print_summary(out, f);
	print_waivers(out, f);
	if (report_oblig_text(out, f) != 0)
		return -1;
	if (print_scores(out, f) != 0)
		return -1;
	return ferror(out) ? -1 : 0;
}

/* ---- json ---- */

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

json_t *report_json_text(const char *s)
{
	if (!s)
		return json_null();
	char *clean = textwidth_clean(s, 0);
	json_t *j = clean ? json_string(clean) : NULL;
	free(clean);
	return j;
}

static json_t *jstr_or_null(const char *s) { return report_json_text(s); }
static json_t *jstr(const char *s) { return report_json_text(s ? s : ""); }

static json_t *jdate(date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format(d, buf);
	return json_string(buf);
}

/* Sets key on obj, taking v (even on failure, when it is freed). A NULL v or obj makes it
 * fail, so a chain of put() calls can be checked once at the end. 0 or -1. */
static int put(json_t *obj, const char *key, json_t *v)
{
	return json_object_set_new(obj, key, v) == 0 ? 0 : -1;
}

static json_t *json_pair(const char *k1, json_t *v1, const char *k2, json_t *v2)
{
	json_t *o = json_object();
	int rc = put(o, k1, v1);
	rc |= put(o, k2, v2);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *json_one(const char *k, json_t *v)
{
	json_t *o = json_object();
	if (put(o, k, v) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The n strings of v as a JSON array (evidence refs, obligation ids), or NULL when out of
 * memory. */
static json_t *json_strings(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, jstr(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* ---- a finding, pieced together ----
 * A finding is written as jansson's text of the whole object, but pieced together from its
 * members in runs: those it shares with its block (one rule over one window: the rule, the
 * plan's words, the requirement, the obligations), dumped once per block, and its own, dumped
 * per finding. An object's members dumped alone and joined make the dump of the object: with
 * JSON_INDENT the dump of {m1, m2} is "{" "\n  m1," "\n  m2" "\n}", so the runs' texts between
 * the braces, joined with ",", give "{" run1 "," run2 ... "\n}". Newlines in a dump are layout
 * only (a string escapes its own), so each is followed by the array's indent as it is cut. */

struct json_parts {
	int indent;              /* the indent of the findings array's elements */
	struct finding block;    /* the block the cached runs below were made from (its fields only) */
	bool have_block;
	char *head;              /* rule_id ... points */
	char *tail;              /* obligations, interpretation */
	date_t from, to, due;
	char *window;            /* window, due: the same for a block's findings */
	char *basis[2];          /* basis: records, self_assessment */
};

/* The members of object obj (taken) as jansson dumps them, without the braces: "\n  m1,\n  m2",
 * each newline followed by indent more spaces. Malloc'd, or NULL when out of memory. */
static char *members_text(json_t *obj, int indent)
{
	char *text = obj ? json_dumps(obj, JSON_FLAGS) : NULL;
	json_decref(obj);
	size_t len = text ? strlen(text) : 0, lines = 0;
	if (len < 4 || text[0] != '{' || strcmp(text + len - 2, "\n}") != 0) {   /* "{}": no members */
		free(text);
		return NULL;
	}
	for (size_t i = 1; i < len - 2; i++)
		lines += text[i] == '\n';
	char *out = malloc(len + lines * (size_t)indent), *o = out;
	for (size_t i = 1; out && i < len - 2; i++) {
		*o++ = text[i];
		if (text[i] == '\n')
			o += sprintf(o, "%*s", indent, "");
	}
	if (out)
		*o = '\0';
	free(text);
	return out;
}

static void parts_drop_block(struct json_parts *p)
{
	free(p->head), free(p->tail);
	p->head = p->tail = NULL;
	finding_clear(&p->block);
	p->have_block = false;
}

static void parts_free(struct json_parts *p)
{
	parts_drop_block(p);
	free(p->window), free(p->basis[0]), free(p->basis[1]);
	memset(p, 0, sizeof *p);
}

static int parts_init(struct json_parts *p, int indent)
{
	memset(p, 0, sizeof *p);
	p->indent = indent;
	p->basis[0] = members_text(json_one("basis", json_string("records")), indent);
	p->basis[1] = members_text(json_one("basis", json_string("self_assessment")), indent);
	return p->basis[0] && p->basis[1] ? 0 : -1;
}

/* The runs f shares with its block, made anew when f starts another block or window. 0 or -1. */
static int parts_for(struct json_parts *p, const struct finding *f)
{
	if (!p->have_block || !finding_same_block(&p->block, f)) {
		parts_drop_block(p);
		json_t *h = json_object(), *t = json_object();
		int rc = put(h, "rule_id", jstr(f->rule_id));
		rc |= put(h, "clause", jstr(f->clause));
		rc |= put(h, "clause_text", jstr(f->clause_text));
		rc |= put(h, "title", jstr(f->title));
		rc |= put(h, "requires", jstr_or_null(f->requires));
		rc |= put(h, "severity", jstr_or_null(f->severity));
		rc |= put(h, "points", json_real(f->points));
		rc |= put(t, "obligations", json_strings(f->obligations, f->n_obligations));
		rc |= put(t, "interpretation", jstr_or_null(f->interpretation));
		p->head = members_text(rc == 0 ? h : (json_decref(h), NULL), p->indent);
		p->tail = members_text(rc == 0 ? t : (json_decref(t), NULL), p->indent);
		if (!p->head || !p->tail || finding_copy_block(&p->block, f) < 0)
			return -1;
		p->have_block = true;
	}
	if (!p->window || p->from != f->window_from || p->to != f->window_to || p->due != f->due) {
		free(p->window);
		json_t *w = json_one("window", json_pair("from", jdate(f->window_from), "to", jdate(f->window_to)));
		if (w && put(w, "due", jdate(f->due)) != 0) {
			json_decref(w);
			w = NULL;
		}
		if (!(p->window = members_text(w, p->indent)))
			return -1;
		p->from = f->window_from, p->to = f->window_to, p->due = f->due;
	}
	return 0;
}

/* The finding's own runs: its unit, and its verdict up to its source. 0 or -1. */
static int own_runs(const struct finding *f, int indent, char **unit, char **own)
{
	json_t *o = json_object();
	int rc = put(o, "status", json_string(status_name(f->status)));
	rc |= put(o, "message", jstr(f->message));
	rc |= put(o, "evidence", json_strings(f->evidence, f->n_evidence));
	rc |= put(o, "looked_for", jstr_or_null(f->looked_for));
	rc |= put(o, "waiver", jstr_or_null(f->waiver_id));
	rc |= put(o, "source", jstr(f->source));
	*own = members_text(rc == 0 ? o : (json_decref(o), NULL), indent);
	*unit = members_text(json_one("unit", json_pair("id", jstr_or_null(f->unit_id), "name", jstr_or_null(f->unit_name))),
			     indent);
	return *own && *unit ? 0 : -1;
}

/* Writes finding f as an element of the findings array (after "\n" or ",\n"). 0 or -1. */
static int json_write_finding(FILE *out, struct json_parts *p, const struct finding *f, bool first)
{
	char *unit = NULL, *own = NULL;
	int rc = parts_for(p, f) == 0 && own_runs(f, p->indent, &unit, &own) == 0 ? 0 : -1;
	if (rc == 0)
		fprintf(out, "%s%*s{%s,%s,%s,%s,%s,%s\n%*s}", first ? "\n" : ",\n", p->indent, "", p->head, unit,
			p->window, own, p->tail, p->basis[finding_self_assessed(f)], p->indent, "");
	free(unit);
	free(own);
	return rc;
}

static json_t *json_counts(const struct findings *f)
{
	size_t counts[ST_COUNT];
	count_items(f, counts);
	json_t *o = json_object();
	int rc = 0;
	for (int s = 0; s < ST_COUNT; s++)
		rc |= put(o, status_name(s), json_integer((json_int_t)counts[s]));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A score out of 100 rounded to one decimal, or null when nothing was judged. */
static json_t *json_score_value(double earned, double available)
{
	double v;
	return score_value(earned, available, &v) ? json_real(v) : json_null();
}

/* {"score", "earned", "available"} into o (earned and available rounded to two decimals). */
static int put_score(json_t *o, double earned, double available)
{
	int rc = put(o, "score", json_score_value(earned, available));
	rc |= put(o, "earned", json_real(score_round2(earned)));
	rc |= put(o, "available", json_real(score_round2(available)));
	return rc;
}

static json_t *json_unit_score(const struct findings *f, const struct unit_score *u)
{
	json_t *o = json_object(), *points = json_array();
	double before;
	int rc = put(o, "unit", json_pair("id", jstr_or_null(u->unit_id), "name", jstr_or_null(u->unit_name)));
	rc |= put_score(o, u->earned, u->available);
	rc |= put(o, "previous", findings_prev_score(f, u->unit_id, &before) ? json_real(before) : json_null());
	for (size_t i = 0; points && i < u->n_parts; i++) {
		json_t *p = json_object();
		int prc = put(p, "clause", jstr(u->parts[i].clause));
		prc |= put_score(p, u->parts[i].earned, u->parts[i].available);
		if (prc != 0) {
			json_decref(p);
			rc = -1;
		} else if (json_array_append_new(points, p) != 0)
			rc = -1;
	}
	rc |= put(o, "points", points);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The whole document, or NULL when out of memory. The caller json_decref()s it. */
static json_t *json_document(const struct findings *f)
{
	json_t *root = json_object();
	int rc = put(root, "yaodian", json_integer(3));
	rc |= put(root, "plan", json_pair("id", jstr_or_null(f->plan_id),
	                                  "title", jstr_or_null(f->plan_title)));
	json_t *period = json_pair("label", jstr(f->period.label), "from", jdate(f->period.from));
	rc |= put(period, "to", jdate(f->period.to));
	rc |= put(root, "period", period);
	rc |= put(root, "as_of", f->as_of[0] ? jstr(f->as_of) : json_null());
	rc |= put(root, "previous", f->prev_run ? json_pair("run", json_integer(f->prev_run),
							     "period", jstr(f->prev_period)) : json_null());
	rc |= put(root, "counts", json_counts(f));
	rc |= put(root, "scores", json_one("units", json_array()));
	rc |= put(root, "findings", json_array());
	if (rc != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* One element of an array whose elements sit indent spaces deep: jansson's text of it alone,
 * each line indented by that much (a newline inside a JSON text is always layout; strings
 * escape theirs), after "\n" or ",\n". Takes v. 0 or -1. */
static int json_stream_element(FILE *out, json_t *v, int indent, bool first)
{
	char *text = v ? json_dumps(v, JSON_FLAGS) : NULL;
	json_decref(v);
	if (!text)
		return -1;
	fprintf(out, "%s%*s", first ? "\n" : ",\n", indent, "");
	for (const char *p = text; *p;) {   /* a line at a time: fputc per byte took a fifth of a big check */
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		fwrite(p, 1, n, out);
		if (nl)
			fprintf(out, "%*s", indent, "");
		p += n;
	}
	free(text);
	return 0;
}

/* The end of an array streamed with json_stream_element: "]" alone when it was empty. */
static void json_stream_end(FILE *out, int indent, bool empty)
{
	if (empty)
		fputc(']', out);
	else
		fprintf(out, "\n%*s]", indent - 2, "");
}

/* scores.units, streamed (see score.h and schemas/findings.schema.json). 0 or -1. */
static int json_stream_scores(FILE *out, const struct findings *f, const struct scores *s)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->n; i++)
		rc = json_stream_element(out, json_unit_score(f, &s->units[i]), 6, i == 0);
	json_stream_end(out, 6, s->n == 0);
	return rc;
}

/* The findings, streamed from f in check order. 0 or -1. */
static int json_stream_findings(FILE *out, const struct findings *f)
{
	struct findings_cursor c = {0};
	struct json_parts p;
	int rc = parts_init(&p, 4) < 0 ? -1 : findings_open(&c, f, FO_CHECK);
	const struct finding *x;
	bool first = true;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		rc = json_write_finding(out, &p, x, first);
		first = false;
	}
	if (c.failed)
		rc = -1;
	findings_close(&c);
	parts_free(&p);
	json_stream_end(out, 4, first);
	return rc;
}

/* The document is written as jansson writes it whole, but its two long arrays are streamed:
 * the rest is dumped with scores.units and findings (the last key) empty, and the units'
 * scores and then the findings are written into those arrays one by one. */
int report_json(FILE *out, const struct findings *f)
{
	static const char units[] = "\"units\": []", tail[] = "[]\n}";
	struct scores s = {0};
	if (score_compute(f, &s) != 0)
		return -1;
	json_t *root = json_document(f);
	char *head = root ? json_dumps(root, JSON_FLAGS) : NULL;
	json_decref(root);
	size_t len = head ? strlen(head) : 0;
	const char *u = head ? strstr(head, units) : NULL;
	int rc = -1;
	if (u && len >= sizeof tail - 1 && strcmp(head + len - (sizeof tail - 1), tail) == 0) {
		const char *after_units = u + sizeof units - 2;   /* the units' closing ']' */
		fwrite(head, 1, (size_t)(after_units - head), out);
		rc = json_stream_scores(out, f, &s);
		after_units++;
		fwrite(after_units, 1, (size_t)(head + len - (sizeof tail - 1) + 1 - after_units), out);
		if (rc == 0)
			rc = json_stream_findings(out, f);
		fputs("\n}\n", out);
	}
	free(head);
	scores_free(&s);
	return rc == 0 && !ferror(out) ? 0 : -1;
}
