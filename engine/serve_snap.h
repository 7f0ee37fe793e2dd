/* serve_snap.h — what `yaodian serve` answers from: one immutable snapshot of every feed, the
 * saved periods' HTML reports and the dashboard's data, built in one go and swapped in whole
 * (serve.c). Requests only read a snapshot they hold a reference to; they never touch the
 * database or the rules. */
#ifndef YAODIAN_SERVE_SNAP_H
#define YAODIAN_SERVE_SNAP_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "finding.h"
#include "period.h"
#include "rules.h"

/* One document as it is served. */
struct snap_file {
	char *name;            /* "plan.ics", "point-3-6.ics", "unit-BGS.ics", "report/2020Q3.html" */
	const char *type;      /* Content-Type */
	char *body;
	size_t len;
	char *gz;              /* gzip of body, or NULL when it would not be smaller */
	size_t gz_len;
	char etag[40];         /* strong: "\"" + 32 hex digits of the body's SHA-256 + "\"" */
	char etag_gz[44];      /* the gzip representation's: "\"...-gz\"" */
	time_t mtime;          /* when these bytes were first served (Last-Modified) */
};

/* A unit feed's secret address: the SHA-256 of its token and the feed (files[file]). */
struct snap_token {
	char hash[65];
	char *unit_id;
	size_t file;
};

struct snap {
	atomic_int refs;
	time_t built;
	date_t as_of;
	struct snap_file *files;
	size_t n_files, cap_files;
	struct snap_token *tokens;
	size_t n_tokens, cap_tokens;
	char *title;               /* the plan's title */
	char *sections;            /* the dashboard's parts rendered from the checks (dashboard_sections) */
	size_t sections_len;
};

/* What a rebuild needs besides the rules. */
struct snap_cfg {
	const char *db;            /* records database */
	int from, to;              /* the years the feeds cover */
	struct period quarter;     /* the dashboard's quarter */
	date_t as_of;
	time_t now;                /* the time of the rebuild (feed state, Last-Modified) */
};

/* Builds a snapshot with rs (already loaded; attached to a read-only connection here and
 * detached before returning): the feeds through feeds_write into a private staging directory
 * (their state kept in the database), read into memory and removed; this quarter's and the
 * years' checks; the HTML report of the latest saved run of every saved period; the unit
 * tokens. A document whose bytes equal prev's keeps prev's mtime. *out holds one reference.
 * Returns 0, or -1 after a diagnostic (nothing built). */
int snap_build(const struct snap_cfg *c, struct ruleset *rs, const struct snap *prev, struct snap **out);

/* The document named name, or NULL. */
const struct snap_file *snap_find(const struct snap *s, const char *name);

/* The unit feed served under token, or NULL for a token that opens none (*unit its unit). */
const struct snap_file *snap_unit_feed(const struct snap *s, const char *token, const char **unit);

void snap_ref(struct snap *s);
/* Drops a reference; the last one frees the snapshot. NULL is ignored. */
void snap_unref(struct snap *s);

#endif
