/* test_import.c — the CSV importer: good files of every kind land with normalised values, a
 * re-import updates instead of duplicating, and each kind of bad input is reported with its
 * file, line and column while the database stays exactly as it was. Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <iconv.h>

#include "diag.h"
#include "import.h"
#include "import_values.h"
#include "lang.h"
#include "store.h"

#define GOOD "tests/data/csv/good/"
#define BAD  "tests/data/csv/bad/"

struct fx {
	char dir[64];
	char dbpath[96];
	sqlite3 *db;
	FILE *diags;
	char *dtext;
	size_t dlen;
};

/* ---- fixture helpers ---- */

static void diag_open(struct fx *fx)
{
	fx->dtext = NULL;
	fx->dlen = 0;
	fx->diags = open_memstream(&fx->dtext, &fx->dlen);
	assert_non_null(fx->diags);
	diag_set_stream(fx->diags);
}

static void diag_close(struct fx *fx)
{
	diag_set_stream(NULL);
	fclose(fx->diags);
	free(fx->dtext);
	fx->diags = NULL;
	fx->dtext = NULL;
}

/* Everything diagnosed since the last diag_restart(). */
static const char *diags(struct fx *fx)
{
	fflush(fx->diags);
	return fx->dtext ? fx->dtext : "";
}

static void diag_restart(struct fx *fx)
{
	diag_close(fx);
	diag_open(fx);
}

static int setup_empty(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/yaodian-import.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->dbpath, sizeof fx->dbpath, "%s/records.db", fx->dir);
	diag_open(fx);
	lang_set(LANG_ZH);
	assert_int_equal(store_open(fx->dbpath, STORE_CREATE, &fx->db), 0);
	assert_true(store_migrate(fx->db, fx->dbpath, "schemas") >= 1);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	sqlite3_close(fx->db);
	diag_close(fx);
	DIR *d = opendir(fx->dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", fx->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(fx->dir);
	free(fx);
	lang_set(LANG_ZH);
	return 0;
}

/* Imports tests/data/csv/good/KIND.csv and expects success. */
static void import_good(struct fx *fx, const char *kind)
{
	char path[256];
	struct import_stats st;
	snprintf(path, sizeof path, GOOD "%s.csv", kind);
	int rc = import_csv(fx->db, kind, path, &st);
	if (rc != 0)
		fail_msg("importing %s: rc %d\n%s", path, rc, diags(fx));
	assert_int_equal(st.errors, 0);
}

/* Every kind's good file, in import order. */
static int setup_loaded(void **state)
{
	setup_empty(state);
	struct fx *fx = *state;
	for (const char *const *k = import_kinds(); *k; k++)
		import_good(fx, *k);
	return 0;
}

