/* patcost.c — bounding the work of a Lua pattern search (see patcost.h).
 * The matcher tries the pattern at each start position and, within one attempt, backtracks
 * only at quantified single-character items: x* and x+ try every length up to the run of
 * characters matching x, x- tries them shortest first, x? tries two. %b and back-references
 * scan at most the subject. So an attempt costs at most, item by item from the end,
 *   cost(end) = 1
 *   cost(x)   = 1 + cost(next)                      plain item, capture, anchor, %f
 *   cost(%b)  = n + 1 + cost(next)                  likewise a back-reference %1-%9
 *   cost(x?)  = 1 + 2 cost(next)
 *   cost(x*)  = (r + 1)(1 + cost(next))             r: longest run in s of characters x matches
 *   cost(x-)  = (r + 1)(1 + cost(next))
 * with the shortcut that a quantified item ending the pattern succeeds on its first try. An
 * unanchored search pays one step per start, and a full attempt only where the first item
 * can match (every start, when it may match nothing). Runs are measured on the subject, so
 * ordinary patterns on ordinary text ("^(%d+)-(%d+)$", "%s+", "<(.-)>") cost little. */
#include "patcost.h"

#include <ctype.h>
#include <string.h>

enum item_kind { IT_CLASS, IT_SCAN, IT_STEP };

struct item {
	enum item_kind kind;
	const char *cls;   /* IT_CLASS: ".", "x", "%a", "[...]" */
	size_t cls_len;
	char quant;        /* '*', '+', '-', '?' or 0 */
};

#define MAX_ITEMS 256   /* Lua refuses deeper patterns ("pattern too complex") */

static bool class_letter(unsigned char c, unsigned char letter)
{
	bool r;
	switch (tolower(letter)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	default: return letter == c;
	}
	return isupper(letter) ? !r : r;
}

/* Whether c is in the set cls ("[...]", closing bracket included). */
static bool in_set(unsigned char c, const char *cls, size_t len)
{
	size_t j = 1, end = len - 1;
	bool neg = cls[j] == '^';
	if (neg)
		j++;
	while (j < end) {
		if (cls[j] == '%' && j + 1 < end) {
			if (class_letter(c, (unsigned char)cls[j + 1]))
				return !neg;
			j += 2;
		} else if (cls[j + 1] == '-' && j + 2 < end) {
			if ((unsigned char)cls[j] <= c && c <= (unsigned char)cls[j + 2])
				return !neg;
			j += 3;
		} else {
			if ((unsigned char)cls[j] == c)
				return !neg;
			j++;
		}
	}
	return neg;
}

static bool in_class(unsigned char c, const struct item *it)
{
	if (it->cls[0] == '[')
		return in_set(c, it->cls, it->cls_len);
	if (it->cls[0] == '%')
		return class_letter(c, (unsigned char)it->cls[1]);
	return it->cls[0] == '.' || (unsigned char)it->cls[0] == c;
}

/* The longest run of characters of s matching the item's class, and how many match at all. */
static void runs(const struct item *it, const char *s, size_t n, size_t *longest, size_t *count)
{
	size_t run = 0;
	*longest = *count = 0;
	for (size_t i = 0; i < n; i++) {
		if (in_class((unsigned char)s[i], it)) {
			run++;
			(*count)++;
			if (run > *longest)
				*longest = run;
		} else
			run = 0;
	}
}

/* End (one past) of the set starting at p[i] == '[', or 0 if it is not closed. */
static size_t set_end(const char *p, size_t m, size_t i)
{
	size_t j = i + 1;
	if (j < m && p[j] == '^')
		j++;
	do {
		if (j >= m)
			return 0;
		if (p[j++] == '%') {
			if (j >= m)
				return 0;
			j++;
		}
	} while (j >= m || p[j] != ']');
	return j + 1;
}

/* Splits p[i..m) into items; stops at the first malformed one. Returns the count. */
static size_t parse(const char *p, size_t m, size_t i, struct item *items)
{
	size_t k = 0;
	while (i < m && k < MAX_ITEMS) {
		struct item *it = &items[k];
		size_t end;
		it->quant = 0;
		if (p[i] == '(' || p[i] == ')' || (p[i] == '$' && i + 1 == m)) {
			it->kind = IT_STEP;
			i++;
		} else if (p[i] == '%' && i + 1 < m && p[i + 1] == 'b') {
			if (i + 4 > m)
				break;
			it->kind = IT_SCAN;
			i += 4;
		} else if (p[i] == '%' && i + 1 < m && p[i + 1] == 'f') {
			if (i + 2 >= m || p[i + 2] != '[' || !(end = set_end(p, m, i + 2)))
				break;
			it->kind = IT_STEP;
			i = end;
		} else if (p[i] == '%' && i + 1 < m && isdigit((unsigned char)p[i + 1])) {
			it->kind = IT_SCAN;
			i += 2;
		} else {
			if (p[i] == '%')
				end = i + 2 <= m ? i + 2 : 0;
			else if (p[i] == '[')
				end = set_end(p, m, i);
			else
				end = i + 1;
			if (!end)
				break;
			it->kind = IT_CLASS;
			it->cls = p + i;
			it->cls_len = end - i;
			if (end < m && strchr("*+-?", p[end]) && p[end] != '\0') {
				it->quant = p[end];
				end++;
			}
			i = end;
		}
		k++;
	}
	return k;
}

double patcost_estimate(enum patcost_kind kind, const char *s, size_t n, const char *p, size_t m,
			bool plain)
{
	double starts = (double)n + 1;
	if (kind == PATCOST_FIND && (plain || strcspn(p, "^$*+?.([%-") >= m))
		return starts * (1 + (double)m / 16);   /* a memchr/memcmp search */
	bool anchored = kind != PATCOST_GMATCH && m > 0 && p[0] == '^';
	struct item items[MAX_ITEMS];
	size_t k = parse(p, m, anchored ? 1 : 0, items);
	double cost = 1;
	for (size_t i = k; i-- > 0;) {
		const struct item *it = &items[i];
		size_t longest = 0, count = 0;
		if (it->kind == IT_SCAN)
			cost += (double)n + 1;
		else if (it->kind == IT_STEP || !it->quant)
			cost += 1;
		else if (it->quant == '?')
			cost = 1 + (i + 1 == k ? 1 : 2 * cost);
		else {
			runs(it, s, n, &longest, &count);
			cost = i + 1 == k ? (double)longest + 2 : ((double)longest + 1) * (1 + cost);
		}
	}
	if (anchored)
		return cost;
	/* Starts where the first item cannot match cost one step each. */
	double proceed = starts;
	if (k > 0 && items[0].kind == IT_CLASS && (!items[0].quant || items[0].quant == '+')) {
		size_t longest, count;
		runs(&items[0], s, n, &longest, &count);
		proceed = (double)count;
	}
	return starts + proceed * cost;
}
