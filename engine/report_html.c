/* report_html.c — the printed report (report_html.h): one HTML page with its CSS inline and
 * no script, laid out for A4. Every piece of text from the records, the rules or the plan
 * goes through report_html_escape, so a hostile message prints as text. */
#include "report_html.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "lang.h"
#include "report_oblig.h"
#include "score.h"
#include "vec.h"

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

/* The page's style: A4 with page numbers in the footer (where the browser supports margin
 * boxes), table headers repeated on each page, a new page for each unit, colours kept when
 * printed. Score bands: see band(). */
static const char CSS[] =
	"@page { size: A4; margin: 14mm 10mm 16mm 10mm;\n"
	"  @bottom-center { content: counter(page) \" / \" counter(pages); font-size: 8pt; color: #555; } }\n"
	"* { box-sizing: border-box; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; background: #fff; }\n"
	"body { margin: 0 auto; max-width: 190mm; color: #111; font-size: 10pt; line-height: 1.5;\n"
	"  font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Noto Sans SC\", \"Microsoft YaHei\",\n"
	"  \"PingFang SC\", \"Noto Sans\", sans-serif; overflow-wrap: anywhere; }\n"
	"h1 { font-size: 17pt; margin: 0 0 2mm; line-height: 1.3; }\n"
	"h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1.5px solid #333; break-after: avoid; }\n"
	"h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }\n"
	"p { margin: 1mm 0; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; }\n"
	"th, td { border: 1px solid #999; padding: 0.6mm 1.2mm; text-align: left; vertical-align: top; }\n"
	"th { background: #eee; font-weight: bold; }\n"
	"td.num, th.num { text-align: right; white-space: nowrap; }\n"
	"table.meta th { width: 22mm; }\n"
	"table.grid { table-layout: fixed; font-size: 8.5pt; }\n"
	"table.grid th, table.grid td { text-align: center; padding: 0.6mm 0.3mm; }\n"
	"table.grid th.unit, table.grid td.unit { text-align: left; width: 34mm; padding-left: 1mm; }\n"
	"table.grid th.total { width: 12mm; }\n"
	".good { background: #cdebc9; color: #124d12; }\n"
	".warn { background: #fbe7a6; color: #5c4300; }\n"
	".bad { background: #f4c0c0; color: #7a1010; }\n"
	".none { background: #e4e4e4; color: #555; }\n"
	".legend span { display: inline-block; padding: 0 1.5mm; margin-right: 1.5mm; border: 1px solid #999; }\n"
	".key { font-size: 8.5pt; color: #333; }\n"
	"section.unit { break-before: page; }\n"
	".item { border: 1px solid #999; border-left: 2.5mm solid #999; margin: 0 0 2.5mm; padding: 1mm 2mm; break-inside: avoid; }\n"
	".item.fail, .item.error { border-left-color: #b71c1c; }\n"
	".item.pending { border-left-color: #c99700; }\n"
	".item.waived { border-left-color: #777; }\n"
	".item .head { font-weight: bold; }\n"
	".item table { font-size: 9pt; margin: 1mm 0 0; }\n"
	".item table th { width: 20mm; white-space: nowrap; background: #f4f4f4; font-weight: normal; }\n"
	".status { display: inline-block; padding: 0 1.5mm; margin-right: 1.5mm; font-size: 9pt; border: 1px solid #999; }\n"
	".clause { color: #333; margin-left: 1.5mm; font-weight: normal; }\n"
	"ul.lines { margin: 0; padding-left: 5mm; font-size: 9pt; }\n"
	"ul.lines li { break-inside: avoid; }\n"
	".muted { color: #555; }\n"
	".nowrap { white-space: nowrap; }\n";

int report_html_escape(FILE *out, const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen((const char *)p);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0) {
			cp = -1;   /* not valid UTF-8: one byte becomes U+FFFD */
			n = 1;
		}
		switch (cp) {
		case '&':  fputs("&amp;", out); break;
		case '<':  fputs("&lt;", out); break;
		case '>':  fputs("&gt;", out); break;
		case '"':  fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if (cp < 0 || (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f))
				fputs(REPLACEMENT, out);
			else
				fwrite(p, 1, (size_t)n, out);
		}
		p += n;
		left -= n;
	}
	return ferror(out) ? -1 : 0;
}

