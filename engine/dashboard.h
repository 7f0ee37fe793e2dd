/* dashboard.h — the page `yaodian serve` shows at /: the plan, this quarter's ranking and
 * units × work points (report_html_summary, the printed report's own renderer), each unit's
 * open items and deadlines in the next 30 days, the addresses to subscribe to, the saved
 * periods' reports, and the problems of the last rules reload. Plain HTML, no script. */
#ifndef YAODIAN_DASHBOARD_H
#define YAODIAN_DASHBOARD_H

#include <stdio.h>

#include "serve_snap.h"

struct dashboard_info {
	const char *base_url;      /* "http://host:port" or --base-url, without a trailing '/' */
	const char *problems;      /* the last failed rules reload's problems, one per line, or NULL */
};

/* The page's parts that come from the checks, rendered once when a snapshot is built (the
 * findings may be spooled and are not kept): this quarter's summary (quarter) and each unit's
 * open items and deadlines in the next 30 days after as_of (year). 0, or -1 on a write error,
 * a spool error or when out of memory. */
int dashboard_sections(FILE *out, const struct findings *quarter, const struct findings *year, date_t as_of);

/* The plan's title for the page (its id when it has none), malloc'd; NULL when out of memory. */
char *dashboard_title(const struct findings *f);

/* Writes the page for s, around the sections rendered at build time. Returns 0, or -1 on a write error or when out of memory. */
int dashboard_write(FILE *out, const struct snap *s, const struct dashboard_info *info);

#endif