/* Writes text to DIR/name; returns the path in a static buffer. */
static const char *write_csv(struct fx *fx, const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Writes len bytes of data to DIR/name; returns the path in a static buffer. */
static const char *write_bytes(struct fx *fx, const char *name, const char *data, size_t len)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", fx->dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* utf8 encoded as UTF-16 little-endian with a BOM, by iconv, in a static buffer (*len bytes). */
static const char *utf16le(const char *utf8, size_t *len)
{
	static char out[4096];
	iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	out[0] = '\xFF', out[1] = '\xFE';
	char *in = (char *)utf8, *o = out + 2;
	size_t left = strlen(utf8), room = sizeof out - 2;
	assert_int_not_equal(iconv(cd, &in, &left, &o, &room), (size_t)-1);
	iconv_close(cd);
	*len = sizeof out - room;
	return out;
}

/* One value of a query, as text in a static buffer ("" for NULL or no row). */
static const char *q1(struct fx *fx, const char *sql)
{
	static char out[1024];
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(fx->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(fx->db));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static long qn(struct fx *fx, const char *sql) { return atol(q1(fx, sql)); }

/* Every row of every table, as one malloc'd string: equal before and after means unchanged. */
static char *snapshot(struct fx *fx)
{
	sqlite3_stmt *tables, *rows;
	size_t len = 0;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, &len);
	assert_int_equal(sqlite3_prepare_v2(fx->db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
					    -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2", (const char *)sqlite3_column_text(tables, 0));
		assert_int_equal(sqlite3_prepare_v2(fx->db, sql, -1, &rows, NULL), SQLITE_OK);
		fprintf(out, "[%s]\n", (const char *)sqlite3_column_text(tables, 0));
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				const unsigned char *t = sqlite3_column_text(rows, i);
				fprintf(out, "%s|", t ? (const char *)t : "NULL");
			}
			fputc('\n', out);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	fclose(out);
	return buf;
}

static long records(struct fx *fx)
{
	return qn(fx, "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM people) +"
		      " (SELECT count(*) FROM activities) + (SELECT count(*) FROM activity_tags) +"
		      " (SELECT count(*) FROM meetings) + (SELECT count(*) FROM funds)");
}

static void assert_diag(struct fx *fx, const char *want)
{
	if (!strstr(diags(fx), want))
		fail_msg("diagnostics lack \"%s\"; they are:\n%s", want, diags(fx));
}

static void assert_no_diag(struct fx *fx, const char *unwanted)
{
	if (strstr(diags(fx), unwanted))
		fail_msg("diagnostics have \"%s\":\n%s", unwanted, diags(fx));
}

/* Imports path as kind; expects 2, a diagnostic containing want, and no change at all. */
static void expect_bad_path(struct fx *fx, const char *kind, const char *path, const char *want)
{
	char *before = snapshot(fx);
	struct import_stats st;
	diag_restart(fx);
	int rc = import_csv(fx->db, kind, path, &st);
	if (rc != 2)
		fail_msg("expected 2, got %d; diagnostics:\n%s", rc, diags(fx));
	assert_diag(fx, want);
	assert_int_equal(st.inserted + st.updated, 0);
	char *after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Writes csv to DIR/bad.csv, then expect_bad_path(). */
static void expect_bad(struct fx *fx, const char *kind, const char *csv, const char *want)
{
	expect_bad_path(fx, kind, write_csv(fx, "bad.csv", csv), want);
}

/* ---- good files ---- */

static void test_kinds_order(void **state)
{
	(void)state;
	const char *const *k = import_kinds();
	size_t n = 0;
	while (k[n])
		n++;
	assert_int_equal(n, 15);
	assert_string_equal(k[0], "units");
	assert_string_equal(k[2], "people");
	assert_string_equal(k[13], "waivers");
	assert_string_equal(k[14], "self_assessments");
	assert_string_equal(import_kind_name("活动"), "activities");
	assert_string_equal(import_kind_name("agenda"), "agenda");
	assert_null(import_kind_name("widgets"));
}

static void test_units_bom_crlf(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	assert_int_equal(import_csv(fx->db, "单位", GOOD "units.csv", &st), 0);
	assert_int_equal(st.rows, 4);
	assert_int_equal(st.inserted, 4);
	assert_int_equal(st.updated, 0);
	/* the BOM did not stick to the first header, and no CR to the last value */
	assert_string_equal(q1(fx, "SELECT name FROM units WHERE id = 'SJ'"), "遂宁市市场监督管理局");
	assert_string_equal(q1(fx, "SELECT parent FROM units WHERE id = 'SJ-SJS'"), "SJ");
	assert_int_equal(qn(fx, "SELECT count(*) FROM units WHERE parent IS NULL"), 1);
	assert_string_equal(q1(fx, "SELECT name FROM units WHERE id = 'SJ-SJS'"), "市食品药品检验所(含\"快检\"中心)");
	assert_string_equal(diags(fx), "");
}

static void test_activities_values(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(q1(fx, "SELECT start_date || ' ' || end_date FROM activities WHERE id = 'A001'"),
			    "2020-01-20 2020-01-22");
	assert_string_equal(q1(fx, "SELECT end_date FROM activities WHERE id = 'A002'"), "2020-06-01");
	assert_string_equal(q1(fx, "SELECT start_date FROM activities WHERE id = 'A003'"), "2020-09-15");
	assert_string_equal(q1(fx, "SELECT title FROM activities WHERE id = 'A003'"), "\"十个一\"主题教育");
	assert_string_equal(q1(fx, "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM activity_tags"
				   " WHERE activity_id = 'A001' ORDER BY tag)"), "帮扶 慰问 春节");
	assert_string_equal(q1(fx, "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM activity_tags"
				   " WHERE activity_id = 'A002' ORDER BY tag)"), "六一 家庭教育");
	assert_int_equal(qn(fx, "SELECT count(*) FROM activity_tags WHERE activity_id = 'A003'"), 2);
	assert_string_equal(q1(fx, "SELECT children || '/' || retirees || '/' || staff FROM activities WHERE id = 'A002'"),
			    "20/3/10");
	/* a quoted field over three lines (CRLF would have become LF) */
	assert_string_equal(q1(fx, "SELECT note FROM activities WHERE id = 'A002'"), "活动包括:\n1. 讲故事\n2. 赠书");
	assert_string_equal(q1(fx, "SELECT quote(note) FROM activities WHERE id = 'A001'"), "NULL");
}

static void test_people_values(void **state)
{
	struct fx *fx = *state;
	assert_string_equal(q1(fx, "SELECT left_behind || in_hardship || poor || orphan || disabled"
				   " FROM people WHERE id = 'C001'"), "11100");
	assert_string_equal(q1(fx, "SELECT left_behind || in_hardship || poor || orphan || disabled"
				   " FROM people WHERE id = 'P001'"), "00000");
	assert_string_equal(q1(fx, "SELECT guardian_id FROM people WHERE id = 'P003'"), "P001");
	assert_int_equal(qn(fx, "SELECT birth_year FROM people WHERE id = 'P002'"), 1950);
	assert_string_equal(q1(fx, "SELECT note FROM people WHERE id = 'P002'"), "退休前任副局长,现任关工委副主任");
	assert_string_equal(q1(fx, "SELECT note FROM people WHERE id = 'C001'"), "父母在外务工\n由祖母照顾");
}

static void test_other_kinds_values(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(qn(fx, "SELECT amount_fen FROM funds WHERE id = 'F002'"), 150050);
	assert_int_equal(qn(fx, "SELECT amount_fen FROM funds WHERE id = 'F003'"), 5);
	assert_int_equal(qn(fx, "SELECT amount_fen FROM funds WHERE id = 'F001'"), 2000000);
	assert_string_equal(q1(fx, "SELECT covers_guanai || business FROM agenda_items WHERE meeting_id = 'M001' AND seq = 2"),
			    "10");
	assert_string_equal(q1(fx, "SELECT subkind FROM documents WHERE id = 'D002'"), "学习");
	assert_string_equal(q1(fx, "SELECT subkind FROM documents WHERE id = 'D003'"), "上半年");
	assert_string_equal(q1(fx, "SELECT quote(staff) FROM unit_years WHERE unit_id = 'SJ-BGS'"), "NULL");
	assert_string_equal(q1(fx, "SELECT quote(end_date) FROM roles WHERE id = 'R001'"), "NULL");
	assert_string_equal(q1(fx, "SELECT url FROM posts WHERE id = 'W001'"), "https://example.org/a?x=1&y=2");
	assert_string_equal(q1(fx, "SELECT helper_id || '>' || child_id FROM pairings"), "P002>C001");
	assert_string_equal(q1(fx, "SELECT rule_id || ' ' || expires FROM waivers"), "3.6-childrens-day 2020-06-30");
	assert_string_equal(q1(fx, "SELECT obligation || ' ' || date || ' ' || approved_by FROM self_assessments"),
			    "1.2.2 2020-12-20 机关党委");
	assert_int_equal(qn(fx, "SELECT count(*) FROM participants"), 3);
	assert_int_equal(qn(fx, "SELECT area_m2 FROM offices"), 30);
}

static void test_reimport_updates(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	long before = records(fx);
	assert_int_equal(import_csv(fx->db, "activities", GOOD "activities.csv", &st), 0);
	assert_int_equal(st.rows, 3);
	assert_int_equal(st.inserted, 0);
	assert_int_equal(st.updated, 3);
	assert_int_equal(records(fx), before);

	/* one record changed (tags replaced), one new */
	const char *p = write_csv(fx, "more.csv",
				  "编号,单位,标题,开始日期,类别\n"
				  "A001,SJ,春节慰问(改),2020-01-21,国庆\n"
				  "A009,SJ,新活动,2020-11-01,其他\n");
	assert_int_equal(import_csv(fx->db, "activities", p, &st), 0);
	assert_int_equal(st.inserted, 1);
	assert_int_equal(st.updated, 1);
	assert_string_equal(q1(fx, "SELECT title || ' ' || end_date FROM activities WHERE id = 'A001'"),
			    "春节慰问(改) 2020-01-21");
	assert_string_equal(q1(fx, "SELECT group_concat(tag) FROM activity_tags WHERE activity_id = 'A001'"), "国庆");
	/* participants of A001 survive the update (no delete-and-insert) */
	assert_int_equal(qn(fx, "SELECT count(*) FROM participants WHERE activity_id = 'A001'"), 2);

	assert_int_equal(import_csv(fx->db, "agenda", GOOD "agenda.csv", &st), 0);
	assert_int_equal(st.updated, 3);
	assert_int_equal(qn(fx, "SELECT count(*) FROM agenda_items"), 3);
}

static void test_blank_lines_and_line_numbers(void **state)
{
	struct fx *fx = *state;
	/* a leading blank line, a multi-line quoted field, a row of bare commas: the error on
	 * physical line 7 is reported as line 7 */
	expect_bad(fx, "meetings",
		   "\n"
		   "编号,单位,会议类型,日期,名称\n"
		   "M100,SJ,党组会,2020-05-01,\"第一行\n第二行\"\n"
		   "\n"
		   ",,,,\n"
		   "M101,SJ,党组会,2020-13-01,\n"
		   "M102,SJ,\"党组会\r\n\",2020-02-01,\"跨\r\n两行\"\r\n"
		   "M103,SJ,党组会,2020-02-01,\"跨\n两行\"",
		   "/bad.csv:7: 日期: 日期不存在:2020-13-01");
	/* a record is reported on the line it starts on */
	assert_diag(fx, "/bad.csv:8: 会议类型: 含有看不见的字符 <U+000A>:“党组会<U+000A>”");
	assert_no_diag(fx, ":3:");
	assert_no_diag(fx, ":6:");
	assert_no_diag(fx, ":9:");
	assert_no_diag(fx, ":10:");
}

static void test_header_only(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	const char *p = write_csv(fx, "h.csv", "编号,名称\r\n");
	assert_int_equal(import_csv(fx->db, "units", p, &st), 0);
	assert_int_equal(st.rows, 0);
	assert_string_equal(diags(fx), "");
}

static void test_flags_and_money(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	const char *p = write_csv(fx, "f.csv",
				  "编号,单位,类别,留守,困境,贫困,孤儿,残疾\n"
				  "K1,SJ,联系点儿童,yes,TRUE,1,n,False\n");
	assert_int_equal(import_csv(fx->db, "people", p, &st), 0);
	assert_string_equal(q1(fx, "SELECT left_behind || in_hardship || poor || orphan || disabled"
				   " FROM people WHERE id = 'K1'"), "11100");
	p = write_csv(fx, "m.csv", "编号,单位,日期,类型,金额\nF7,\" SJ \",2020-01-01,拨付,\"\t12.3  \"\n");
	assert_int_equal(import_csv(fx->db, "funds", p, &st), 0);
	assert_int_equal(qn(fx, "SELECT amount_fen FROM funds WHERE id = 'F7' AND unit_id = 'SJ'"), 1230);
}

static void test_describe(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	import_describe(out, "活动");
	fclose(out);
	assert_non_null(strstr(buf, "activities (活动)"));
	assert_non_null(strstr(buf, "开始日期"));
	assert_non_null(strstr(buf, "activity_tag"));
	assert_null(strstr(buf, "会议类型"));
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	lang_set(LANG_EN);
	import_describe(out, NULL);
	fclose(out);
	assert_non_null(strstr(buf, "waivers (豁免)"));
	assert_non_null(strstr(buf, "required"));
	assert_non_null(strstr(buf, "涉及关心下一代工作"));
	free(buf);
}

/* ---- bad input: file level ---- */

static void test_unknown_kind(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "widgets", GOOD "units.csv", "units.csv: 未知的记录类型:widgets");
	assert_diag(fx, "meetings(会议)");
	assert_no_diag(fx, "units.csv:1");
}

static void test_missing_file(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "units", "tests/data/csv/no-such-file.csv", "no-such-file.csv: 无法打开文件");
}

static void test_empty_file(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "units", "\n\n", "/bad.csv: 文件是空的");
}

