/* feeds.h — what goes into the calendar feeds: the whole plan, one feed per work point (clause)
 * and one per unit, all built from the same windows the check judges (one declaration, two
 * uses). */
#ifndef YAODIAN_FEEDS_H
#define YAODIAN_FEEDS_H

#include <stddef.h>
#include <time.h>

#include <sqlite3.h>

#include "feed.h"
#include "rules.h"
#include "sched.h"

/* One occurrence of a rule: the rule (index into rs->rules) and its window. */
struct occurrence {
	size_t rule;
	struct window w;
};

/* Every occurrence of every rule in Gregorian years [from, to], in the plan's clause order,
 * then by date. Caller frees *out. Returns the count, or -1 when out of memory. */
long feeds_occurrences(const struct ruleset *rs, int from, int to, struct occurrence **out);

/* Receives each feed feeds_build makes, before it is freed. Returns 0, or -1 to stop. */
typedef int (*feeds_sink)(const struct feed *f, void *arg);

/* Builds plan.ics, point-<clause>.ics for each clause of the plan (empty when no rule
 * enforces it), and unit-<id>.ics for each unit (with the unit's status as of as_of, from a
 * check over the years), and hands each to sink in that order. ro_db is the read-only store
 * the rules query. Returns the number of feeds handed over, or -1 (after a diagnostic, or
 * when sink returned -1). Tests use it to see what the feeds were meant to hold. */
int feeds_build(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, feeds_sink sink, void *arg);

/* Builds and writes those feeds into dir; an empty work-point feed is written only when it
 * published something before (its items are then published cancelled). state_db is the
 * read-write store (feed state); ro_db the read-only one the rules query. All or nothing: the
 * feeds are staged as temporary files in one transaction and renamed into place together.
 * Returns the number of feeds written, or -1 after a diagnostic (no feed and no state
 * changed). */
int feeds_write(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		const char *dir, time_t now);

#endif
