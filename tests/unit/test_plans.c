/* test_plans.c — the plans of a rules tree (plans.c): which directories are plans, their
 * years, and the plan a year (or a run over years) loads, with the refusals that name the
 * years there are. Trees are written into a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "diag.h"
#include "lang.h"
#include "plans.h"
#include "rules.h"
#include "testutil.h"

struct fixture {
	char dir[64], path[192];
	struct calendar *cal;
};

/* A plan file of year with one clause and one yearly rule whose id names the year. */
static void write_plan(const char *dir, int year)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "plan { id = 'p%d', title = 'P%d', issued = '%d-01-01', effective = '%d-01-01', year = %d,\n"
		 "  clauses = { { id = '一', title = 'a', text = '开展活动。' } } }\n"
		 "rule { id = 'r%d', clause = '一', text = '开展活动', title = '活动', due = 'year',\n"
		 "  check = function(ctx) return pass('ok') end }\n",
		 year, year, year, year, year, year);
	tu_write(dir, "00_plan.lua", text);
}

/* root/name as a new directory; its path into f->path. */
static const char *subdir(struct fixture *f, const char *name)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	assert_int_equal(mkdir(f->path, 0700), 0);
	return f->path;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	tu_tempdir(f->dir, sizeof f->dir);
	f->cal = cal_load("calendars");
	assert_non_null(f->cal);
	lang_set(LANG_EN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	cal_free(f->cal);
	tu_rmtree(f->dir);
	free(f);
	lang_set(LANG_ZH);
	return 0;
}

/* The tree of the bundled layout: the root is the 2020 plan, 2021/ and 2022/ are plans, lib/
 * (helpers), notes/ (no rule file) and tests/ (only *_test.lua) are not. */
static void three_plans(struct fixture *f)
{
	write_plan(f->dir, 2020);
	write_plan(subdir(f, "2022"), 2022);
	write_plan(subdir(f, "2021"), 2021);
	tu_write(subdir(f, "lib"), "common.lua", "return {}\n");
	tu_write(subdir(f, "notes"), "README.txt", "not rules\n");
	tu_write(subdir(f, "tests"), "x_test.lua", "-- a test file alone is no plan\n");
}

/* Loads the plan for year..last (plans_load_years) and returns its plan year, or 0 when it was
 * refused; *said gets the diagnostics (caller frees). */
static int loaded_year(struct fixture *f, int year, int last, char **said)
{
	struct tu_capture c;
	tu_capture_begin(&c);
	struct ruleset *rs = plans_load_years(f->dir, year, last, NULL, NULL, f->cal);
	*said = tu_capture_end(&c);
	int y = rs ? rs->plan.year : 0;
	rules_free(rs);
	return y;
}

static void test_scan_and_years(void **state)
{
	struct fixture *f = *state;
	three_plans(f);
	struct plans p;
	assert_int_equal(plans_scan(f->dir, &p), 0);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.dirs[0], f->dir);   /* the root first, then subdirectories by name */
	assert_non_null(strstr(p.dirs[1], "/2021"));
	assert_non_null(strstr(p.dirs[2], "/2022"));
	assert_int_equal(plans_years(&p, NULL, f->cal), 0);
	assert_int_equal(p.years[0], 2020);
	assert_int_equal(p.years[1], 2021);
	assert_int_equal(p.years[2], 2022);
	char list[64];
	plans_year_list(&p, list, sizeof list);
	assert_string_equal(list, "2020, 2021, 2022");
	lang_set(LANG_ZH);
	plans_year_list(&p, list, sizeof list);
	assert_string_equal(list, "2020、2021、2022");
	lang_set(LANG_EN);
	plans_free(&p);
	assert_null(p.dirs);
}

static void test_load_by_year(void **state)
{
	struct fixture *f = *state;
	three_plans(f);
	char *said;
	assert_int_equal(loaded_year(f, 2021, 2021, &said), 2021);
	assert_string_equal(said, "");
	free(said);
	assert_int_equal(loaded_year(f, 0, 0, &said), 2022);   /* 0: the latest */
	free(said);
	assert_int_equal(loaded_year(f, 2019, 2019, &said), 0);
	assert_non_null(strstr(said, "no plan for 2019"));
	assert_non_null(strstr(said, "2020, 2021, 2022"));
	free(said);
	/* a run over 2020..2021 would mix two plans: refused, naming the other plan's year */
	assert_int_equal(loaded_year(f, 2020, 2021, &said), 0);
	assert_non_null(strstr(said, "2021 has this plan of its own"));
	free(said);
	assert_int_equal(loaded_year(f, 2022, 2023, &said), 2022);   /* no later plan within */
	free(said);
}

/* A tree of one plan: that plan, whatever the subdirectories without rule files; a year it
 * does not declare is refused; its windows may reach into the next year. */
static void test_single_plan(void **state)
{
	struct fixture *f = *state;
	write_plan(f->dir, 2020);
	tu_write(subdir(f, "lib"), "common.lua", "return {}\n");
	char *said;
	assert_int_equal(loaded_year(f, 2020, 2020, &said), 2020);
	free(said);
	assert_int_equal(loaded_year(f, 2020, 2021, &said), 2020);
	free(said);
	assert_int_equal(loaded_year(f, 2021, 2021, &said), 0);
	assert_non_null(strstr(said, "no plan for 2021"));
	assert_non_null(strstr(said, "2020"));
	free(said);
}

/* Two plans of one year, or a plan without plan{} beside others, are refused by name. */
static void test_bad_trees(void **state)
{
	struct fixture *f = *state;
	write_plan(f->dir, 2020);
	write_plan(subdir(f, "again"), 2020);
	char *said;
	assert_int_equal(loaded_year(f, 2020, 2020, &said), 0);
	assert_non_null(strstr(said, "one plan per year"));
	assert_non_null(strstr(said, "/again"));
	free(said);
	tu_rmtree(f->path);
	tu_write(subdir(f, "noplan"), "10_r.lua",
		 "rule { id = 'x', clause = '一', text = 't', title = 't', due = 'year',\n"
		 "  check = function(ctx) return pass('ok') end }\n");
	assert_int_equal(loaded_year(f, 2020, 2020, &said), 0);
	assert_non_null(strstr(said, "/noplan"));
	assert_non_null(strstr(said, "year is unknown"));
	free(said);
}

/* A root that cannot be read is named; a tree with no rule file at all is left to rules_load,
 * which records the problem. */
static void test_unreadable_and_empty(void **state)
{
	struct fixture *f = *state;
	struct plans p;
	char missing[128];
	snprintf(missing, sizeof missing, "%s/missing", f->dir);
	struct tu_capture c;
	tu_capture_begin(&c);
	assert_int_equal(plans_scan(missing, &p), -1);
	char *said = tu_capture_end(&c);
	assert_non_null(strstr(said, missing));
	free(said);
	assert_int_equal(plans_scan(f->dir, &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.dirs[0], f->dir);
	plans_free(&p);
	struct ruleset *rs = plans_load(f->dir, 2020, NULL, NULL, f->cal);
	assert_non_null(rs);   /* loaded, with the problem recorded for the command to report */
	assert_int_equal(rs->n_rules, 0);
	bool named = false;
	for (size_t i = 0; i < rs->n_problems; i++)
		named |= strstr(rs->problems[i].message, "no rule files") != NULL;
	assert_true(named);
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_and_years, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_by_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_trees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_and_empty, setup, teardown),
	};
	return cmocka_run_group_tests_name("plans", tests, NULL, NULL);
}