/* open, then s escaped, then close (open and close are markup, written as they are). */
static void tag(FILE *out, const char *open, const char *s, const char *close)
{
	fputs(open, out);
	report_html_escape(out, s);
	fputs(close, out);
}

/* ---- findings grouped by unit ---- */

/* The units in the order their first finding was judged (unit_id NULL: findings of no unit,
 * such as a broken rule file), each with its name, its count of each status and its score
 * (NULL when none). Only these, never the findings: a department may have a thousand units
 * and a million findings. */
struct group {
	char *unit_id, *unit_name;   /* owned */
	size_t counts[ST_COUNT];
	const struct unit_score *score;
};

struct groups {
	struct group *g;
	size_t n, cap;
	size_t counts[ST_COUNT];     /* of every finding */
};

static bool same_unit(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void groups_free(struct groups *gs)
{
	for (size_t i = 0; i < gs->n; i++)
		free(gs->g[i].unit_id), free(gs->g[i].unit_name);
	free(gs->g);
	memset(gs, 0, sizeof *gs);
}

/* A new group for x's unit at the end of gs. 0 or -1 (out of memory). */
static int group_add(struct groups *gs, const struct finding *x)
{
	if (vec_reserve(&gs->g, &gs->cap, gs->n + 1, sizeof *gs->g) < 0)
		return -1;
	struct group *g = &gs->g[gs->n++];
	*g = (struct group){.unit_id = x->unit_id ? strdup(x->unit_id) : NULL,
			    .unit_name = x->unit_name ? strdup(x->unit_name) : NULL};
	return (!x->unit_id || g->unit_id) && (!x->unit_name || g->unit_name) ? 0 : -1;
}

/* Groups f's findings by unit, reading them once grouped by unit (FO_UNIT: each unit's
 * findings together, the units in the order they first appear), and gives each group its
 * score in s (whose units come in that order too). 0, or -1 when out of memory or the
 * findings cannot be read. */
static int groups_build(struct groups *gs, const struct findings *f, const struct scores *s)
{
	struct findings_cursor c;
	const struct finding *x;
	memset(gs, 0, sizeof *gs);
	if (findings_open(&c, f, FO_UNIT) < 0)
		return -1;
	int rc = 0;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		if ((!gs->n || !same_unit(gs->g[gs->n - 1].unit_id, x->unit_id)) && (rc = group_add(gs, x)) < 0)
			break;
		if ((unsigned)x->status < ST_COUNT)
			gs->g[gs->n - 1].counts[x->status]++, gs->counts[x->status]++;
	}
	if (c.failed)
		rc = -1;
	findings_close(&c);
	for (size_t i = 0, u = 0; rc == 0 && i < gs->n; i++)
		if (gs->g[i].unit_id && u < s->n && strcmp(s->units[u].unit_id, gs->g[i].unit_id) == 0)
			gs->g[i].score = &s->units[u++];
	if (rc < 0)
		groups_free(gs);
	return rc;
}

static const char *unit_label(const struct group *g)
{
	if (!g->unit_id)
		return tr("未归属单位(规则文件)", "No unit (rule files)");
	return g->unit_name && *g->unit_name ? g->unit_name : g->unit_id;
}

/* ---- scores ---- */

/* The colour band of a score: ≥ 90 good, ≥ 60 warn, below bad, none when nothing was
 * judged (the legend in write_grid says the same). The score goes to *v. */
static const char *band(double earned, double available, double *v)
{
	if (!score_value(earned, available, v))
		return "none";
	return *v >= 90 ? "good" : *v >= 60 ? "warn" : "bad";
}

static void score_cell(FILE *out, const char *cls, double earned, double available)
{
	double v;
	const char *b = band(earned, available, &v);
	fprintf(out, "<td class=\"%s%s%s\">", cls, *cls ? " " : "", b);
	if (strcmp(b, "none") == 0)
		fputs("—", out);
	else
		fprintf(out, "%.1f", v);
	fputs("</td>", out);
}

