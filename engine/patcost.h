/* patcost.h — an upper bound on the work of one Lua string search (find, match, gmatch, gsub),
 * computed before the search runs. Lua's pattern matcher backtracks inside one library call,
 * where no instruction hook can stop it ("a-a-a-a-b" on 3,000 bytes runs for hours), so the
 * sandbox refuses a search whose bound exceeds what the rule has left of its budget. */
#ifndef YAODIAN_PATCOST_H
#define YAODIAN_PATCOST_H

#include <stdbool.h>
#include <stddef.h>

enum patcost_kind { PATCOST_FIND, PATCOST_MATCH, PATCOST_GMATCH, PATCOST_GSUB };

/* Bound, in matcher steps (each comparable to one Lua instruction), on searching subject s
 * (n bytes) for pattern p (m bytes) with the given function; plain is find's fourth argument.
 * For gmatch it covers the whole iteration. Malformed patterns are bounded as far as they
 * parse (Lua raises its own error when it reaches the rest). */
double patcost_estimate(enum patcost_kind kind, const char *s, size_t n, const char *p, size_t m,
			bool plain);

#endif
