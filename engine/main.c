/* main.c — the yaodian command line: init, import, check, lint (dates and calendar in
 * cmd_calendar.c, test and coverage in cmd_test.c, template in cmd_template.c,
 * history and diff in cmd_history.c, serve and token in cmd_serve.c).
 * Exit codes: 0 nothing failed; 1 at least one fail; 2 the command could not run (usage,
 * input, database); 3 at least one rule error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cli.h"
#include "diag.h"
#include "lang.h"
#include "lintdb.h"
#include "paths.h"
#include "plans.h"
#include "rules.h"
#include "store.h"

static const char *const VERSION = "0.1.0";

static void help_main(void)
{
	printf("%s", tr("用法: yaodian 命令 [选项]\n"
			"\n"
			"命令:\n"
			"  init    --db 文件                      创建或升级记录数据库\n"
			"  import  --db 文件 [种类] 文件           导入 CSV 文件或 Excel 工作簿(一次事务)\n"
			"  delete  --db 文件 种类 编号...          按编号删除记录(列出删除的内容)\n"
			"  units   --db 文件 [--year 年份]         列出各单位:人员分类人数、当年活动数\n"
			"  export  --db 文件 [种类] --output 文件  导出记录(CSV 或 Excel,可再导入;不含姓名)\n"
			"  check   --db 文件 --period 时段 [...]   按规则检查记录,输出检查结果\n"
			"  explain --db 文件 规则 --unit 单位 --period 时段  说明一条结论从何而来\n"
			"  lint    [--rules 目录] [--config 文件]  只加载并校验规则,不检查记录\n"
			"  dates   --from 年份 [--to 年份]         列出节日、放假调休和规则的时段\n"
			"  calendar --db 文件 --out 目录 [...]     写出 iCalendar 日历订阅\n"
			"  test    [--rules 目录]                  运行规则旁的测试(*_test.lua)\n"
			"  coverage [--rules 目录]                 各条款由哪些规则检查,哪些条款没有规则\n"
			"  template --out 文件.xlsx [...]          写出空白的记录模板(Excel 工作簿或 CSV),填好后导入\n"
			"  history --db 文件 [--unit 单位编号]     已保存的各次检查(check --save)及各单位得分\n"
			"  diff    --db 文件 甲 乙                 比较两次保存的检查(次号或时段):新增未通过、已整改、得分变化\n"
			"  serve   --db 文件 [--listen 地址:端口]  通过 HTTP 提供日历订阅、报告和概览页\n"
			"  token   --db 文件 --unit 单位 [--rotate]  发放单位日历的保密地址令牌\n"
			"\n"
			"通用选项:\n"
			"  --lang zh|en   输出语言(默认中文)\n"
			"  --help, -h     显示帮助(各命令后加 --help 查看其全部选项)\n"
			"  --version      显示版本\n"
			"\n"
			"退出码: 0 无未通过项;1 有未通过项;2 命令无法执行(用法、输入、数据库);3 有规则出错\n",
			"Usage: yaodian COMMAND [OPTIONS]\n"
			"\n"
			"Commands:\n"
			"  init    --db FILE                      create or upgrade the records database\n"
			"  import  --db FILE [KIND] FILE          import a CSV file or an Excel workbook (one transaction)\n"
			"  delete  --db FILE KIND ID...           delete records by id (listing what goes)\n"
			"  units   --db FILE [--year YEAR]        list the units: people by category, activities\n"
			"  export  --db FILE [KIND] --output FILE export records (CSV or Excel, re-importable; no names)\n"
			"  check   --db FILE --period P [...]     check the records against the rules\n"
			"  explain --db FILE RULE --unit U --period P  why one requirement came out as it did\n"
			"  lint    [--rules DIR] [--config FILE]  load and validate the rules without checking\n"
			"  dates   --from YEAR [--to YEAR]        list festivals, days off and the rules' windows\n"
			"  calendar --db FILE --out DIR [...]     write the iCalendar feeds\n"
			"  test    [--rules DIR]                  run the rule tests (*_test.lua)\n"
			"  coverage [--rules DIR]                 the rules enforcing each clause; clauses without one\n"
			"  template --out FILE.xlsx [...]         write a blank record template (workbook or CSV) to fill in\n"
			"  history --db FILE [--unit ID]          the saved checks (check --save) and each unit's score\n"
			"  diff    --db FILE A B                  compare two saved checks (run ids or periods)\n"
			"  serve   --db FILE [--listen HOST:PORT] serve the feeds, reports and a dashboard over HTTP\n"
			"  token   --db FILE --unit ID [--rotate] issue the secret token of a unit's feed\n"
			"\n"
			"Common options:\n"
			"  --lang zh|en   output language (Chinese by default)\n"
			"  --help, -h     help (COMMAND --help lists all its options)\n"
			"  --version      print the version\n"
			"\n"
			"Exit codes: 0 nothing failed; 1 something failed; 2 could not run (usage, input,\n"
			"database); 3 a rule broke\n"));
}

static void help_init(void)
{
	printf("%s", tr("用法: yaodian init --db 文件 [--lang zh|en]\n"
			"创建记录数据库(仅所有者可读写),或把旧数据库升级到最新结构。可重复运行。\n"
			"\n"
			"  --db 文件       要创建或升级的数据库\n"
			"  --lang zh|en    输出语言\n"
			"  --help, -h      显示本帮助\n",
			"Usage: yaodian init --db FILE [--lang zh|en]\n"
			"Creates the records database (owner-only permissions), or upgrades an older one.\n"
			"Safe to run again.\n"
			"\n"
			"  --db FILE       the database to create or upgrade\n"
			"  --lang zh|en    output language\n"
			"  --help, -h      this help\n"));
}

static int cmd_init(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("init", TAKES_INIT, help_init, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("init", tr("缺少 --db", "missing --db"), NULL);
	sqlite3 *db;
	if (store_open(o.db, STORE_CREATE, &db) < 0)
		return EXIT_USAGE;
	int n = store_migrate(db, o.db, paths_data("schemas"));
	int v = store_version(db);
	sqlite3_close(db);
	if (n < 0)
		return EXIT_USAGE;
	printf(tr("%s: 数据库结构版本 %d(本次升级 %d 步)\n", "%s: schema version %d (%d migrations applied)\n"), o.db, v, n);
	return 0;
}

static void help_lint(void)
{
	printf("%s", tr("用法: yaodian lint [--rules 目录] [--config 文件] [--lang zh|en]\n"
			"加载规则并校验(语法、缺少字段、重复编号、未知条款、引文不符、参数类型),\n"
			"并在一个空的数据库上试运行每条规则,查出写错的表名、列名;不检查记录。问题按“文件:行: 字段: 说明”列出;有问题时退出码 3。\n"
			"\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/;有几份计划时逐份校验)\n"
			"  --year 年份             只校验这一年的计划\n"
			"  --config 文件           参数覆盖文件,一并校验\n"
			"  --lang zh|en            输出语言\n"
			"  --max-instructions N    加载每个文件的指令上限(默认 20000000)\n"
			"  --max-memory MB         规则可用内存上限(默认 64)\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian lint [--rules DIR] [--config FILE] [--lang zh|en]\n"
			"Loads and validates the rules (syntax, missing fields, duplicate ids, unknown\n"
			"clauses, quotes not in the plan, parameter types) and tries each rule once on an\n"
			"empty database, catching misspelled tables and columns; records are not checked.\n"
			"Problems are listed as \"file:line: field: message\"; exit code 3 if any.\n"
			"\n"
			"  --rules DIR             rules directory (default: the installed rules/; each of its plans in turn)\n"
			"  --year YEAR             only that year's plan\n"
			"  --config FILE           parameter overrides, validated too\n"
			"  --lang zh|en            output language\n"
			"  --max-instructions N    instruction limit for loading each file (default 20000000)\n"
			"  --max-memory MB         memory cap for rules (default 64)\n"
			"  --help, -h              this help\n"));
}

/* Lints the one plan o->rules names: its problems, then the counts. Returns 0, 3 or EXIT_USAGE. */
static int lint_plan(const struct opts *o, void *ud)
{
	(void)ud;
	struct calendar *cal;
	struct ruleset *rs = load_rules(o, &cal);
	if (!rs)
		return EXIT_USAGE;
	if (lintdb_run(rs, paths_data("schemas")) < 0) {
		rules_free(rs);
		cal_free(cal);
		return EXIT_USAGE;
	}
	print_problems(rs);
	int rc = rs->n_problems ? 3 : 0;
	printf(tr("%zu 条规则,%zu 个条款,%zu 个问题\n", "%zu rules, %zu clauses, %zu problems\n"), rs->n_rules,
	       rs->plan.n_clauses, rs->n_problems);
	rules_free(rs);
	cal_free(cal);
	return rc;
}

static int cmd_lint(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("lint", TAKES_LINT, help_lint, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	int rc = each_plan(&o, lint_plan, NULL);
	return rc < 0 ? EXIT_USAGE : rc;
}

int main(int argc, char **argv)
{
	const char *env_lang = getenv("YAODIAN_LANG");
	enum lang l;
	if (env_lang && lang_parse(env_lang, &l) == 0)
		lang_set(l);
	for (int i = 1; i < argc; i++)   /* --lang applies to the help text too */
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc && lang_parse(argv[i + 1], &l) == 0)
			lang_set(l);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		help_main();
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return printf("yaodian %s\n", VERSION), 0;
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"init", cmd_init}, {"import", cmd_import}, {"delete", cmd_delete}, {"template", cmd_template},
		     {"units", cmd_units}, {"export", cmd_export}, {"explain", cmd_explain},
		     {"check", cmd_check}, {"lint", cmd_lint}, {"dates", cmd_dates}, {"calendar", cmd_calendar},
		     {"test", cmd_test}, {"coverage", cmd_coverage}, {"history", cmd_history}, {"diff", cmd_diff},
		     {"serve", cmd_serve}, {"token", cmd_token}};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	return usage_error(NULL, tr("未知命令", "unknown command"), argv[1]);
}
