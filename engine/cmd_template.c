/* cmd_template.c — `yaodian template`: its options and help; the workbook and the CSV files are
 * template.c's. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "import.h"
#include "lang.h"
#include "template.h"

static void help_template(void)
{
	printf("%s", tr("用法: yaodian template --out 文件.xlsx [--format xlsx|csv] [--db 文件] [--lang zh|en]\n"
			"写出空白的记录模板,供在 Excel 或 WPS 中填写,填好后用 yaodian import 导入:\n"
			"第一个工作表是填表说明,其后每种记录一个工作表(单位、单位年度、人员、活动……,按导入顺序),\n"
			"第 1 行是导入时要求的中文列名(深红色为必填,列名带批注说明),第 2 行是一条示例记录,\n"
			"类别、是/否等列有下拉列表,日期、整数、金额列有输入检查。\n"
			"文件先写到同目录的临时文件,完成后才改名;失败时不留下任何文件。\n\n"
			"  --out 文件          要写出的工作簿(--format csv 时为目录,不存在则创建)\n"
			"  --format xlsx|csv   xlsx(默认)为一个工作簿;csv 为每种记录一个 UTF-8 CSV 文件\n"
			"                      (带 BOM,含列名和示例行),如 目录/单位.csv\n"
			"  --db 文件           下拉列表的可选值取自这个记录数据库的词表(默认用内置词表;仅 xlsx)\n"
			"  --lang zh|en        说明、批注和输出的语言(列名和工作表名总是中文)\n"
			"  --help, -h          显示本帮助\n\n"
			"示例:\n"
			"  yaodian template --out 记录模板.xlsx\n"
			"  yaodian import --db 记录.db 记录模板.xlsx\n",
			"Usage: yaodian template --out FILE.xlsx [--format xlsx|csv] [--db FILE] [--lang zh|en]\n"
			"Writes a blank record template to fill in with Excel or WPS and read back with\n"
			"yaodian import: a sheet of instructions, then one sheet per kind of record (单位,\n"
			"单位年度, 人员, 活动 ..., in import order). Row 1 holds the Chinese column names the\n"
			"importer expects (required ones in dark red, each with a comment saying what it holds),\n"
			"row 2 an example record; enumerated and yes/no columns have drop-down lists, and dates,\n"
			"whole numbers and amounts are checked as they are typed.\n"
			"The file is written under a temporary name beside it and renamed when complete; after a\n"
			"failure nothing is left behind.\n\n"
			"  --out FILE          the workbook to write (with --format csv a directory, created if\n"
			"                      missing)\n"
			"  --format xlsx|csv   xlsx (default): one workbook; csv: one UTF-8 CSV file per kind\n"
			"                      (with a BOM, the header and the example row), e.g. DIR/单位.csv\n"
			"  --db FILE           take the drop-down lists from this records database's vocabulary\n"
			"                      (default: the built-in vocabulary; xlsx only)\n"
			"  --lang zh|en        language of the instructions, comments and messages (column and\n"
			"                      sheet names are always Chinese)\n"
			"  --help, -h          this help\n\n"
			"Example:\n"
			"  yaodian template --out records.xlsx\n"
			"  yaodian import --db records.db records.xlsx\n"));
}

static int write_xlsx(const struct opts *o)
{
	sqlite3 *db;
	if (template_vocab_db(o->db, &db) < 0)
		return EXIT_USAGE;
	int rc = template_write_xlsx(db, o->out);
	sqlite3_close(db);
	if (rc < 0)
		return EXIT_USAGE;
	printf(tr("%s: 已写出记录模板,每种记录一个工作表(共 %d 个)\n", "%s: template written, one sheet per kind of record (%d)\n"),
	       o->out, IMPORT_NKINDS);
	return 0;
}

int cmd_template(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("template", TAKES_TEMPLATE, help_template, 0, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.out)
		return usage_error("template", tr("缺少 --out", "missing --out"), NULL);
	if (o.format && strcmp(o.format, "xlsx") != 0 && strcmp(o.format, "csv") != 0)
		return usage_error("template", tr("--format 只能是 xlsx 或 csv", "--format must be xlsx or csv"), o.format);
	if (!o.format || strcmp(o.format, "xlsx") == 0)
		return write_xlsx(&o);
	if (template_write_csv(o.out) < 0)
		return EXIT_USAGE;
	printf(tr("%s: 已写出 %d 个 CSV 模板文件,每种记录一个\n", "%s: %d CSV template files written, one per kind of record\n"),
	       o.out, IMPORT_NKINDS);
	return 0;
}
