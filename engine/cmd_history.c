/* cmd_history.c — `yaodian history` (each saved check's score per unit) and `yaodian diff`
 * (what changed between two saved checks, as text, JSON or HTML): options here, the queries in
 * history.c, the rendering in report_history.c. Runs are saved by `check --save`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "history.h"
#include "lang.h"
#include "report_history.h"
#include "store.h"

static void help_history(void)
{
	printf("%s", tr("用法: yaodian history --db 文件 [--unit 单位编号] [--lang zh|en]\n"
			"列出用 check --save 保存的各次检查(次号、时段、截至日期、保存时间)和各单位得分。\n"
			"\n"
			"  --db 文件               记录数据库(只读打开)\n"
			"  --unit 单位编号         只列这个单位的得分\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian history --db FILE [--unit ID] [--lang zh|en]\n"
			"Lists the checks saved with check --save (run id, period, as-of date, time saved) and\n"
			"each unit's score in each.\n"
			"\n"
			"  --db FILE               records database (opened read-only)\n"
			"  --unit ID               list this unit's scores only\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"));
}

static void help_diff(void)
{
	printf("%s", tr("用法: yaodian diff --db 文件 甲 乙 [--format text|json|html] [--lang zh|en]\n"
			"比较两次保存的检查。甲、乙是次号(history 列出的),或时段(如 2020Q3,指该时段\n"
			"最近保存的一次)。列出新增未通过、已整改(由未通过变为通过或已豁免)、其他状态\n"
			"变化,以及各单位得分的变化。\n"
			"\n"
			"  --db 文件               记录数据库(只读打开)\n"
			"  --format 格式           text(默认)、json(schemas/diff.schema.json)或 html\n"
			"                          (可打印的网页)\n"
			"  --lang zh|en            输出语言\n"
			"  --help, -h              显示本帮助\n",
			"Usage: yaodian diff --db FILE A B [--format text|json|html] [--lang zh|en]\n"
			"Compares two saved checks. A and B are run ids (as history lists them) or periods\n"
			"(e.g. 2020Q3: that period's latest saved check). Lists what newly fails, what was\n"
			"fixed (failed, now passes or is waived), other status changes, and each unit's\n"
			"change of score.\n"
			"\n"
			"  --db FILE               records database (opened read-only)\n"
			"  --format FORMAT         text (default), json (schemas/diff.schema.json) or html\n"
			"                          (a printable page)\n"
			"  --lang zh|en            output language\n"
			"  --help, -h              this help\n"));
}

int cmd_history(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("history", TAKES_HISTORY, help_history, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("history", tr("缺少 --db", "missing --db"), NULL);
	sqlite3 *db = NULL;
	struct history_list l = {0};
	int rc = EXIT_USAGE;
	if (store_open(o.db, STORE_READONLY, &db) < 0 || history_list(db, o.unit, &l) < 0)
		goto out;
	if (l.n_runs == 0)
		printf("%s\n", tr("还没有保存的检查(用 check --save 保存)", "no saved checks yet (save one with check --save)"));
	else if (report_history_table(stdout, &l) < 0)
		goto out;
	rc = fflush(stdout) == 0 ? 0 : EXIT_USAGE;
out:
	history_list_free(&l);
	sqlite3_close(db);
	return rc;
}

/* Finds the run ref names, or says none matches. Returns 0 or EXIT_USAGE. */
static int find_run(sqlite3 *db, const char *path, const char *ref, struct history_run *run)
{
	int rc = history_find(db, ref, run);
	if (rc == 1)
		diag(path, 0, NULL, tr("没有这次保存的检查(次号或时段): %s(用 yaodian history 查看)",
				       "no saved check matches (run id or period): %s (see yaodian history)"),
		     ref);
	return rc == 0 ? 0 : EXIT_USAGE;
}

int cmd_diff(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("diff", TAKES_DIFF, help_diff, 1, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	const char *fmt = o.format ? o.format : "text";
	if (!o.db)
		return usage_error("diff", tr("缺少 --db", "missing --db"), NULL);
	int (*render)(FILE *, const struct history_run *, const struct history_run *, const struct history_diff *) =
		strcmp(fmt, "text") == 0 ? report_history_diff_text :
		strcmp(fmt, "json") == 0 ? report_history_diff_json :
		strcmp(fmt, "html") == 0 ? report_history_diff_html : NULL;
	if (!render)
		return usage_error("diff", tr("--format 只能是 text、json 或 html", "--format must be text, json or html"),
				   o.format);
	if (argc - optind != 2)
		return usage_error("diff", tr("须给出两次检查(次号或时段)", "give two saved checks (run ids or periods)"),
				   NULL);
	sqlite3 *db = NULL;
	struct history_run a, b;
	struct history_diff d = {0};
	int rc = EXIT_USAGE;
	if (store_open(o.db, STORE_READONLY, &db) < 0 || find_run(db, o.db, argv[optind], &a) ||
	    find_run(db, o.db, argv[optind + 1], &b) || history_diff(db, a.id, b.id, &d) < 0)
		goto out;
	if (render(stdout, &a, &b, &d) == 0 && fflush(stdout) == 0)
		rc = 0;
out:
	history_diff_free(&d);
	sqlite3_close(db);
	return rc;
}
