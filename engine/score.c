/* score.c — per unit and per work point scores out of 100 from a check's findings (see
 * score.h for the formula). A small fold: findings are grouped by unit and rule, and each
 * rule's share of its points goes to its unit and to its clause. */
#include "score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

/* How one rule fared for one unit: windows judged and windows passed or waived. rule_id is
 * interned (struct names), part indexes the unit's work points. */
struct tally {
	const char *rule_id;
	size_t part;
	double points;
	size_t judged, good;
};

/* The rule ids seen, each kept once however many units have it. */
struct names {
	char **v;
	size_t n, cap;
};

struct tallies {
	struct tally *v;
	size_t n, cap;
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

/* The interned copy of s ("" for NULL), or NULL when out of memory. */
static const char *intern(struct names *nm, const char *s)
{
	s = s ? s : "";
	for (size_t i = nm->n; i-- > 0;)
		if (strcmp(nm->v[i], s) == 0)
			return nm->v[i];
	if (vec_reserve(&nm->v, &nm->cap, nm->n + 1, sizeof *nm->v) < 0 || !(nm->v[nm->n] = strdup(s)))
		return NULL;
	return nm->v[nm->n++];
}

/* Counts f into unit u's tally for its rule (t its tallies), adding the tally, and the work
 * point of its clause to u, when new. 0 or -1 (out of memory). */
static int count(struct unit_score *u, struct tallies *t, struct names *nm, const struct finding *f)
{
	struct tally *x = NULL;
	const char *rule = intern(nm, f->rule_id);
	if (!rule)
		return -1;
	for (size_t i = 0; i < t->n && !x; i++)
		if (t->v[i].rule_id == rule)
			x = &t->v[i];
	if (!x) {
		struct score_part *p = part_of(u, f->clause, f->clause_title);
		if (!p || vec_reserve(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
			return -1;
		x = &t->v[t->n++];
		*x = (struct tally){.rule_id = rule, .part = (size_t)(p - u->parts), .points = f->points};
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
		struct score_part *p = &u->parts[x->part];
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
		rc = fold(&out->units[i], &tl[i]);
	for (size_t i = 0; i < out->n; i++)
		free(tl ? tl[i].v : NULL);
	free(tl);
	for (size_t i = 0; i < nm.n; i++)
		free(nm.v[i]);
	free(nm.v);
	if (rc != 0)
		scores_free(out);
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

void score_change_text(double before, double after, char *buf, size_t size)
{
	double d = round((after - before) * 10) / 10;
	if (d >= 0.05)
		snprintf(buf, size, "+%.1f", d);
	else if (d <= -0.05)
		snprintf(buf, size, "\u2212%.1f", -d);
	else
		snprintf(buf, size, "0.0");
}
