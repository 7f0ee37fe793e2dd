/* cmd_check.c — `yaodian check`: options, then the check (check.c) and one report writer for
 * the format asked (report.c: text, json; report_csv.c, report_junit.c, report_xlsx.c,
 * report_html.c); --save stores the run through history.c. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "finding.h"
#include "history.h"
#include "lang.h"
#include "outfile.h"
#include "period.h"
#include "progress.h"
#include "report.h"
#include "report_csv.h"
#include "report_junit.h"
#include "report_xlsx.h"
#include "report_html.h"
#include "store.h"

static void help_check(void)
{
	printf("%s", tr("用法: yaodian check --db 文件 --period 时段 [选项]\n"
			"\n"
			"  --db 文件               记录数据库(只读打开;用 --save 时读写)\n"
			"  --period 时段           2020、2020Q2、2020H1、2020-05 或 2020-04-21..2020-06-30\n"
			"  --unit 单位编号         只检查这个单位(默认全部单位)\n"
			"  --rules 目录            规则目录(默认随程序安装的 rules/);有几份计划时用时段所在年份的计划\n"
			"  --config 文件           参数覆盖文件(Lua,返回 {params = {...}, plan = {...}})\n"
			"  --format 格式           输出格式(默认 text):\n"
			"                            text   按工作要点分组的表格\n"
			"                            json   供程序读取(schemas/findings.schema.json)\n"
			"                            csv    每项一行,带 BOM 的 UTF-8,Excel 可直接打开\n"
			"                            junit  JUnit XML,每条规则一个 testsuite\n"
			"                            xlsx   Excel 工作簿:汇总、得分、问题清单、豁免(须用 --output)\n"
			"                            html   可打印的 A4 报告(一个文件,无脚本)\n"
			"  --output 文件           写入文件(先写临时文件再改名),默认标准输出\n"
			"  --as-of 日期            以此日期判断是否到期、豁免是否过期(默认今天)\n"
			"  --save                  把这次检查(结果和得分)保存到数据库,供 history 和 diff 使用\n"
			"  --lang zh|en            输出语言\n"
			"  --max-instructions N    每次规则调用的指令上限(默认 20000000)\n"
			"  --max-memory MB         每个规则文件可用的内存上限(默认 64)\n"
			"  --max-seconds S         每次规则调用的时间上限(秒,默认 2)\n"
			"  --max-check-seconds S   整个检查中规则运行的时间上限(秒,默认 3600)\n"
			"  --jobs N                同时检查的工作线程数(默认:单位不少于 50 个时为处理器数,否则 1;结果与 1 相同)\n"
			"  --help, -h              显示本帮助\n"
			"\n"
			"状态: 通过 pass、未通过 fail、待完成 pending、不适用 not_applicable、\n"
			"      已豁免 waived、规则错误 error\n"
			"退出码: 0 无未通过项;1 有未通过项;2 无法执行;3 有规则出错\n",
			"Usage: yaodian check --db FILE --period P [OPTIONS]\n"
			"\n"
			"  --db FILE               records database (opened read-only; read-write with --save)\n"
			"  --period P              2020, 2020Q2, 2020H1, 2020-05 or 2020-04-21..2020-06-30\n"
			"  --unit ID               check this unit only (default: every unit)\n"
			"  --rules DIR             rules directory (default: the installed rules/); of several plans, the period's year's\n"
			"  --config FILE           parameter overrides (Lua returning {params = {...}, plan = {...}})\n"
			"  --format FORMAT         output format (default text):\n"
			"                            text   a table grouped by work point\n"
			"                            json   for programs (schemas/findings.schema.json)\n"
			"                            csv    one finding per row, UTF-8 with a BOM for Excel\n"
			"                            junit  JUnit XML, one testsuite per rule\n"
			"                            xlsx   Excel workbook: summary, scores, findings, waivers (needs --output)\n"
			"                            html   a report to print on A4 (one file, no script)\n"
			"  --output FILE           write to FILE (temporary file, then rename); default stdout\n"
			"  --as-of DATE            judge deadlines and waiver expiry as of DATE (default today)\n"
			"  --save                  save this check (findings and scores) in the database for history and diff\n"
			"  --lang zh|en            output language\n"
			"  --max-instructions N    instruction limit per rule call (default 20000000)\n"
			"  --max-memory MB         memory cap for each rule file (default 64)\n"
			"  --max-seconds S         time limit per rule call, in seconds (default 2)\n"
			"  --max-check-seconds S   time limit for the rules over the whole check (default 3600)\n"
			"  --jobs N                worker threads checking at once (default: the processors\n"
			"                          from 50 units on, else 1;\n"
			"                          the report is the same as with 1)\n"
			"  --help, -h              this help\n"
			"\n"
			"Statuses: pass, fail, pending, not_applicable, waived, error\n"
			"Exit codes: 0 nothing failed; 1 something failed; 2 could not run; 3 a rule broke\n"));
}

enum format { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_JUNIT, FMT_XLSX, FMT_HTML };

/* The --format named (text when none), or -1 for a name not known. */
static int check_format(const char *name)
{
	static const char *const names[] = {"text", "json", "csv", "junit", "xlsx", "html"};
	if (!name)
		return FMT_TEXT;
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* Whether path is a regular file or does not exist yet (a workbook is not sent to a terminal,
 * a device or a pipe; rename() would replace it rather than write to it). */
static bool regular_or_new(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 || S_ISREG(st.st_mode);
}

/* Validates the check options into copts, and the plan year the period is in. Returns 0 or
 * EXIT_USAGE. */
static int check_options(const struct opts *o, struct check_opts *copts, int *year)
{
	char err[512];
	if (!o->db)
		return usage_error("check", tr("缺少 --db", "missing --db"), NULL);
	if (!o->period)
		return usage_error("check", tr("缺少 --period", "missing --period"), NULL);
	if (period_parse(o->period, &copts->period, err, sizeof err) < 0)
		return usage_error("check", err, NULL);
	if (period_year("check", &copts->period, year))
		return EXIT_USAGE;
	if (check_format(o->format) < 0)
		return usage_error("check", tr("--format 只能是 text、json、csv、junit、xlsx 或 html",
					       "--format must be text, json, csv, junit, xlsx or html"), o->format);
	if (check_format(o->format) == FMT_XLSX && !o->output)
		return usage_error("check", tr("--format xlsx 须用 --output 文件(工作簿不能写到终端或标准输出)",
					       "--format xlsx needs --output FILE (a workbook is not written to a terminal or standard output)"),
				   NULL);
	if (check_format(o->format) == FMT_XLSX && !regular_or_new(o->output))
		return usage_error("check", tr("--format xlsx 的 --output 须是普通文件(不能是终端或设备)",
					       "--format xlsx: --output must be a plain file, not a terminal or device"),
				   o->output);
	if (as_of_date("check", o->as_of, &copts->as_of))
		return EXIT_USAGE;
	copts->unit = o->unit;
	copts->progress = progress_wanted();
	copts->jobs = (int)o->jobs;
	return 0;
}

/* The time of this run for the printed report: SOURCE_DATE_EPOCH when set (reproducible
 * output, as `calendar` does), else now. */
static time_t run_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v = e ? strtoll(e, &end, 10) : -1;
	return e && *e && !*end && v >= 0 ? (time_t)v : time(NULL);
}

