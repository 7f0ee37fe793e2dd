/* report_xlsx.c — check findings as a workbook written with libxlsxwriter: 汇总 ranks the units
 * by score, 得分 gives each unit's score per work point, 问题清单 lists every finding with the
 * columns of the CSV report (report_csv.h), filtered and coloured by status, 豁免 the waivers,
 * 义务 each obligation of the plan with how its findings came out (report_oblig.h). */
#include "report_xlsx.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "diag.h"
#include "lang.h"
#include "report_csv.h"
#include "report_oblig.h"
#include "score.h"
#include "textwidth.h"
#include "xlsxout.h"

#define WIDTH_MAX 60   /* widest a column grows, in character columns */

/* One workbook being written. */
struct xbook {
	struct xlsxout x;    /* the workbook, written atomically */
	lxw_format *head, *num1, *num2, *change, *status[ST_COUNT];
	const struct findings *f;
	struct scores s;
	size_t *rank;        /* indices into s.units, best score first */
	size_t (*counts)[ST_COUNT];   /* the count of each status per unit, parallel to s.units */
};

/* Keeps the first libxlsxwriter error. Returns 0 for LXW_NO_ERROR, else -1. */
static int xlsx_ok(struct xbook *b, lxw_error e) { return xlsxout_ok(&b->x, e); }

/* Writes s (valid UTF-8 made of it; NULL as empty) as a text cell. */
static int xlsx_text(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	char *clean = textwidth_clean(s ? s : "", 0);
	if (!clean)
		return xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	int rc = xlsx_ok(b, worksheet_write_string(ws, r, c, clean, fmt));
	free(clean);
	return rc;
}

static int xlsx_header(struct xbook *b, lxw_worksheet *ws, const char *const *names, size_t n)
{
	for (size_t c = 0; c < n; c++)
		if (xlsx_text(b, ws, 0, (lxw_col_t)c, names[c], b->head) < 0)
			return -1;
	worksheet_freeze_panes(ws, 1, 0);
	return 0;
}

/* ---- formats ---- */

/* Font and fill per status: green pass, red fail, amber pending, grey N/A, blue waived,
 * dark red error. */
static void xlsx_formats(struct xbook *b)
{
	static const struct { lxw_color_t font, fill; } colours[ST_COUNT] = {
		{0x006100, 0xC6EFCE}, {0x9C0006, 0xFFC7CE}, {0x9C5700, 0xFFEB9C},
		{0x595959, 0xEDEDED}, {0x1F4E78, 0xDDEBF7}, {0xFFFFFF, 0xC00000}};
	b->head = workbook_add_format(b->x.wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xD9E1F2);
	format_set_border(b->head, LXW_BORDER_THIN);
	b->num1 = workbook_add_format(b->x.wb);
	format_set_num_format(b->num1, "0.0");
	b->change = workbook_add_format(b->x.wb);
	format_set_num_format(b->change, "+0.0;\u22120.0;0.0");
	b->num2 = workbook_add_format(b->x.wb);
	format_set_num_format(b->num2, "0.00");
	for (int s = 0; s < ST_COUNT; s++) {
		b->status[s] = workbook_add_format(b->x.wb);
		format_set_font_color(b->status[s], colours[s].font);
		format_set_bg_color(b->status[s], colours[s].fill);
	}
}

/* ---- ranking ---- */

static const struct scores *sort_scores;   /* for rank_cmp: qsort takes no context */

/* A unit's score, or -1 when nothing of it was judged (such units come last). */
static double unit_score(const struct unit_score *u)
{
	double v;
	return score_value(u->earned, u->available, &v) ? v : -1;
}

/* Higher score first, ties by unit id. */
static int rank_cmp(const void *pa, const void *pb)
{
	const struct unit_score *a = &sort_scores->units[*(const size_t *)pa];
	const struct unit_score *b = &sort_scores->units[*(const size_t *)pb];
	double sa = unit_score(a), sb = unit_score(b);
	if (sa != sb)
		return sa > sb ? -1 : 1;
	return strcmp(a->unit_id ? a->unit_id : "", b->unit_id ? b->unit_id : "");
}

/* Computes the scores, each unit's counts and b->rank. 0, or -1 when out of memory or the
 * findings cannot be read. */
static int xlsx_rank(struct xbook *b)
{
	if (score_compute(b->f, &b->s) != 0)
		return -1;
	if (!(b->rank = malloc((b->s.n ? b->s.n : 1) * sizeof *b->rank)) ||
	    !(b->counts = calloc(b->s.n ? b->s.n : 1, sizeof *b->counts)) ||
	    score_unit_counts(b->f, &b->s, b->counts) < 0)
		return -1;
	for (size_t i = 0; i < b->s.n; i++)
		b->rank[i] = i;
	sort_scores = &b->s;
	qsort(b->rank, b->s.n, sizeof *b->rank, rank_cmp);
	sort_scores = NULL;
	return 0;
}

