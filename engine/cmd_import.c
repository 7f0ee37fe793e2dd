/* cmd_import.c — `yaodian import`: options and the summary lines; reading and checking the
 * records is import.c's (with import_csv.c, import_xlsx.c and import_prune.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "import.h"
#include "lang.h"
#include "rules.h"
#include "store.h"

static void help_import(void)
{
	printf("%s", tr("用法: yaodian import --db 文件 [选项] 种类 文件.csv|工作簿.xlsx\n"
			"      yaodian import --db 文件 [选项] 工作簿.xlsx\n"
			"导入记录。给出种类时导入一个 CSV 文件,或工作簿中以该种类命名的工作表(或唯一的工作表);\n"
			"只给工作簿时,按导入顺序导入所有以种类命名的工作表(如“单位”“活动”),整个工作簿一次事务。\n"
			"CSV 第一行为中文列名(顺序不限)。编码自动识别:UTF-8(可带 BOM)、GBK(GB18030,\n"
			"Excel/WPS 在中文 Windows 上另存的“CSV”)或 UTF-16(Excel 的“Unicode 文本”,以制表符分隔)。\n"
			"有任何错误则全部不导入,并逐条报告“文件:行: 列: 问题”(工作簿为“工作簿.xlsx:活动!D12: 列: 问题”),\n"
			"退出码 2。同一文件重复导入不会产生重复记录(按编号更新)。\n\n"
			"  --db 文件          记录数据库(先用 yaodian init 创建)\n"
			"  --replace          以文件为准:文件中出现的单位(参与人员按活动、议题按会议)里,\n"
			"                     数据库有而文件没有的该类记录一并删除,并逐条列出;仍被其他记录引用时拒绝\n"
			"  --dry-run          试运行:检查并报告新增、更新、删除,但不改动数据库\n"
			"  --encoding 编码    CSV 文件的编码:utf-8 或 gb18030(gbk),不自动识别\n"
			"  --rules 目录       导入豁免时据此核对“规则”列的规则编号(默认随程序安装的 rules/)\n"
			"  --lang zh|en       输出语言\n"
			"  --help, -h         显示本帮助\n\n"
			"种类及列:\n",
			"Usage: yaodian import --db FILE [options] KIND FILE.csv|BOOK.xlsx\n"
			"       yaodian import --db FILE [options] BOOK.xlsx\n"
			"With a kind, imports one CSV file, or the workbook's sheet named after the kind (or its\n"
			"only sheet). With just a workbook, imports every sheet named after a kind (单位, 活动 ...\n"
			"or units, activities ...) in import order, the whole workbook in one transaction.\n"
			"CSV: the first row holds the Chinese column names (any order); the encoding is found\n"
			"out: UTF-8 (BOM optional), GBK (GB18030: what Excel and WPS on Chinese Windows save as\n"
			"\"CSV\") or UTF-16 (Excel's \"Unicode text\", tab separated).\n"
			"Any problem and nothing is imported: each is reported as \"file:line: column: problem\"\n"
			"(\"book.xlsx:活动!D12: column: problem\") and the exit code is 2. Importing a file again\n"
			"updates records by id and never duplicates them.\n\n"
			"  --db FILE          records database (made by yaodian init)\n"
			"  --replace          the file is the whole truth: within the units it holds (for\n"
			"                     participants the activities, for agenda items the meetings), records\n"
			"                     of its kind that it lacks are deleted and listed; refused while other\n"
			"                     records still refer to them\n"
			"  --dry-run          check and report what would be added, updated and deleted; change nothing\n"
			"  --encoding ENC     a CSV file's encoding, utf-8 or gb18030 (gbk), not guessed\n"
			"  --rules DIR        the rules whose ids a waiver's 规则 column must name (default: the\n"
			"                     installed rules/)\n"
			"  --lang zh|en       output language\n"
			"  --help, -h         this help\n\nKinds and columns:\n"));
	import_describe(stdout, NULL);
}

/* One summary line: "path: [kind: ]N rows read, a added, u updated[, d deleted]". */
static void print_summary(const char *path, const char *kind, const struct import_stats *st, const struct import_opts *o)
{
	printf("%s: ", path);
	if (kind)
		printf("%s: ", kind);
	printf(tr("读取 %ld 行,新增 %ld 条,更新 %ld 条", "%ld rows read, %ld added, %ld updated"), st->rows, st->inserted,
	       st->updated);
	if (o->replace)
		printf(tr(",删除 %ld 条", ", %ld deleted"), st->deleted);
	printf("\n");
}