static double unit_value(const struct group *g)
{
	double v;
	return g->score && score_value(g->score->earned, g->score->available, &v) ? v : -1;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a, *y = *(const struct group *const *)b;
	double u = unit_value(x), v = unit_value(y);
	if (u != v)
		return u < v ? 1 : -1;
	return (x > y) - (x < y);   /* the groups are in the order the units first appear */
}

/* ---- the parts of the page ---- */

void report_html_page_begin(FILE *out, const char *title)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		tr("zh-CN", "en"));
	tag(out, "<title>", title, "</title>\n");
	fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n", CSS);
}

int report_html_page_end(FILE *out)
{
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}

static void write_head(FILE *out, const struct findings *f, const char *title)
{
	char buf[512];
	snprintf(buf, sizeof buf, tr("%s %s 检查报告", "%s %s check report"), title, f->period.label);
	report_html_page_begin(out, buf);
}

static void meta_row(FILE *out, const char *name, const char *value)
{
	tag(out, "<tr><th>", name, "</th>");
	tag(out, "<td>", value, "</td></tr>\n");
}

static void write_title(FILE *out, const struct findings *f, const char *title, time_t generated)
{
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN], buf[256], when[64];
	struct tm tm;
	date_format(f->period.from, from);
	date_format(f->period.to, to);
	if (!localtime_r(&generated, &tm) || strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
		strcpy(when, "-");
	tag(out, "<header>\n<h1>", title, "</h1>\n");
	tag(out, "<p>", tr("工作要点落实情况检查报告", "Work plan check report"), "</p>\n");
	fputs("<table class=\"meta\">\n", out);
	snprintf(buf, sizeof buf, tr("%s(%s 至 %s)", "%s (%s to %s)"), f->period.label, from, to);
	meta_row(out, tr("检查时段", "Period"), buf);
	meta_row(out, tr("截至日期", "As of"), f->as_of[0] ? f->as_of : "-");
	meta_row(out, tr("生成时间", "Generated"), when);
	snprintf(buf, sizeof buf, "%s%s%s", f->plan_id ? f->plan_id : "", f->rules_hash[0] ? tr(",规则集标识 ", ", rule set ") : "",
		 f->rules_hash);
	meta_row(out, tr("规则", "Rules"), buf);
	fputs("</table>\n</header>\n", out);
}

static void write_counts(FILE *out, const size_t counts[ST_COUNT], size_t total)
{
	fputs("<table class=\"counts\">\n<thead><tr>", out);
	tag(out, "<th class=\"num\">", tr("合计", "Total"), "</th>");
	for (int s = 0; s < ST_COUNT; s++)
		tag(out, "<th class=\"num\">", status_label(s), "</th>");
	fprintf(out, "</tr></thead>\n<tbody><tr><td class=\"num\">%zu</td>", total);
	for (int s = 0; s < ST_COUNT; s++)
		fprintf(out, "<td class=\"num\">%zu</td>", counts[s]);
	fputs("</tr></tbody>\n</table>\n", out);
}

/* The ranking's last column when an earlier check was saved: "较 2020Q3". */
static void write_change_head(FILE *out, const struct findings *f)
{
	char buf[96];
	if (!f->prev_run)
		return;
	snprintf(buf, sizeof buf, tr("较 %s", "vs %s"), f->prev_period);
	tag(out, "<th class=\"num\">", buf, "</th>");
}

/* The change of g's score since the earlier saved check ("+3.5", "−2.0"), or "—". */
static void write_change(FILE *out, const struct findings *f, const struct group *g)
{
	double before, now;
	char buf[32] = "—";
	if (!f->prev_run)
		return;
	if (g->score && findings_prev_score(f, g->unit_id, &before) &&
	    score_value(g->score->earned, g->score->available, &now))
		score_change_text(before, now, buf, sizeof buf);
	tag(out, "<td class=\"num\">", buf, "</td>");
}

/* The trend column's head when earlier checks were saved. */
static void write_trend_head(FILE *out, const struct findings *f)
{
	if (f->n_trend_periods)
		tag(out, "<th>", tr("走势", "Trend"), "</th>");
}

