/* template.c — writes the blank record templates (see template.h) with libxlsxwriter, or as CSV.
 * Everything about a column (header, required, type, meaning, example, range, vocabulary) comes
 * from import_kinds.c, so the template cannot drift from what `yaodian import` reads. */
#include "template.h"

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "date.h"
#include "diag.h"
#include "import_kinds.h"
#include "lang.h"
#include "outfile.h"
#include "csvout.h"
#include "xlsxout.h"
#include "paths.h"
#include "store.h"
#include "textwidth.h"
#include "vec.h"

#define LAST_ROW  999  /* validations cover rows 2..1000 (0-based 1..999) */
#define LIST_MAX  255  /* Excel's limit on an inline drop-down list, in characters */

/* One workbook being written. */
struct book {
	struct xlsxout x;             /* the workbook, written atomically */
	sqlite3 *db;                  /* the vocab table's source */
	lxw_format *hdr_req, *hdr_opt; /* header cells of required and optional columns */
	lxw_format *text, *date, *num, *money, *bold, *title;
	lxw_worksheet *lists;         /* hidden sheet of lists too long to be inline, made when needed */
	lxw_col_t nlists;             /* its columns used */
};

static char *const flag_values[] = {"是", "否", NULL};

/* Keeps the first libxlsxwriter error. Returns 0 for LXW_NO_ERROR, else -1. */
static int lxw_ok(struct book *b, lxw_error e) { return xlsxout_ok(&b->x, e); }

/* ---- the vocabulary ---- */

