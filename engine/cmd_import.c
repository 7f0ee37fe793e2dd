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

/* Prints the summary of a workbook import, one line per sheet. */
static void print_book(const char *path, const struct import_sheet_stats *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf(tr("%s: %s: 读取 %ld 行,新增 %ld 条,更新 %ld 条\n", "%s: %s: %ld rows read, %ld added, %ld updated\n"), path,
		       s[i].kind, s[i].st.rows, s[i].st.inserted, s[i].st.updated);
	}
}

/* The import itself: a whole workbook (kind NULL), one sheet of one, or a CSV file. */
static int run_import(sqlite3 *db, const char *kind, const char *path, enum textenc enc, long *errors)
{
	struct import_stats st = {0};
	int rc;
	if (!kind) {
		struct import_sheet_stats sheets[IMPORT_NKINDS];
		size_t n = 0;
		rc = import_xlsx_book(db, path, sheets, &n);
		*errors = 0;
		for (size_t i = 0; i < n; i++)
			*errors += sheets[i].st.errors;
		if (rc == 0)
			print_book(path, sheets, n);
		return rc;
	}
	rc = import_is_workbook(path) ? import_xlsx_sheet(db, kind, path, &st) : import_csv_enc(db, kind, path, enc, &st);
	*errors = st.errors;
	if (rc == 0)
		printf(tr("%s: 读取 %ld 行,新增 %ld 条,更新 %ld 条\n", "%s: %ld rows read, %ld added, %ld updated\n"), path,
		       st.rows, st.inserted, st.updated);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	struct opts o = {0};
	int rc0 = command_start("import", TAKES_IMPORT, help_import, 2, argc, argv, &o);
	if (rc0 >= 0)
		return rc0;
	if (!o.db)
		return usage_error("import", tr("缺少 --db", "missing --db"), NULL);
	int nargs = argc - optind;
	if (nargs < 1 || nargs > 2)
		return usage_error("import", tr("需要 种类 和 文件,或一个 Excel 工作簿", "expected KIND and FILE, or one Excel workbook"), NULL);
	const char *kind = nargs == 2 ? argv[optind] : NULL;
	const char *path = argv[optind + nargs - 1];
	if (!kind && !import_is_workbook(path))
		return usage_error("import", tr("只给一个文件时,它应是 Excel 工作簿(.xlsx);CSV 文件要写明种类",
						"a single file must be an Excel workbook (.xlsx); give the kind of a CSV file"), path);
	enum textenc enc = TEXTENC_AUTO;
	if (o.encoding && textenc_parse(o.encoding, &enc) < 0)
		return usage_error("import", tr("--encoding 只能是 utf-8 或 gb18030(gbk)", "--encoding must be utf-8 or gb18030 (gbk)"),
				   o.encoding);
	sqlite3 *db;
	if (store_open(o.db, STORE_READWRITE, &db) < 0)
		return EXIT_USAGE;
	long errors = 0;
	int rc = run_import(db, kind, path, enc, &errors);
	sqlite3_close(db);
	if (rc != 0 && errors > 0)
		diag(path, 0, NULL, tr("%ld 处问题,未导入任何记录,数据库未改动", "%ld problem(s); nothing was imported and the database is unchanged"),
		     errors);
	else if (rc != 0)
		diag(path, 0, NULL, "%s", tr("未导入任何记录,数据库未改动", "nothing was imported and the database is unchanged"));
	if (rc != 0)
		return EXIT_USAGE;
	return 0;
}
