/* cal.h — festival dates and the Chinese lunar calendar, read at run time from
 * calendars/festivals.tsv and calendars/lunar.tsv. The lunar calendar is a table (one row per
 * lunar month, with its source named in the file), never computed here and never taken from ICU. */
#ifndef YAODIAN_CAL_H
#define YAODIAN_CAL_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

struct calendar;
struct holidays;
struct periods;

/* Loads dir/festivals.tsv, dir/lunar.tsv, the holiday notices in dir/holidays and the named
 * periods in dir/periods.tsv, checking both (lunar months contiguous, 29 or 30
 * days, at most one leap month a year). Returns NULL after a diagnostic naming file, line and
 * field. The caller owns the result (cal_free). */
struct calendar *cal_load(const char *dir);
void cal_free(struct calendar *c);

/* The date of festival name in Gregorian year `year`. A lunar festival is taken from lunar year
 * `year`, except one in the twelfth month (腊八, 除夕), which belongs to the 春节 it leads up
 * to and so is taken from lunar year year-1 (除夕 of 2020 is 2020-01-24). Returns 0, -1 if no
 * festival has that name, -2 if that year has no such day (not covered by the data, or a day
 * such as 02-29 or L12-30 that the year lacks). */
int cal_festival(const struct calendar *c, const char *name, int year, date_t *out);

/* The Gregorian date of day `day` (1..30) of lunar month `month` (1..12, leap: the 闰 month of
 * that number) of lunar year `lunar_year`. Returns 0; -1 if that lunar year has no such month
 * or day (no leap month of that number, day 30 of a 29-day month, fields out of range); -2 if
 * the table does not cover lunar_year. */
int cal_lunar_to_date(const struct calendar *c, int lunar_year, int month, bool leap, int day, date_t *out);

/* The lunar date of d. Returns 0, or -2 if the table does not cover d. */
int cal_date_to_lunar(const struct calendar *c, date_t d, int *year, int *month, bool *leap, int *day);

/* The first and last lunar years in the table. */
void cal_lunar_years(const struct calendar *c, int *first, int *last);

/* The official holiday arrangements loaded with the calendar (from dir/holidays; owned by c). */
const struct holidays *cal_holidays(const struct calendar *c);

/* The named periods (school vacations ...) loaded with the calendar from dir/periods.tsv
 * (owned by c; empty when the file is missing). */
const struct periods *cal_periods(const struct calendar *c);

/* Writes up to max distinct festival names, in file order, into names (owned by c). Returns
 * how many. */
size_t cal_festival_names(const struct calendar *c, const char **names, size_t max);

#endif
