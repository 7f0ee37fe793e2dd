/* finding.h — one judged requirement for one unit over one window, and the list of them a
 * check produces. Findings carry ids and counts only, never a person's name. */
#ifndef YAODIAN_FINDING_H
#define YAODIAN_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "date.h"
#include "period.h"

enum status {
	ST_PASS,
	ST_FAIL,
	ST_PENDING,         /* not yet due in the period, and not yet satisfied */
	ST_NOT_APPLICABLE,  /* e.g. due before the plan took effect */
	ST_WAIVED,          /* a valid, unexpired waiver covers it */
	ST_ERROR,           /* the rule itself broke */
	ST_COUNT
};

/* Stable machine name ("pass", "not_applicable" ...) and the label in the current language. */
const char *status_name(enum status s);
const char *status_label(enum status s);

struct finding {
	/* All strings are owned by the finding (freed by findings_free). */
	char *rule_id;
	char *clause;        /* e.g. "三、6" */
	char *clause_text;   /* the plan's words for that clause */
	char *clause_title;  /* the clause's title in the plan ("利用节假日开展系列主题活动"), or NULL */
	char *title;         /* in the current language */
	char *requires;      /* what the rule requires, its parameters filled in (rules_requires), or NULL */
	char *interpretation;  /* how the rule reads the plan where it sets no number, date or list, or NULL */
	char **obligations;  /* ids of the plan's obligations the rule judges (oblig.h) */
	size_t n_obligations;
	char *severity;      /* "high" | "medium" | "low" */
	double points;
	char *unit_id;
	char *unit_name;
	date_t window_from, window_to;   /* the occurrence judged */
	date_t due;                      /* its deadline (window_to) */
	enum status status;
	char *message;       /* for a person, in the current language */
	char **evidence;     /* record refs "table:id" */
	size_t n_evidence;
	char *looked_for;    /* what was searched for when nothing was found, or NULL */
	char *waiver_id;     /* when waived */
	char *source;        /* rule file:line; for an error, where it broke */
};

/* A waiver of a checked unit whose period overlaps the checked period, for the report's list of
 * waivers in force and expired. */
struct waiver_note {
	char *id, *unit_id, *rule_id, *reason;
	date_t from, to, expires;
	int in_force;        /* expires on or after the as-of date */
	int rule_known;      /* the rules have a rule with this id */
};

/* One obligation of the plan (oblig.h), for the reports' list by obligation. */
struct oblig_note {
	char *id, *clause, *words;   /* owned */
	int how;                     /* enum oblig_how: 0 enforced, 1 self-assessed, 2 excused */
	char *reason;                /* owned; the reason when excused, else NULL */
};

/* A unit's score in one earlier saved check of the trend (findings.trend_periods[run]). */
struct trend_point {
	size_t run;
	char *unit_id;       /* owned */
	double score;
};

/* A unit's score in an earlier saved check, for the change shown beside this check's score. */
struct prev_score {
	char *unit_id;       /* owned */
	double score;
};

struct findings {
	struct period period;
	char as_of[DATE_ISO_LEN];
	char *plan_id;
	char *plan_title;
	char rules_hash[17]; /* the rule set's identifying hash in hex (rules.h), or "" */
	struct finding *items;   /* in memory; NULL once spooled (findings_spool) */
	size_t n, cap;           /* n counts spooled findings too */
	size_t counts[ST_COUNT];
	sqlite3 *spool;          /* the temporary database findings_put writes to, or NULL */
	sqlite3_stmt *spool_put, *spool_blk;
	/* The fields a rule's block of findings shares (rule, clause, requirement, obligations ...),
	 * as last written to the spool's table of blocks, and that row's id: findings_put writes
	 * them once per block, not once per finding. Only those fields are set. */
	struct finding spool_last;
	long long spool_last_id;
	struct waiver_note *waivers;
	size_t n_waivers;
	/* The plan's obligations in the file's order (none when the rules name no file). */
	struct oblig_note *obligs;
	size_t n_obligs;
	/* The latest saved check of an earlier period (history_previous), or none (prev_run 0):
	 * its run id, period label and the units it scored. Optional: reports show the change
	 * since it only when it is there. */
	long long prev_run;
	char prev_period[48];
	struct prev_score *prev;
	size_t n_prev;
	/* The saved checks of earlier periods, one per period (its latest run), oldest first, and
	 * the units' scores in them (history_trend): the HTML report draws each unit's line. */
	char (*trend_periods)[48];
	size_t n_trend_periods;
	struct trend_point *trend;
	size_t n_trend;
};

