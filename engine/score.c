/* score.c — per unit and per work point scores out of 100 from a check's findings (see
 * score.h for the formula). A small fold: findings are grouped by unit and rule, and each
 * rule's share of its points goes to its unit and to its clause. */
#include "score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

/* How one rule fared for one unit: windows judged and windows passed or waived, and the
 * unit's work point it counts to (part + 1; 0 while the unit has no finding of the rule). */
struct tally {
	uint32_t judged, good, part;
};

/* The rule ids seen, each kept once however many units have it, numbered in the order first
 * seen, with the rule's points. */
struct names {
	char **v;
	double *points;
	size_t n, cap, cap_points;
	size_t *index, index_cap;   /* see slot_of */
};

/* A unit's tallies, indexed by rule number (struct names): a few bytes per rule and unit, so
 * that a department of 10,000 units is scored in a few megabytes. */
struct tallies {
	struct tally *v;
	size_t n;
};

static bool judged(enum status s)
{
	return s == ST_PASS || s == ST_FAIL || s == ST_WAIVED || s == ST_ERROR;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

/* Whether the copy of src in *dst was made (a NULL src needs none). */
static bool copied(const char *src, const char *dst) { return !src || dst; }

/* The index of unit id in s, added (with an empty tally list in tl) when new; -1 when out
 * of memory. *hint is the last unit found: a check judges the units in turn, so the unit
 * after it is tried first. */
static long unit_index(struct scores *s, struct tallies **tl, size_t *tl_cap, const struct finding *f, size_t *hint)
{
	for (size_t k = 0; k < s->n; k++) {
		size_t i = (*hint + 1 + k) % s->n;
		if (same(s->units[i].unit_id, f->unit_id))
			return (long)(*hint = i);
	}
	if (vec_reserve(&s->units, &s->cap, s->n + 1, sizeof *s->units) < 0 ||
	    vec_reserve(tl, tl_cap, s->n + 1, sizeof **tl) < 0)
		return -1;
	struct unit_score *u = &s->units[s->n];
	*u = (struct unit_score){.unit_id = dup(f->unit_id), .unit_name = dup(f->unit_name)};
	(*tl)[s->n] = (struct tallies){0};
	*hint = s->n++;
	return copied(f->unit_id, u->unit_id) && copied(f->unit_name, u->unit_name) ? (long)*hint : -1;
}

/* The work point clause of u, added when new; NULL when out of memory. */
static struct score_part *part_of(struct unit_score *u, const char *clause, const char *title)
{
	for (size_t i = 0; i < u->n_parts; i++)
		if (same(u->parts[i].clause, clause))
			return &u->parts[i];
	if (vec_reserve(&u->parts, &u->cap_parts, u->n_parts + 1, sizeof *u->parts) < 0)
		return NULL;
	struct score_part *p = &u->parts[u->n_parts++];
	*p = (struct score_part){.clause = dup(clause), .clause_title = dup(title)};
	return copied(clause, p->clause) && copied(title, p->clause_title) ? p : NULL;
}

static size_t id_hash(const char *id)
{
	size_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

/* An open-addressing index of cap slots (a power of two) holding entry numbers + 1 (0 is
 * empty), name(ctx, i) being entry i's key: the slot where key is, or the empty slot where it
 * would go. Lookups stay constant-time however many rules a rule set declares. */
static size_t *slot_of(size_t *index, size_t cap, const char *key, const char *(*name)(const void *, size_t),
		       const void *ctx)
{
	size_t k = id_hash(key) & (cap - 1);
	while (index[k] && strcmp(name(ctx, index[k] - 1), key) != 0)
		k = (k + 1) & (cap - 1);
	return &index[k];
}

/* Makes room for entry n + 1 in the index (rebuilt twice as large when half full). 0 or -1. */
static int index_grow(size_t **index, size_t *cap, size_t n, const char *(*name)(const void *, size_t),
		      const void *ctx)
{
	if ((n + 1) * 2 <= *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	size_t *idx = calloc(c, sizeof *idx);
	if (!idx)
		return -1;
	free(*index);
	*index = idx;
	*cap = c;
	for (size_t i = 0; i < n; i++)
		*slot_of(idx, c, name(ctx, i), name, ctx) = i + 1;
	return 0;
}

static const char *name_at(const void *ctx, size_t i) { return ((const struct names *)ctx)->v[i]; }

/* The number of rule id s, added with its points when new; -1 when out of memory. */
static long rule_number(struct names *nm, const char *s, double points)
{
	s = s ? s : "";
	if (index_grow(&nm->index, &nm->index_cap, nm->n, name_at, nm) < 0)
		return -1;
	size_t *slot = slot_of(nm->index, nm->index_cap, s, name_at, nm);
	if (*slot)
		return (long)*slot - 1;
	if (vec_reserve(&nm->v, &nm->cap, nm->n + 1, sizeof *nm->v) < 0 ||
	    vec_reserve(&nm->points, &nm->cap_points, nm->n + 1, sizeof *nm->points) < 0 || !(nm->v[nm->n] = strdup(s)))
		return -1;
	nm->points[nm->n] = points;
	*slot = nm->n + 1;
	return (long)nm->n++;
}

/* Makes t hold a tally for every rule number below n (new ones zeroed). 0 or -1. */
static int tallies_cover(struct tallies *t, size_t n)
{
	if (n <= t->n)
		return 0;
	struct tally *v = realloc(t->v, n * sizeof *v);
	if (!v)
		return -1;
	memset(v + t->n, 0, (n - t->n) * sizeof *v);
	t->v = v;
	t->n = n;
	return 0;
}

/* Counts f into unit u's tally for its rule (t its tallies), adding the work point of its
 * clause to u when new. 0 or -1 (out of memory). */
static int count(struct unit_score *u, struct tallies *t, struct names *nm, const struct finding *f)
{
	long r = rule_number(nm, f->rule_id, f->points);
	if (r < 0 || tallies_cover(t, nm->n) < 0)
		return -1;
	struct tally *x = &t->v[r];
	if (!x->part) {
		struct score_part *p = part_of(u, f->clause, f->clause_title);
		if (!p)
			return -1;
		x->part = (uint32_t)(p - u->parts) + 1;
	}
	if (judged(f->status)) {
		x->judged++;
		x->good += f->status == ST_PASS || f->status == ST_WAIVED;
	}
	return 0;
}

/* Folds a unit's tallies into its total and its work points, rules in the order first seen. */
static int fold(struct unit_score *u, const struct tallies *t, const struct names *nm)
{
	for (size_t r = 0; r < t->n; r++) {
		const struct tally *x = &t->v[r];
		if (!x->part || x->judged == 0)
			continue;
		struct score_part *p = &u->parts[x->part - 1];
		double earned = nm->points[r] * (double)x->good / (double)x->judged;
		p->earned += earned;
		p->available += nm->points[r];
		u->earned += earned;
		u->available += nm->points[r];
	}
	return 0;
}

int score_compute(const struct findings *f, struct scores *out)
{
	struct tallies *tl = NULL;
	struct names nm = {0};
	size_t tl_cap = 0, hint = 0;
	struct findings_cursor c;
	int rc = findings_open(&c, f, FO_CHECK);
	const struct finding *x;
	while (rc == 0 && (x = findings_next(&c)) != NULL) {
		if (!x->unit_id || !*x->unit_id)
			continue;
		long u = unit_index(out, &tl, &tl_cap, x, &hint);
		rc = u < 0 ? -1 : count(&out->units[u], &tl[u], &nm, x);
	}
	if (c.failed)
		rc = -1;
	findings_close(&c);
	for (size_t i = 0; rc == 0 && i < out->n; i++)
		rc = fold(&out->units[i], &tl[i], &nm);
	for (size_t i = 0; tl && i < out->n; i++)
		free(tl[i].v);
	free(tl);
	for (size_t i = 0; i < nm.n; i++)
		free(nm.v[i]);
	free(nm.v);
	free(nm.points);
	free(nm.index);
	if (rc != 0)
		scores_free(out);
	return rc;
}

static const char *unit_at(const void *ctx, size_t i) { return ((const struct scores *)ctx)->units[i].unit_id; }

int score_unit_counts(const struct findings *f, const struct scores *s, size_t (*counts)[ST_COUNT])
{
	size_t *index = NULL, cap = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < s->n; i++)
		if ((rc = index_grow(&index, &cap, i, unit_at, s)) == 0)
			*slot_of(index, cap, s->units[i].unit_id, unit_at, s) = i + 1;
	struct findings_cursor c;
	if (rc == 0 && (rc = findings_open(&c, f, FO_CHECK)) == 0) {
		const struct finding *x;
		while (cap && (x = findings_next(&c)) != NULL) {
			if (!x->unit_id || (unsigned)x->status >= ST_COUNT)
				continue;
			size_t at = *slot_of(index, cap, x->unit_id, unit_at, s);
			if (at)
				counts[at - 1][x->status]++;
		}
		rc = c.failed ? -1 : 0;
		findings_close(&c);
	}
	free(index);
	return rc;
}

void scores_free(struct scores *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct unit_score *u = &s->units[i];
		for (size_t k = 0; k < u->n_parts; k++)
			free(u->parts[k].clause), free(u->parts[k].clause_title);
		free(u->parts);
		free(u->unit_id), free(u->unit_name);
	}
	free(s->units);
	memset(s, 0, sizeof *s);
}

bool score_value(double earned, double available, double *out)
{
	if (!(available > 0))
		return false;
	*out = round(1000.0 * earned / available) / 10.0;
	return true;
}

double score_round2(double x)
{
	return round(x * 100.0) / 100.0;
}

double score_change(double before, double after)
{
	return round((after - before) * 10) / 10;
}

void score_change_text(double before, double after, char *buf, size_t size)
{
	double d = score_change(before, after);
	if (d >= 0.05)
		snprintf(buf, size, "+%.1f", d);
	else if (d <= -0.05)
		snprintf(buf, size, "\u2212%.1f", -d);
	else
		snprintf(buf, size, "0.0");
}
