/* date.h — proleptic Gregorian calendar dates as day numbers.
 * A date_t counts days from 1970-01-01 (negative before). Everything that compares, clips or
 * prints a date in yaodian goes through here, so there is one idea of a valid date. */
#ifndef YAODIAN_DATE_H
#define YAODIAN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_ISO_LEN 11 /* "YYYY-MM-DD" plus NUL */

bool   date_ymd_valid(int y, int m, int d);
date_t date_from_ymd(int y, int m, int d);          /* caller ensures date_ymd_valid() */
void   date_to_ymd(date_t t, int *y, int *m, int *d);
int    date_days_in_month(int y, int m);

/* Parses strict ISO "YYYY-MM-DD" (years 1000..9999). Returns 0, or -1 on any malformed or
 * impossible date such as 2020-02-30. */
int  date_parse(const char *s, date_t *out);

/* Like date_parse, but also takes what spreadsheets write: "2020/4/21", "2020-4-21",
 * "2020.4.21", "2020年4月21日" and "20200421". */
int  date_parse_loose(const char *s, date_t *out);

void date_format(date_t t, char out[DATE_ISO_LEN]);
int  date_weekday(date_t t);                          /* 1 = Monday .. 7 = Sunday */

#endif
