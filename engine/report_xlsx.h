/* report_xlsx.h — check findings as an Excel workbook for the people who lead: the units
 * ranked by score, the scores per work point, every finding, and the waivers. */
#ifndef YAODIAN_REPORT_XLSX_H
#define YAODIAN_REPORT_XLSX_H

#include "finding.h"

/* Writes the workbook to path (a temporary file beside it, renamed when complete) with
 * libxlsxwriter: sheets 汇总, 得分, 问题清单, 豁免 (Summary, Scores, Findings, Waivers with
 * --lang en). Returns 0, or -1 after a diagnostic (nothing is left at path). */
int report_xlsx(const char *path, const struct findings *f);

#endif