/* g's score in each saved earlier check and in this one, as an inline SVG line (no script):
 * 100 wide and 30 high, a point per check where the unit had a score, the scores in its title. */
static void write_trend(FILE *out, const struct findings *f, const struct group *g)
{
	if (!f->n_trend_periods)
		return;
	size_t np = f->n_trend_periods + 1, n = 0;
	double x[64], y[64];
	char title[1024] = "";
	size_t o = 0;
	for (size_t i = 0; i < f->n_trend && n < 63; i++) {
		const struct trend_point *p = &f->trend[i];
		if (!g->unit_id || strcmp(p->unit_id, g->unit_id) != 0)
			continue;
		x[n] = 4 + 92.0 * (double)p->run / (double)(np - 1), y[n++] = 27 - 0.24 * p->score;
		o += (size_t)snprintf(title + o, o < sizeof title ? sizeof title - o : 0, "%s %.1f, ", f->trend_periods[p->run], p->score);
	}
	double now;
	if (g->score && score_value(g->score->earned, g->score->available, &now)) {
		x[n] = 96, y[n++] = 27 - 0.24 * now;
		snprintf(title + (o < sizeof title ? o : sizeof title - 1), o < sizeof title ? sizeof title - o : 1, "%s %.1f",
			 f->period.label, now);
	}
	fputs("<td class=\"trend\"><svg width=\"100\" height=\"30\" "
	      "viewBox=\"0 0 100 30\" role=\"img\"><title>", out);
	report_html_escape(out, title);
	fputs("</title><polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" points=\"", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", x[i], y[i]);
	fputs("\"/>", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"#1f5fa8\"/>", x[i], y[i]);
	fputs("</svg></td>", out);
}

/* Units by score, highest first; equal scores share a rank (1, 2, 2, 4); units with no
 * score come last, unranked. 0, or -1 when out of memory. */
static int write_ranking(FILE *out, const struct findings *f, const struct groups *gs)
{
	const struct group **r = malloc((gs->n ? gs->n : 1) * sizeof *r);
	size_t n = 0, rank = 0;
	if (!r)
		return -1;
	for (size_t i = 0; i < gs->n; i++)
		if (gs->g[i].unit_id)
			r[n++] = &gs->g[i];
	qsort(r, n, sizeof *r, cmp_rank);
	tag(out, "<h3>", tr("单位得分排名", "Units ranked by score"), "</h3>\n<table class=\"rank\">\n<thead><tr>");
	tag(out, "<th class=\"num\">", tr("名次", "Rank"), "</th>");
	tag(out, "<th>", tr("单位", "Unit"), "</th>");
	tag(out, "<th class=\"num\">", tr("得分", "Score"), "</th>");
	tag(out, "<th class=\"num\">", tr("得分/应得", "Earned/available"), "</th>");
	tag(out, "<th class=\"num\">", status_label(ST_FAIL), "</th>");
	tag(out, "<th class=\"num\">", status_label(ST_PENDING), "</th>");
	write_change_head(out, f);
	write_trend_head(out, f);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < n; i++) {
		double v = unit_value(r[i]);
		if (i == 0 || v != unit_value(r[i - 1]))
			rank = i + 1;
		if (v < 0)
			fputs("<tr><td class=\"num\">—</td>", out);
		else
			fprintf(out, "<tr><td class=\"num\">%zu</td>", rank);
		tag(out, "<td>", unit_label(r[i]), "</td>");
		double e = r[i]->score ? r[i]->score->earned : 0, a = r[i]->score ? r[i]->score->available : 0;
		score_cell(out, "num", e, a);
		fprintf(out, "<td class=\"num\">%g/%g</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>",
			score_round2(e), score_round2(a), r[i]->counts[ST_FAIL], r[i]->counts[ST_PENDING]);
		write_change(out, f, r[i]);
		write_trend(out, f, r[i]);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	free(r);
	return 0;
}

/* The work points (clauses) of all units, in the order they first appear; the strings point
 * into the scores. *n gets their number. NULL when out of memory. */
static const struct score_part **grid_columns(const struct scores *s, size_t *n)
{
	size_t cap = 0;
	for (size_t u = 0; u < s->n; u++)
		cap += s->units[u].n_parts;
	const struct score_part **cols = malloc((cap ? cap : 1) * sizeof *cols);
	*n = 0;
	for (size_t u = 0; cols && u < s->n; u++)
		for (size_t p = 0; p < s->units[u].n_parts; p++) {
			const struct score_part *part = &s->units[u].parts[p];
			size_t c = 0;
			while (c < *n && strcmp(cols[c]->clause ? cols[c]->clause : "", part->clause ? part->clause : "") != 0)
				c++;
			if (c == *n)
				cols[(*n)++] = part;
		}
	return cols;
}

static void grid_row(FILE *out, const struct unit_score *u, const struct score_part **cols, size_t nc)
{
	tag(out, "<tr><td class=\"unit\">", u->unit_name && *u->unit_name ? u->unit_name : u->unit_id, "</td>");
	score_cell(out, "", u->earned, u->available);
	for (size_t c = 0; c < nc; c++) {
		const struct score_part *p = NULL;
		for (size_t k = 0; !p && k < u->n_parts; k++)
			if (strcmp(u->parts[k].clause ? u->parts[k].clause : "", cols[c]->clause ? cols[c]->clause : "") == 0)
				p = &u->parts[k];
		score_cell(out, "", p ? p->earned : 0, p ? p->available : 0);
	}
	fputs("</tr>\n", out);
}

/* The units × work points table, its legend (the colour bands) and the key to the clause
 * ids of its header. 0, or -1 when out of memory. */
static int write_grid(FILE *out, const struct scores *s)
{
	size_t nc;
	const struct score_part **cols = grid_columns(s, &nc);
	if (!cols)
		return -1;
	tag(out, "<h2>", tr("二、各单位各要点得分", "2. Scores by unit and work point"), "</h2>\n");
	tag(out, "<p class=\"legend\">", tr("满分 100,只计已评判的时段(待完成、不适用不计)。颜色:",
					     "Out of 100, judged windows only (pending and not applicable left out). Colours: "), "");
	tag(out, "<span class=\"good\">", tr("≥ 90", "≥ 90"), "</span>");
	tag(out, "<span class=\"warn\">", tr("60 – 89.9", "60 – 89.9"), "</span>");
	tag(out, "<span class=\"bad\">", tr("< 60", "< 60"), "</span>");
	tag(out, "<span class=\"none\">", tr("— 无可评判的时段", "— nothing judged"), "</span></p>\n");
	fputs("<table class=\"grid\">\n<thead><tr>", out);
	tag(out, "<th class=\"unit\">", tr("单位", "Unit"), "</th>");
	tag(out, "<th class=\"total\">", tr("合计", "Total"), "</th>");
	for (size_t c = 0; c < nc; c++)
		tag(out, "<th>", cols[c]->clause, "</th>");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t u = 0; u < s->n; u++)
		grid_row(out, &s->units[u], cols, nc);
	fputs("</tbody>\n</table>\n<p class=\"key\">", out);
	for (size_t c = 0; c < nc; c++) {
		tag(out, c ? tr(";", "; ") : "", cols[c]->clause, " ");
		report_html_escape(out, cols[c]->clause_title ? cols[c]->clause_title : "");
	}
	fputs("</p>\n", out);
	free(cols);
	return 0;
}