/* The import itself: a whole workbook (kind NULL), one sheet of one, or a CSV file. Sets
 * *errors to the problems reported. */
static int run_import(sqlite3 *db, const char *kind, const char *path, const struct import_opts *o, long *errors)
{
	struct import_stats st = {0};
	int rc;
	if (!kind) {
		struct import_sheet_stats sheets[IMPORT_NKINDS];
		size_t n = 0;
		rc = import_xlsx_book(db, path, o, sheets, &n);
		*errors = 0;
		for (size_t i = 0; i < n; i++) {
			*errors += sheets[i].st.errors;
			if (rc == 0)
				print_summary(path, sheets[i].kind, &sheets[i].st, o);
		}
		return rc;
	}
	rc = import_is_workbook(path) ? import_xlsx_sheet(db, kind, path, o, &st) : import_csv_opts(db, kind, path, o, &st);
	*errors = st.errors;
	if (rc == 0)
		print_summary(path, NULL, &st, o);
	return rc;
}

/* The ids of the rules (NULL-terminated; the strings are the rule set's), to check the rule each
 * imported waiver names, for an import that may hold waivers. NULL when it cannot hold any, or
 * when the rules do not load (then said on stderr, and the ids are checked by check instead). */
static const char **rule_ids(const struct opts *opt, const char *kind, struct ruleset **rs, struct calendar **cal)
{
	*rs = NULL;
	*cal = NULL;
	const char *name = kind ? import_kind_name(kind) : "waivers";
	if (!name || strcmp(name, "waivers") != 0)
		return NULL;
	*rs = load_rules(opt, cal);
	const char **ids = *rs ? calloc((*rs)->n_rules + 1, sizeof *ids) : NULL;
	if (!ids) {
		diag("yaodian", 0, "import", "%s", tr("注意:规则未能加载,不核对豁免的规则编号(检查时会指出)",
						     "note: the rules did not load; waivers' rule ids are not checked now (check will say)"));
		return NULL;
	}
	for (size_t i = 0; i < (*rs)->n_rules; i++)
		ids[i] = (*rs)->rules[i].id;
	return ids;
}

int cmd_import(int argc, char **argv)
{
	struct opts opt = {0};
	int rc0 = command_start("import", TAKES_IMPORT, help_import, 2, argc, argv, &opt);
	if (rc0 >= 0)
		return rc0;
	if (!opt.db)
		return usage_error("import", tr("缺少 --db", "missing --db"), NULL);
	int nargs = argc - optind;
	if (nargs < 1 || nargs > 2)
		return usage_error("import", tr("需要 种类 和 文件,或一个 Excel 工作簿", "expected KIND and FILE, or one Excel workbook"), NULL);
	const char *kind = nargs == 2 ? argv[optind] : NULL;
	const char *path = argv[optind + nargs - 1];
	if (!kind && !import_is_workbook(path))
		return usage_error("import", tr("只给一个文件时,它应是 Excel 工作簿(.xlsx);CSV 文件要写明种类",
						"a single file must be an Excel workbook (.xlsx); give the kind of a CSV file"), path);
	struct import_opts o = {.replace = opt.replace, .dry_run = opt.dry_run, .listing = stdout};
	if (opt.encoding && textenc_parse(opt.encoding, &o.encoding) < 0)
		return usage_error("import", tr("--encoding 只能是 utf-8 或 gb18030(gbk)", "--encoding must be utf-8 or gb18030 (gbk)"),
				   opt.encoding);
	sqlite3 *db;
	if (store_open(opt.db, STORE_READWRITE, &db) < 0)
		return EXIT_USAGE;
	struct ruleset *rs;
	struct calendar *cal;
	const char **ids = rule_ids(&opt, kind, &rs, &cal);
	o.rule_ids = ids;
	long errors = 0;
	int rc = run_import(db, kind, path, &o, &errors);
	sqlite3_close(db);
	free(ids);
	rules_free(rs);
	cal_free(cal);
	if (rc != 0 && errors > 0)
		diag(path, 0, NULL, tr("%ld 处问题,未导入任何记录,数据库未改动", "%ld problem(s); nothing was imported and the database is unchanged"),
		     errors);
	else if (rc != 0)
		diag(path, 0, NULL, "%s", tr("未导入任何记录,数据库未改动", "nothing was imported and the database is unchanged"));
	else if (o.dry_run)
		printf("%s\n", tr("试运行:以上是将要进行的改动,数据库未改动", "dry run: the changes above were not made; the database is unchanged"));
	return rc != 0 ? EXIT_USAGE : 0;
}
