/* holiday.h — the official holiday arrangements (国务院办公厅 notices): days off and the 调休
 * make-up working days, read at run time from the .ics files in calendars/holidays/ so that next year's
 * notice is a new file any calendar program can edit, not a code change. */
#ifndef YAODIAN_HOLIDAY_H
#define YAODIAN_HOLIDAY_H

#include <stdbool.h>
#include <stdio.h>

#include "date.h"

enum day_kind {
	DAY_WORKDAY,        /* an ordinary Monday..Friday */
	DAY_WEEKEND,        /* an ordinary Saturday or Sunday */
	DAY_HOLIDAY,        /* a day off by the notice (CATEGORIES:放假) */
	DAY_MAKEUP_WORKDAY  /* a weekend day worked by the notice (CATEGORIES:上班) */
};

struct holidays;

/* Loads every .ics file in dir (in name order); a missing dir means no notices. Each VEVENT is an all-day span with
 * CATEGORIES 放假 or 上班 and a SUMMARY naming the holiday. Returns NULL after a diagnostic
 * naming the file, the event and the field. The caller owns the result (holidays_free). */
struct holidays *holidays_load(const char *dir);
void holidays_free(struct holidays *h);

/* What kind of day d is; *name (may be NULL) gets the holiday's name for DAY_HOLIDAY and
 * DAY_MAKEUP_WORKDAY (owned by h), else NULL. */
enum day_kind holidays_day(const struct holidays *h, date_t d, const char **name);

/* True when d is a working day: an ordinary weekday or a make-up working day. */
bool holidays_is_workday(const struct holidays *h, date_t d);

/* True when the data holds a notice for year. */
bool holidays_cover(const struct holidays *h, int year);

/* Writes one line per span, "name<TAB>kind<TAB>start<TAB>end", for spans starting in
 * [from_year, to_year]. kind is 放假 or 上班 (holiday / workday in English). */
void holidays_list(const struct holidays *h, int from_year, int to_year, FILE *out);

#endif