/* Writes the report in the format asked, to --output (a temporary file renamed when complete)
 * or standard output. Returns 0, or -1 (a failed write is named on stderr). */
static int write_report(const struct opts *o, const struct findings *f)
{
	int fmt = check_format(o->format);
	if (fmt == FMT_XLSX)
		return report_xlsx(o->output, f);   /* writes through its own outfile */
	struct outfile out;
	if (outfile_open(&out, o->output) < 0)
		return -1;
	int rc = fmt == FMT_JSON    ? report_json(out.fp, f)
	       : fmt == FMT_CSV     ? report_csv(out.fp, f)
	       : fmt == FMT_JUNIT   ? report_junit(out.fp, f)
	       : fmt == FMT_HTML    ? report_html(out.fp, f, run_time())
	                            : report_text(out.fp, f);
	return outfile_close(&out, rc == 0);
}

/* Opens the database read-write for --save before the check, so that a database that cannot
 * be written is refused before the work. Returns 0 (*out NULL without --save) or -1. */
static int open_for_save(const struct opts *o, sqlite3 **out)
{
	*out = NULL;
	if (!o->save)
		return 0;
	if (store_open(o->db, STORE_READWRITE, out) < 0)
		return -1;
	if (sqlite3_db_readonly(*out, "main") == 1) {
		diag(o->db, 0, NULL, "%s", tr("数据库文件只读,无法用 --save 保存检查",
					      "the database file is read-only; --save cannot save the check"));
		sqlite3_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Saves the check on wdb (--save) and says its run id on stderr. Returns 0 or -1. */
static int save_run(const struct opts *o, sqlite3 *wdb, const struct findings *f)
{
	char chash[17];
	long long id;
	if (o->config && history_file_hash(o->config, chash) < 0) {
		diag(o->config, 0, NULL, "%s", tr("无法读取", "cannot read"));
		return -1;
	}
	if (history_save(wdb, f, o->unit, o->config ? chash : NULL, run_time(), &id) < 0)
		return -1;
	fprintf(stderr, tr("已保存为第 %lld 次检查\n", "saved as run %lld\n"), id);
	return 0;
}

int cmd_check(int argc, char **argv)
{
	struct opts o = {0};
	struct check_opts copts = {0};
	int rc0 = command_start("check", TAKES_CHECK, help_check, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	int year;
	if (check_options(&o, &copts, &year))
		return EXIT_USAGE;
	sqlite3 *db = NULL, *wdb = NULL;
	struct calendar *cal = NULL;
	struct ruleset *rs = NULL;
	struct findings f = {0};
	int rc = EXIT_USAGE;
	if (open_for_save(&o, &wdb) < 0 || store_open(o.db, STORE_READONLY, &db) < 0 || !(rs = load_rules_year(&o, year, &cal)))
		goto out;
	rules_attach_db(rs, db);
	if (findings_spool(&f) < 0)
		goto out;
	if (check_run(rs, db, &copts, &f) < 0 || history_previous(db, &f) < 0 || history_trend(db, &f) < 0 ||
	    write_report(&o, &f) < 0)
		goto out;
	if (wdb && save_run(&o, wdb, &f) < 0)
		goto out;
	rc = findings_exit_code(&f);
out:
	findings_free(&f);
	rules_free(rs);
	cal_free(cal);
	sqlite3_close(db);
	sqlite3_close(wdb);
	return rc;
}
