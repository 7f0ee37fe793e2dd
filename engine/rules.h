/* rules.h — the rule set: a directory of Lua files declaring one plan{} and many rule{}s,
 * loaded into the sandbox, validated (lint), and run one check at a time. */
#ifndef YAODIAN_RULES_H
#define YAODIAN_RULES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "cal.h"
#include "date.h"
#include "finding.h"
#include "sandbox.h"
#include "sched.h"

struct clause {
	char *id;       /* "三、6" */
	char *title;    /* "利用节假日开展系列主题活动" */
	char *text;     /* the plan's words */
	char *uncovered;  /* why no rule enforces it (plan field `uncovered`), or NULL */
};

/* How an obligation of the plan is accounted for (rules/obligations-*.tsv, see oblig.h). */
enum oblig_how { OB_ENFORCED, OB_SELF, OB_EXCUSED };

/* One thing the plan asks of a unit: a sentence or a part of one, in the plan's own words. */
struct obligation {
	char *id;           /* "1.2.4" */
	char *clause;       /* "一、2" */
	char *words;        /* the plan's exact words ("有办公场所") */
	enum oblig_how how;
	char **rules;       /* OB_ENFORCED, OB_SELF: the rule ids that judge it */
	size_t n_rules;
	char *reason;       /* OB_EXCUSED: why no rule judges it */
	char *where;        /* file:line */
};

struct plan {
	char *id, *title, *source;
	char *place;        /* where the organisation is, for named periods (school vacations); or NULL */
	date_t issued, effective;
	int year;
	bool check_before_effective;  /* param before_effective = "check" (default: not_applicable) */
	struct clause *clauses;
	size_t n_clauses;
	char *where;    /* file:line of the plan{} declaration */
};

#define RULE_DEFAULT_REMIND 7

/* A parameter the config file set: its name and where ("config.lua:3", or the file alone when
 * the line could not be found). */
struct param_override {
	char *name, *where;
};

struct rule {
	char *id;
	char *clause;       /* must name a clause of the plan */
	char *quote;        /* the words of the clause this rule enforces */
	char *title, *title_en;
	char *requires;     /* what the check looks for, for people, as written: may hold "{param}"
	                       references (rules_requires renders them); or NULL */
	char *interpretation;  /* one sentence: how the rule reads words of the plan that set no
	                          number, date or list (field `interpretation`), or NULL */
	char *severity;     /* high | medium | low */
	double points;
	struct due due;
	int remind;         /* days before a window's deadline that calendars remind (VALARM) */
	int prepare;        /* days before a window opens that calendars remind too; < 0: none */
	bool show_window;   /* feeds publish a long window as an item of its own, beside its deadline */
	char *file;         /* where rule{} was declared */
	int line;
	int owner;          /* the sandbox owner (rule file) its memory is charged to */
	int check_ref;      /* registry reference to the check function, or LUA_REFNIL */
	int check_all_ref;  /* to the check_all function (every unit of a window in one call), or
	                       LUA_REFNIL; a rule has at least one of the two */
	int params_ref;     /* registry reference to the parameter table */
	struct param_override *overrides;   /* the parameters --config set, and where */
	size_t n_overrides;
};

/* A problem with a rule file: where it is and what is wrong (for lint and error findings). */
struct rule_problem {
	char *where;        /* file:line */
	char *field;        /* the DSL field, or NULL */
	char *message;
};

/* Appends a problem (strings copied) to the growing array *v of *n items, capacity *cap. Out
 * of memory drops it. */
