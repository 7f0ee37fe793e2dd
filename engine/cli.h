/* cli.h — what the command-line commands share: the option set and its parser, usage errors,
 * loading the calendar and rules, and the commands that live outside main.c. */
#ifndef YAODIAN_CLI_H
#define YAODIAN_CLI_H

#include "cal.h"
#include "date.h"
#include "period.h"
#include "rules.h"

#define EXIT_USAGE 2

/* Options of every command (each command takes a subset, see TAKES_*). */
struct opts {
	const char *db, *rules, *config, *period, *unit, *format, *as_of, *output, *out, *encoding;
	const char *listen, *base_url;
	long max_instructions, max_memory_mb, from_year, to_year, year;
	long jobs;   /* --jobs: worker threads of check and calendar; 0 when not given */
	double max_seconds, max_check_seconds;
	int help, replace, dry_run, save, rotate;
	int windows, open_only, new_plan;   /* calendar */
};

enum { OPT_DB = 1000, OPT_RULES, OPT_CONFIG, OPT_PERIOD, OPT_UNIT, OPT_FORMAT, OPT_ASOF, OPT_LANG,
       OPT_OUTPUT, OPT_MAXI, OPT_MAXM, OPT_FROM, OPT_TO, OPT_OUT, OPT_ENCODING, OPT_REPLACE, OPT_DRYRUN,
       OPT_YEAR, OPT_SAVE, OPT_WINDOWS, OPT_OPEN_ONLY, OPT_NEW_PLAN, OPT_LISTEN, OPT_BASEURL, OPT_ROTATE,
       OPT_MAXS, OPT_MAXT, OPT_JOBS, OPT_LAST = OPT_JOBS };

/* The options each command takes (bit OPT_x - OPT_DB); --help and -h go with every one. Each
 * command's help lists exactly these. */
#define TAKES(opt) (1u << ((opt) - OPT_DB))
#define TAKES_RULES  (TAKES(OPT_RULES) | TAKES(OPT_CONFIG) | TAKES(OPT_MAXI) | TAKES(OPT_MAXM))
#define TAKES_INIT   (TAKES(OPT_DB) | TAKES(OPT_LANG))
#define TAKES_IMPORT (TAKES(OPT_DB) | TAKES(OPT_LANG) | TAKES(OPT_ENCODING) | TAKES(OPT_REPLACE) | TAKES(OPT_DRYRUN) | \
		      TAKES(OPT_RULES))
#define TAKES_DELETE (TAKES(OPT_DB) | TAKES(OPT_LANG) | TAKES(OPT_DRYRUN))
#define TAKES_UNITS  (TAKES(OPT_DB) | TAKES(OPT_LANG) | TAKES(OPT_YEAR))
#define TAKES_EXPLAIN (TAKES_RULES | TAKES(OPT_DB) | TAKES(OPT_UNIT) | TAKES(OPT_PERIOD) | TAKES(OPT_ASOF) | TAKES(OPT_LANG))
#define TAKES_EXPORT (TAKES(OPT_DB) | TAKES(OPT_LANG) | TAKES(OPT_FORMAT) | TAKES(OPT_OUTPUT))
#define TAKES_LINT   (TAKES_RULES | TAKES(OPT_LANG) | TAKES(OPT_YEAR))
#define TAKES_CHECK  (TAKES_RULES | TAKES(OPT_DB) | TAKES(OPT_PERIOD) | TAKES(OPT_UNIT) | TAKES(OPT_FORMAT) | \
		      TAKES(OPT_ASOF) | TAKES(OPT_LANG) | TAKES(OPT_OUTPUT) | TAKES(OPT_SAVE) | TAKES(OPT_MAXS) | TAKES(OPT_MAXT) | \
		      TAKES(OPT_JOBS))
#define TAKES_DATES  (TAKES_RULES | TAKES(OPT_FROM) | TAKES(OPT_TO) | TAKES(OPT_LANG))
#define TAKES_CALENDAR (TAKES_RULES | TAKES(OPT_DB) | TAKES(OPT_FROM) | TAKES(OPT_TO) | TAKES(OPT_OUT) | \
			TAKES(OPT_ASOF) | TAKES(OPT_LANG) | TAKES(OPT_WINDOWS) | TAKES(OPT_OPEN_ONLY) | TAKES(OPT_NEW_PLAN) | \
			TAKES(OPT_JOBS))
