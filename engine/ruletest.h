/* ruletest.h — rule tests: the *_test.lua files beside the rules, each declaring test{...}
 * cases that name a rule, a few records (or a fixture directory of CSV files) and the findings
 * expected; each case runs against a fresh database through the real importer and check.
 * Also what `yaodian coverage` needs: which rules have passing and failing tests. */
#ifndef YAODIAN_RULETEST_H
#define YAODIAN_RULETEST_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"
#include "period.h"
#include "rules.h"

/* One expectation: every finding of the rule for unit (or for every unit when unit is NULL)
 * has status, or, with a window, the one finding whose window starts on that day does. Every
 * evidence ref listed must be among the finding's; message, when set, must be part of its
 * message. */
struct rt_expect {
	char *unit;
	bool has_window;
	date_t window;
	enum status status;
	char **evidence;
	size_t n_evidence;
	char *message;
};

/* One record: the CSV cells by column name, in the order they will be written. */
struct rt_cell {
	char *key, *value;
};

struct rt_row {
	struct rt_cell *cells;
	size_t n, cap;
};

/* The records of one kind a test imports, written as one CSV file. */
struct rt_rows {
	struct rt_row *rows;
	size_t n;
};

/* What a test counts as for coverage: every expectation pass, or at least one fail. */
enum rt_kind { RT_OTHER, RT_PASSING, RT_FAILING };

#define RT_MAX_KINDS 64   /* import kinds, at most */

struct ruletest {
	char *file;              /* the *_test.lua file */
	int line;                /* where test{} was called */
	char *name;
	char *rule;              /* the rule id under test */
	size_t rule_index;       /* into the rule set */
	bool ok;                 /* declared without problems: it can run */
	struct period period;
	date_t as_of;
	int params_ref;          /* registry ref to {name = value} overrides, or LUA_NOREF */
	char **fixture;          /* per import kind (import_kinds() order): a CSV path or NULL */
	struct rt_rows *records; /* per import kind */
	struct rt_expect *expect;
	size_t n_expect;
	enum rt_kind kind;
};

struct ruletest_suite {
	struct ruleset *rs;      /* not owned */
	size_t n_kinds;          /* import_kinds() */
	struct ruletest *tests;
	size_t n, cap;
	struct rule_problem *problems;
	size_t n_problems, cap_problems;
	size_t n_files;
	bool loading;            /* test files are being loaded: test{} is allowed */
	char *tmpdir;            /* where test databases are made (mode 0700), once needed */
	bool have_template;      /* tmpdir/template.db: an empty migrated database to copy */
};

/* Loads every *_test.lua file in the rule set's directory, in byte order of the name, each in
 * its own guarded environment of rs's sandbox, where test{...} declares a case. Problems (a
 * file that does not load, an unknown rule id, a bad field) are collected in s->problems as
 * file:line: field: message. Returns NULL only when out of memory or the directory cannot be
 * read (after a diagnostic). rs must outlive the suite. */
struct ruletest_suite *ruletest_load(struct ruleset *rs);

/* Frees the suite and removes its temporary directory. */
void ruletest_free(struct ruletest_suite *s);

enum rt_verdict { RT_PASSED, RT_FAILED, RT_BROKEN };

/* Runs test i: a fresh database (a temporary file, mode 0600, removed afterwards) migrated
 * with the schemas, the fixture and records imported kind by kind in import order, the test's
 * parameter overrides applied on a copy, and the check of that one rule. A bad record is
 * reported like a bad CSV row, through diag(), with the test file, its line and the test's
 * name; the test is then RT_BROKEN, as when its database cannot be made. For RT_FAILED, what
 * was expected and what came is written to why (may be NULL), each line indented by four
 * spaces. An error finding nobody expected makes the test RT_BROKEN too (the rule broke). */
enum rt_verdict ruletest_run(struct ruletest_suite *s, size_t i, FILE *why);

/* How many valid tests of rule expect it to pass and to fail (see enum rt_kind). */
void ruletest_count(const struct ruletest_suite *s, const char *rule, size_t *passing, size_t *failing);

/* Writes rows as a CSV file: a header from the union of the row keys in first-seen order,
 * each field quoted when it needs to be. When row_lines is not NULL, row_lines[i] gets the line
 * of the file row i starts on (the header is line 1). Returns 0 or -1 (write error). */
int ruletest_write_csv(FILE *out, const struct rt_rows *rows, long *row_lines);

/* Whether the findings of rule meet e; if not, writes what was expected and what came to why
 * (may be NULL). label names the expectation ("expect[2]"). */
bool ruletest_expect_met(const struct rt_expect *e, const char *label, const char *rule,
			 const struct findings *f, FILE *why);

/* Internal to the module (ruletest_dsl.c): the test{} function, bound to s. */
void ruletest_push_dsl(lua_State *L, struct ruletest_suite *s);
/* Pushes Y, the plan-year helper of test files (Y"-06-01", Y.next"-01-15", Y.prev"-12-31",
 * Y.year), bound to s's plan. */
void ruletest_push_year(lua_State *L, struct ruletest_suite *s);
void ruletest_problem(struct ruletest_suite *s, const char *where, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ruletest_case_free(struct ruletest *t, size_t n_kinds);

#endif
