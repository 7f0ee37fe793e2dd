/* cmd_export.c — `yaodian units` and `yaodian export`: seeing what is in the database. The
 * work is export.c's. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "export.h"
#include "lang.h"
#include "store.h"

static void help_units(void)
{
	printf("%s", tr("用法: yaodian units --db 文件 [--year 年份] [--lang zh|en]\n"
			"列出数据库中的每个单位:编号、名称、类型,在职、退休、职工子女、联系点儿童人数,\n"
			"以及该年开始的活动数。\n\n"
			"  --db 文件          记录数据库\n"
			"  --year 年份        统计活动的年份(默认今年)\n"
			"  --lang zh|en       输出语言\n"
			"  --help, -h         显示本帮助\n",
			"Usage: yaodian units --db FILE [--year YEAR] [--lang zh|en]\n"
			"Lists every unit of the database: id, name, type, how many serving staff, retirees,\n"
			"staff children and contact-point children, and the activities begun in the year.\n\n"
			"  --db FILE          records database\n"
			"  --year YEAR        the year whose activities are counted (default: this year)\n"
			"  --lang zh|en       output language\n"
			"  --help, -h         this help\n"));
}

int cmd_units(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("units", TAKES_UNITS, help_units, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("units", tr("缺少 --db", "missing --db"), NULL);
	if (!o.year) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		o.year = tm.tm_year + 1900;
	}
	sqlite3 *db;
	if (store_open(o.db, STORE_READONLY, &db) < 0)
		return EXIT_USAGE;
	int rc = export_units(db, (int)o.year, stdout);
	sqlite3_close(db);
	return rc == 0 ? 0 : EXIT_USAGE;
}

static void help_export(void)
{
	printf("%s", tr("用法: yaodian export --db 文件 [种类] [--format csv|xlsx] [--output 文件] [--lang zh|en]\n"
			"按导入的格式写出数据库中的记录,可再导入:CSV(UTF-8 带 BOM,一种记录)或 Excel 工作簿\n"
			"(每种记录一个工作表;不给种类时写出全部种类)。不写出人员的姓名和备注。以 = + - @ 开头的\n"
			"文字前加 ',以免电子表格当作公式(导入时会去掉)。\n\n"
			"  --db 文件          记录数据库\n"
			"  --format csv|xlsx  输出格式(默认 csv;xlsx 须给 --output)\n"
			"  --output 文件      写入此文件(整份写好后才替换;默认标准输出,仅 csv)\n"
			"  --lang zh|en       输出语言\n"
			"  --help, -h         显示本帮助\n",
			"Usage: yaodian export --db FILE [KIND] [--format csv|xlsx] [--output FILE] [--lang zh|en]\n"
			"Writes the records of the database in the importer's format, to import again: CSV\n"
			"(UTF-8 with a BOM, one kind) or an Excel workbook (a sheet per kind; every kind when\n"
			"none is given). People's names and notes are never written. Text starting with = + - @\n"
			"gets a leading ' so that spreadsheets do not run it as a formula (import takes it off).\n\n"
			"  --db FILE          records database\n"
			"  --format csv|xlsx  output format (default csv; xlsx needs --output)\n"
			"  --output FILE      write to FILE, replaced only once complete (default stdout, csv only)\n"
			"  --lang zh|en       output language\n"
			"  --help, -h         this help\n"));
}

int cmd_export(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("export", TAKES_EXPORT, help_export, 1, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	const char *fmt = o.format ? o.format : "csv";
	const char *kind = optind < argc ? argv[optind] : NULL;
	if (!o.db)
		return usage_error("export", tr("缺少 --db", "missing --db"), NULL);
	if (argc - optind > 1)
		return usage_error("export", tr("最多一个种类", "at most one kind"), argv[optind + 1]);
	if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)
		return usage_error("export", tr("--format 只能是 csv 或 xlsx", "--format must be csv or xlsx"), fmt);
	if (strcmp(fmt, "csv") == 0 && !kind)
		return usage_error("export", tr("CSV 一次只写一种记录:请给出种类", "CSV holds one kind: give the kind"), NULL);
	if (strcmp(fmt, "xlsx") == 0 && !o.output)
		return usage_error("export", tr("xlsx 须用 --output 指定文件", "xlsx needs --output"), NULL);
	sqlite3 *db;
	if (store_open(o.db, STORE_READONLY, &db) < 0)
		return EXIT_USAGE;
	int rc = strcmp(fmt, "csv") == 0 ? export_csv(db, kind, o.output) : export_xlsx(db, kind, o.output);
	sqlite3_close(db);
	return rc == 0 ? 0 : EXIT_USAGE;
}
