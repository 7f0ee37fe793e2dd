/* report_history.h — the saved checks as people read them: `history`'s table of each saved
 * check's score per unit, and `diff`'s comparison of two saved checks as a terminal table, a
 * JSON document (schemas/diff.schema.json) or a printable HTML page styled like the check
 * report. The data comes from history.c; nothing here touches the database. */
#ifndef YAODIAN_REPORT_HISTORY_H
#define YAODIAN_REPORT_HISTORY_H

#include <stdio.h>

#include "history.h"

/* One row per saved run (run id, period, as-of, saved at), one column per unit with its score
 * ("-" when none), CJK-aligned. Returns 0, or -1 when out of memory. */
int report_history_table(FILE *out, const struct history_list *l);

/* What changed from run a to run b: the two runs, then newly failing, fixed and other status
 * changes (unit, rule, window, before → after, message), then each unit's score before, after
 * and the change. Each returns 0, or -1 on a write error or when out of memory. */
int report_history_diff_text(FILE *out, const struct history_run *a, const struct history_run *b,
			     const struct history_diff *d);
int report_history_diff_json(FILE *out, const struct history_run *a, const struct history_run *b,
			     const struct history_diff *d);
int report_history_diff_html(FILE *out, const struct history_run *a, const struct history_run *b,
			     const struct history_diff *d);

#endif
