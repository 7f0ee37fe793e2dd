/* check.h — the quarterly check: every rule, for every unit, over every window of the period,
 * judged against the records, with plan effectiveness, waivers and deadlines applied. */
#ifndef YAODIAN_CHECK_H
#define YAODIAN_CHECK_H

#include <stdbool.h>

#include <sqlite3.h>

#include "finding.h"
#include "period.h"
#include "rules.h"

/* How many units one check_all call judges. The first call of a block takes CHECK_SET_FIRST;
 * each next one as many as CHECK_SET_MEMORY holds at the highest memory per unit the block's
 * calls have shown (the rule's own state at a call's peak, garbage included), at most
 * CHECK_SET_BATCH. So a department whose units keep many records is judged in smaller calls,
 * and peak memory does not grow with its density. YAODIAN_SET_BATCH=N fixes it at N (1 judges
 * unit by unit). */
#define CHECK_SET_FIRST  64
#define CHECK_SET_MEMORY (2u << 20)
#define CHECK_SET_BATCH  500

struct check_opts {
	struct period period;
	date_t as_of;          /* "today" for deadlines and waiver expiry */
	const char *unit;      /* one unit id, or NULL for all */
	const char *rule;      /* one rule id, or NULL for all; with a rule, the rule set's load
	                          problems are left out (the caller reports them) */
	bool progress;         /* show where the run is on stderr (progress.h) */
	int jobs;              /* worker threads judging (rule, window) blocks (--jobs), each with its
	                          own rule set and read-only connection; 1: judged in the calling
	                          thread; 0: chosen by the check (the processors from
	                          CHECK_PARALLEL_UNITS units on, else 1). Explain (on_judge) always
	                          judges in this thread. */
	/* For explain: called before each judgement (f NULL) and after it (f the finding). */
	void (*on_judge)(void *ud, const struct window *w, const struct finding *f);
	void *on_judge_ud;
};

/* Runs the check. db is the read-only store (already attached to rs). Hands each finding to
 * out as it is judged (findings_put: kept, or spooled when findings_spool was called on out;
 * caller frees with findings_free). Returns 0, or -1 after a diagnostic when it could not run at all
 * (unknown unit, database error, out of memory). Rule problems found at load time become
 * error findings; a rule that breaks while running becomes an error finding too. */
int check_run(struct ruleset *rs, sqlite3 *db, const struct check_opts *o, struct findings *out);

/* The worker threads --jobs asks for when it is not given: the processors online (1 when
 * unknown), at most CHECK_MAX_JOBS. */
#define CHECK_MAX_JOBS 64
/* From this many units a check with no --jobs runs on check_default_jobs() threads. Below it,
 * loading a copy of the rules for each worker costs more than the threads save (the 3-unit
 * sample: 0.08 s on one thread, 0.17 s on two). */
#define CHECK_PARALLEL_UNITS 50
int check_default_jobs(void);

#endif