/* ---- 汇总: the units ranked ---- */

/* The columns: rank, unit, score, points, the count of each status, then (when an earlier check
 * was saved) the unit's score in it and the change since. */
enum { SUM_RANK, SUM_ID, SUM_NAME, SUM_SCORE, SUM_EARNED, SUM_AVAIL, SUM_STATUS,
       SUM_PREV = SUM_STATUS + ST_COUNT, SUM_CHANGE, SUM_NCOLS };

/* Row r of the summary: the unit's rank (shared by equal scores; none without a score). */
static int summary_row(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, size_t *rank)
{
	const struct unit_score *u = &b->s.units[b->rank[r - 1]];
	const size_t *counts = b->counts[b->rank[r - 1]];
	double v = unit_score(u);
	if (r == 1 || v != unit_score(&b->s.units[b->rank[r - 2]]))
		*rank = r;
	int rc = v >= 0 ? xlsx_ok(b, worksheet_write_number(ws, r, SUM_RANK, (double)*rank, NULL)) : 0;
	rc |= xlsx_text(b, ws, r, SUM_ID, u->unit_id, NULL);
	rc |= xlsx_text(b, ws, r, SUM_NAME, u->unit_name, NULL);
	if (v >= 0)
		rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_SCORE, v, b->num1));
	rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_EARNED, score_round2(u->earned), b->num2));
	rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_AVAIL, score_round2(u->available), b->num2));
	for (int s = 0; s < ST_COUNT; s++)
		rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_STATUS + s, (double)counts[s], NULL));
	double before;
	if (findings_prev_score(b->f, u->unit_id, &before)) {
		rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_PREV, before, b->num1));
		if (v >= 0)
			rc |= xlsx_ok(b, worksheet_write_number(ws, r, SUM_CHANGE, score_change(before, v), b->change));
	}
	return rc ? -1 : 0;
}

static int xlsx_summary(struct xbook *b, lxw_worksheet *ws)
{
	const char *names[SUM_NCOLS] = {tr("名次", "Rank"), tr("单位编号", "Unit id"), tr("单位名称", "Unit name"),
					tr("得分", "Score"), tr("得分点数", "Earned"), tr("应得点数", "Available")};
	for (int s = 0; s < ST_COUNT; s++)
		names[SUM_STATUS + s] = status_label(s);
	char prev[96], change[96];
	snprintf(prev, sizeof prev, tr("%s 得分", "%s score"), b->f->prev_run ? b->f->prev_period : tr("上次", "Previous"));
	snprintf(change, sizeof change, tr("较 %s", "vs %s"), b->f->prev_run ? b->f->prev_period : tr("上次", "previous"));
	names[SUM_PREV] = prev;
	names[SUM_CHANGE] = change;
	if (xlsx_header(b, ws, names, SUM_NCOLS) < 0)
		return -1;
	size_t rank = 0;
	for (size_t i = 0; i < b->s.n; i++)
		if (summary_row(b, ws, (lxw_row_t)(i + 1), &rank) < 0)
			return -1;
	int rc = xlsx_ok(b, worksheet_set_column(ws, SUM_RANK, SUM_RANK, 6, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, SUM_ID, SUM_ID, 12, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, SUM_NAME, SUM_NAME, 28, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, SUM_SCORE, SUM_NCOLS - 1, 10, NULL));
	return rc ? -1 : 0;
}

/* ---- 得分: units × work points ---- */

/* The work points of every unit, each once, in the order they first appear. Their clause
 * strings go into *out (borrowed from the findings); returns how many, or -1 out of memory. */
static long score_points(const struct scores *s, const struct score_part ***out)
{
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < s->n; i++)
		cap += s->units[i].n_parts;
	const struct score_part **v = malloc((cap ? cap : 1) * sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->units[i].n_parts; k++) {
			const struct score_part *p = &s->units[i].parts[k];
			size_t j = 0;
			while (j < n && strcmp(v[j]->clause ? v[j]->clause : "", p->clause ? p->clause : "") != 0)
				j++;
			if (j == n)
				v[n++] = p;
		}
	*out = v;
	return (long)n;
}

static int point_cell(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct unit_score *u,
		      const char *clause)
{
	double v;
	for (size_t k = 0; k < u->n_parts; k++)
		if (strcmp(u->parts[k].clause ? u->parts[k].clause : "", clause ? clause : "") == 0)
			return score_value(u->parts[k].earned, u->parts[k].available, &v) ?
				xlsx_ok(b, worksheet_write_number(ws, r, c, v, b->num1)) : 0;
	return 0;
}

