/* plans.c — the plans of a rules tree and the choice of one by year (see plans.h). */
#include "plans.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "dirlist.h"
#include "lang.h"

static bool is_rule_file(const char *name)
{
	return dirlist_ends_with(name, ".lua") && !dirlist_ends_with(name, "_test.lua");
}

static bool any_name(const char *name) { return strcmp(name, "lib") != 0; }

/* Whether dir holds at least one rule file. */
static bool has_rules(const char *dir)
{
	char **names;
	int n = dirlist(dir, is_rule_file, &names);
	if (n < 0)
		return false;
	dirlist_free(names, n);
	return n > 0;
}

static int add_dir(struct plans *p, const char *dir)
{
	char **d = realloc(p->dirs, (p->n + 1) * sizeof *d);
	if (d)
		p->dirs = d;
	int *y = realloc(p->years, (p->n + 1) * sizeof *y);
	if (y)
		p->years = y;
	if (!d || !y || !(p->dirs[p->n] = strdup(dir)))
		return -1;
	p->years[p->n++] = 0;
	return 0;
}

int plans_scan(const char *root, struct plans *out)
{
	memset(out, 0, sizeof *out);
	char **names;
	int n = dirlist(root, any_name, &names);
	if (n < 0) {
		diag(root, 0, NULL, "%s", tr("无法读取规则目录", "cannot read the rules directory"));
		return -1;
	}
	int rc = has_rules(root) ? add_dir(out, root) : 0;
	char path[4200];
	struct stat st;
	for (int i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof path, "%s/%s", root, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && has_rules(path))
			rc = add_dir(out, path);
	}
	dirlist_free(names, n);
	if (rc < 0)
		diag(root, 0, NULL, "%s", tr("内存不足", "out of memory"));
	else if (out->n == 0)
		add_dir(out, root);   /* no rule files anywhere: rules_load says so, as before */
	return rc;
}

void plans_free(struct plans *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->dirs[i]);
	free(p->dirs);
	free(p->years);
	memset(p, 0, sizeof *p);
}

/* The year of the plan in dir (0 when it declares none), or -1 when it cannot be loaded. */
static int plan_year(const char *dir, const struct sandbox_limits *lim, struct calendar *cal)
{
	struct ruleset *rs = rules_load(dir, NULL, lim, cal);
	if (!rs)
		return -1;
	int y = rs->have_plan ? rs->plan.year : 0;
	rules_free(rs);
	return y;
}

int plans_years(struct plans *p, const struct sandbox_limits *lim, struct calendar *cal)
{
	int rc = 0;
	for (size_t i = 0; i < p->n; i++) {
		if ((p->years[i] = plan_year(p->dirs[i], lim, cal)) < 0)
			return -1;
		if (p->years[i] == 0 && p->n > 1) {
			diag(p->dirs[i], 0, NULL, "%s", tr("没有 plan{}(或 plan{} 有误),无法得知这份计划的年份",
							   "no plan{} (or a broken one): the plan's year is unknown"));
			rc = -1;
		}
		for (size_t j = 0; j < i; j++)
			if (p->years[i] && p->years[j] == p->years[i]) {
				diag(p->dirs[i], 0, NULL, tr("与 %s 是同一年(%d)的计划:每年只能有一份计划",
							     "a plan of the same year as %s (%d): one plan per year"),
				     p->dirs[j], p->years[i]);
				rc = -1;
			}
	}
	return rc;
}

void plans_year_list(const struct plans *p, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->n && len < size; i++)
		if (p->years[i])
			len += (size_t)snprintf(buf + len, size - len, "%s%d", len ? tr("、", ", ") : "", p->years[i]);
	if (!buf[0])
		snprintf(buf, size, "%s", tr("无", "none"));
}

/* The index of the plan of year (0: the latest), or -1. */
static int find_year(const struct plans *p, int year)
{
	int best = -1;
	for (size_t i = 0; i < p->n; i++)
		if (year ? p->years[i] == year : best < 0 || p->years[i] > p->years[best])
			best = (int)i;
	return best;
}

/* Says that root has no plan for year, and which years it has. */
static void no_such_year(const char *root, const struct plans *p, int year)
{
	char years[256];
	plans_year_list(p, years, sizeof years);
	diag(root, 0, NULL, tr("没有 %d 年的计划(有计划的年份:%s)", "no plan for %d (the plans are for: %s)"), year,
	     years);
}

/* The one plan of a single-plan tree, refused when it declares another year than year. */
static struct ruleset *load_single(const char *root, struct plans *p, int year, const char *config,
				   const struct sandbox_limits *lim, struct calendar *cal)
{
	struct ruleset *rs = rules_load(p->dirs[0], config, lim, cal);
	if (rs && year && rs->have_plan && rs->plan.year != year) {
		p->years[0] = rs->plan.year;
		no_such_year(root, p, year);
		rules_free(rs);
		return NULL;
	}
	return rs;
}

/* Whether another plan than i has a year in (year, last]: a run over those years would mix
 * two plans (said on stderr). */
static bool reaches_another(const struct plans *p, int i, int year, int last)
{
	for (size_t j = 0; j < p->n; j++)
		if ((int)j != i && p->years[j] > year && p->years[j] <= last) {
			diag(p->dirs[j], 0, NULL, tr("%d 年有这份计划,%d 年的计划管不到:请每份计划分开运行",
						     "%d has this plan of its own, which the plan of %d does not cover: run each plan apart"),
			     p->years[j], year);
			return true;
		}
	return false;
}

struct ruleset *plans_load_years(const char *root, int year, int last, const char *config,
				 const struct sandbox_limits *lim, struct calendar *cal)
{
	struct plans p;
	struct ruleset *rs = NULL;
	if (plans_scan(root, &p) < 0)
		return NULL;
	if (p.n == 1)
		rs = load_single(root, &p, year, config, lim, cal);
	else if (plans_years(&p, lim, cal) == 0) {
		int i = find_year(&p, year);
		if (i < 0)
			no_such_year(root, &p, year);
		else if (!reaches_another(&p, i, p.years[i], last))
			rs = rules_load(p.dirs[i], config, lim, cal);
	}
	plans_free(&p);
	return rs;
}

struct ruleset *plans_load(const char *root, int year, const char *config, const struct sandbox_limits *lim,
			   struct calendar *cal)
{
	return plans_load_years(root, year, year, config, lim, cal);
}
