/* score.h — the assessment score of a check, as 关工委 assessments score: a total out of 100
 * per unit, and the same per work point (clause), with points lost per shortfall.
 *
 * For a unit and a rule, over the rule's windows judged in the period (pass, fail, waived or
 * error; pending and not_applicable windows are left out):
 *     earned    += points × (windows passed or waived) / (windows judged)
 *     available += points
 * A rule with no judged window adds nothing to either. score = 100 × earned / available,
 * rounded to one decimal, or none when available is 0. */
#ifndef YAODIAN_SCORE_H
#define YAODIAN_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

/* One work point of one unit. The strings are owned (freed by scores_free). */
struct score_part {
	char *clause, *clause_title;
	double earned, available;
};

/* One unit: its total and its work points in the order they first appear in the findings
 * (the plan's clause order, as the check writes them). */
struct unit_score {
	char *unit_id, *unit_name;
	double earned, available;
	struct score_part *parts;
	size_t n_parts, cap_parts;
};

struct scores {
	struct unit_score *units;   /* in the order units first appear in the findings */
	size_t n, cap;
};

/* Computes the scores of every unit in f (findings without a unit, such as broken rule
 * files, are left out), reading f once in check order (in memory or spooled). *out must be
 * zeroed; it owns copies of the strings it keeps. Returns 0, or -1 when out of memory or the
 * findings cannot be read (*out then freed). */
int score_compute(const struct findings *f, struct scores *out);
void scores_free(struct scores *s);
/* The count of each status among f's findings of each unit of s (computed from f) into
 * counts[i] for s->units[i], reading f once in check order; counts must hold s->n zeroed
 * rows. 0, or -1 when out of memory or the findings cannot be read. */
int score_unit_counts(const struct findings *f, const struct scores *s, size_t (*counts)[ST_COUNT]);


/* 100 × earned / available rounded to one decimal into *out; false (and *out untouched) when
 * available is 0. */
bool score_value(double earned, double available, double *out);

/* after − before (scores out of 100) rounded to one decimal. */
double score_change(double before, double after);

/* The change from before to after (scores out of 100, one decimal) as a reader sees it:
 * "+3.5", "−2.0" (a minus sign, U+2212) or "0.0". */
void score_change_text(double before, double after, char *buf, size_t size);

/* x rounded to two decimals, for printing earned and available points. */
double score_round2(double x);

#endif
