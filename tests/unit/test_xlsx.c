/* test_xlsx.c — the .xlsx reader on workbooks written by openpyxl and by hand
 * (tests/unit/make_xlsx.py, run once by the group setup into a temporary directory): cell
 * texts, dates in both date systems, sheet names and order, limits, and the files it refuses;
 * and a workbook written row by row (xlsxout_open_rows) read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lang.h"
#include "testutil.h"
#include "xlsx.h"
#include "xlsxout.h"

#define ROWS_KEPT 16

static char fixtures[512];

/* What a sheet's callback saw: the first ROWS_KEPT rows as "row:ncells:a|b|c", the last one,
 * how many; the callback returns 7 after stop_at rows when stop_at is set. */
struct rows {
	char *line[ROWS_KEPT];
	char *last;
	size_t n;
	long total;
	long stop_at;
};

static char *row_text(long row, size_t ncells, const char *const *cells)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	fprintf(f, "%ld:%zu:", row, ncells);
	for (size_t i = 0; i < ncells; i++)
		fprintf(f, "%s%s", i ? "|" : "", cells[i]);
	fclose(f);
	return buf;
}

static int collect(void *ud, long row, size_t ncells, const char *const *cells)
{
	struct rows *r = ud;
	free(r->last);
	r->last = row_text(row, ncells, cells);
	if (r->n < ROWS_KEPT)
		r->line[r->n++] = strdup(r->last);
	r->total++;
	return r->stop_at && r->total >= r->stop_at ? 7 : 0;
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->line[i]);
	free(r->last);
	memset(r, 0, sizeof *r);
}

static struct xlsx_book *open_fixture(const char *name, char *err, size_t errlen)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	return xlsx_open(path, err, errlen);
}

/* Reads sheet i of the fixture name, which must open, into r. Returns what reading returned. */
static int read_fixture(const char *name, size_t i, struct rows *r, char *err, size_t errlen)
{
	struct xlsx_book *b = open_fixture(name, err, errlen);
	if (!b)
		fail_msg("%s: %s", name, err);
	int rc = xlsx_read_sheet(b, i, collect, r, err, errlen);
	xlsx_close(b);
	return rc;
}