static void test_unterminated_quote(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "activities", BAD "activities_quote.csv",
			"activities_quote.csv:3: CSV 格式错误:从此行开始的引号没有结束");
}

static void test_stray_quote(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "units", "编号,名称\nU1,好\nU2,坏\"的\"名字\n", "/bad.csv:3: CSV 格式错误:引号位置不对");
}

/* Excel's "Unicode text": UTF-16 with a BOM, tab separated; and a UTF-16 CSV with commas. */
static void test_utf16(void **state)
{
	struct fx *fx = *state;
	size_t n;
	const char *b = utf16le("编号\t名称\t类型\r\nU16\t“统一码”单位,甲\t科室\r\n", &n);
	diag_restart(fx);
	assert_int_equal(import_csv(fx->db, "units", write_bytes(fx, "u16.txt", b, n), NULL), 0);
	assert_string_equal(q1(fx, "SELECT name || '/' || kind FROM units WHERE id = 'U16'"), "“统一码”单位,甲/科室");
	assert_diag(fx, "已按 UTF-16 编码读取");
	b = utf16le("编号,名称\nU17,逗号分隔\n", &n);
	assert_int_equal(import_csv(fx->db, "units", write_bytes(fx, "u17.csv", b, n), NULL), 0);
	assert_string_equal(q1(fx, "SELECT name FROM units WHERE id = 'U17'"), "逗号分隔");
	/* An odd byte at the end is not UTF-16: named, nothing written. */
	char odd[256];
	b = utf16le("编号,名称\nU18,坏\n", &n);
	memcpy(odd, b, n);
	odd[n] = 'x';
	expect_bad_path(fx, "units", write_bytes(fx, "odd.csv", odd, n + 1), "odd.csv:3: 不是有效的 UTF-16 文本");
}

