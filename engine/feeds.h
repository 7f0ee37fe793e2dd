/* feeds.h — what goes into the calendar feeds: the whole plan, one feed per work point (clause)
 * and one per unit, all built from the same windows the check judges (one declaration, two
 * uses). */
#ifndef YAODIAN_FEEDS_H
#define YAODIAN_FEEDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <sqlite3.h>

#include "feed.h"
#include "rules.h"
#include "sched.h"

/* A window longer than this many days is published as an item on its deadline day ("截止:"),
 * not as a bar across the whole window. */
#define FEEDS_LONG_DAYS 31

/* How the feeds are made; {0} is the default. */
struct feeds_opts {
	bool windows;     /* publish every long window as an item of its own too, beside its deadline
			     (the rule field show_window does it for one rule) */
	bool open_only;   /* unit feeds leave out items that are done: pass, waived, not applicable */
	bool new_plan;    /* feeds_write: the rules' plan may replace the one the database publishes */
	int jobs;         /* worker threads of the unit feeds' check (check_opts.jobs); 0: the check's
			     default (the processors from CHECK_PARALLEL_UNITS units on) */
	/* The check of the years from..to as of as_of, already run (kept or spooled): the unit
	 * feeds read it instead of running their own, so that serve judges a snapshot's year once
	 * for its feeds and its dashboard. NULL: the feeds run the check. */
	const struct findings *year;
};

/* One occurrence of a rule: the rule (index into rs->rules) and its window. */
struct occurrence {
	size_t rule;
	struct window w;
};

/* Every occurrence of every rule in Gregorian years [from, to], in the plan's clause order,
 * then by date. Caller frees *out. Returns the count, or -1 when out of memory. */
long feeds_occurrences(const struct ruleset *rs, int from, int to, struct occurrence **out);

/* A unit's feed file name into buf: unit-<id>.ics, with '/', '\\', spaces and control
 * characters replaced by '_' (the server maps a unit's token to this file). */
void feeds_unit_file(const char *id, char *buf, size_t len);

/* Receives each feed feeds_build makes, before it is freed. Returns 0, or -1 to stop. */
typedef int (*feeds_sink)(const struct feed *f, void *arg);

/* Builds plan.ics, point-<clause>.ics for each clause of the plan (empty when no rule
 * enforces it), and unit-<id>.ics for each unit (with the unit's status as of as_of, from a
 * check over the years), and hands each to sink in that order. ro_db is the read-only store
 * the rules query. Nothing published depends on as_of except through an item's status: the
 * rule's message and what it looked for are shown only once the window has closed. Returns
 * the number of feeds handed over, or -1 (after a diagnostic, or when sink returned -1).
 * Tests use it to see what the feeds were meant to hold. feeds_build is feeds_build_opts
 * with the default options. */
int feeds_build(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, feeds_sink sink, void *arg);
int feeds_build_opts(struct ruleset *rs, sqlite3 *ro_db, int from, int to, date_t as_of, const struct feeds_opts *o,
		     feeds_sink sink, void *arg);

/* Builds and writes those feeds into dir; an empty work-point feed is written only when it
 * published something before (its items are then published cancelled). state_db is the
 * read-write store (feed state, kept per plan id); ro_db the read-only one the rules query.
 * All or nothing: the feeds are staged as temporary files in one transaction and renamed into
 * place together; a feed whose file already holds the same bytes is not rewritten. The
 * database publishes one plan's feeds: when it has published another plan than the rules'
 * and o->new_plan is not set, nothing is written (-2 after a diagnostic naming both plans).
 * Returns the number of feeds in dir that this run produced (written or already up to date),
 * or -1 after a diagnostic (no feed and no state changed). feeds_write is feeds_write_opts with
 * the default options. */
int feeds_write(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		const char *dir, time_t now);
int feeds_write_opts(struct ruleset *rs, sqlite3 *state_db, sqlite3 *ro_db, int from, int to, date_t as_of,
		     const char *dir, time_t now, const struct feeds_opts *o);

#endif