static int xlsx_points(struct xbook *b, lxw_worksheet *ws)
{
	const struct score_part **pts = NULL;
	long np = score_points(&b->s, &pts);
	if (np < 0)
		return xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	char head[512];
	int rc = xlsx_text(b, ws, 0, 0, tr("单位编号", "Unit id"), b->head);
	rc |= xlsx_text(b, ws, 0, 1, tr("单位名称", "Unit name"), b->head);
	rc |= xlsx_text(b, ws, 0, 2, tr("总分", "Total"), b->head);
	for (long k = 0; k < np; k++) {
		snprintf(head, sizeof head, "%s%s%s", pts[k]->clause ? pts[k]->clause : "",
			 pts[k]->clause_title ? " " : "", pts[k]->clause_title ? pts[k]->clause_title : "");
		rc |= xlsx_text(b, ws, 0, (lxw_col_t)(3 + k), head, b->head);
	}
	for (size_t i = 0; rc == 0 && i < b->s.n; i++) {
		const struct unit_score *u = &b->s.units[b->rank[i]];
		lxw_row_t r = (lxw_row_t)(i + 1);
		double v;
		rc |= xlsx_text(b, ws, r, 0, u->unit_id, NULL);
		rc |= xlsx_text(b, ws, r, 1, u->unit_name, NULL);
		if (score_value(u->earned, u->available, &v))
			rc |= xlsx_ok(b, worksheet_write_number(ws, r, 2, v, b->num1));
		for (long k = 0; k < np; k++)
			rc |= point_cell(b, ws, r, (lxw_col_t)(3 + k), u, pts[k]->clause);
	}
	free(pts);
	worksheet_freeze_panes(ws, 1, 3);
	rc |= xlsx_ok(b, worksheet_set_column(ws, 0, 0, 12, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, 1, 1, 28, NULL));
	if (np > 0)
		rc |= xlsx_ok(b, worksheet_set_column(ws, 2, (lxw_col_t)(2 + np), 14, NULL));
	return rc ? -1 : 0;
}

/* Calls row(b, ws, r, x, ud) for each finding x in check order, r counting from 1 and
 * growing by one for each finding row() wrote (it returns 1 for written, 0 for skipped,
 * -1 for an error). Returns the number of rows written, or -1. */
static long each_finding(struct xbook *b, lxw_worksheet *ws,
			 int (*row)(struct xbook *, lxw_worksheet *, lxw_row_t, const struct finding *, void *), void *ud)
{
	struct findings_cursor cur;
	const struct finding *x;
	lxw_row_t r = 1;
	if (findings_open(&cur, b->f, FO_CHECK) < 0)
		return xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	int rc = 0;
	while (rc >= 0 && (x = findings_next(&cur)) != NULL)
		if ((rc = row(b, ws, r, x, ud)) > 0)
			r++;
	if (rc >= 0 && cur.failed)
		rc = xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	findings_close(&cur);
	return rc < 0 ? -1 : (long)r - 1;
}

/* ---- 问题清单: every finding ---- */

/* One finding on row r, its cells' widths kept in width[]. */
static int finding_row(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, const struct finding *x, void *ud)
{
	size_t *width = ud;
	for (int c = 0; c < RCSV_NCOLS; c++) {
		if (report_csv_numeric(c)) {
			if (xlsx_ok(b, worksheet_write_number(ws, r, c, x->points, NULL)) < 0)
				return -1;
			continue;
		}
		char *cell = report_csv_cell(x, c);
		lxw_format *fmt = c == RCSV_STATUS && (unsigned)x->status < ST_COUNT ? b->status[x->status] : NULL;
		int rc = cell ? xlsx_ok(b, worksheet_write_string(ws, r, c, cell, fmt)) :
				xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		if (cell && textwidth(cell) > width[c])
			width[c] = textwidth(cell);
		free(cell);
		if (rc < 0)
			return -1;
	}
	return 1;
}

static int xlsx_findings(struct xbook *b, lxw_worksheet *ws)
{
	const char *names[RCSV_NCOLS];
	size_t width[RCSV_NCOLS];
	for (int c = 0; c < RCSV_NCOLS; c++) {
		names[c] = report_csv_header(c);
		width[c] = textwidth(names[c]) + 2;   /* room for the filter button */
	}
	if (xlsx_header(b, ws, names, RCSV_NCOLS) < 0)
		return -1;
	if (each_finding(b, ws, finding_row, width) < 0)
		return -1;
	int rc = xlsx_ok(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)b->f->n, RCSV_NCOLS - 1));
	for (int c = 0; c < RCSV_NCOLS; c++)
		rc |= xlsx_ok(b, worksheet_set_column(ws, c, c, (double)(width[c] > WIDTH_MAX ? WIDTH_MAX : width[c]) + 1, NULL));
	return rc ? -1 : 0;
}

/* ---- 豁免: the waived findings ---- */

