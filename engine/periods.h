/* periods.h — named periods that differ by place and year, such as the school vacations
 * (寒假, 暑假), read at run time from calendars/periods.tsv. */
#ifndef YAODIAN_PERIODS_H
#define YAODIAN_PERIODS_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"

struct periods;

/* Loads path (a missing file means no named periods). Rows are "name<TAB>place<TAB>from<TAB>
 * to<TAB>source", from/to being YYYY-MM-DD (that year) or *-MM-DD (every year), place "*" for
 * everywhere. Returns NULL after a diagnostic naming file, line and field; the caller frees. */
struct periods *periods_load(const char *path);
void periods_free(struct periods *p);

/* The span of period name at place in year: the most specific row wins (this place and this
 * year, this place every year, everywhere this year, everywhere every year). Returns 0; -1 if no
 * row has that name; -2 if none covers that place and year. */
int periods_find(const struct periods *p, const char *name, const char *place, int year, date_t *from,
		 date_t *to);

/* Writes "name<TAB>from<TAB>to" for every period name in each year of [from_year, to_year] at
 * place, through emit. */
int periods_each(const struct periods *p, const char *place, int from_year, int to_year,
		 int (*emit)(void *ctx, const char *name, date_t from, date_t to), void *ctx);

#endif