/* A deep copy of src into *dst, owning all its strings: for a writer that keeps a finding read
 * by cursor past the next findings_next. 0, or -1 when out of memory (*dst then zeroed). */
int finding_copy(struct finding *dst, const struct finding *src);

/* Whether a and b share the fields of a block of findings (one rule over one window): rule id,
 * clause, the plan's words and title, title, requirement, severity, points, interpretation and
 * obligations. What is a finding's own (unit, window, verdict, message, evidence, source) is
 * not compared. */
bool finding_same_block(const struct finding *a, const struct finding *b);

/* Replaces *dst (finding_clear) with a copy of src's block fields only (finding_same_block's);
 * the rest of *dst is zero. 0, or -1 when out of memory. */
int finding_copy_block(struct finding *dst, const struct finding *src);

/* Frees the strings of *f (not f itself) and zeroes it. */
void finding_clear(struct finding *f);

/* Appends a zeroed finding and returns it (owned by list), or NULL when out of memory. Only
 * for a list kept in memory. */
struct finding *findings_add(struct findings *list);

/* Whether the finding's verdict rests on a self-assessment (自评): its evidence names a
 * self_assessments record. Reports list such findings apart for a reviewer to look at. */
bool finding_self_assessed(const struct finding *f);

/* Recomputes counts[] from the items. */
/* Recomputes counts[] from the items (a spooled list keeps them as it goes). */
void findings_count(struct findings *list);

/* From now on findings_put writes each finding to a private temporary SQLite database (on
 * disk, deleted when the list is freed) instead of keeping it, so a check of any size runs in
 * bounded memory. The list must still be empty. 0, or -1 after a diagnostic. */
int findings_spool(struct findings *list);

/* Hands a judged finding to the list: kept in memory, or spooled and freed; counts[] and n
 * grow either way. *f is left zeroed. 0, or -1 when out of memory or the spool fails (then
 * *f is freed). */
int findings_put(struct findings *list, struct finding *f);

/* The length of the chapter part of a clause ("三" of "三、6"), or 0 when it has none. */
size_t finding_chapter_len(const char *clause);

/* The orders the reports read findings in. Grouped orders keep the groups in the order their
 * first finding was judged and the findings of a group in check order. */
enum findings_order {
	FO_CHECK,     /* as judged */
	FO_RULE,      /* grouped by rule id */
	FO_UNIT,      /* grouped by unit id (NULL a group of its own) */
	FO_CHAPTER    /* grouped by the chapter of the clause (finding_chapter_len) */
};

/* Reads a list in memory or spooled, one finding at a time. */
struct findings_cursor {
	const struct findings *list;
	size_t k, *perm;          /* in memory: the next position in perm (the order) */
	sqlite3_stmt *st;         /* spooled: the rows in order */
	struct finding cur;       /* spooled: the current row (strings borrowed from st) */
	struct spool_list {       /* spooled: the current row's evidence and obligations */
		char *buf;        /* the strings, NUL-separated */
		size_t cap, slots;
	} ev, ob;
	bool failed;
};

/* Opens a cursor over list in order. 0, or -1 (out of memory, spool error). */
int findings_open(struct findings_cursor *c, const struct findings *list, enum findings_order order);

/* The next finding, valid until the next call; NULL at the end or on an error (c->failed). */
const struct finding *findings_next(struct findings_cursor *c);

void findings_close(struct findings_cursor *c);

void findings_free(struct findings *list);

/* unit's score in the previous saved check into *out; false when there is none. */
bool findings_prev_score(const struct findings *list, const char *unit, double *out);

/* The exit code for a check with these findings: 3 if any error, else 1 if any fail, else 0. */
int findings_exit_code(const struct findings *list);

#endif
