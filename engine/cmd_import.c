/* cmd_import.c — `yaodian import`: options and the summary line; the reading and checking of
 * the records is import.c's. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "import.h"
#include "lang.h"
#include "store.h"

static void help_import(void)
{
	printf("%s", tr("用法: yaodian import --db 文件 [--encoding 编码] [--lang zh|en] 种类 文件.csv\n"
			"CSV 第一行为中文列名(顺序不限)。编码自动识别:UTF-8(可带 BOM)、GBK(GB18030,\n"
			"Excel/WPS 在中文 Windows 上另存的“CSV”)或 UTF-16(Excel 的“Unicode 文本”,以制表符分隔)。\n"
			"整个文件一次导入;有任何错误行则全部不导入,并逐行报告“文件:行: 列: 问题”,退出码 2。\n"
			"同一文件重复导入不会产生重复记录(按编号更新)。\n\n"
			"  --db 文件          记录数据库(先用 yaodian init 创建)\n"
			"  --encoding 编码    指定文件编码:utf-8 或 gb18030(gbk),不自动识别\n"
			"  --lang zh|en       输出语言\n"
			"  --help, -h         显示本帮助\n\n"
			"种类及列:\n",
			"Usage: yaodian import --db FILE [--encoding ENC] [--lang zh|en] KIND FILE.csv\n"
			"The first CSV row holds the Chinese column names (any order). The encoding is found\n"
			"out: UTF-8 (BOM optional), GBK (GB18030: what Excel and WPS on Chinese Windows save\n"
			"as \"CSV\") or UTF-16 (Excel's \"Unicode text\", tab separated).\n"
			"A file imports whole or not at all: every bad row is reported as\n"
			"\"file:line: column: problem\" and the exit code is 2. Importing a file again\n"
			"updates records by id and never duplicates them.\n\n"
			"  --db FILE          records database (made by yaodian init)\n"
			"  --encoding ENC     the file's encoding, utf-8 or gb18030 (gbk), not guessed\n"
			"  --lang zh|en       output language\n"
			"  --help, -h         this help\n\nKinds and columns:\n"));
	import_describe(stdout, NULL);
}

int cmd_import(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("import", TAKES_IMPORT, help_import, 2, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("import", tr("缺少 --db", "missing --db"), NULL);
	if (argc - optind != 2)
		return usage_error("import", tr("需要两个参数:种类 和 CSV 文件", "expected two arguments: KIND and the CSV file"), NULL);
	enum textenc enc = TEXTENC_AUTO;
	if (o.encoding && textenc_parse(o.encoding, &enc) < 0)
		return usage_error("import", tr("--encoding 只能是 utf-8 或 gb18030(gbk)", "--encoding must be utf-8 or gb18030 (gbk)"),
				   o.encoding);
	sqlite3 *db;
	if (store_open(o.db, STORE_READWRITE, &db) < 0)
		return EXIT_USAGE;
	struct import_stats st = {0};
	const char *path = argv[optind + 1];
	int rc = import_csv_enc(db, argv[optind], path, enc, &st);
	sqlite3_close(db);
	if (rc != 0) {
		diag(path, 0, NULL, tr("%ld 处问题,未导入任何记录,数据库未改动", "%ld problems; nothing was imported and the database is unchanged"),
		     st.errors);
		return EXIT_USAGE;
	}
	printf(tr("%s: 读取 %ld 行,新增 %ld 条,更新 %ld 条\n", "%s: %ld rows read, %ld added, %ld updated\n"),
	       path, st.rows, st.inserted, st.updated);
	return 0;
}