int template_vocab_db(const char *path, sqlite3 **db)
{
	if (path)
		return store_open(path, STORE_READONLY, db);
	const char *what = tr("内置词表", "built-in vocabulary");
	if (sqlite3_open_v2(":memory:", db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		diag(what, 0, NULL, "%s", *db ? sqlite3_errmsg(*db) : tr("内存不足", "out of memory"));
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	if (store_migrate(*db, what, paths_data("schemas")) < 0) {
		sqlite3_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The allowed values of vocab field `field`, sorted, as a NULL-terminated array of malloc'd
 * strings in *out that the caller frees with strv_free(). Returns how many, or -1 after a
 * diagnostic. */
static int vocab_values(sqlite3 *db, const char *field, char ***out)
{
	sqlite3_stmt *st = NULL;
	char **v = NULL;
	size_t n = 0, cap = 0;
	int rc = sqlite3_prepare_v2(db, "SELECT value FROM vocab WHERE field = ?1 ORDER BY value", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, field, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		if (vec_reserve(&v, &cap, n + 2, sizeof *v) < 0 || !(v[n] = strdup(s ? s : ""))) {
			rc = SQLITE_NOMEM;
			break;
		}
		v[++n] = NULL;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		const char *file = sqlite3_db_filename(db, "main");
		diag(file && *file ? file : "vocab", 0, field, "%s: %s", tr("无法读取词表", "cannot read the vocabulary"),
		     rc == SQLITE_NOMEM ? tr("内存不足", "out of memory") : sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		strv_free(v);
		return -1;
	}
	*out = v;
	return (int)n;
}

/* ---- data validation ---- */

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Writes values as an inline list formula "a,b,c" into f, when Excel takes it: at most LIST_MAX
 * characters and no value holding a comma or a quote. Returns whether it did. */
static bool inline_list(char *const *values, char *f, size_t size)
{
	size_t chars = 0, len = 1;
	for (size_t i = 0; values[i]; i++) {
		if (strpbrk(values[i], ",\""))
			return false;
		chars += utf8_chars(values[i]) + (i > 0);
		len += strlen(values[i]) + 1;
	}
	if (chars > LIST_MAX || len + 2 > size)
		return false;
	size_t o = 0;
	f[o++] = '"';
	for (size_t i = 0; values[i]; i++)
		o += (size_t)snprintf(f + o, size - o, "%s%s", i ? "," : "", values[i]);
	snprintf(f + o, size - o, "\"");
	return true;
}

/* Writes values down a new column of the hidden lists sheet (its name in row 1) and the range
 * formula that names them into f. Returns 0, or -1 (error kept in b). */
static int lists_range(struct book *b, const struct import_col *col, char *const *values, char *f, size_t size)
{
	const char *sheet = tr("词表", "lists");
	if (!b->lists) {
		if (!(b->lists = workbook_add_worksheet(b->x.wb, sheet)))
			return lxw_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		worksheet_hide(b->lists);
	}
	lxw_col_t c = b->nlists++;
	lxw_row_t n = 0;
	if (lxw_ok(b, worksheet_write_string(b->lists, 0, c, col->vocab ? col->vocab : col->header, b->bold)) < 0)
		return -1;
	for (; values[n]; n++)
		if (lxw_ok(b, worksheet_write_string(b->lists, n + 1, c, values[n], b->text)) < 0)
			return -1;
	char name[LXW_MAX_CELL_NAME_LENGTH];
	lxw_col_to_name(name, c, LXW_FALSE);
	snprintf(f, size, "'%s'!$%s$2:$%s$%u", sheet, name, name, (unsigned)n + 1);
	return 0;
}

static int validate_rows(struct book *b, lxw_worksheet *ws, lxw_col_t c, lxw_data_validation *dv)
{
	return lxw_ok(b, worksheet_data_validation_range(ws, 1, c, LAST_ROW, c, dv));
}

/* Adds dv to column c as a list whose formula1 is f (an inline "a,b" list or a range).
 * libxlsxwriter 1.1.4 cannot be given either directly: LXW_VALIDATION_TYPE_LIST copies the
 * values into a buffer of 258 bytes after checking their length in characters (a list of CJK
 * words overflows it), and LXW_VALIDATION_TYPE_LIST_FORMULA copies the formula twice and leaks
 * one copy. So the validation is added as a one-value list and its formula then replaced in the
 * copy the worksheet keeps (lxw_data_val_obj, public in worksheet.h), which the library frees. */
static int list_formula(struct book *b, lxw_worksheet *ws, lxw_col_t c, lxw_data_validation *dv, const char *f)
{
	static char one[] = "-";
	char *placeholder[] = {one, NULL};
	dv->validate = LXW_VALIDATION_TYPE_LIST;
	dv->value_list = placeholder;
	if (validate_rows(b, ws, c, dv) < 0)
		return -1;
	lxw_data_val_obj *v, *last = NULL;
	STAILQ_FOREACH(v, ws->data_validations, list_pointers)
		last = v;
	char *copy = strdup(f);
	if (!last || !copy) {
		free(copy);
		return lxw_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	}
	free(last->value_formula);
	last->value_formula = copy;
	return 0;
}

/* A drop-down list of values on column c. A list of tags takes several values, and a column
 * checked only when another holds a value (子类 of a 制度) takes free text otherwise: for those
 * a value not in the list is only pointed out, not refused. */
static int list_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col,
			   char *const *values)
{
	char f[LIST_MAX * 4 + 16];
	if (!inline_list(values, f, sizeof f) && lists_range(b, col, values, f, sizeof f) < 0)
		return -1;
	lxw_data_validation dv = {.error_title = (char *)tr("不在列表中", "Not in the list"),
				  .error_message = (char *)tr("请从下拉列表中选择。", "Pick a value from the drop-down list.")};
	if (col->type == IMPORT_TAGS) {
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
		dv.input_title = (char *)tr("可填多个", "Several allowed");
		dv.input_message = (char *)tr("从列表中选一个,或填多个,用 ; 分隔,如 六一;慰问",
					      "Pick one, or write several separated by ;, e.g. 六一;慰问");
		dv.error_message = (char *)tr("多个类别用 ; 分隔,每个都须是列表中的值。",
					      "Separate several values by ;, each one from the list.");
	} else if (col->when_col) {
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	}
	return list_formula(b, ws, c, &dv, f);
}

static int vocab_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	char **values = NULL;
	int n = vocab_values(b->db, col->vocab, &values);
	int rc = n > 0 ? list_validation(b, ws, c, col, values) : n;
	strv_free(values);
	return rc;
}

static int date_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c)
{
	lxw_data_validation dv = {
		.validate = LXW_VALIDATION_TYPE_DATE, .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
		.minimum_datetime = {1900, 1, 1, 0, 0, 0}, .maximum_datetime = {2100, 12, 31, 0, 0, 0},
		.input_title = (char *)tr("日期", "Date"),
		.input_message = (char *)tr("填日期,如 2020-05-29 或 2020/5/29", "A date, e.g. 2020-05-29"),
		.error_title = (char *)tr("不是日期", "Not a date"),
		.error_message = (char *)tr("请填 1900-01-01 至 2100-12-31 之间的日期,如 2020-05-29。",
					    "Enter a date between 1900-01-01 and 2100-12-31, e.g. 2020-05-29."),
	};
	return validate_rows(b, ws, c, &dv);
}

static int int_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	char msg[128];
	snprintf(msg, sizeof msg, tr("请填 %ld 到 %ld 之间的整数。", "Enter a whole number from %ld to %ld."), col->min, col->max);
	lxw_data_validation dv = {
		.validate = LXW_VALIDATION_TYPE_INTEGER, .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
		.minimum_number = (double)col->min, .maximum_number = (double)col->max,
		.error_title = (char *)tr("不是整数", "Not a whole number"), .error_message = msg,
	};
	return validate_rows(b, ws, c, &dv);
}

static int money_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c)
{
	lxw_data_validation dv = {
		.validate = LXW_VALIDATION_TYPE_DECIMAL, .criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
		.value_number = 0, .error_title = (char *)tr("金额无效", "Not an amount"),
		.error_message = (char *)tr("请填不小于 0 的金额(元,最多两位小数)。",
					    "Enter an amount in yuan of at least 0, with at most two decimals."),
	};
	return validate_rows(b, ws, c, &dv);
}