static const enum report_csv_col WAIVER_COLS[] = {RCSV_UNIT_ID, RCSV_UNIT_NAME, RCSV_RULE, RCSV_FROM, RCSV_TO, RCSV_WAIVER};
enum { NW = sizeof WAIVER_COLS / sizeof WAIVER_COLS[0] };

/* The WAIVER_COLS of finding x on row r when it is waived (1), else nothing (0); -1. */
static int waiver_row(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, const struct finding *x, void *ud)
{
	(void)ud;
	if (x->status != ST_WAIVED)
		return 0;
	for (size_t c = 0; c < NW; c++) {
		char *cell = report_csv_cell(x, WAIVER_COLS[c]);
		int rc = cell ? xlsx_ok(b, worksheet_write_string(ws, r, (lxw_col_t)c, cell, NULL)) :
				xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		free(cell);
		if (rc < 0)
			return -1;
	}
	return 1;
}

static int xlsx_waivers(struct xbook *b, lxw_worksheet *ws)
{
	const char *names[NW];
	for (size_t c = 0; c < NW; c++)
		names[c] = report_csv_header(WAIVER_COLS[c]);
	if (xlsx_header(b, ws, names, NW) < 0 || each_finding(b, ws, waiver_row, NULL) < 0)
		return -1;
	int rc = xlsx_ok(b, worksheet_set_column(ws, 0, 0, 12, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, 1, 1, 28, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, 2, NW - 1, 16, NULL));
	return rc ? -1 : 0;
}

/* ---- 义务: each obligation of the plan and how its findings came out ---- */

/* Obligation i on row r: id, clause, words, how, then the outcome counts (or, for an excused
 * one, its reason in the first count's column). */
static int oblig_row(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, size_t i, const size_t *counts)
{
	const struct oblig_note *o = &b->f->obligs[i];
	int rc = xlsx_text(b, ws, r, 0, o->id, NULL);
	rc |= xlsx_text(b, ws, r, 1, o->clause, NULL);
	rc |= xlsx_text(b, ws, r, 2, o->words, NULL);
	rc |= xlsx_text(b, ws, r, 3, report_oblig_how(o->how), NULL);
	if (o->how == 2)   /* excused: enum oblig_how */
		return rc | xlsx_text(b, ws, r, 4, o->reason, NULL);
	for (int k = 0; k < OC_COUNT; k++)
		rc |= xlsx_ok(b, worksheet_write_number(ws, r, (lxw_col_t)(4 + k), (double)counts[i * OC_COUNT + (size_t)k], NULL));
	return rc ? -1 : 0;
}

static int xlsx_obligations(struct xbook *b, lxw_worksheet *ws)
{
	size_t nh, self;
	const char *const *names = report_oblig_headers(&nh);
	size_t *counts = report_oblig_tally(b->f, &self);
	if (!counts)
		return xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	int rc = xlsx_header(b, ws, names, nh);
	for (size_t i = 0; rc == 0 && i < b->f->n_obligs; i++)
		rc = oblig_row(b, ws, (lxw_row_t)(i + 1), i, counts);
	free(counts);
	if (rc < 0)
		return -1;
	rc = xlsx_ok(b, worksheet_set_column(ws, 0, 1, 9, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, 2, 2, WIDTH_MAX, NULL));
	rc |= xlsx_ok(b, worksheet_set_column(ws, 3, (lxw_col_t)(nh - 1), 10, NULL));
	return rc ? -1 : 0;
}

/* ---- the workbook ---- */

static int xlsx_fill(struct xbook *b)
{
	lxw_worksheet *sum = workbook_add_worksheet(b->x.wb, tr("汇总", "Summary"));
	lxw_worksheet *pts = workbook_add_worksheet(b->x.wb, tr("得分", "Scores"));
	lxw_worksheet *lst = workbook_add_worksheet(b->x.wb, tr("问题清单", "Findings"));
	lxw_worksheet *wv = workbook_add_worksheet(b->x.wb, tr("豁免", "Waivers"));
	lxw_worksheet *ob = workbook_add_worksheet(b->x.wb, tr("义务", "Obligations"));
	if (!sum || !pts || !lst || !wv || !ob || xlsx_rank(b) < 0)
		return xlsx_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	xlsx_formats(b);
	if (xlsx_summary(b, sum) < 0 || xlsx_points(b, pts) < 0 || xlsx_findings(b, lst) < 0 || xlsx_waivers(b, wv) < 0 ||
	    xlsx_obligations(b, ob) < 0)
		return -1;
	return 0;
}

int report_xlsx(const char *path, const struct findings *f)
{
	struct xbook b = {.f = f};
	if (xlsxout_open_rows(&b.x, path) < 0)   /* every sheet is written row by row */
		return -1;
	int rc = xlsxout_close(&b.x, xlsx_fill(&b));
	free(b.rank);
	free(b.counts);
	scores_free(&b.s);
	return rc;
}
