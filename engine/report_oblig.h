/* report_oblig.h — the parts of the text and printed reports that follow the plan's
 * obligations (oblig.h): every obligation with what became of it, and the verdicts that rest
 * on a self-assessment (自评), listed apart for a reviewer to look at by hand. */
#ifndef YAODIAN_REPORT_OBLIG_H
#define YAODIAN_REPORT_OBLIG_H

#include <stdio.h>

#include "finding.h"

/* The text report's sections: each obligation with the number of findings per outcome (or the
 * reason it is excused), then the self-assessed verdicts. Nothing when the findings carry no
 * obligations. Returns 0, or -1 on a write error. */
int report_oblig_text(FILE *out, const struct findings *f);

/* The same as a section of the printed report (escaped HTML). */
int report_oblig_html(FILE *out, const struct findings *f);

#endif