/* ---- bad input: header ---- */

static void test_header_problems(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "units", BAD "units_header.csv", "units_header.csv:1: 编号: 列名重复(第1列已有)");
	assert_diag(fx, "units_header.csv:1: 颜色: 未知的列名");
	assert_diag(fx, "units_header.csv:1: 名称: 缺少必填列");
	/* nothing after a bad header is read */
	assert_no_diag(fx, ":2:");
}

static void test_missing_required_header(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "activities", "编号,单位,开始日期\nA5,SJ,2020-01-01\n", "/bad.csv:1: 标题: 缺少必填列");
}

static void test_id_header(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "people", BAD "people_id_header.csv", "people_id_header.csv:1: 身份证号: 不保存身份证号码");
	expect_bad(fx, "people", "编号,单位,类别,证件号码\n", "/bad.csv:1: 证件号码: 不保存身份证号码");
}

/* 编号,名称 / U9,测试单位 in GBK, as Excel on Chinese Windows saves "CSV (逗号分隔)". */
#define GBK_UNITS "\xb1\xe0\xba\xc5,\xc3\xfb\xb3\xc6\r\nU9,\xb2\xe2\xca\xd4\xb5\xa5\xce\xbb\r\n"

static void test_gbk_header(void **state)
{
	struct fx *fx = *state;
	/* Found out and read as GB18030, said once; the text is stored as UTF-8. */
	diag_restart(fx);
	assert_int_equal(import_csv(fx->db, "units", write_csv(fx, "gbk.csv", GBK_UNITS), NULL), 0);
	assert_string_equal(q1(fx, "SELECT name FROM units WHERE id = 'U9'"), "测试单位");
	assert_diag(fx, "gbk.csv: 注意:文件不是 UTF-8,已按 GB18030(GBK) 编码读取");
	/* Forced to UTF-8, the header is refused as before. */
	diag_restart(fx);
	char *before = snapshot(fx);
	assert_int_equal(import_csv_opts(fx->db, "units", write_csv(fx, "gbk2.csv", GBK_UNITS), &(struct import_opts){.encoding = TEXTENC_UTF8}, NULL), 2);
	assert_diag(fx, "gbk2.csv:1: 第1列: 列名不是有效的 UTF-8");
	char *after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* Forced to GB18030, a UTF-8 file is refused where the bytes are not GB18030. */
	diag_restart(fx);
	before = snapshot(fx);
	assert_int_equal(import_csv_opts(fx->db, "units", write_csv(fx, "u8.csv", "编号,名称\nU10,\x80\n"),
					 &(struct import_opts){.encoding = TEXTENC_GB18030}, NULL), 2);
	assert_diag(fx, "u8.csv:2: 不是有效的 GB18030(GBK) 文本");
	after = snapshot(fx);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Bytes that are neither UTF-8 nor GB18030: the line, and what to do in Excel. */
static void test_unknown_encoding(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "units", "\xb1\xe0\xba\xc5,\xc3\xfb\n\x81\x20,x\n",
		   "/bad.csv:2: 文件既不是 UTF-8 也不是 GBK(GB18030)编码");
	assert_diag(fx, "另存为 → CSV UTF-8(逗号分隔)");
}

