/* lintdb.c — lint's trial run of every rule against an empty migrated database (see
 * lintdb.h): a misspelled table or column becomes a lint problem at the rule's file and line,
 * before any check is run on real records. */
#include "lintdb.h"

#include <time.h>

#include "diag.h"
#include "lang.h"
#include "rules_dsl.h"
#include "store.h"

/* The made-up unit and dates a trial call judges: the plan's year (this year without a plan). */
static struct rule_ctx trial_ctx(const struct ruleset *rs)
{
	int year = rs->have_plan ? rs->plan.year : 0;
	if (!year) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		year = tm.tm_year + 1900;
	}
	date_t from = date_from_ymd(year, 1, 1), to = date_from_ymd(year, 12, 31);
	struct rule_ctx c = {.unit_id = "LINT", .unit_name = "LINT", .from = from, .to = to, .window_from = from,
			     .window_to = to, .period_from = from, .period_to = to, .as_of = to + 1, .year = year};
	return c;
}

int lintdb_run(struct ruleset *rs, const char *schema_dir)
{
	if (rs->refused || rs->n_rules == 0)
		return 0;
	sqlite3 *db = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || store_migrate(db, ":memory:", schema_dir) < 0) {
		diag(schema_dir, 0, NULL, "%s", tr("无法建立试运行规则用的空数据库", "cannot make the empty database to try the rules on"));
		sqlite3_close(db);
		return -1;
	}
	rules_attach_db(rs, db);
	struct rule_ctx ctx = trial_ctx(rs);
	int added = 0;
	for (size_t i = 0; i < rs->n_rules; i++) {
		struct rule_result res;
		rules_run(rs, i, &ctx, &res);
		if (res.status == ST_ERROR) {
			rules_problem(rs, res.where, "check", tr("规则 %s 在没有记录的空数据库上试运行出错:%s",
								 "rule %s failed a trial run on an empty database: %s"),
				      rs->rules[i].id, res.message ? res.message : "?");
			added++;
		}
		rule_result_free(&res);
	}
	rules_attach_db(rs, NULL);
	sqlite3_close(db);
	return added;
}
