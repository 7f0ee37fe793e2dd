/* score.c — per unit and per work point scores out of 100 from a check's findings (see
 * score.h for the formula). A small fold: findings are grouped by unit and rule, and each
 * rule's share of its points goes to its unit and to its clause. */
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

/* How one rule fared for one unit: windows judged and windows passed or waived. */
struct tally {
	const char *rule_id, *clause, *clause_title;
	double points;
	size_t judged, good;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
	size_t *index;      /* open addressing on rule_id: tally number + 1, 0 empty */
	size_t index_cap;   /* a power of two, at least twice n */
};

static bool judged(enum status s)
{
	return s == ST_PASS || s == ST_FAIL || s == ST_WAIVED || s == ST_ERROR;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The index of unit id in s, added (with an empty tally list in tl) when new; -1 when out
 * of memory. */
static long unit_index(struct scores *s, struct tallies **tl, size_t *tl_cap, const struct finding *f)
{
	for (size_t i = 0; i < s->n; i++)
		if (same(s->units[i].unit_id, f->unit_id))
			return (long)i;
	if (vec_reserve(&s->units, &s->cap, s->n + 1, sizeof *s->units) < 0 ||
	    vec_reserve(tl, tl_cap, s->n + 1, sizeof **tl) < 0)
		return -1;
	s->units[s->n] = (struct unit_score){.unit_id = f->unit_id, .unit_name = f->unit_name};
	(*tl)[s->n] = (struct tallies){0};
	return (long)s->n++;
}

/* The work point clause of u, added when new; NULL when out of memory. */
static struct score_part *part_of(struct unit_score *u, const char *clause, const char *title)
{
	for (size_t i = 0; i < u->n_parts; i++)
		if (same(u->parts[i].clause, clause))
			return &u->parts[i];
	if (vec_reserve(&u->parts, &u->cap_parts, u->n_parts + 1, sizeof *u->parts) < 0)
		return NULL;
	u->parts[u->n_parts] = (struct score_part){.clause = clause, .clause_title = title};
	return &u->parts[u->n_parts++];
}

static size_t id_hash(const char *id)
{
	size_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

/* The slot of rule_id in t's index: where it is, or the empty slot where it would go. */
static size_t *index_slot(const struct tallies *t, const char *rule_id)
{
	size_t k = id_hash(rule_id) & (t->index_cap - 1);
	while (t->index[k] && !same(t->v[t->index[k] - 1].rule_id, rule_id))
		k = (k + 1) & (t->index_cap - 1);
	return &t->index[k];
}

/* Makes room in t's index for one more tally (rebuilding it twice as large). 0 or -1. */
static int index_grow(struct tallies *t)
{
	if ((t->n + 1) * 2 <= t->index_cap)
		return 0;
	size_t cap = t->index_cap ? t->index_cap * 2 : 64;
	size_t *idx = calloc(cap, sizeof *idx);
	if (!idx)
		return -1;
	free(t->index);
	t->index = idx;
	t->index_cap = cap;
	for (size_t i = 0; i < t->n; i++)
		*index_slot(t, t->v[i].rule_id) = i + 1;
	return 0;
}

/* Counts f into the unit's tally for its rule (found through the index: linear in the
 * findings however many rules there are). 0 or -1 (out of memory). */
static int count(struct tallies *t, const struct finding *f)
{
	struct tally *x = NULL;
	if (index_grow(t) < 0)
		return -1;
	size_t *slot = index_slot(t, f->rule_id);
	if (*slot)
		x = &t->v[*slot - 1];
	if (!x) {
		if (vec_reserve(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
			return -1;
		*slot = t->n + 1;
		x = &t->v[t->n++];
		*x = (struct tally){.rule_id = f->rule_id, .clause = f->clause, .clause_title = f->clause_title,
				    .points = f->points};
	}
	if (judged(f->status)) {
		x->judged++;
		x->good += f->status == ST_PASS || f->status == ST_WAIVED;
	}
	return 0;
}

/* Folds a unit's tallies into its total and its work points. */
static int fold(struct unit_score *u, const struct tallies *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct tally *x = &t->v[i];
		struct score_part *p = part_of(u, x->clause, x->clause_title);
		if (!p)
			return -1;
		if (x->judged == 0)
			continue;
		double earned = x->points * (double)x->good / (double)x->judged;
		p->earned += earned;
		p->available += x->points;
		u->earned += earned;
		u->available += x->points;
	}
	return 0;
}

int score_compute(const struct findings *f, struct scores *out)
{
	struct tallies *tl = NULL;
	size_t tl_cap = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < f->n; i++) {
		const struct finding *x = &f->items[i];
		if (!x->unit_id || !*x->unit_id)
			continue;
		long u = unit_index(out, &tl, &tl_cap, x);
		rc = u < 0 ? -1 : count(&tl[u], x);
	}
	for (size_t i = 0; rc == 0 && i < out->n; i++)
		rc = fold(&out->units[i], &tl[i]);
	for (size_t i = 0; tl && i < out->n; i++) {
		free(tl[i].v);
		free(tl[i].index);
	}
	free(tl);
	if (rc != 0)
		scores_free(out);
	return rc;
}

void scores_free(struct scores *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->units[i].parts);
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