void rule_problem_add(struct rule_problem **v, size_t *n, size_t *cap, const char *where, const char *field,
		      const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

struct ruleset {
	char *dir;
	char *config;       /* the --config file it was loaded with, or NULL (for rules_clone) */
	struct sandbox_limits lim;   /* the limits it was loaded with (for rules_clone) */
	struct sandbox *sbx;
	struct calendar *cal;
	struct plan plan;
	bool have_plan;
	bool loading;       /* rule files are being loaded: plan{} and rule{} are allowed */
	struct rule *rules;
	size_t n_rules, cap_rules;
	char *obligations_file;  /* named by obligations "FILE" in a rule file (beside the rules), or NULL */
	char *obligations_where; /* file:line of that declaration */
	struct obligation *obligations;   /* read from obligations_file by oblig_load */
	size_t n_obligations, cap_obligations;
	struct rule_problem *problems;
	size_t n_problems, cap_problems;
	struct ldb *ldb;    /* the read-only database rules query, once attached */
	size_t call_memory; /* the most a check_all call added to the state since rules_call_memory */
	bool lib_reported;  /* a broken rules/lib file was reported already */
	bool refused;       /* a rule id is declared twice: the set must not judge anything */
	uint64_t hash;      /* FNV-1a 64 of the rule files, lib files and config as read (names
	                       and contents): it identifies the rule set in reports, it does not
	                       secure it (anyone can make a file with the same hash) */
};

/* Loads every *.lua file of dir (not *_test.lua) in byte order of the name, each in a fresh
 * sandboxed environment holding `lib`, what the files of dir/lib/ return (run anew for each), then validates the whole set and applies the parameter overrides in
 * config (a Lua file returning {params = {[rule_id] = {name = value}}, plan = {...}}; may be
 * NULL). Problems do not stop loading: they are collected in rs->problems. Returns NULL only
 * when the sandbox cannot be created or dir cannot be read (after a diagnostic). */
struct ruleset *rules_load(const char *dir, const char *config, const struct sandbox_limits *lim,
			   struct calendar *cal);
void rules_free(struct ruleset *rs);

/* A second, independent rule set loaded from rs's directory, config and limits over the same
 * calendar (shared: it is read only), for a worker thread: its own Lua state and watchdog; once
 * loaded it takes rs's deadline for the whole check (--max-check-seconds counts from rs's
 * start, not the clone's). No database attached. NULL after a diagnostic when it cannot be
 * loaded, or when the files read now differ from those rs was loaded from (rule files edited
 * during the check). Caller frees with rules_free (in either order with rs). */
struct ruleset *rules_clone(const struct ruleset *rs);

/* Gives the rules a read-only connection to query (not owned). */
void rules_attach_db(struct ruleset *rs, sqlite3 *ro_db);

/* For explain: every query the rules run from now on is written to out with its bound values
 * and the ids it returned (NULL stops). After rules_attach_db. */
void rules_trace(struct ruleset *rs, FILE *out);

/* Calls fn(ud, name, value) for each parameter of rule ri (the values in force: defaults with
 * the config's overrides), the value as text. Returns how many, or -1. Order is the table's. */
int rules_params(const struct ruleset *rs, size_t ri, void (*fn)(void *ud, const char *name, const char *value),
		 void *ud);

/* Where the config file set parameter name of rule ri ("config.lua:3"), or NULL when the
 * value in force is the rule's default. */
const char *rules_param_source(const struct ruleset *rs, size_t ri, const char *name);

/* What a rule is judged on: the unit and the dates. */
struct rule_ctx {
	const char *unit_id, *unit_name;
	date_t from, to;                 /* the span to judge records in */
	date_t window_from, window_to;   /* the whole occurrence window */
	date_t period_from, period_to;
	date_t as_of;                    /* the check's as-of date: a rule may look past the window
	                                    up to it, e.g. for a deliverable sent late */
	int year;
};

/* The outcome of one check call. Strings are malloc'd and owned by the caller: pass it to
 * rule_result_free. status is ST_PASS, ST_FAIL, ST_NOT_APPLICABLE or ST_ERROR. */
struct rule_result {
	enum status status;
	char *message;
	char **evidence;
	size_t n_evidence;
	char *looked_for;
	char *where;
};

#define RULE_MAX_ID       64      /* bytes of a rule id: letters, digits, '.', '_', '-' */
#define RULE_MAX_MESSAGE  4096    /* bytes of a finding's message (and of looked_for) */
#define RULE_MAX_EVIDENCE 1000    /* evidence refs one finding may carry */
#define RULE_MAX_REF      256     /* bytes of one evidence ref */

/* Whether id is a valid rule id (see RULE_MAX_ID). */
bool rules_id_valid(const char *id, size_t len);

/* For a refused rule set (rs->refused): says on stderr why (each duplicate id, both places). */
void rules_report_refusal(const struct ruleset *rs);

/* Runs rule i's check under the sandbox limits (a rule with check_all only: check_all for the
 * one unit). Never fails as a whole: a broken rule gives ST_ERROR with where and a readable
 * message. */
void rules_run(struct ruleset *rs, size_t i, const struct rule_ctx *ctx, struct rule_result *out);
void rule_result_free(struct rule_result *r);

/* Runs rule i's check_all once for the n units ctx[0..n) (one window: every ctx has the same
 * dates, only unit_id and unit_name differ) into out[0..n), under the sandbox limits scaled
 * by n (instructions, seconds, query steps and rows: what n calls of check would have had
 * together); the memory cap does not scale, so a call that runs out of memory for n > 1 units
 * is made again for each half, down to one unit, whose cap is that of its own call.
 * check_all gets ctx.units, ctx.unit_names and ctx.unit_list instead of ctx.unit, and returns
 * a table unit id -> verdict. Never fails as a whole: an error, a result that is not a table
 * or names a unit not asked for makes every verdict ST_ERROR; a unit left out is ST_ERROR
 * alone. A rule with check only is run unit by unit. */
void rules_run_all(struct ruleset *rs, size_t i, const struct rule_ctx *ctx, size_t n, struct rule_result *out);

/* The most bytes one check_all call (rules_run_all) added to the Lua state at any moment since
 * the last time this was asked (garbage included): the memory a call of that many units costs,
 * for sizing the next. */
size_t rules_call_memory(struct ruleset *rs);

/* Whether rule i has check_all (judged set-based), and whether it has check. */
bool rules_has_check_all(const struct ruleset *rs, size_t i);
bool rules_has_check(const struct ruleset *rs, size_t i);

/* Rule ri's requires text for people, with each "{name}" replaced by the parameter's effective
 * value (after --config overrides: integers without ".0", strings as they are), "{name:%}" a
 * number as a percentage (0.8 -> "80%"), and "{{" a literal "{". A text lint refused is given
 * as written. Returns a malloc'd string the caller frees, or NULL when the rule has no
 * requires or memory ran out. */
char *rules_requires(const struct ruleset *rs, size_t ri);

/* The clause entry for id, or NULL. */
const struct clause *rules_clause(const struct ruleset *rs, const char *id);

#endif