static void window_text(const struct finding *x, char buf[2 * DATE_ISO_LEN + 8])
{
	char from[DATE_ISO_LEN], to[DATE_ISO_LEN];
	date_format(x->window_from, from);
	date_format(x->window_to, to);
	snprintf(buf, 2 * DATE_ISO_LEN + 8, "%s – %s", from, to);
}

static void write_evidence(FILE *out, const struct finding *x)
{
	for (size_t i = 0; i < x->n_evidence; i++)
		tag(out, i ? ", " : "", x->evidence[i], "");
}

/* A failed, erroring or pending requirement in full: what the plan says, what was found or
 * looked for, and when it is due. */
static void write_item(FILE *out, const struct finding *x)
{
	char buf[64];
	fprintf(out, "<div class=\"item %s\">\n<div class=\"head\"><span class=\"status\">", status_name(x->status));
	report_html_escape(out, status_label(x->status));
	tag(out, "</span>", x->title, "");
	tag(out, "<span class=\"clause\">", x->clause, "</span></div>\n<table>\n");
	meta_row(out, tr("要点原文", "The plan"), x->clause_text);
	if (x->requires)
		meta_row(out, tr("要求", "Requires"), x->requires);
	if (x->interpretation)
		meta_row(out, tr("解读", "Interpretation"), x->interpretation);
	if (x->n_obligations > 0) {
		tag(out, "<tr><th>", tr("义务", "Obligations"), "</th><td>");
		for (size_t i = 0; i < x->n_obligations; i++)
			tag(out, i ? ", " : "", x->obligations[i], "");
		fputs("</td></tr>\n", out);
	}
	meta_row(out, tr("情况", "Finding"), x->message);
	if (x->n_evidence > 0) {
		tag(out, "<tr><th>", tr("依据记录", "Evidence"), "</th><td>");
		write_evidence(out, x);
		fputs("</td></tr>\n", out);
	}
	if (x->looked_for)
		meta_row(out, tr("查找内容", "Looked for"), x->looked_for);
	window_text(x, buf);
	meta_row(out, tr("时段", "Window"), buf);
	date_format(x->due, buf);
	meta_row(out, tr("截止日期", "Due"), buf);
	if (x->status == ST_ERROR)
		meta_row(out, tr("出错位置", "Where"), x->source);
	fputs("</table>\n</div>\n", out);
}