static int add_validation(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	switch (col->type) {
	case IMPORT_VOCAB:
	case IMPORT_TAGS: return vocab_validation(b, ws, c, col);
	case IMPORT_FLAG: return list_validation(b, ws, c, col, flag_values);
	case IMPORT_DATE: return date_validation(b, ws, c);
	case IMPORT_INT: return int_validation(b, ws, c, col);
	case IMPORT_MONEY: return money_validation(b, ws, c);
	default: return 0;
	}
}

/* ---- the sheets ---- */

static void make_formats(struct book *b)
{
	b->hdr_req = workbook_add_format(b->x.wb);
	format_set_bold(b->hdr_req);
	format_set_font_color(b->hdr_req, 0x9C0006);
	format_set_bg_color(b->hdr_req, 0xFCE4D6);
	format_set_border(b->hdr_req, LXW_BORDER_THIN);
	b->hdr_opt = workbook_add_format(b->x.wb);
	format_set_bold(b->hdr_opt);
	format_set_bg_color(b->hdr_opt, 0xEDEDED);
	format_set_border(b->hdr_opt, LXW_BORDER_THIN);
	b->text = workbook_add_format(b->x.wb);
	format_set_num_format(b->text, "@");   /* ids such as 2020-01 stay text, not dates */
	b->date = workbook_add_format(b->x.wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->num = workbook_add_format(b->x.wb);
	format_set_num_format(b->num, "0");
	b->money = workbook_add_format(b->x.wb);
	format_set_num_format(b->money, "0.00");
	b->bold = workbook_add_format(b->x.wb);
	format_set_bold(b->bold);
	b->title = workbook_add_format(b->x.wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
}

/* The format of a column's cells: what a clerk types there is kept as the importer reads it. */
static lxw_format *cell_format(const struct book *b, const struct import_col *col)
{
	switch (col->type) {
	case IMPORT_DATE: return b->date;
	case IMPORT_INT: return b->num;
	case IMPORT_MONEY: return b->money;
	default: return b->text;
	}
}

/* Row 1: the header the importer matches, marked required or optional, with a comment saying
 * what the column holds. */
static int write_header(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	static char author[] = "yaodian";
	bool req = col->flags & IMPORT_REQUIRED;
	char note[512];
	snprintf(note, sizeof note, "%s%s", req ? tr("必填:", "Required: ") : tr("选填:", "Optional: "), tr(col->zh, col->en));
	lxw_comment_options co = {.author = author, .width = 280, .height = 90};
	if (lxw_ok(b, worksheet_write_string(ws, 0, c, col->header, req ? b->hdr_req : b->hdr_opt)) < 0)
		return -1;
	return lxw_ok(b, worksheet_write_comment_opt(ws, 0, c, note, &co));
}

/* Row 2: the example as the cell type a clerk would enter (dates as dates, numbers as numbers). */
static int write_example(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	const char *ex = col->example;
	date_t d;
	int y, m, day;
	if (!ex || !*ex)
		return 0;
	switch (col->type) {
	case IMPORT_DATE: {
		int ok = date_parse(ex, &d);
		assert(ok == 0);
		(void)ok;
		date_to_ymd(d, &y, &m, &day);
		lxw_datetime dt = {y, m, day, 0, 0, 0};
		return lxw_ok(b, worksheet_write_datetime(ws, 1, c, &dt, b->date));
	}
	case IMPORT_INT:
	case IMPORT_MONEY:
		return lxw_ok(b, worksheet_write_number(ws, 1, c, strtod(ex, NULL), cell_format(b, col)));
	default:
		return lxw_ok(b, worksheet_write_string(ws, 1, c, ex, b->text));
	}
}

/* A width that shows the header and the example whole (CJK characters take two columns), with
 * room for the bold face and the drop-down arrow. */
static int set_width(struct book *b, lxw_worksheet *ws, lxw_col_t c, const struct import_col *col)
{
	size_t w = textwidth(col->header), e = textwidth(col->example);
	if (e > w)
		w = e;
	return lxw_ok(b, worksheet_set_column(ws, c, c, (double)(w < 6 ? 6 : w) + 4, cell_format(b, col)));
}

static int write_kind(struct book *b, lxw_worksheet *ws, const struct import_kind *k)
{
	for (size_t j = 0; j < k->ncols; j++) {
		const struct import_col *col = &k->cols[j];
		lxw_col_t c = (lxw_col_t)j;
		if (write_header(b, ws, c, col) < 0 || write_example(b, ws, c, col) < 0 || set_width(b, ws, c, col) < 0 ||
		    add_validation(b, ws, c, col) < 0)
			return -1;
	}
	worksheet_freeze_panes(ws, 1, 0);
	return 0;
}

static const struct {
	const char *zh, *en;
} notes[] = {
	{"1. 每种记录一个工作表,以记录种类命名(单位、活动……),请不要改名。",
	 "1. One sheet per kind of record, named after it (单位, 活动 ...): do not rename the sheets."},
	{"2. 第 1 行是列名,请不要修改或删除。深红色的列必填;鼠标停在列名上可看该列的说明。",
	 "2. Row 1 holds the column names the importer reads: keep it as it is. Dark red columns are required; "
	 "hover over a column name to see what it holds."},
	{"3. 第 2 行是示例(各表的示例互相引用),请改写成自己的记录,或删除这一行。",
	 "3. Row 2 is an example (the examples of the sheets refer to each other): overwrite it with a record "
	 "of yours, or delete the row."},
	{"4. 日期填成日期(如 2020-05-29),人数、金额填数字;类别、是/否等从下拉列表中选择。",
	 "4. Dates as dates (e.g. 2020-05-29), counts and amounts as numbers; pick kinds, 是/否 and the like "
	 "from the drop-down lists."},
	{"5. 编号由本单位自定,不要用身份证号;“单位”“人员编号”“活动编号”等列填前面已有记录的编号。",
	 "5. Ids are the office's own (never ID card numbers); columns such as 单位, 人员编号 and 活动编号 take "
	 "the id of a record entered before."},
	{NULL, NULL}, /* 6.: the import command, with the file's name */
	{"7. 有问题时导入会指出位置,如 活动!D12: 开始日期: …,改正后再导入。整个工作簿一次导入,有一处错误就什么也不导入。",
	 "7. The import names every problem by place, e.g. 活动!D12: 开始日期: …; fix it and import again. "
	 "A workbook imports whole or not at all."},
	{"本工作表不会被导入。", "This sheet is not imported."},
};

/* The instructions sheet: the steps, then the sheets and what each holds. */
static int write_notes(struct book *b, lxw_worksheet *ws, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char import_line[512];
	snprintf(import_line, sizeof import_line, tr("6. 填好后保存(.xlsx),然后导入:yaodian import --db 记录.db %s",
						     "6. Save it (.xlsx), then import it: yaodian import --db records.db %s"), name);
	lxw_row_t r = 0;
	int rc = lxw_ok(b, worksheet_set_column(ws, 0, 0, 14, NULL));
	rc |= lxw_ok(b, worksheet_set_column(ws, 1, 1, 60, NULL));
	rc |= lxw_ok(b, worksheet_write_string(ws, r, 0, tr("yaodian 记录模板:填表说明", "yaodian record template: instructions"), b->title));
	r += 2;
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
		rc |= lxw_ok(b, worksheet_write_string(ws, r++, 0, notes[i].zh ? tr(notes[i].zh, notes[i].en) : import_line, NULL));
	r++;
	rc |= lxw_ok(b, worksheet_write_string(ws, r, 0, tr("工作表", "sheet"), b->bold));
	rc |= lxw_ok(b, worksheet_write_string(ws, r++, 1, tr("内容", "holds"), b->bold));
	for (size_t i = 0; i < import_kind_count; i++) {
		rc |= lxw_ok(b, worksheet_write_string(ws, r, 0, import_kind_table[i].alias, NULL));
		rc |= lxw_ok(b, worksheet_write_string(ws, r++, 1, tr(import_kind_table[i].zh, import_kind_table[i].en), NULL));
	}
	return rc ? -1 : 0;
}

/* Adds every sheet first (so that a lists sheet made later comes last), then fills them. */
static int fill_book(struct book *b, const char *path)
{
	lxw_worksheet *notes_ws = workbook_add_worksheet(b->x.wb, tr("填表说明", "Instructions"));
	lxw_worksheet *ws[IMPORT_NKINDS];
	if (!notes_ws)
		return lxw_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	for (size_t i = 0; i < import_kind_count; i++)
		if (!(ws[i] = workbook_add_worksheet(b->x.wb, import_kind_table[i].alias)))
			return lxw_ok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	make_formats(b);
	if (write_notes(b, notes_ws, path) < 0)
		return -1;
	for (size_t i = 0; i < import_kind_count; i++)
		if (write_kind(b, ws[i], &import_kind_table[i]) < 0)
			return -1;
	return 0;
}

int template_write_xlsx(sqlite3 *db, const char *path)
{
	struct book b = {.db = db};
	if (xlsxout_open(&b.x, path) < 0)
		return -1;
	return xlsxout_close(&b.x, fill_book(&b, path));
}

/* ---- CSV ---- */

/* Writes the CSV file of kind k into dir under a temporary name, finished but not renamed:
 * outfile_commit() or outfile_abort() follows. Returns 0, or -1 after a diagnostic. */
static int csv_stage(const char *dir, const struct import_kind *k, struct outfile *o)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.csv", dir, k->alias);
	if (outfile_open(o, path) < 0)
		return -1;
	csvout_bom(o->fp);   /* Excel then reads the file as UTF-8 */
	for (size_t j = 0; j < k->ncols; j++)
		csvout_field(o->fp, j, k->cols[j].header, false);
	csvout_row_end(o->fp);
	for (size_t j = 0; j < k->ncols; j++)
		csvout_field(o->fp, j, k->cols[j].example, true);
	csvout_row_end(o->fp);
	return outfile_finish(o, !ferror(o->fp));
}

/* Makes dir when it is missing; *made says whether it did. Returns 0, or -1 after a diagnostic. */
static int make_dir(const char *dir, bool *made)
{
	struct stat st;
	*made = false;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(dir, 0755) == 0) {
		*made = true;
		return 0;
	}
	diag(dir, 0, NULL, "%s: %s", tr("无法创建输出目录", "cannot create the output directory"), strerror(errno));
	return -1;
}

int template_write_csv(const char *dir)
{
	struct outfile files[IMPORT_NKINDS];
	size_t n = 0;
	bool made;
	int rc = make_dir(dir, &made);
	for (size_t i = 0; rc == 0 && i < import_kind_count; i++) {
		rc = csv_stage(dir, &import_kind_table[i], &files[n]);
		n += rc == 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && outfile_commit(&files[i]) < 0)
			rc = -1;
		else if (rc != 0)
			outfile_abort(&files[i]);
	}
	if (rc != 0 && made)
		rmdir(dir);
	return rc;
}
