/* report_oblig.c — see report_oblig.h. */
#include "report_oblig.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "report_html.h"
#include "textwidth.h"

#define NOC OC_COUNT

const char *report_oblig_how(int how)
{
	switch (how) {
	case 0:  return tr("规则检查", "enforced");
	case 1:  return tr("自评", "self-assessed");
	default: return tr("不检查", "excused");
	}
}

static int outcome(enum status st)
{
	return st == ST_PASS ? OC_PASS : st == ST_FAIL || st == ST_ERROR ? OC_FAIL : st == ST_PENDING ? OC_PENDING : OC_OTHER;
}

size_t *report_oblig_tally(const struct findings *f, size_t *self)
{
	struct findings_cursor cur;
	size_t *c = calloc(f->n_obligs * NOC + 1, sizeof *c);
	if (!c || findings_open(&cur, f, FO_CHECK) < 0) {
		free(c);
		return NULL;
	}
	*self = 0;
	for (const struct finding *x; (x = findings_next(&cur)) != NULL;) {
		*self += finding_self_assessed(x);
		for (size_t i = 0; i < f->n_obligs; i++)
			for (size_t k = 0; k < x->n_obligations; k++)
				if (strcmp(x->obligations[k], f->obligs[i].id) == 0) {
					c[i * NOC + (size_t)outcome(x->status)]++;
					break;
				}
	}
	bool failed = cur.failed;
	findings_close(&cur);
	if (failed) {
		free(c);
		return NULL;
	}
	return c;
}

/* Calls fn(out, x) for each finding whose verdict rests on a self-assessment, in check order.
 * 0, or -1 when the findings cannot be read. */
static int each_self_assessed(FILE *out, const struct findings *f, void (*fn)(FILE *, const struct finding *))
{
	struct findings_cursor cur;
	if (findings_open(&cur, f, FO_CHECK) < 0)
		return -1;
	for (const struct finding *x; (x = findings_next(&cur)) != NULL;)
		if (finding_self_assessed(x))
			fn(out, x);
	bool failed = cur.failed;
	findings_close(&cur);
	return failed ? -1 : 0;
}

const char *const *report_oblig_headers(size_t *n)
{
	static const char *zh[] = {"编号", "条款", "原文", "方式", "通过", "未通过", "待完成", "其他"};
	static const char *en[] = {"Id", "Clause", "The plan's words", "How", "Pass", "Fail", "Pending", "Other"};
	*n = sizeof zh / sizeof *zh;
	return lang_get() == LANG_EN ? en : zh;
}

static void put_clean(FILE *out, const char *s)
{
	char *c = textwidth_clean(s ? s : "", TEXTWIDTH_CLEAN_CONTROLS);
	fputs(c ? c : "?", out);
	free(c);
}

static void self_line_text(FILE *out, const struct finding *x)
{
	fprintf(out, "  %s  %s  %s  ", x->unit_id ? x->unit_id : "-", x->rule_id, status_label(x->status));
	for (size_t k = 0; k < x->n_evidence; k++)
		fprintf(out, "%s%s", k ? ", " : "", x->evidence[k]);
	fputc('\n', out);
}

int report_oblig_text(FILE *out, const struct findings *f)
{
	if (f->n_obligs == 0)
		return 0;
	size_t n, *counts = report_oblig_tally(f, &n);
	if (!counts)
		return -1;
	fprintf(out, "\n%s\n", tr("按义务(计划的每项要求;通过/未通过/待完成/其他):",
				  "By obligation (each thing the plan asks; pass/fail/pending/other):"));
	for (size_t i = 0; i < f->n_obligs; i++) {
		const struct oblig_note *o = &f->obligs[i];
		fputs("  ", out);
		textwidth_pad(out, o->id, 8);
		textwidth_pad(out, o->clause, 7);
		textwidth_pad(out, report_oblig_how(o->how), 10);
		if (o->how == 2) {
			fputs(tr("理由:", "reason: "), out);
			put_clean(out, o->reason);
		} else {
			const size_t *c = &counts[i * NOC];
			fprintf(out, "%zu/%zu/%zu/%zu", c[OC_PASS], c[OC_FAIL], c[OC_PENDING], c[OC_OTHER]);
		}
		fputs("  ", out);
		char *w = textwidth_clean(o->words, TEXTWIDTH_CLEAN_CONTROLS);
		char *cut = w ? textwidth_truncate(w, 40) : NULL;
		fputs(cut ? cut : "?", out);
		free(cut);
		free(w);
		fputc('\n', out);
	}
	free(counts);
	fprintf(out, tr("\n依据自评的结论(%zu 条,须人工查看佐证):\n", "\nVerdicts resting on a self-assessment (%zu; check the evidence by hand):\n"), n);
	if (each_self_assessed(out, f, self_line_text) < 0)
		return -1;
	return ferror(out) ? -1 : 0;
}

static void cell(FILE *out, const char *s)
{
	fputs("<td>", out);
	report_html_escape(out, s ? s : "");
	fputs("</td>", out);
}

static void self_line_html(FILE *out, const struct finding *x)
{
	fputs("<li>", out);
	report_html_escape(out, x->unit_id ? x->unit_id : "-");
	fputs(" ", out);
	report_html_escape(out, x->title);
	fputs(":", out);
	report_html_escape(out, status_label(x->status));
	fputs(" — ", out);
	report_html_escape(out, x->message);
	fputs("</li>\n", out);
}

int report_oblig_html(FILE *out, const struct findings *f)
{
	if (f->n_obligs == 0)
		return 0;
	size_t n, *counts = report_oblig_tally(f, &n);
	if (!counts)
		return -1;
	fputs("<section class=\"obligations\">\n<h2>", out);
	report_html_escape(out, tr("按义务:计划的每项要求", "By obligation: each thing the plan asks"));
	fputs("</h2>\n<table class=\"oblig\">\n<thead><tr>", out);
	size_t nh;
	const char *const *head = report_oblig_headers(&nh);
	for (size_t c = 0; c < nh; c++) {
		fputs("<th>", out);
		report_html_escape(out, head[c]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < f->n_obligs; i++) {
		const struct oblig_note *o = &f->obligs[i];
		fputs("<tr>", out);
		cell(out, o->id);
		cell(out, o->clause);
		cell(out, o->words);
		cell(out, report_oblig_how(o->how));
		if (o->how == 2) {
			fputs("<td colspan=\"4\">", out);
			report_html_escape(out, o->reason);
			fputs("</td>", out);
		} else {
			const size_t *c = &counts[i * NOC];
			fprintf(out, "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>", c[OC_PASS], c[OC_FAIL], c[OC_PENDING], c[OC_OTHER]);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n<h3>", out);
	report_html_escape(out, tr("依据自评的结论(须人工查看佐证)", "Verdicts resting on a self-assessment (check the evidence by hand)"));
	fprintf(out, "</h3>\n<p>%zu</p>\n<ul class=\"self\">\n", n);
	free(counts);
	if (each_self_assessed(out, f, self_line_html) < 0)
		return -1;
	fputs("</ul>\n</section>\n", out);
	return ferror(out) ? -1 : 0;
}
