/* report_html.h — the printed report: one self-contained HTML page (inline CSS, no script, no
 * network) for a reviewer to print on A4 for a leader. Written to any FILE*, so the same
 * renderer can serve a page over HTTP. */
#ifndef YAODIAN_REPORT_HTML_H
#define YAODIAN_REPORT_HTML_H

#include <stdio.h>
#include <time.h>

#include "finding.h"

/* The whole page for f in the current language: title and what was checked, the summary
 * (counts, units ranked by score), the units × work points score table, then each unit's
 * findings (failed and errors, then pending, in full; then waived, passed and not applicable,
 * one line each).
 * generated is the time printed as "generated". Returns 0, or -1 on a write error or when
 * out of memory. */
int report_html(FILE *out, const struct findings *f, time_t generated);

/* The page's start (doctype, the title escaped, the report's print CSS, <body>) and its end,
 * for every page the tool writes, so they all print alike. page_end returns 0, or -1 when
 * anything written to out failed. */
void report_html_page_begin(FILE *out, const char *title);
int report_html_page_end(FILE *out);
/* Only the page's summary section (counts, units ranked by score, the units × work points
 * table) as an HTML fragment, for a page of its own (the server's dashboard) that includes
 * report_html_css() in its style. Returns 0, or -1 on a write error or when out of memory. */
int report_html_summary(FILE *out, const struct findings *f);

/* The style sheet report_html's pages use (static storage). */
const char *report_html_css(void);

/* Writes s (NULL = nothing) as HTML text, safe in element content and in quoted attributes:
 * & < > " ' become entities; a byte that does not start valid UTF-8 and a control character
 * other than \n and \t (C0, DEL, C1) become U+FFFD. Returns 0, or -1 on a write error. */
int report_html_escape(FILE *out, const char *s);

#endif
