/* feed.h — writing one iCalendar feed people subscribe to. Items are expanded, all-day
 * (VALUE=DATE) events, never RSCALE rules, which calendar clients do not understand. The
 * database remembers what was published (per plan), so UIDs are stable, SEQUENCE,
 * LAST-MODIFIED and DTSTAMP change only when an item changes, a withdrawn item is published as
 * STATUS:CANCELLED, and a feed whose bytes would not change is not rewritten. */
#ifndef YAODIAN_FEED_H
#define YAODIAN_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <sqlite3.h>

#include "date.h"
#include "outfile.h"

struct feed_event {
	char *uid;
	date_t from, to;          /* inclusive; `to` is the deadline */
	char *summary;
	char *description;
	char *categories;         /* comma-separated */
	int remind_days;          /* VALARM this many days before the deadline `to`; < 0 for none */
	int prepare_days;         /* VALARM this many days before `start`; < 0 for none */
	date_t start;             /* the first day of the window the item stands for (<= from) */
	bool hidden;              /* not published now, but not withdrawn either (--open-only) */
};

struct feed {
	char *plan;               /* the plan id the state is kept under (NULL: "") */
	char *file;               /* file name in the output directory, and the tracking key */
	char *name;               /* calendar name (NAME, X-WR-CALNAME, ORGANIZER's CN); ',' ';' '\\'
				   * are published full-width, control characters as spaces */
	char *description;
	int from_year, to_year;   /* the years it covers (0: every year): an item published before
				   * is withdrawn only if its window starts in them */
	struct feed_event *events;
	size_t n, cap;
};

/* Appends an event (strings copied) with no preparation reminder, standing for [from, to]
 * (start = from). Returns 0 or -1 (out of memory). The caller may then set the last event's
 * prepare_days, start and hidden. */
int feed_add(struct feed *f, const char *uid, date_t from, date_t to, const char *summary,
	     const char *description, const char *categories, int remind_days);
void feed_free(struct feed *f);

/* Whether f->file has published anything in f's years (its state is in db). Returns 1, 0, or -1 after a
 * diagnostic. */
int feed_published(sqlite3 *db, const struct feed *f);

/* Writes f to dir/f->file through a temporary file and rename, updating the feed's state in
 * db (read-write) in one transaction committed only after the rename. now is the time of this
 * run (LAST-MODIFIED and DTSTAMP of changed items). When the file already holds exactly the
 * bytes it would get, it is left alone (its mtime kept). Returns 0, or -1 after a diagnostic;
 * on failure neither the file nor the state changes. (feed_begin, feed_stage, feed_end for
 * one feed.) */
int feed_write(sqlite3 *db, const struct feed *f, const char *dir, time_t now);

/* Several feeds that change together: feed_begin opens the transaction; feed_stage updates
 * f's state inside it and writes f to a finished temporary file kept in *out (0, or -1 after a
 * diagnostic, nothing kept; *out is left empty, {0}, when the file already holds those
 * bytes); feed_end, given the n staged files and rc (0 when every stage
 * succeeded), renames them all into place and commits, or removes them and rolls back.
 * Returns 0, or -1 when anything failed (then no file and no state changed, unless a rename
 * itself failed part-way, which leaves the renamed feeds ahead of their state: their
 * SEQUENCE is raised again next time, never lowered). */
int feed_begin(sqlite3 *db);
int feed_stage(sqlite3 *db, const struct feed *f, const char *dir, time_t now, struct outfile *out);
int feed_end(sqlite3 *db, struct outfile *staged, size_t n, int rc);

#endif
