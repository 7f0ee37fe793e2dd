/* period.h — the span a check covers: a quarter (2020Q2, 2020年第二季度), a half (2020H1, 2020年上半年), a year (2020),
 * a month (2020-05) or an explicit range (2020-04-21..2020-06-30). */
#ifndef YAODIAN_PERIOD_H
#define YAODIAN_PERIOD_H

#include "date.h"

struct period {
	date_t from, to;      /* inclusive */
	char   label[48];     /* normalised spelling, e.g. "2020Q2" */
};

/* Parses text into *p. Returns 0, or -1 with a human message (in the current language) in
 * err. */
int period_parse(const char *text, struct period *p, char *err, size_t errlen);

/* The period text for [from, to]: a quarter, half or year label when it is one, else a range. */
void period_from_range(date_t from, date_t to, struct period *p);

#endif
