/* plans.h — several plans side by side in one rules tree: the directory's own rule files are
 * one plan (the bundled 2020 plan in rules/), and each subdirectory other than lib/ that holds
 * rule files of its own is another (rules/2021/). Each plan names its year (plan.year); a
 * command that judges a period loads the plan of the period's year. */
#ifndef YAODIAN_PLANS_H
#define YAODIAN_PLANS_H

#include <stddef.h>

#include "cal.h"
#include "rules.h"
#include "sandbox.h"

/* The plan directories of a rules tree. */
struct plans {
	char **dirs;        /* root first when it holds rule files, then subdirectories by name */
	int *years;         /* each plan's year; 0 until plans_years, or when it declares no plan{} */
	size_t n;
};

/* Lists the plan directories of root into *out (years not read). Returns 0, or -1 after a
 * diagnostic when root cannot be read or holds no rule files at all. */
int plans_scan(const char *root, struct plans *out);
void plans_free(struct plans *p);

/* Reads each plan's year by loading its rules (without config). Two plans of one year, or a
 * plan without plan{} in a tree of several, are named on stderr. Returns 0 or -1. */
int plans_years(struct plans *p, const struct sandbox_limits *lim, struct calendar *cal);

/* Writes the years of p into buf as "2020、2021" ("2020, 2021" in English). */
void plans_year_list(const struct plans *p, char *buf, size_t size);

/* Loads the rules of root's plan for year (with config): in a tree of one plan that plan,
 * which must be of year when it declares one; in a tree of several the one whose plan.year is
 * year. year 0 takes the latest plan. A year no plan has is an error that lists the years
 * there are. Returns the rule set (rules_free), or NULL after a diagnostic. */
struct ruleset *plans_load(const char *root, int year, const char *config, const struct sandbox_limits *lim,
			   struct calendar *cal);

/* The same for a run over the years year..last (calendar, dates, serve): the plan of year,
 * refused in a tree where another plan's year is within (year, last]; in a tree of one plan
 * the years after its own are its to show (a window of the 2020 plan may end in 2021). */
struct ruleset *plans_load_years(const char *root, int year, int last, const char *config,
				 const struct sandbox_limits *lim, struct calendar *cal);

#endif