/* A requirement on one line (its status is the heading's): clause, title, window, and the
 * waiver or the evidence. */
static void write_line(FILE *out, const struct finding *x)
{
	char buf[64];
	window_text(x, buf);
	tag(out, "<li>", x->clause, " ");
	tag(out, "", x->title, "");
	tag(out, " <span class=\"muted\">", buf, "");
	if (x->status == ST_WAIVED) {
		tag(out, tr(" · 豁免 ", " · waiver "), x->waiver_id ? x->waiver_id : "-", "");
		tag(out, " · ", x->message, "");
	} else if (x->n_evidence > 0) {
		fputs(" · ", out);
		write_evidence(out, x);
	}
	fputs("</span></li>\n", out);
}

/* The findings v[0..nv) of a unit whose status is in want (a bit per status), under heading
 * h: in full when full, else one line each. Nothing when there are none. */
static void write_part(FILE *out, const struct finding *v, size_t nv, unsigned want, const char *h, bool full)
{
	size_t n = 0;
	for (size_t k = 0; k < nv; k++)
		n += (want >> v[k].status) & 1u;
	if (n == 0)
		return;
	tag(out, "<h3>", h, "");
	fprintf(out, tr("(%zu)</h3>\n%s", " (%zu)</h3>\n%s"), n, full ? "" : "<ul class=\"lines\">\n");
	for (size_t k = 0; k < nv; k++) {
		const struct finding *x = &v[k];
		if (((want >> x->status) & 1u) && full)
			write_item(out, x);
		else if ((want >> x->status) & 1u)
			write_line(out, x);
	}
	fputs(full ? "" : "</ul>\n", out);
}

/* The section of the unit of group g, whose findings are v[0..n). */
static void write_unit(FILE *out, const struct group *g, const struct finding *v, size_t n)
{
	tag(out, "<section class=\"unit\">\n<h2>", unit_label(g), "");
	if (g->unit_id && g->unit_name && *g->unit_name)
		tag(out, " <span class=\"muted\">", g->unit_id, "</span>");
	fputs("</h2>\n<table class=\"rank\"><thead><tr>", out);
	tag(out, "<th class=\"num\">", tr("得分", "Score"), "</th>");
	for (int s = 0; s < ST_COUNT; s++)
		tag(out, "<th class=\"num\">", status_label(s), "</th>");
	fputs("</tr></thead>\n<tbody><tr>", out);
	score_cell(out, "num", g->score ? g->score->earned : 0, g->score ? g->score->available : 0);
	for (int s = 0; s < ST_COUNT; s++)
		fprintf(out, "<td class=\"num\">%zu</td>", g->counts[s]);
	fputs("</tr></tbody></table>\n", out);
	write_part(out, v, n, 1u << ST_FAIL | 1u << ST_ERROR, tr("未通过与规则错误", "Failed and broken"), true);
	write_part(out, v, n, 1u << ST_PENDING, tr("待完成", "Pending"), true);
	write_part(out, v, n, 1u << ST_WAIVED, tr("已豁免", "Waived"), false);
	write_part(out, v, n, 1u << ST_PASS, tr("已通过", "Passed"), false);
	write_part(out, v, n, 1u << ST_NOT_APPLICABLE, tr("不适用", "Not applicable"), false);
	fputs("</section>\n", out);
}