static void assert_rows(const struct rows *r, const char *const *want, size_t n)
{
	assert_int_equal(r->total, (long)n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(r->line[i], want[i]);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(fixtures, sizeof fixtures, "%s/yaodian-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fixtures))
		return -1;
	char cmd[700];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/unit/make_xlsx.py '%s'", fixtures);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(fixtures);
	return 0;
}

static void colname_letters(void **state)
{
	(void)state;
	static const struct { size_t col; const char *name; } cases[] = {
		{ 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 51, "AZ" }, { 52, "BA" }, { 701, "ZZ" },
		{ 702, "AAA" }, { 16383, "XFD" }, { 16384, "XFE" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[8];
		xlsx_colname(cases[i].col, out);
		assert_string_equal(out, cases[i].name);
	}
}

static void openpyxl_sheets_in_order(void **state)
{
	(void)state;
	char err[256];
	struct xlsx_book *b = open_fixture("book.xlsx", err, sizeof err);
	assert_non_null(b);
	assert_int_equal(xlsx_sheet_count(b), 4);
	assert_string_equal(xlsx_sheet_name(b, 0), "活动");
	assert_string_equal(xlsx_sheet_name(b, 1), "单位");
	assert_string_equal(xlsx_sheet_name(b, 2), "空表");
	assert_string_equal(xlsx_sheet_name(b, 3), "大表");
	assert_null(xlsx_sheet_name(b, 4));
	assert_int_equal(xlsx_read_sheet(b, 4, collect, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "没有第 5 个工作表"));
	xlsx_close(b);
	xlsx_close(NULL);
	assert_int_equal(xlsx_sheet_count(NULL), 0);
}

/* Shared strings, integers and decimals, booleans, text that looks like a number, sparse
 * rows, 1900-system dates (custom, built-in 14, Excel's 1900-02-29, out of range), trailing
 * rows of empty cells. */
static void openpyxl_cells(void **state)
{
	(void)state;
	static const char *const want[] = {
		"1:4:编号|名称|日期|金额",
		"2:4:A-1|六一活动|2020-06-01|5000",
		"3:4:A-2|重阳|2020-10-25|5000.5",
		"4:5:A-3|0.1|-3|TRUE|FALSE",
		"5:4:00123|||7",
		"7:10:1900-01-01|1900-02-28|1900-02-29|1900-03-01|0|9999-12-31|2958466|2020-04-21|2020-04-21|43942.75",
		"8:6:1234567.891|1E-12|123456789012345700|0.3|1E+21|-0.5",
	};
	struct rows r = { 0 };
	char err[256];
	assert_int_equal(read_fixture("book.xlsx", 0, &r, err, sizeof err), 0);
	assert_rows(&r, want, sizeof want / sizeof want[0]);
	rows_free(&r);
	assert_int_equal(read_fixture("book.xlsx", 1, &r, err, sizeof err), 0);
	static const char *const units[] = { "1:2:代码|名称", "2:2:BGS|局机关办公室" };
	assert_rows(&r, units, 2);
	rows_free(&r);
	assert_int_equal(read_fixture("book.xlsx", 2, &r, err, sizeof err), 0);
	assert_int_equal(r.total, 0);
	rows_free(&r);
}

static void big_sheet_and_stopping(void **state)
{
	(void)state;
	struct rows r = { 0 };
	char err[256];
	assert_int_equal(read_fixture("book.xlsx", 3, &r, err, sizeof err), 0);
	assert_int_equal(r.total, 3000);
	assert_string_equal(r.line[0], "1:2:1|第1行");
	assert_string_equal(r.last, "3000:2:3000|第3000行");
	rows_free(&r);
	/* The callback's non-zero value stops reading and comes back. */
	r.stop_at = 2;
	assert_int_equal(read_fixture("book.xlsx", 3, &r, err, sizeof err), 7);
	assert_int_equal(r.total, 2);
	assert_string_equal(err, "");
	rows_free(&r);
}

/* Formula results (t="str", numbers), errors, booleans, t="d", inline strings and rich text
 * (phonetic runs left out), _xHHHH_ escapes, CJK built-in date formats 31 and 58, a time
 * format, custom formats that are not dates, an unknown style, shortest round-trip numbers. */
static void hand_written_cells(void **state)
{
	(void)state;
	static const char *const want[] = {
		"1:7:ab|#N/A|2|TRUE|FALSE|2020-04-21|#DIV/0!",
		"2:6:内联|富文本|富 文本 |Line\r\nTwo|_x0041_ & <b> 😀|甲",
		"3:8:2020-04-21|2020-04-21|0.5|43942|43942|2020-04-21|43942|43942",
		"4:9:0.30000000000000004|123456789012345680|0.00001|1.5E-11|0|100000000000000000000|5000|0.1|2500",
	};
	char err[256];
	struct xlsx_book *b = open_fixture("raw.xlsx", err, sizeof err);
	assert_non_null(b);
	assert_int_equal(xlsx_sheet_count(b), 3);
	assert_string_equal(xlsx_sheet_name(b, 0), "公式");
	assert_string_equal(xlsx_sheet_name(b, 1), "稀疏");
	assert_string_equal(xlsx_sheet_name(b, 2), "UTF16");
	xlsx_close(b);
	struct rows r = { 0 };
	assert_int_equal(read_fixture("raw.xlsx", 0, &r, err, sizeof err), 0);
	assert_rows(&r, want, sizeof want / sizeof want[0]);
	rows_free(&r);
	assert_int_equal(read_fixture("raw.xlsx", 2, &r, err, sizeof err), 0);
	static const char *const wide[] = { "1:2:宽字符|3" };
	assert_rows(&r, wide, 1);
	rows_free(&r);
}

/* Cells and rows without r follow the previous one; gaps are ""; rows of empty cells and
 * empty rows are not passed on; a comment mentioning <!DOCTYPE in the prolog is no DTD. */
static void cells_without_references(void **state)
{
	(void)state;
	static const char *const want[] = { "1:6:1|2|||5|6", "4:4:|||d4", "5:3:x||z", "11:2:|42" };
	struct rows r = { 0 };
	char err[256];
	assert_int_equal(read_fixture("raw.xlsx", 1, &r, err, sizeof err), 0);
	assert_rows(&r, want, sizeof want / sizeof want[0]);
	rows_free(&r);
}

/* 1904 system: serial 0 is 1904-01-01 and the last date 9999-12-31 is 2957003. The book has
 * no sharedStrings.xml and no _rels/.rels. A book without styles.xml shows numbers. */
static void date1904_and_missing_parts(void **state)
{
	(void)state;
	struct rows r = { 0 };
	char err[256];
	assert_int_equal(read_fixture("b1904.xlsx", 0, &r, err, sizeof err), 0);
	static const char *const want[] = { "1:5:2020-04-21|1904-01-01|9999-12-31|2957004|文本" };
	assert_rows(&r, want, 1);
	rows_free(&r);
	assert_int_equal(read_fixture("plain.xlsx", 0, &r, err, sizeof err), 0);
	static const char *const plain[] = { "2:2:|43942" };
	assert_rows(&r, plain, 1);
	rows_free(&r);
}

/* Each sheet of bad.xlsx is refused with a reason naming it and the cell; rows before the
 * bad one have been passed on. */
static void sheets_refused(void **state)
{
	(void)state;
	static const struct { const char *err; long rows; } cases[] = {
		{ "列超!XFE1: 超出最后一列 XFD(16384 列)", 0 },
		{ "列超2!XFE2: 超出最后一列 XFD", 0 },
		{ "行超!第 1048577 行: 超出最后一行(1048576)", 1 },
		{ "行超2!B1048577: 超出最后一行(1048576)", 0 },
		{ "长文本!C2: 单元格文本超过 32767 个字符", 1 },
		{ "长表情!D3: 单元格文本超过 32767 个字符", 0 },
		{ "长共享!A1: 单元格文本超过 32767 个字符", 0 },
		{ "坏数!C5: 不是数值:12abc", 0 },
		{ "坏编号!B6: 共享字符串编号无效:2", 0 },
		{ "坏引用!1A: 单元格引用无效", 0 },
		{ "坏XML: XML 格式错误(第 2 行)", 0 },
		{ "笑: 含有 DTD(文档类型声明),拒绝读取", 0 },
		{ "笑16: 含有 DTD(文档类型声明),拒绝读取", 0 },
	};
	char err[256];
	struct xlsx_book *b = open_fixture("bad.xlsx", err, sizeof err);
	assert_non_null(b);
	assert_int_equal(xlsx_sheet_count(b), sizeof cases / sizeof cases[0]);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rows r = { 0 };
		assert_int_equal(xlsx_read_sheet(b, i, collect, &r, err, sizeof err), -1);
		if (!strstr(err, cases[i].err))
			fail_msg("sheet %zu: got \"%s\", want \"%s\"", i, err, cases[i].err);
		assert_int_equal(r.total, cases[i].rows);
		if (i == 2)
			assert_string_equal(r.line[0], "1048576:1:1");
		if (i == 4) /* 32767 中 (3 bytes each), and 16383 😀 (2 UTF-16 units each) + "a" */
			assert_int_equal(strlen(r.line[0]), strlen("1:2:|") + 3 * 32767 + 4 * 16383 + 1);
		rows_free(&r);
	}
	xlsx_close(b);
}

/* Entries that claim more than 512 MiB, or unpack to more than they claim. */
static void zip_entries_refused(void **state)
{
	(void)state;
	static const struct { const char *file, *err; } cases[] = {
		{ "huge.xlsx", "活动 解压后超过 512 MiB,拒绝读取" },
		{ "liar.xlsx", "活动: 解压后比它声明的大小更长" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rows r = { 0 };
		char err[256];
		assert_int_equal(read_fixture(cases[i].file, 0, &r, err, sizeof err), -1);
		if (!strstr(err, cases[i].err))
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].file, err, cases[i].err);
		assert_int_equal(r.total, 0);
		rows_free(&r);
	}
}

static void files_refused(void **state)
{
	(void)state;
	static const struct { const char *file, *err; } cases[] = {
		{ "text.xlsx", "不是 Excel 工作簿(.xlsx)" },
		{ "empty.xlsx", "不是 Excel 工作簿(.xlsx):文件是空的" },
		{ "old.xls", "旧版 Excel 文件(.xls):请在 Excel 或 WPS 中另存为 .xlsx" },
		{ "locked.xlsx", "工作簿有密码保护" },
		{ "zipcrypt.xlsx", "工作簿有密码保护" },
		{ "nowb.xlsx", "不是 Excel 工作簿(.xlsx):缺少 xl/workbook.xml" },
		{ "docx.xlsx", "不是 Excel 工作簿(.xlsx):word/document.xml 不是工作簿" },
		{ "nosheet.xlsx", "工作表“活动”缺少内容(xl/worksheets/sheet1.xml)" },
		{ "xxe.xlsx", "xl/sharedStrings.xml: 含有 DTD" },
		{ "missing.xlsx", "无法打开:No such file or directory" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[256] = "unchanged";
		assert_null(open_fixture(cases[i].file, err, sizeof err));
		if (!strstr(err, cases[i].err))
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].file, err, cases[i].err);
		assert_null(strchr(err, '\n'));
	}
}