/* ---- bad input: rows ---- */

static void test_bad_values_all_reported(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "activities", BAD "activities_values.csv",
			"activities_values.csv:3: 开始日期: 日期不存在:2020-02-30");
	assert_diag(fx, "activities_values.csv:4: 结束日期: 2020-01-01 早于开始日期 2020-02-01");
	assert_diag(fx, "activities_values.csv:5: 儿童人数: 不能为负数:-3");
	assert_diag(fx, "activities_values.csv:6: 单位: 找不到单位:NOPE");
	assert_diag(fx, "activities_values.csv:6: 儿童人数: 不是整数:x");
	/* the good row B001 was not written */
	assert_int_equal(qn(fx, "SELECT count(*) FROM activities WHERE id = 'B001'"), 0);
}

static void test_column_count(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "meetings", BAD "meetings_rows.csv", "meetings_rows.csv:5: 本行有 3 列,表头有 4 列");
	assert_diag(fx, "meetings_rows.csv:3: 编号: 与第 2 行重复");
	assert_diag(fx, "meetings_rows.csv:4: 会议类型: “茶话会”不是允许的值(可选:");
	assert_diag(fx, "关工委会议");
}

/* Duplicates among many rows: the set of ids grows many times and its keys share long
 * prefixes; each repeated id names the row it first appeared on, and no other row is blamed. */
static void test_duplicates_among_many(void **state)
{
	struct fx *fx = *state;
	size_t cap = 64 + 5002 * 48, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "编号,名称,类型\n");
	for (int i = 1; i <= 5000; i++)
		len += (size_t)snprintf(csv + len, cap - len, "UNIT-LONG-PREFIX-%05d,单位%d,科室\n", i, i);
	len += (size_t)snprintf(csv + len, cap - len, "UNIT-LONG-PREFIX-01234,又一个,科室\n");
	snprintf(csv + len, cap - len, "UNIT-LONG-PREFIX-04999,再一个,科室\n");
	expect_bad(fx, "units", csv, "/bad.csv:5002: 编号: 与第 1235 行重复");
	assert_diag(fx, "/bad.csv:5003: 编号: 与第 5000 行重复");
	size_t blamed = 0;
	for (const char *p = diags(fx); (p = strstr(p, "重复")) != NULL; p++)
		blamed++;
	assert_int_equal(blamed, 2);
	free(csv);
}

static void test_empty_required(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "activities", "编号,单位,标题,开始日期\nA5,SJ,  ,2020-01-01\n", "/bad.csv:2: 标题: 必填项为空");
	expect_bad(fx, "agenda", "会议编号,序号,议题类型,议题,涉及关心下一代工作,属业务工作\nM001,3,研究,x,是,\n",
		   "/bad.csv:2: 属业务工作: 必填项为空");
}

static void test_bad_date_shapes(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "meetings", "编号,单位,会议类型,日期\nM5,SJ,党组会,5月1日\n", "/bad.csv:2: 日期: 不是日期:5月1日");
	expect_bad(fx, "meetings", "编号,单位,会议类型,日期\nM5,SJ,党组会,2021年2月29日\n",
		   "/bad.csv:2: 日期: 日期不存在:2021年2月29日");
	expect_bad(fx, "documents", "编号,单位,类别,标题,日期,报送日期\nD5,SJ,计划,t,2020-05-02,2020-05-01\n",
		   "/bad.csv:2: 报送日期: 2020-05-01 早于日期 2020-05-02");
	expect_bad(fx, "waivers", "编号,单位,规则,开始日期,结束日期,理由,有效期至\nX5,SJ,r,2020-02-01,2020-01-31,因为,2020-12-31\n",
		   "/bad.csv:2: 结束日期: 2020-01-31 早于开始日期 2020-02-01");
}

static void test_numbers(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "unit_years", "单位,年度,退休人数\nSJ,1899,3\n", "/bad.csv:2: 年度: 超出范围 1900–2100:1899");
	expect_bad(fx, "unit_years", "单位,年度,退休人数\nSJ,2021,3.5\n", "/bad.csv:2: 退休人数: 不是整数:3.5");
	expect_bad(fx, "agenda", "会议编号,序号,议题类型,议题,涉及关心下一代工作,属业务工作\nM001,0,研究,x,是,否\n",
		   "/bad.csv:2: 序号: 超出范围");
}

static void test_money(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "funds", BAD "funds_amount.csv", "funds_amount.csv:2: 金额: 金额不能为负数:-5");
	assert_diag(fx, "funds_amount.csv:3: 金额: 金额格式不对:12.345");
	assert_diag(fx, "funds_amount.csv:4: 类型: “报销”不是允许的值(可选:拨付、支出、预算)");
	/* Thousands separators only in groups of three. */
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额\nF5,SJ,2020-01-01,支出,\"1,20\"\n", "/bad.csv:2: 金额: 金额格式不对:1,20");
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额\nF5,SJ,2020-01-01,支出,\"12,34,567\"\n", "/bad.csv:2: 金额: 金额格式不对");
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额\nF5,SJ,2020-01-01,支出,5000元元\n", "/bad.csv:2: 金额: 金额格式不对");
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额\nF5,SJ,2020-01-01,支出,\"1234,567\"\n", "/bad.csv:2: 金额: 金额格式不对");
}

