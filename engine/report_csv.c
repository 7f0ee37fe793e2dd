/* report_csv.c — check findings as CSV for spreadsheets: a BOM so Excel reads UTF-8, headers in
 * the run's language, every field quoted by libcsv, and text cells that would start a formula
 * guarded with a leading '. Findings carry ids, never a person's name. */
#include "report_csv.h"

#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "lang.h"
#include "textwidth.h"

const char *report_csv_header(enum report_csv_col c)
{
	static const char *const zh[RCSV_NCOLS] = {
		"单位编号", "单位名称", "条款", "规则", "规则名称", "要求", "义务", "状态", "窗口开始", "窗口结束", "截止",
		"说明", "佐证", "查找了", "豁免", "分值", "来源"};
	static const char *const en[RCSV_NCOLS] = {
		"Unit id", "Unit name", "Clause", "Rule", "Rule title", "Requirement", "Obligations", "Status", "Window from",
		"Window to", "Due", "Message", "Evidence", "Looked for", "Waiver", "Points", "Source"};
	return (unsigned)c < RCSV_NCOLS ? tr(zh[c], en[c]) : "";
}

bool report_csv_numeric(enum report_csv_col c)
{
	return c == RCSV_POINTS;
}

/* The n strings of v joined by ";" (NULL items as ""), malloc'd, or NULL when out of memory. */
static char *join_ids(char *const *v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i] ? v[i] : "") + 1;
	char *s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ";");
		strcat(s, v[i] ? v[i] : "");
	}
	return s;
}

static char *date_cell(date_t d)
{
	char buf[DATE_ISO_LEN];
	date_format(d, buf);
	return strdup(buf);
}

/* The raw text of column c, malloc'd (cleaned by the caller). */
static char *raw_cell(const struct finding *f, enum report_csv_col c)
{
	char num[64];
	switch (c) {
	case RCSV_UNIT_ID:    return strdup(f->unit_id ? f->unit_id : "");
	case RCSV_UNIT_NAME:  return strdup(f->unit_name ? f->unit_name : "");
	case RCSV_CLAUSE:     return strdup(f->clause ? f->clause : "");
	case RCSV_RULE:       return strdup(f->rule_id ? f->rule_id : "");
	case RCSV_TITLE:      return strdup(f->title ? f->title : "");
	case RCSV_REQUIRES:   return strdup(f->requires ? f->requires : "");
	case RCSV_STATUS:     return strdup(status_label(f->status));
	case RCSV_FROM:       return date_cell(f->window_from);
	case RCSV_TO:         return date_cell(f->window_to);
	case RCSV_DUE:        return date_cell(f->due);
	case RCSV_MESSAGE:    return strdup(f->message ? f->message : "");
	case RCSV_EVIDENCE:   return join_ids(f->evidence, f->n_evidence);
	case RCSV_OBLIGATIONS: return join_ids(f->obligations, f->n_obligations);
	case RCSV_LOOKED_FOR: return strdup(f->looked_for ? f->looked_for : "");
	case RCSV_WAIVER:     return strdup(f->status == ST_WAIVED && f->waiver_id ? f->waiver_id : "");
	case RCSV_POINTS:
		snprintf(num, sizeof num, "%g", f->points);
		return strdup(num);
	default:              return strdup(f->source ? f->source : "");
	}
}

char *report_csv_cell(const struct finding *f, enum report_csv_col c)
{
	char *raw = raw_cell(f, c);
	char *clean = raw ? textwidth_clean(raw, 0) : NULL;
	free(raw);
	return clean;
}

/* One field: a number as it is, text guarded and quoted (csvout.c). 0 or -1. */
static int write_field(FILE *out, const char *s, bool numeric, int col)
{
	if (!numeric) {
		csvout_field(out, (size_t)col, s, true);
		return ferror(out) ? -1 : 0;
	}
	if (col > 0 && fputc(',', out) == EOF)
		return -1;
	return fputs(s, out) == EOF ? -1 : 0;
}

static int write_row(FILE *out, const struct finding *f)
{
	int rc = 0;
	for (int c = 0; rc == 0 && c < RCSV_NCOLS; c++) {
		char *cell = f ? report_csv_cell(f, c) : strdup(report_csv_header(c));
		rc = cell ? write_field(out, cell, f && report_csv_numeric(c), c) : -1;
		free(cell);
	}
	if (rc == 0)
		csvout_row_end(out);
	return rc == 0 && !ferror(out) ? 0 : -1;
}

int report_csv(FILE *out, const struct findings *f)
{
	csvout_bom(out);   /* Excel then reads UTF-8 */
	int rc = ferror(out) ? -1 : 0;
	if (rc == 0)
		rc = write_row(out, NULL);
	struct findings_cursor c;
	if (rc == 0)
		rc = findings_open(&c, f, FO_CHECK);
	const struct finding *x;
	while (rc == 0 && (x = findings_next(&c)) != NULL)
		rc = write_row(out, x);
	if (c.failed)
		rc = -1;
	findings_close(&c);
	return rc == 0 && !ferror(out) ? 0 : -1;
}