static void english_reasons(void **state)
{
	(void)state;
	static const struct { const char *file, *err; } cases[] = {
		{ "text.xlsx", "not an Excel workbook (.xlsx)" },
		{ "old.xls", "old Excel file (.xls): save it as .xlsx" },
		{ "locked.xlsx", "password protected" },
	};
	lang_set(LANG_EN);
	char err[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_null(open_fixture(cases[i].file, err, sizeof err));
		if (!strstr(err, cases[i].err))
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].file, err, cases[i].err);
	}
	struct rows r = { 0 };
	int rc = read_fixture("bad.xlsx", 0, &r, err, sizeof err);
	lang_set(LANG_ZH);
	assert_int_equal(rc, -1);
	assert_string_equal(err, "列超!XFE1: beyond the last column XFD (16384 columns)");
	rows_free(&r);
}

/* A workbook written in constant_memory mode (strings in their cells) reads back as written;
 * a write to an earlier row fails, and then nothing is left at the target. */
static void rows_workbook(void **state)
{
	(void)state;
	char path[600], err[256];
	struct xlsxout x;
	snprintf(path, sizeof path, "%s/rows.xlsx", fixtures);
	assert_int_equal(xlsxout_open_rows(&x, path), 0);
	lxw_worksheet *ws = workbook_add_worksheet(x.wb, "问题清单");
	assert_int_equal(xlsxout_ok(&x, worksheet_write_string(ws, 0, 0, "编号", NULL)), 0);
	assert_int_equal(xlsxout_ok(&x, worksheet_write_string(ws, 0, 1, "名称", NULL)), 0);
	assert_int_equal(xlsxout_ok(&x, worksheet_write_string(ws, 1, 0, "A-1", NULL)), 0);
	assert_int_equal(xlsxout_ok(&x, worksheet_write_number(ws, 1, 1, 2.5, NULL)), 0);
	assert_int_equal(xlsxout_close(&x, 0), 0);
	struct rows r = {0};
	struct xlsx_book *b = xlsx_open(path, err, sizeof err);
	if (!b)
		fail_msg("%s", err);
	assert_int_equal(xlsx_read_sheet(b, 0, collect, &r, err, sizeof err), 0);
	xlsx_close(b);
	static const char *const want[] = {"1:2:编号|名称", "2:2:A-1|2.5"};
	assert_rows(&r, want, 2);
	rows_free(&r);

	snprintf(path, sizeof path, "%s/rows-late.xlsx", fixtures);
	assert_int_equal(xlsxout_open_rows(&x, path), 0);
	ws = workbook_add_worksheet(x.wb, NULL);
	assert_int_equal(xlsxout_ok(&x, worksheet_write_string(ws, 2, 0, "later", NULL)), 0);
	assert_int_equal(xlsxout_ok(&x, worksheet_write_string(ws, 1, 0, "earlier", NULL)), -1);
	assert_int_equal(xlsxout_close(&x, 0), -1);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(colname_letters),
		cmocka_unit_test(openpyxl_sheets_in_order),
		cmocka_unit_test(openpyxl_cells),
		cmocka_unit_test(big_sheet_and_stopping),
		cmocka_unit_test(hand_written_cells),
		cmocka_unit_test(cells_without_references),
		cmocka_unit_test(date1904_and_missing_parts),
		cmocka_unit_test(sheets_refused),
		cmocka_unit_test(zip_entries_refused),
		cmocka_unit_test(files_refused),
		cmocka_unit_test(english_reasons),
		cmocka_unit_test(rows_workbook),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