/* Amounts, numbers, dates and ids as clerks type them. */
static void test_clerk_spellings(void **state)
{
	struct fx *fx = *state;
	diag_restart(fx);
	const char *path = write_csv(fx, "clerk.csv",
				     "编号,单位,日期,类型,金额\n"
				     "F11,SJ,2020-6-1,支出,\"5,000.00\"\n"
				     "F12,SJ,2020.6.2,支出,5000元\n"
				     "F13,SJ,20200603,支出,\"￥5,000\"\n"
				     "F14,SJ,2020年6月4日,支出,¥1,\n"
				     "F17,SJ,43988,支出,1\n"
				     "Ｆ１５,ＳＪ,２０２０－０６－０５,支出,１２３４．５\n"
				     "\xC2\xA0" "F16\xE3\x80\x80,SJ\t,\xE3\x80\x80" "2020-06-06 ,支出,\"1,234,567.89\"\n");
	int rc = import_csv(fx->db, "funds", path, NULL);
	if (rc != 0)
		fail_msg("rc %d:\n%s", rc, diags(fx));
	assert_string_equal(q1(fx, "SELECT group_concat(id || ' ' || date || ' ' || amount_fen, '; ') FROM "
				   "(SELECT * FROM funds WHERE id BETWEEN 'F11' AND 'F17' ORDER BY id)"),
			    "F11 2020-06-01 500000; F12 2020-06-02 500000; F13 2020-06-03 500000; "
			    "F14 2020-06-04 100; F15 2020-06-05 123450; F16 2020-06-06 123456789; F17 2020-06-06 100");
}

/* import_halfwidth() on strings allocated to their exact size (the sanitizer build sees any
 * read past the end), and the characters at the edges of the full-width block. */
static void test_halfwidth(void **state)
{
	(void)state;
	const char *in[] = {"x", "", "１", "ＡＢ－０１", "\xEF\xBC\x80", "\xEF\xBD\x9F", "～", "中文ｚ"};
	const char *out[] = {"x", "", "1", "AB-01", "\xEF\xBC\x80", "\xEF\xBD\x9F", "~", "中文z"};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char *s = strdup(in[i]);
		assert_non_null(s);
		import_halfwidth(s);
		assert_string_equal(s, out[i]);
		free(s);
	}
}

/* A character nobody can see, left inside a value after trimming, is shown and refused. */
static void test_invisible_characters(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "units", "编号,名称\nU\xE3\x80\x80" "01,甲\n", "/bad.csv:2: 编号: 含有看不见的字符 <U+3000>:“U<U+3000>01”");
	expect_bad(fx, "units", "编号,名称\nU02,甲\xE2\x80\x8B乙\n", "/bad.csv:2: 名称: 含有看不见的字符 <U+200B>:“甲<U+200B>乙”");
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额\nF9,SJ,2020-01-01,支出,5\xC2\xA0" "000\n", "/bad.csv:2: 金额: 含有看不见的字符 <U+00A0>");
	/* A full-width space inside free text is a space people see: kept. */
	diag_restart(fx);
	assert_int_equal(import_csv(fx->db, "units", write_csv(fx, "sp.csv", "编号,名称\nU03,市场\xE3\x80\x80监管\n"), NULL), 0);
	assert_string_equal(q1(fx, "SELECT name FROM units WHERE id = 'U03'"), "市场\xE3\x80\x80监管");
	/* A full-width ID number in free text is still an ID number. */
	expect_bad(fx, "units", "编号,名称\nU04,５１０９０２１９８００１０１１２３４\n", "/bad.csv:2: 名称: 疑似身份证号码");
}

/* Excel's empty columns at the end of the header, and old Mac line ends (CR alone). */
static void test_trailing_columns_and_cr_lines(void **state)
{
	struct fx *fx = *state;
	diag_restart(fx);
	assert_int_equal(import_csv(fx->db, "units", write_csv(fx, "t.csv", "编号,名称,,\nU05,乙,,\nU06,丙\n"), NULL), 0);
	assert_string_equal(q1(fx, "SELECT group_concat(name) FROM units WHERE id IN ('U05', 'U06')"), "乙,丙");
	expect_bad(fx, "units", "编号,名称,类型\nU07,丁\n", "/bad.csv:2: 本行有 2 列,表头有 3 列");
	expect_bad(fx, "units", "编号,名称,,\nU07,丁,x,\n", "/bad.csv:2: 本行有 4 列,表头有 2 列");
	expect_bad(fx, "units", "编号,名称\rU08,戊\rU09,2020-13-01\r,\rU10,\r", "/bad.csv:5: 名称: 必填项为空");
}

