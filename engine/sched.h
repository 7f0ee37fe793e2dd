/* sched.h — when a requirement is due. One declaration (struct due) expands to the windows
 * the check judges and the calendar feed shows: the same windows for both. */
#ifndef YAODIAN_SCHED_H
#define YAODIAN_SCHED_H

#include <stddef.h>

#include "cal.h"
#include "date.h"

enum due_kind {
	DUE_YEAR,        /* the whole plan year, due 12-31 */
	DUE_HALF,        /* each half year */
	DUE_QUARTER,     /* each quarter */
	DUE_SPAN,        /* one fixed span of the year, e.g. Q2 or 04-21..06-30 */
	DUE_FESTIVAL,    /* a window around a festival: [date - before, date + after] */
	DUE_PERIOD       /* a named period of the place, e.g. 暑假 (calendars/periods.tsv) */
};

struct due {
	enum due_kind kind;
	int m1, d1, m2, d2;      /* DUE_SPAN */
	char festival[64];       /* DUE_FESTIVAL: the festival; DUE_PERIOD: the period's name */
	int before, after;       /* DUE_FESTIVAL, days */
	char place[64];          /* DUE_PERIOD: the plan's place ("" for everywhere) */
};

struct window {
	date_t from, to;         /* inclusive; due by `to` */
	char label[80];          /* e.g. "2020Q2", "2020 春节" */
};

#define SCHED_MAX_WINDOWS 12

/* Parses a due spelling: "year", "half", "quarter", "Q1".."Q4", "H1", "H2", or "MM-DD..MM-DD".
 * Returns 0 or -1. Festival windows are built by the caller from a table (see rules.c). */
int due_parse(const char *text, struct due *d);

/* Writes the windows of d in year into out (at most SCHED_MAX_WINDOWS). Returns how many, or
 * -1 when the festival's date or the period is unknown for that year (no calendar data). */
int sched_windows(const struct due *d, const struct calendar *cal, int year, struct window *out);

/* A short description of d for people, e.g. "每季度" / "quarterly", "春节前10天至后15天". */
void due_describe(const struct due *d, char *buf, size_t len);

#endif
