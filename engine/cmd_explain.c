/* cmd_explain.c — `yaodian explain`: options; the explaining is explain.c's. */
#include <stdio.h>
#include <unistd.h>

#include "cal.h"
#include "cli.h"
#include "explain.h"
#include "lang.h"
#include "period.h"
#include "store.h"

static void help_explain(void)
{
	printf("%s", tr("用法: yaodian explain --db 文件 规则编号 --unit 单位编号 --period 时段 [选项]\n"
			"说明一条要求对一个单位的结论从何而来:条款和原文、生效的参数及其来源(规则默认或配置文件)、\n"
			"各时段窗口及其算法、规则执行的每条查询(代入的值)和返回的记录编号、豁免、结论和说明。\n\n"
			"  --db 文件               记录数据库\n"
			"  --unit 单位编号         要说明的单位(必填)\n"
			"  --period 时段           如 2020Q2、2020年上半年、2020\n"
			"  --as-of 日期            以此日期判断是否到期(默认今天)\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/)\n"
			"  --config 文件           参数覆盖文件\n"
			"  --max-instructions N    每次规则调用的指令上限\n"
			"  --max-memory MB         规则可用内存上限\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian explain --db FILE RULE --unit UNIT --period P [options]\n"
			"Explains where one requirement's verdict for one unit comes from: the clause and its\n"
			"words, the parameters in force and where each came from (the rule's default or the\n"
			"config file), each window and how it was computed, every query the rule ran (with its\n"
			"bound values) and the ids it returned, the waiver, and the verdict with its message.\n\n"
			"  --db FILE               records database\n"
			"  --unit UNIT             the unit to explain (required)\n"
			"  --period P              e.g. 2020Q2, 2020H1, 2020\n"
			"  --as-of DATE            judge deadlines as of this date (default today)\n"
			"  --rules DIR             rules directory (default: the installed rules/)\n"
			"  --config FILE           parameter overrides\n"
			"  --max-instructions N    instruction limit per rule call\n"
			"  --max-memory MB         memory limit of the rules\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"));
}

/* The rule set again without the config file, to tell overridden parameters from defaults. */
static struct ruleset *load_defaults(const struct opts *o, int year, struct calendar **cal)
{
	if (!o->config)
		return NULL;
	struct opts plain = *o;
	plain.config = NULL;
	return load_rules_year(&plain, year, cal);
}

int cmd_explain(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("explain", TAKES_EXPLAIN, help_explain, 1, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	char err[256];
	struct check_opts co = {0};
	if (!o.db || !o.unit || !o.period || optind != argc - 1)
		return usage_error("explain", tr("需要 --db、--unit、--period 和一个规则编号", "expected --db, --unit, --period and one rule id"),
				   NULL);
	int year;
	if (period_parse(o.period, &co.period, err, sizeof err) < 0)
		return usage_error("explain", err, NULL);
	if (period_year("explain", &co.period, &year) || as_of_date("explain", o.as_of, &co.as_of))
		return EXIT_USAGE;
	co.unit = o.unit;
	sqlite3 *db = NULL;
	struct calendar *cal = NULL, *cal2 = NULL;
	struct ruleset *rs = NULL, *defaults = NULL;
	int rc = EXIT_USAGE;
	if (store_open(o.db, STORE_READONLY, &db) < 0 || !(rs = load_rules_year(&o, year, &cal)))
		goto out;
	defaults = load_defaults(&o, year, &cal2);
	rules_attach_db(rs, db);
	rc = explain_run(rs, defaults, db, argv[optind], &co, stdout) == 0 ? 0 : EXIT_USAGE;
out:
	rules_free(defaults);
	rules_free(rs);
	cal_free(cal2);
	cal_free(cal);
	sqlite3_close(db);
	return rc;
}