static void test_unknown_references(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "participants", "活动编号,人员编号\nA001,P999\n", "/bad.csv:2: 人员编号: 找不到人员:P999");
	expect_bad(fx, "participants", "活动编号,人员编号\nA999,P001\n", "/bad.csv:2: 活动编号: 找不到活动:A999");
	expect_bad(fx, "agenda", "会议编号,序号,议题类型,议题,涉及关心下一代工作,属业务工作\nM999,1,研究,x,是,否\n",
		   "/bad.csv:2: 会议编号: 找不到会议:M999");
	expect_bad(fx, "funds", "编号,单位,日期,类型,金额,活动编号\nF5,SJ,2020-01-01,支出,1,A999\n",
		   "/bad.csv:2: 活动编号: 找不到活动:A999");
	expect_bad(fx, "units", "编号,名称,上级单位\nU1,一,SJ\nU2,二,U3\nU3,三,U1\n", "/bad.csv:3: 上级单位: 找不到单位:U3");
	assert_no_diag(fx, "bad.csv:2");
	assert_no_diag(fx, "bad.csv:4");
}

static void test_reference_earlier_in_file(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	const char *p = write_csv(fx, "u.csv", "编号,名称,上级单位\nU1,一,SJ\nU2,二,U1\n");
	assert_int_equal(import_csv(fx->db, "units", p, &st), 0);
	assert_int_equal(st.inserted, 2);
	/* the earlier row is bad, the later one refers to it: only the first is reported */
	expect_bad(fx, "people", "编号,单位,类别,出生年份,监护人编号\nQ1,SJ,在职,12,\nQ2,SJ,职工子女,2015,Q1\n",
		   "/bad.csv:2: 出生年份: 超出范围");
	assert_no_diag(fx, "bad.csv:3");
	p = write_csv(fx, "q.csv", "编号,单位,类别,监护人编号\nQ1,SJ,在职,\nQ2,SJ,职工子女,Q1\n");
	assert_int_equal(import_csv(fx->db, "people", p, &st), 0);
	assert_string_equal(q1(fx, "SELECT guardian_id FROM people WHERE id = 'Q2'"), "Q1");
}

static void test_vocab(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "activities", "编号,单位,标题,开始日期,类别\nA5,SJ,t,2020-01-01,春节、野餐\n",
		   "/bad.csv:2: 类别: “野餐”不是允许的值(可选:");
	assert_diag(fx, "六一");
	expect_bad(fx, "documents", "编号,单位,类别,子类,标题,日期\nD5,SJ,制度,其他类,t,2020-05-01\n",
		   "/bad.csv:2: 子类: “其他类”不是允许的值");
	expect_bad(fx, "people", "编号,单位,类别\nQ5,SJ,临时工\n", "/bad.csv:2: 类别: “临时工”不是允许的值");
	/* the allowed values are data: add one and the same row passes */
	assert_int_equal(sqlite3_exec(fx->db, "INSERT INTO vocab VALUES ('person_category', '临时工')", NULL, NULL, NULL),
			 SQLITE_OK);
	/* (and a last line without a newline still counts) */
	assert_int_equal(import_csv(fx->db, "people", write_csv(fx, "ok.csv", "编号,单位,类别\nQ5,SJ,临时工"), NULL), 0);
	assert_string_equal(q1(fx, "SELECT category FROM people WHERE id = 'Q5'"), "临时工");
}

static void test_bad_flag(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "people", "编号,单位,类别,留守\nQ5,SJ,在职,也许\n", "/bad.csv:2: 留守: 应为 是 或 否:也许");
}

static void test_invalid_utf8(void **state)
{
	struct fx *fx = *state;
	/* UTF-8 header, a GBK cell: that cell is named, as GBK. */
	expect_bad_path(fx, "posts", BAD "posts_gbk.csv", "posts_gbk.csv:2: 标题: 不是有效的 UTF-8 文本:这一格是 GBK 编码");
	expect_bad(fx, "units", "编号,名称\nU1,a\xed\xa0\x80z\n", "/bad.csv:2: 名称: 不是有效的 UTF-8 文本");
}

static void test_id_number_values(void **state)
{
	struct fx *fx = *state;
	expect_bad_path(fx, "people", BAD "people_idcard.csv", "people_idcard.csv:3: 备注: 疑似身份证号码");
	expect_bad(fx, "people", "编号,单位,类别\n510902198001011234,SJ,在职\n", "/bad.csv:2: 编号: 疑似身份证号码");
	/* 11-digit phone numbers and 19-digit runs are not ID numbers */
	const char *p = write_csv(fx, "ok.csv", "编号,单位,类别,备注\nQ6,SJ,在职,电话 13800001111 卡 1234567890123456789\n");
	assert_int_equal(import_csv(fx->db, "people", p, NULL), 0);
	/* and nothing that looks like one was stored anywhere */
	char *all = snapshot(fx);
	assert_null(strstr(all, "51090219800101123"));
	free(all);
}

static void test_failed_update_leaves_old_values(void **state)
{
	struct fx *fx = *state;
	expect_bad(fx, "activities",
		   "编号,单位,标题,开始日期,类别\n"
		   "A001,SJ,改过的标题,2020-01-20,国庆\n"
		   "A002,SJ,另一个,2020-06-31,六一\n",
		   "/bad.csv:3: 开始日期: 日期不存在:2020-06-31");
	assert_string_equal(q1(fx, "SELECT title FROM activities WHERE id = 'A001'"), "春节慰问困境儿童");
	assert_int_equal(qn(fx, "SELECT count(*) FROM activity_tags WHERE activity_id = 'A001'"), 3);
}

/* A file whose last row is bad leaves the connection out of any transaction and the database
 * free: a second connection sees none of the file's rows and can write at once. */