/* One unit's findings, copied (finding_copy) as a cursor reads them. */
struct unit_buf {
	struct finding *v;
	size_t n, cap;
};

static void unit_buf_clear(struct unit_buf *b)
{
	for (size_t i = 0; i < b->n; i++)
		finding_clear(&b->v[i]);
	b->n = 0;
}

/* Writes the section of each unit of gs, reading f grouped by unit (as groups_build did) and
 * holding one unit's findings at a time. 0, or -1 when out of memory or the findings cannot
 * be read. */
static int write_units(FILE *out, const struct findings *f, const struct groups *gs)
{
	struct findings_cursor c;
	struct unit_buf b = {0};
	const struct finding *x;
	size_t gi = 0;
	if (findings_open(&c, f, FO_UNIT) < 0)
		return -1;
	int rc = 0;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		if (b.n && !same_unit(b.v[0].unit_id, x->unit_id)) {
			write_unit(out, &gs->g[gi++], b.v, b.n);
			unit_buf_clear(&b);
		}
		if (gi >= gs->n || !same_unit(gs->g[gi].unit_id, x->unit_id) ||
		    vec_reserve(&b.v, &b.cap, b.n + 1, sizeof *b.v) < 0 || finding_copy(&b.v[b.n], x) < 0)
			rc = -1;
		else
			b.n++;
	}
	if (c.failed)
		rc = -1;
	if (rc == 0 && b.n)
		write_unit(out, &gs->g[gi], b.v, b.n);
	findings_close(&c);
	unit_buf_clear(&b);
	free(b.v);
	return rc;
}

const char *report_html_css(void)
{
	return CSS;
}

/* The summary section (counts, ranking, units × work points) of f, scored in s and grouped in
 * gs. 0, or -1 when out of memory. */
static int write_summary(FILE *out, const struct findings *f, const struct scores *s, const struct groups *gs)
{
	tag(out, "<section class=\"summary\">\n<h2>", tr("一、概况", "1. Summary"), "</h2>\n");
	write_counts(out, gs->counts, f->n);
	if (write_ranking(out, f, gs) != 0 || write_grid(out, s) != 0)
		return -1;
	fputs("</section>\n", out);
	return 0;
}

/* The page (whole) or only its summary section (!whole), for report_html and
 * report_html_summary. */
static int write_report(FILE *out, const struct findings *f, time_t generated, bool whole)
{
	struct scores s = {0};
	struct groups gs;
	const char *title = f->plan_title && *f->plan_title ? f->plan_title
			    : f->plan_id && *f->plan_id ? f->plan_id : tr("(未命名计划)", "(untitled plan)");
	if (score_compute(f, &s) != 0)
		return -1;
	int rc = -1;
	if (groups_build(&gs, f, &s) != 0)
		goto out_scores;
	if (whole) {
		write_head(out, f, title);
		write_title(out, f, title, generated);
	}
	if (write_summary(out, f, &s, &gs) != 0)
		goto out;
	if (whole && (write_units(out, f, &gs) != 0 || report_oblig_html(out, f) != 0))
		goto out;
	rc = whole ? report_html_page_end(out) : ferror(out) ? -1 : 0;
out:
	groups_free(&gs);
out_scores:
	scores_free(&s);
	return rc;
}

int report_html(FILE *out, const struct findings *f, time_t generated)
{
	return write_report(out, f, generated, true);
}

int report_html_summary(FILE *out, const struct findings *f)
{
	return write_report(out, f, 0, false);
}
