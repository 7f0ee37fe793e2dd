/* report_oblig.h — the parts of the text and printed reports that follow the plan's
 * obligations (oblig.h): every obligation with what became of it, and the verdicts that rest
 * on a self-assessment (自评), listed apart for a reviewer to look at by hand. */
#ifndef YAODIAN_REPORT_OBLIG_H
#define YAODIAN_REPORT_OBLIG_H

#include <stdio.h>

#include "finding.h"

/* The outcomes counted per obligation. */
enum oblig_outcome { OC_PASS, OC_FAIL, OC_PENDING, OC_OTHER, OC_COUNT };

/* In one read of the findings (kept in memory or spooled): how the findings judging each
 * obligation came out (row i of the result, OC_COUNT counts, for f->obligs[i]; an error counts
 * as a fail) and, into *self, how many verdicts rest on a self-assessment. Malloc'd, or NULL
 * when out of memory or the findings cannot be read. */
size_t *report_oblig_tally(const struct findings *f, size_t *self);

/* How an obligation is accounted for (oblig_note.how), for people: 规则检查/自评/不检查. */
const char *report_oblig_how(int how);

/* The headers of the by-obligation table: 编号, 条款, 原文, 方式, then the OC_COUNT outcomes
 * (通过, 未通过, 待完成, 其他), in the current language. n is set to their count. */
const char *const *report_oblig_headers(size_t *n);

/* The text report's sections: each obligation with the number of findings per outcome (or the
 * reason it is excused), then the self-assessed verdicts. Nothing when the findings carry no
 * obligations. Returns 0, or -1 on a write error. */
int report_oblig_text(FILE *out, const struct findings *f);

/* The same as a section of the printed report (escaped HTML). */
int report_oblig_html(FILE *out, const struct findings *f);

#endif
