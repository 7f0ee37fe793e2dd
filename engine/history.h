/* history.h — checks saved in the records database (schemas/migrations/003_history.sql): saving
 * a run (`check --save`), finding a run by id or period, the scores of every saved run
 * (`history`) and what changed between two runs (`diff`). */
#ifndef YAODIAN_HISTORY_H
#define YAODIAN_HISTORY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "finding.h"

/* FNV-1a 64 of the file's bytes in hex into out. Returns 0, or -1 (errno set) when it cannot be
 * read. */
int history_file_hash(const char *path, char out[17]);

/* Saves f (its period, as-of, plan, rules hash, findings and unit scores) as a new run in one
 * transaction on db, a read-write connection. unit is the --unit checked or NULL; config_hash
 * is history_file_hash of --config or NULL; saved_at is the time of the run. Sets *id to the
 * new run's id. Returns 0, or -1 after a diagnostic naming the database (nothing is saved then). */
int history_save(sqlite3 *db, const struct findings *f, const char *unit,
		 const char *config_hash, time_t saved_at, long long *id);

/* Loads into f->prev_run, prev_period and prev the latest saved run of the latest period that
 * ends before f's period begins (the preceding quarter's check, say), with its units' scores;
 * leaves them empty when there is none. Returns 0, or -1 after a diagnostic. */
int history_previous(sqlite3 *db, struct findings *f);

/* Loads into f->trend_periods and f->trend the latest saved run of every period that ends
 * before f's period begins, oldest first, with the units' scores, for the HTML report's
 * trend lines; leaves them empty when there is none. Returns 0, or -1 after a diagnostic. */
int history_trend(sqlite3 *db, struct findings *f);

/* A saved run as `history` and `diff` show it. */
struct history_run {
	long long id;
	char saved_at[24];
	char period[48];
	char as_of[DATE_ISO_LEN];
	char plan_id[128];      /* the plan{} id the run was judged by; "" when it recorded none */
};

/* Finds the run ref names: a run id (digits), or a period label ("2020Q3", or anything
 * period_parse reads) meaning that period's latest saved run. Returns 0 with *run filled,
 * 1 when no saved run matches, -1 on a database error (after a diagnostic naming the database). */
int history_find(sqlite3 *db, const char *ref, struct history_run *run);

/* One unit's score in one run; has_score is 0 when nothing was judged. */
struct history_score {
	long long run_id;
	char *unit_id, *unit_name;
	double score;
	int has_score;
};

/* Every saved run (oldest first) and their unit scores (by run, then unit id), restricted to
 * unit when not NULL. The caller frees with history_list_free. */
struct history_list {
	struct history_run *runs;
	size_t n_runs;
	struct history_score *scores;
	size_t n_scores;
};
int history_list(sqlite3 *db, const char *unit, struct history_list *out);
void history_list_free(struct history_list *l);

/* The kind of one change between two runs. */
enum history_change_kind { HC_NEWLY_FAILING, HC_FIXED, HC_OTHER };

/* One requirement (rule, unit, window) whose status differs between run a and run b. before or
 * after is NULL when the run has no such finding. All strings owned by the diff. */
struct history_change {
	enum history_change_kind kind;
	char *rule_id, *unit_id, *window_from, *window_to, *before, *after, *message;
};

/* A unit's score in both runs; a side's has_ flag is 0 when it has no score there. */
struct history_score_change {
	char *unit_id, *unit_name;
	double before, after;
	int has_before, has_after;
};

struct history_diff {
	struct history_change *changes;       /* by unit, rule, window */
	size_t n_changes;
	struct history_score_change *scores;  /* by unit id */
	size_t n_scores;
	bool other_plan;   /* the runs were judged by different plans (another year's): their
			      requirements are not compared one by one (no changes), only the
			      units' scores, each out of 100 */
};

/* What changed from run a to run b (only the scores when they were judged by different plans,
 * see other_plan): a change is newly failing when b fails and a did not, fixed
 * when a failed and b passed or is waived, else other. Returns 0, or -1 after a diagnostic. The
 * caller frees with history_diff_free. */
int history_diff(sqlite3 *db, long long a, long long b, struct history_diff *out);
void history_diff_free(struct history_diff *d);

#endif
