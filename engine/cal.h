/* cal.h — festival dates, read at run time from calendars/festivals.tsv. */
#ifndef YAODIAN_CAL_H
#define YAODIAN_CAL_H

#include "date.h"

struct calendar;

/* Loads dir/festivals.tsv. Returns NULL after a diagnostic naming file, line and field. The
 * caller owns the result (cal_free). */
struct calendar *cal_load(const char *dir);
void cal_free(struct calendar *c);

/* The date of festival name in year. Returns 0, -1 if no festival has that name, -2 if the
 * data does not cover that year. */
int cal_festival(const struct calendar *c, const char *name, int year, date_t *out);

#endif