#define TAKES_TEST   (TAKES(OPT_RULES) | TAKES(OPT_MAXI) | TAKES(OPT_MAXM) | TAKES(OPT_LANG) | TAKES(OPT_YEAR))
#define TAKES_COVERAGE (TAKES(OPT_RULES) | TAKES(OPT_LANG) | TAKES(OPT_YEAR))
#define TAKES_HISTORY (TAKES(OPT_DB) | TAKES(OPT_UNIT) | TAKES(OPT_LANG))
#define TAKES_DIFF   (TAKES(OPT_DB) | TAKES(OPT_FORMAT) | TAKES(OPT_LANG))
#define TAKES_TEMPLATE (TAKES(OPT_FORMAT) | TAKES(OPT_OUT) | TAKES(OPT_DB) | TAKES(OPT_LANG))
#define TAKES_SERVE  (TAKES_RULES | TAKES(OPT_DB) | TAKES(OPT_LISTEN) | TAKES(OPT_BASEURL) | TAKES(OPT_FROM) | \
		      TAKES(OPT_TO) | TAKES(OPT_ASOF) | TAKES(OPT_LANG))
#define TAKES_TOKEN  (TAKES(OPT_DB) | TAKES(OPT_UNIT) | TAKES(OPT_ROTATE) | TAKES(OPT_LANG))

/* Prints "yaodian: cmd: msg: arg (see --help)" and returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *msg, const char *arg);

/* Parses argv (after the subcommand) into o, refusing options the command does not take
 * (they would be silently ignored otherwise); leaves optind at the first operand. Returns 0,
 * or EXIT_USAGE after a diagnostic. */
int parse_opts(const char *cmd, unsigned takes, int argc, char **argv, struct opts *o);

/* The start every command shares: parses the options cmd takes into o, prints help() for
 * --help, and refuses operands when operands is 0 (otherwise the command checks them; optind
 * is at the first). Returns -1 to go on, else the exit code to return at once. */
int command_start(const char *cmd, unsigned takes, void (*help)(void), int operands, int argc, char **argv,
		  struct opts *o);

/* Loads the calendar and the rules named by o (into *cal and the result, both owned by the
 * caller). Returns NULL after a diagnostic. */
struct ruleset *load_rules(const struct opts *o, struct calendar **cal);

/* The same for the plan of year in the rules tree (plans.h): 0 means the latest plan (or the
 * only one). A year no plan has is refused with the years there are. */
struct ruleset *load_rules_year(const struct opts *o, int year, struct calendar **cal);
/* For a run over the years year..last: the plan of year (plans_load_years). */
struct ruleset *load_rules_years(const struct opts *o, int year, int last, struct calendar **cal);

/* The sandbox limits o asks for, and the rules tree it names (--rules, or the installed one). */
struct sandbox_limits opts_limits(const struct opts *o);
const char *rules_root(const struct opts *o);

/* The plans of o's rules tree a command over rules works on (lint, test, coverage): every
 * plan, or with --year only the plan of that year (refused, with the years there are, when
 * none is). Years are read when there are several plans or --year. Returns 0 (free p with
 * plans_free) or EXIT_USAGE after a diagnostic. */
struct plans;
int plan_dirs(const struct opts *o, struct plans *p);

/* Before plan i's output when there are several: "== 计划 2021:rules/2021 ==". */
void plan_header(const struct plans *p, size_t i);

/* For lint, test and coverage: runs fn(o with rules = the plan's directory, ud) for each plan
 * plan_dirs gives, each under its plan_header. Returns the worst exit code (the highest:
 * 0 passed < 1 failed < 2 usage < 3 broken), or -1 when the plans cannot be read (after a
 * diagnostic). */
int each_plan(const struct opts *o, int (*fn)(const struct opts *o, void *ud), void *ud);

/* The year of period p, into *year; a period spanning two years is refused (a plan covers one
 * year). Returns 0 or EXIT_USAGE. */
int period_year(const char *cmd, const struct period *p, int *year);

/* Prints the rule set's load problems as diagnostics. */
void print_problems(const struct ruleset *rs);

/* --as-of as a date, or today (local time) when it is not given. Returns 0 or EXIT_USAGE. */
int as_of_date(const char *cmd, const char *as_of, date_t *out);

/* Checks --from/--to: from is required; to defaults to from. Returns 0 or EXIT_USAGE. */
int year_range(const char *cmd, struct opts *o);

int cmd_import(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_token(int argc, char **argv);

#endif