static void test_failure_ends_transaction(void **state)
{
	struct fx *fx = *state;
	long before = records(fx);
	diag_restart(fx);
	const char *path = write_csv(fx, "last.csv",
				     "编号,单位,标题,开始日期,类别\n"
				     "N001,SJ,新活动一,2020-03-01,慰问\n"
				     "N002,SJ,新活动二,2020-03-02,慰问\n"
				     "N003,SJ,新活动三,2020-02-30,慰问\n");
	assert_int_equal(import_csv(fx->db, "activities", path, NULL), 2);
	assert_int_not_equal(sqlite3_get_autocommit(fx->db), 0);
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open_v2(fx->dbpath, &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*) FROM activities WHERE id LIKE 'N00%'", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(records(fx), before);
}

static void test_diag_cap(void **state)
{
	struct fx *fx = *state;
	size_t len = 0;
	char *csv = NULL;
	FILE *f = open_memstream(&csv, &len);
	fputs("编号,名称,上级单位\n", f);
	for (int i = 0; i < 150; i++)
		fprintf(f, "U%d,单位%d,NOPE\n", i, i);
	fclose(f);
	struct import_stats st;
	diag_restart(fx);
	int rc = import_csv(fx->db, "units", write_csv(fx, "many.csv", csv), &st);
	free(csv);
	assert_int_equal(rc, 2);
	assert_int_equal(st.rows, 150);
	assert_int_equal(st.errors, 150);
	const char *d = diags(fx);
	int lines = 0;
	for (const char *p = d; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 101);
	assert_diag(fx, "many.csv:101: 上级单位: 找不到单位:NOPE");
	assert_no_diag(fx, "many.csv:102:");
	assert_diag(fx, "另有 50 个问题未列出");
	assert_int_equal(qn(fx, "SELECT count(*) FROM units"), 4);
}

static void test_english(void **state)
{
	struct fx *fx = *state;
	lang_set(LANG_EN);
	expect_bad(fx, "meetings", "编号,单位,会议类型,日期\nM5,SJ,党组会,2020-02-30\nM6,XX,党组会,2020-02-01\n",
		   "/bad.csv:2: 日期: no such date: 2020-02-30");
	assert_diag(fx, "/bad.csv:3: 单位: no such unit: XX (import it first)");
	expect_bad(fx, "nonsense", "x\n", "unknown record kind: nonsense");
}

static void test_database_failure(void **state)
{
	struct fx *fx = *state;
	struct import_stats st;
	sqlite3 *raw, *ro;
	char path[160];
	/* a database without the schema: the statements cannot be prepared */
	snprintf(path, sizeof path, "%s/raw.db", fx->dir);
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(import_csv(raw, "units", GOOD "units.csv", &st), -1);
	/* named on the database, not on a line of the CSV file */
	assert_diag(fx, "/raw.db: 数据库错误: no such table: units");
	assert_no_diag(fx, "units.csv:1:");
	assert_int_equal(st.inserted, 0);
	assert_int_equal(sqlite3_get_autocommit(raw), 1); /* the transaction was ended */
	sqlite3_close(raw);
	/* a read-only connection: nothing can be written */
	assert_int_equal(sqlite3_open_v2(fx->dbpath, &ro, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	diag_restart(fx);
	assert_int_equal(import_csv(ro, "units", GOOD "units.csv", &st), -1);
	assert_diag(fx, "数据库文件是只读的,不能写入");
	assert_int_equal(sqlite3_get_autocommit(ro), 1);
	sqlite3_close(ro);
	/* a caller's open transaction is refused and left alone */
	assert_int_equal(sqlite3_exec(fx->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(import_csv(fx->db, "units", GOOD "units.csv", &st), -1);
	assert_int_equal(sqlite3_get_autocommit(fx->db), 0);
	assert_int_equal(sqlite3_exec(fx->db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(qn(fx, "SELECT count(*) FROM units"), 0);
}

#define T(f)  cmocka_unit_test_setup_teardown(f, setup_empty, teardown)
#define TL(f) cmocka_unit_test_setup_teardown(f, setup_loaded, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_order),
		T(test_units_bom_crlf),
		TL(test_activities_values),
		TL(test_people_values),
		TL(test_other_kinds_values),
		TL(test_reimport_updates),
		TL(test_blank_lines_and_line_numbers),
		T(test_header_only),
		TL(test_flags_and_money),
		T(test_describe),
		TL(test_unknown_kind),
		TL(test_missing_file),
		TL(test_empty_file),
		TL(test_unterminated_quote),
		TL(test_stray_quote),
		TL(test_utf16),
		TL(test_header_problems),
		TL(test_missing_required_header),
		TL(test_id_header),
		TL(test_gbk_header),
		TL(test_unknown_encoding),
		TL(test_bad_values_all_reported),
		TL(test_column_count),
		TL(test_duplicates_among_many),
		TL(test_empty_required),
		TL(test_bad_date_shapes),
		TL(test_numbers),
		TL(test_money),
		TL(test_clerk_spellings),
		TL(test_invisible_characters),
		cmocka_unit_test(test_halfwidth),
		TL(test_trailing_columns_and_cr_lines),
		TL(test_unknown_references),
		TL(test_reference_earlier_in_file),
		TL(test_vocab),
		TL(test_bad_flag),
		TL(test_invalid_utf8),
		TL(test_id_number_values),
		TL(test_failed_update_leaves_old_values),
		TL(test_failure_ends_transaction),
		TL(test_diag_cap),
		TL(test_english),
		T(test_database_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
