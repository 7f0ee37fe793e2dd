/* import.c — the importer's row loop: one generic loop checks each row a source hands over
 * (a CSV file, import_csv.c; a workbook sheet, import_xlsx.c) against the kind's column table
 * (import_kinds.c), reports every problem through diag(), and upserts the good rows inside the
 * caller's transaction, which is committed only if every file or sheet was clean. */
#include "import_ctx.h"
#include "csvout.h"
#include "import_prune.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "date.h"
#include "diag.h"
#include "import_kinds.h"
#include "import_values.h"
#include "lang.h"
#include "store.h"
#include "textenc.h"
#include "vec.h"
#include "xlsx.h"

/* ---- the set of keys seen in this file ---- */

static uint64_t seen_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key (hash h) in t: where it is, or the empty one where it would go. Compares
 * the kept hashes first, so a probe past another key rarely reads that key. */
static size_t seen_slot(const struct import_seen *t, const char *key, uint64_t h)
{
	size_t i = (size_t)(h ^ h >> 32) & (t->cap - 1);
	while (t->slot[i].key && (t->slot[i].hash != h || strcmp(t->slot[i].key, key) != 0))
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* The line key was first seen on, or 0. */
static long seen_find(const struct import_seen *t, const char *key)
{
	if (t->cap == 0)
		return 0;
	size_t i = seen_slot(t, key, seen_hash(key));
	return t->slot[i].key ? t->slot[i].line : 0;
}

static int seen_grow(struct import_seen *t)
{
	struct import_seen bigger = {.cap = t->cap ? t->cap * 2 : 64};
	bigger.slot = calloc(bigger.cap, sizeof bigger.slot[0]);
	if (!bigger.slot)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		if (t->slot[i].key)
			bigger.slot[seen_slot(&bigger, t->slot[i].key, t->slot[i].hash)] = t->slot[i];
	}
	bigger.n = t->n;
	free(t->slot);
	*t = bigger;
	return 0;
}

/* Adds a copy of key (not yet in the set). Returns 0, or -1 when out of memory. */
static int seen_add(struct import_seen *t, const char *key, long line)
{
	if ((t->n + 1) * 2 > t->cap && seen_grow(t) < 0)
		return -1;
	char *copy = strdup(key);
	if (!copy)
		return -1;
	uint64_t h = seen_hash(key);
	size_t i = seen_slot(t, key, h);
	t->slot[i].key = copy;
	t->slot[i].line = line;
	t->slot[i].hash = h;
	t->n++;
	return 0;
}

static void seen_free(struct import_seen *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slot[i].key);
	free(t->slot);
	t->slot = NULL;
	t->cap = t->n = 0;
}

/* ---- reporting ---- */

static int col_index(const struct import_kind *k, const char *header);

/* Where a problem in a workbook is: "book.xlsx:活动!C12" for a cell (the column under field,
 * or the header cell being read), "book.xlsx:活动!12" for a row, "book.xlsx:活动" for the sheet. */
static void sheet_place(const struct import_ctx *c, long line, const char *field, char *out, size_t size)
{
	int col = c->cur_col;
	int j = field ? col_index(c->k, field) : -1;
	if (j >= 0 && c->pos[j] >= 0)
		col = c->pos[j];
	char letters[8] = "";
	if (col >= 0)
		xlsx_colname((size_t)col, letters);
	if (line > 0)
		snprintf(out, size, "%s:%s!%s%ld", c->path, c->sheet, letters, line);
	else
		snprintf(out, size, "%s:%s", c->path, c->sheet);
}

/* Reports one problem with the file as path:line: field: message (for a workbook, as
 * book.xlsx:sheet!C12: field: message). Prints the first
 * IMPORT_MAX_DIAGS and counts the rest; marks the current row bad. */
static void report(struct import_ctx *c, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct import_ctx *c, long line, const char *field, const char *fmt, ...)
{
	c->nerr++;
	c->row_bad = 1;
	if (c->nerr > IMPORT_MAX_DIAGS)
		return;
	char msg[IMPORT_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char fb[IMPORT_CLIP + 8];
	if (field)
		field = import_clip(field, fb);   /* a 10 MB header cell is no column name to print whole */
	if (!c->sheet) {
		diag(c->path, line, field, "%s", msg);
		return;
	}
	char where[IMPORT_MSG_MAX];
	sheet_place(c, line, field, where, sizeof where);
	diag(where, 0, field, "%s", msg);
}

/* A problem with the file as a whole (encoding, CSV syntax, no header): one bad "row". */
void import_report_file(struct import_ctx *c, long line, const char *msg)
{
	report(c, line, NULL, "%s", msg);
	c->st->errors++;
}

/* Memory (or something else that is no fault of the input) failed: say so once, naming the
 * place being read, stop reading, and make the import return -1. */
void import_fail(struct import_ctx *c, const char *what)
{
	if (!c->failed)
		diag(c->path, c->line, NULL, "%s", what);
	c->failed = 1;
	c->stop = 1;
}

/* The database failed: said once, naming the database file (not the line being read). */
static void fail_db(struct import_ctx *c)
{
	if (!c->failed)
		store_report(c->db);
	c->failed = 1;
	c->stop = 1;
}
static void fail_nomem(struct import_ctx *c) { import_fail(c, tr("内存不足", "out of memory")); }

/* A kind's Chinese or English name, whichever the reader reads. */
static const char *kind_noun(const struct import_kind *k) { return tr(k->alias, k->noun_en); }

const struct import_kind *import_kind_for(const char *kind, const char *path, struct import_stats *st)
{
	memset(st, 0, sizeof *st);
	const struct import_kind *k = import_kind_find(kind);
	if (!k) {
		import_unknown_kind(path, kind);
		st->errors = 1;
	}
	return k;
}

void import_unknown_kind(const char *path, const char *kind)
{
	char list[1024] = "";
	size_t n = 0;
	for (size_t i = 0; i < import_kind_count && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s(%s)", i ? tr("、", ", ") : "",
				      import_kind_table[i].name, import_kind_table[i].alias);
	char b[IMPORT_CLIP + 8];
	diag(path, 0, NULL, tr("未知的记录类型:%s(可用:%s)", "unknown record kind: %s (known: %s)"),
	     import_clip(kind, b), list);
}

/* ---- prepared statements ---- */

static sqlite3_stmt *prepare(struct import_ctx *c, sqlite3_str *q)
{
	char *sql = sqlite3_str_finish(q);
	sqlite3_stmt *stmt = NULL;
	if (!sql)
		fail_nomem(c);
	else if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_db(c);
	sqlite3_free(sql);
	return stmt;
}

/* INSERT INTO t(cols) VALUES(?1..) ON CONFLICT(keys) DO UPDATE SET col = excluded.col ... */
static sqlite3_stmt *prepare_upsert(struct import_ctx *c)
{
	const struct import_kind *k = c->k;
	sqlite3_str *q = sqlite3_str_new(c->db);
	int n = 0, nset = 0;
	sqlite3_str_appendf(q, "INSERT INTO %s(", k->table);
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].sql)
			sqlite3_str_appendf(q, "%s%s", n++ ? ", " : "", k->cols[j].sql);
	sqlite3_str_appendall(q, ") VALUES(");
	for (int i = 1; i <= n; i++)
		sqlite3_str_appendf(q, "%s?%d", i > 1 ? ", " : "", i);
	sqlite3_str_appendall(q, ") ON CONFLICT(");
	for (size_t j = 0, m = 0; j < k->ncols; j++)
		if (k->cols[j].flags & IMPORT_KEY)
			sqlite3_str_appendf(q, "%s%s", m++ ? ", " : "", k->cols[j].sql);
	sqlite3_str_appendall(q, ") DO ");
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].sql && !(k->cols[j].flags & IMPORT_KEY))
			sqlite3_str_appendf(q, "%s%s = excluded.%s", nset++ ? ", " : "UPDATE SET ",
					    k->cols[j].sql, k->cols[j].sql);
	if (nset == 0)
		sqlite3_str_appendall(q, "NOTHING");
	return prepare(c, q);
}

/* SELECT 1 FROM t WHERE key1 = ?1 AND ...: does the record exist already? */
static sqlite3_stmt *prepare_exists(struct import_ctx *c)
{
	sqlite3_str *q = sqlite3_str_new(c->db);
	int m = 0;
	sqlite3_str_appendf(q, "SELECT 1 FROM %s WHERE ", c->k->table);
	for (size_t j = 0; j < c->k->ncols; j++)
		if (c->k->cols[j].flags & IMPORT_KEY) {
			m++;
			sqlite3_str_appendf(q, "%s%s = ?%d", m > 1 ? " AND " : "", c->k->cols[j].sql, m);
		}
	return prepare(c, q);
}

static sqlite3_stmt *prepare_sql(struct import_ctx *c, const char *fmt, ...)
{
	sqlite3_str *q = sqlite3_str_new(c->db);
	va_list ap;
	va_start(ap, fmt);
	sqlite3_str_vappendf(q, fmt, ap);
	va_end(ap);
	return prepare(c, q);
}

/* Prepares the statements every row uses, once the header is known. Returns 0 or -1. */
static int prepare_all(struct import_ctx *c)
{
	const struct import_kind *k = c->k;
	c->upsert = prepare_upsert(c);
	if (!c->failed)
		c->exists = prepare_exists(c);
	if (!c->failed)
		c->vocab = prepare_sql(c, "SELECT 1 FROM vocab WHERE field = ?1 AND value = ?2");
	if (!c->failed && k->tag_table) {
		c->tag_del = prepare_sql(c, "DELETE FROM %s WHERE %s = ?1", k->tag_table, k->tag_key);
		if (!c->failed)
			c->tag_ins = prepare_sql(c, "INSERT OR IGNORE INTO %s(%s, %s) VALUES(?1, ?2)", k->tag_table,
						 k->tag_key, k->tag_col);
	}
	return c->failed ? -1 : 0;
}

/* The cached "SELECT 1 FROM table WHERE id = ?1" for a referenced table; NULL on failure. */
static sqlite3_stmt *ref_stmt(struct import_ctx *c, const char *table)
{
	size_t i;
	for (i = 0; i < IMPORT_NREFS && c->ref[i].table; i++)
		if (strcmp(c->ref[i].table, table) == 0)
			return c->ref[i].stmt;
	if (i == IMPORT_NREFS) {
		import_fail(c, "too many referenced tables");
		return NULL;
	}
	sqlite3_stmt *stmt = prepare_sql(c, "SELECT 1 FROM %s WHERE id = ?1", table);
	if (stmt) {
		c->ref[i].table = table;
		c->ref[i].stmt = stmt;
	}
	return stmt;
}

static void finalize_all(struct import_ctx *c)
{
	sqlite3_stmt **all[] = {&c->upsert, &c->exists, &c->vocab, &c->vocab_list, &c->tag_del, &c->tag_ins};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
	for (size_t i = 0; i < IMPORT_NREFS; i++) {
		sqlite3_finalize(c->ref[i].stmt);
		c->ref[i].stmt = NULL;
		c->ref[i].table = NULL;
	}
}

/* Steps a one-row query and resets it. Returns 1 for a row, 0 for none, -1 on failure. */
static int query_found(struct import_ctx *c, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
	if (found < 0)
		fail_db(c);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return found;
}

static int vocab_has(struct import_ctx *c, const char *field, const char *value)
{
	sqlite3_bind_text(c->vocab, 1, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->vocab, 2, value, -1, SQLITE_STATIC);
	return query_found(c, c->vocab);
}

/* Writes the allowed values of a vocab field into list (truncated to fit). */
static void vocab_allowed(struct import_ctx *c, const char *field, char *list, size_t size)
{
	list[0] = '\0';
	if (!c->vocab_list)
		c->vocab_list = prepare_sql(c, "SELECT value FROM vocab WHERE field = ?1 ORDER BY value");
	if (!c->vocab_list)
		return;
	size_t n = 0;
	sqlite3_bind_text(c->vocab_list, 1, field, -1, SQLITE_STATIC);
	while (sqlite3_step(c->vocab_list) == SQLITE_ROW && n < size) {
		const char *v = (const char *)sqlite3_column_text(c->vocab_list, 0);
		n += (size_t)snprintf(list + n, size - n, "%s%s", n ? tr("、", ", ") : "", v ? v : "");
	}
	sqlite3_reset(c->vocab_list);
}

/* ---- the current record's cells ---- */

static const char *cell(const struct import_ctx *c, size_t i) { return c->buf + c->cells[i].off; }

int import_push_field(struct import_ctx *c, const char *s, size_t len)
{
	if (c->stop)
		return 0;
	if (vec_reserve(&c->cells, &c->fcap, c->nf + 1, sizeof *c->cells) < 0 ||
	    vec_reserve(&c->buf, &c->bcap, c->blen + len + 1, 1) < 0) {
		fail_nomem(c);
		return -1;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			c->buf[c->blen + o++] = s[i];
	c->buf[c->blen + o] = '\0';
	c->cells[c->nf].off = c->blen;
	c->cells[c->nf].len = o;
	c->nf++;
	c->blen += o + 1;
	return 0;
}

/* Checks each cell's encoding and trims spaces (ASCII, no-break and full-width) and tabs from
 * both ends, in place. Returns 1 if every cell is empty (a blank line, or a row of bare commas). */
static int cells_trim(struct import_ctx *c)
{
	int blank = 1;
	for (size_t i = 0; i < c->nf; i++) {
		struct import_cell *e = &c->cells[i];
		char *s = c->buf + e->off;
		e->valid = import_utf8_valid(s, e->len);
		size_t lead = 0, trail = e->valid ? import_space_edges(s, e->len, &lead) : 0;
		s[e->len - trail] = '\0';
		e->off += lead;
		e->len -= lead + trail;
		if (e->len > 1 && s[lead] == '\'' && csvout_risky(s + lead + 1)) {
			e->off++;   /* the apostrophe a CSV writer puts before text that looks like a formula */
			e->len--;
		}
		if (e->len)
			blank = 0;
	}
	return blank;
}

/* The file's cells from column n on are all empty (Excel writes commas for columns that were
 * formatted but never filled). */
static int empty_from(const struct import_ctx *c, size_t n)
{
	for (size_t i = n; i < c->nf; i++)
		if (c->cells[i].len)
			return 0;
	return 1;
}

/* Index of the kind's column named header, or -1. */
static int col_index(const struct import_kind *k, const char *header)
{
	for (size_t j = 0; j < k->ncols; j++)
		if (strcmp(k->cols[j].header, header) == 0)
			return (int)j;
	return -1;
}

/* The trimmed text under header in the current row, or "" if the file lacks the column. */
static const char *cell_of(const struct import_ctx *c, const char *header)
{
	int j = col_index(c->k, header);
	if (j < 0 || c->pos[j] < 0 || !c->cells[c->pos[j]].valid)
		return "";
	return cell(c, (size_t)c->pos[j]);
}

/* ---- the header row ---- */

static void header_unknown(struct import_ctx *c, const char *h)
{
	char list[1024] = "";
	size_t n = 0;
	for (size_t j = 0; j < c->k->ncols && n < sizeof list; j++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", j ? tr("、", ", ") : "", c->k->cols[j].header);
	report(c, c->hdr_line, h, tr("未知的列名(%s的列有:%s)", "unknown column (the columns of %s are: %s)"),
	       tr(c->k->alias, c->k->name), list);
}

/* Maps one header cell to a column of the kind, or reports why it cannot. */
static void header_cell(struct import_ctx *c, size_t i)
{
	const char *h = cell(c, i);
	c->cur_col = (int)i;
	char label[32];
	snprintf(label, sizeof label, tr("第%zu列", "column %zu"), i + 1);
	if (!c->cells[i].valid) {
		report(c, c->hdr_line, label, "%s", tr("列名不是有效的 UTF-8 文本(文件若是 GBK 编码,请另存为“CSV UTF-8”)",
						     "column name is not valid UTF-8 (if the file is GBK, save it as \"CSV UTF-8\")"));
		return;
	}
	if (*h == '\0') {
		report(c, c->hdr_line, label, "%s", tr("列名为空", "column has no name"));
		return;
	}
	if (import_is_id_header(h)) {
		report(c, c->hdr_line, h, "%s", tr("不保存身份证号码,请删除此列",
						   "ID card numbers are not stored; remove this column"));
		return;
	}
	int j = col_index(c->k, h);
	if (j < 0)
		header_unknown(c, h);
	else if (c->pos[j] >= 0)
		report(c, c->hdr_line, h, tr("列名重复(第%d列已有)", "duplicate column (already column %d)"), c->pos[j] + 1);
	else
		c->pos[j] = (int)i;
}

/* Reads the header row: every column known, none twice, every required one present. Stops
 * the import if any is wrong, since no row could then be read right. */
static void header_row(struct import_ctx *c)
{
	c->have_header = 1;
	c->hdr_line = c->row_line;
	c->nhdr = c->nf;
	while (c->nhdr > 0 && c->cells[c->nhdr - 1].valid && c->cells[c->nhdr - 1].len == 0)
		c->nhdr--;   /* empty header cells at the end are no columns */
	for (size_t j = 0; j < IMPORT_MAX_COLS; j++)
		c->pos[j] = -1;
	for (size_t i = 0; i < c->nhdr; i++)
		header_cell(c, i);
	c->cur_col = -1;
	for (size_t j = 0; j < c->k->ncols; j++)
		if ((c->k->cols[j].flags & IMPORT_REQUIRED) && c->pos[j] < 0)
			report(c, c->hdr_line, c->k->cols[j].header, "%s", tr("缺少必填列", "required column is missing"));
	if (c->nerr) {
		c->st->errors++;
		c->stop = 1;
	} else {
		prepare_all(c);
	}
}

/* ---- converting one cell ---- */

static void set_text(struct import_val *v, const char *s)
{
	v->kind = V_TEXT;
	v->s = s;
}

static void set_int(struct import_val *v, long long i)
{
	v->kind = V_INT;
	v->i = i;
}

static int conv_int(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	char b[IMPORT_CLIP + 8];
	long long n;
	if (import_parse_whole(s, &n) < 0) {
		report(c, c->row_line, col->header, tr("不是整数:%s", "not a whole number: %s"), import_clip(s, b));
		return -1;
	}
	if (n < 0 && col->min >= 0) {
		report(c, c->row_line, col->header, tr("不能为负数:%s", "must not be negative: %s"), s);
		return -1;
	}
	if (n < col->min || n > col->max) {
		report(c, c->row_line, col->header, tr("超出范围 %ld–%ld:%s", "out of range %ld–%ld: %s"), col->min,
		       col->max, s);
		return -1;
	}
	set_int(v, n);
	return 0;
}

/* An Excel date serial (1900 system), as a CSV shows a date cell formatted as a number: five
 * digits, 10000 (1927-05-18) to 99999 (2173-10-13). Serial 25569 is 1970-01-01. */
static int excel_serial(const char *s, date_t *out)
{
	if (strlen(s) != 5 || strspn(s, "0123456789") != 5 || s[0] == '0')
		return -1;
	*out = (date_t)(atol(s) - 25569);
	return 0;
}

static int conv_date(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	char b[IMPORT_CLIP + 8];
	if (date_parse_loose(s, &v->day) == 0 || excel_serial(s, &v->day) == 0) {
		date_format(v->day, v->date);
		set_text(v, v->date);
		return 0;
	}
	if (import_date_shaped(s))
		report(c, c->row_line, col->header, tr("日期不存在:%s", "no such date: %s"), s);
	else
		report(c, c->row_line, col->header,
		       tr("不是日期:%s(应写作 2020-04-21、2020/4/21 或 2020年4月21日)",
			  "not a date: %s (write 2020-04-21, 2020/4/21 or 2020年4月21日)"),
		       import_clip(s, b));
	return -1;
}

static int conv_flag(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	char b[IMPORT_CLIP + 8];
	int f = import_parse_flag(s);
	if (f < 0) {
		report(c, c->row_line, col->header, tr("应为 是 或 否:%s", "must be 是 or 否 (yes or no): %s"), import_clip(s, b));
		return -1;
	}
	set_int(v, f);
	return 0;
}

static int conv_money(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	char b[IMPORT_CLIP + 8];
	long long fen;
	int rc = import_parse_fen(s, &fen);
	if (rc == -2)
		report(c, c->row_line, col->header, tr("金额不能为负数:%s", "amount must not be negative: %s"), import_clip(s, b));
	else if (rc < 0)
		report(c, c->row_line, col->header,
		       tr("金额格式不对:%s(以元为单位,最多两位小数,如 1200.50)",
			  "not an amount: %s (yuan, at most two decimals, e.g. 1200.50)"),
		       import_clip(s, b));
	else
		set_int(v, fen);
	return rc < 0 ? -1 : 0;
}

/* Checks that value is in the vocab field, reporting the allowed values if not. */
static int check_vocab(struct import_ctx *c, const struct import_col *col, const char *value)
{
	int found = vocab_has(c, col->vocab, value);
	if (found == 0) {
		char list[1024], b[IMPORT_CLIP + 8];
		vocab_allowed(c, col->vocab, list, sizeof list);
		report(c, c->row_line, col->header, tr("“%s”不是允许的值(可选:%s)", "'%s' is not an allowed value (allowed: %s)"),
		       import_clip(value, b), list);
	}
	return found == 1 ? 0 : -1;
}

static size_t tag_sep(const char *s);

/* An IMPORT_LIST cell: every part between separators (as for tags) must be in the vocab; the
 * cell is stored as written, and readers split it the same way. */
static int check_vocab_list(struct import_ctx *c, const struct import_col *col, const char *s)
{
	char part[IMPORT_CLIP * 4];
	int rc = 0;
	size_t n = 0;
	for (const char *p = s;; ) {
		size_t sep = *p ? tag_sep(p) : 0;
		if (*p == '\0' || sep) {
			while (n > 0 && part[n - 1] == ' ')
				n--;
			part[n] = '\0';
			if (n > 0 && check_vocab(c, col, part) < 0)
				rc = -1;
			n = 0;
			if (*p == '\0')
				return rc;
			p += sep;
			while (*p == ' ')
				p++;
			continue;
		}
		if (n + 1 < sizeof part)
			part[n++] = *p;
		p++;
	}
}

static int conv_vocab(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	if (col->when_col && strcmp(cell_of(c, col->when_col), col->when_val) != 0) {
		set_text(v, s);
		return 0;
	}
	if ((col->flags & IMPORT_LIST ? check_vocab_list(c, col, s) : check_vocab(c, col, s)) < 0)
		return -1;
	set_text(v, s);
	return 0;
}

/* A reference must name a record in the database or, for the kind's own table, one listed
 * earlier in this file (rows are not written once the file has errors, so the database alone
 * would not know it). */
static int conv_ref(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	int self = strcmp(col->ref, c->k->table) == 0;
	int found = self && seen_find(&c->seen, s) ? 1 : 0;
	if (!found) {
		sqlite3_stmt *stmt = ref_stmt(c, col->ref);
		if (!stmt)
			return -1;
		sqlite3_bind_text(stmt, 1, s, -1, SQLITE_STATIC);
		found = query_found(c, stmt);
	}
	if (found == 0) {
		const struct import_kind *rk = import_kind_by_table(col->ref);
		char b[IMPORT_CLIP + 8];
		report(c, c->row_line, col->header,
		       self ? tr("找不到%s:%s(须已导入,或在本文件前面列出)", "no such %s: %s (import it first, or list it earlier in this file)")
			    : tr("找不到%s:%s(须先导入)", "no such %s: %s (import it first)"),
		       rk ? kind_noun(rk) : col->ref, import_clip(s, b));
	}
	if (found != 1)
		return -1;
	set_text(v, s);
	return 0;
}

/* Returns the length of the tag separator at s, or 0. */
static size_t tag_sep(const char *s)
{
	static const char *const seps[] = {";", "；", "、", ",", "，", "|"};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		size_t n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0)
			return n;
	}
	return 0;
}

static int tag_push(struct import_ctx *c, const char *tag)
{
	if (vec_reserve(&c->tags, &c->tagcap, c->ntags + 1, sizeof *c->tags) < 0) {
		fail_nomem(c);
		return -1;
	}
	c->tags[c->ntags++] = tag;
	return 0;
}

/* Splits s in place at the separators into c->tags, trimming each; every tag must be in
 * the vocab. */
static int conv_tags(struct import_ctx *c, const struct import_col *col, char *s)
{
	int rc = 0;
	while (*s) {
		char *end = s;
		size_t n;
		while (*end && (n = tag_sep(end)) == 0)
			end++;
		n = *end ? tag_sep(end) : 0;
		char *next = end + n;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (*s && (check_vocab(c, col, s) < 0 || tag_push(c, s) < 0))
			rc = -1;
		s = next;
	}
	return rc;
}

/* Numbers, dates, amounts, flags, ids and references: full-width forms are read as ASCII, and
 * any character a reader cannot see (a space inside included) is refused. */
static int strict_type(const struct import_col *col)
{
	return col->type != IMPORT_TEXT && col->type != IMPORT_TAGS;
}

/* The cell, or (for free text) a half-width copy of it in buf, looks like an ID number. */
static int holds_id_number(const char *s, int strict, char *buf, size_t size)
{
	if (import_looks_like_id(s))
		return 1;
	if (strict || strlen(s) >= size)
		return 0;
	memcpy(buf, s, strlen(s) + 1);
	import_halfwidth(buf);
	return import_looks_like_id(buf);
}

/* Refuses cells that are not clean UTF-8, that hold an ID card number, or that hold a
 * character nobody can see; turns full-width digits and letters of strict cells into ASCII. */
static int cell_clean(struct import_ctx *c, const struct import_col *col, size_t i)
{
	if (!c->cells[i].valid) {
		const char *s = cell(c, i);
		if (c->mixed && textenc_gb18030_valid(s, c->cells[i].len))
			report(c, c->row_line, col->header, "%s",
			       tr("不是有效的 UTF-8 文本:这一格是 GBK 编码,而表头是 UTF-8(文件混用了两种编码,"
				  "请在 Excel 中选 另存为 → CSV UTF-8(逗号分隔) 后重新导入)",
				  "not valid UTF-8 text: this cell is GBK while the header is UTF-8 (the file mixes "
				  "two encodings; in Excel choose Save As → CSV UTF-8 (Comma delimited) and import again)"));
		else
			report(c, c->row_line, col->header, "%s", tr("不是有效的 UTF-8 文本", "not valid UTF-8 text"));
		return 0;
	}
	int strict = strict_type(col);
	char *s = c->buf + c->cells[i].off;
	if (strict) {
		import_halfwidth(s);
		c->cells[i].len = strlen(s);
	}
	char b[256];
	if (holds_id_number(s, strict, b, sizeof b)) {
		report(c, c->row_line, col->header, "%s", tr("疑似身份证号码:不保存身份证号码",
							     "looks like an ID card number: ID numbers are not stored"));
		return 0;
	}
	long cp = import_invisible(s, strict);
	if (cp) {
		report(c, c->row_line, col->header,
		       tr("含有看不见的字符 <U+%04lX>:“%s”(请删除这个字符后再导入)",
			  "holds a character that cannot be seen, <U+%04lX>: \"%s\" (delete it and import again)"),
		       cp, import_show_invisible(s, strict, b, sizeof b));
		return 0;
	}
	return 1;
}

/* A rule id: one of the rules' ids when the import was given them (import_opts.rule_ids). */
static int conv_ruleid(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	const struct import_opts *o = c->opts;
	size_t i = 0;
	while (o->rule_ids && o->rule_ids[i] && strcmp(o->rule_ids[i], s) != 0)
		i++;
	if (o->rule_ids && !o->rule_ids[i]) {
		char b[IMPORT_CLIP + 8];
		report(c, c->row_line, col->header,
		       tr("没有这条规则:%s(规则编号见 yaodian coverage 或检查结果的“规则”列)",
			  "no such rule: %s (yaodian coverage and the check's rule column list the ids)"),
		       import_clip(s, b));
		return -1;
	}
	set_text(v, s);
	return 0;
}

/* Converts the non-empty text s by the column's type into v. Returns 0, or -1 after a report. */
static int convert_text(struct import_ctx *c, const struct import_col *col, const char *s, struct import_val *v)
{
	switch (col->type) {
	case IMPORT_INT: return conv_int(c, col, s, v);
	case IMPORT_DATE: return conv_date(c, col, s, v);
	case IMPORT_FLAG: return conv_flag(c, col, s, v);
	case IMPORT_MONEY: return conv_money(c, col, s, v);
	case IMPORT_VOCAB: return conv_vocab(c, col, s, v);
	case IMPORT_REF: return conv_ref(c, col, s, v);
	case IMPORT_RULEID: return conv_ruleid(c, col, s, v);
	case IMPORT_TEXT:
	case IMPORT_ID:
	case IMPORT_TAGS: break;
	}
	set_text(v, s);
	return 0;
}

/* Converts the kind's column j of the current row into c->val[j]; reports what is wrong. */
static void convert(struct import_ctx *c, size_t j)
{
	const struct import_col *col = &c->k->cols[j];
	struct import_val *v = &c->val[j];
	int p = c->pos[j];
	v->kind = V_NULL;
	v->ok = 0;
	if (p >= 0 && !cell_clean(c, col, (size_t)p))
		return;
	const char *s = p >= 0 ? cell(c, (size_t)p) : "";
	if (*s == '\0' && (col->flags & IMPORT_REQUIRED)) {
		report(c, c->row_line, col->header, "%s", tr("必填项为空", "required value is empty"));
		return;
	}
	if (*s == '\0' && col->dflt)
		s = col->dflt;
	int rc = 0;
	if (*s == '\0') {
		if (col->type == IMPORT_FLAG)
			set_int(v, 0); /* an empty flag is 否; anything else is NULL, a tag list empty */
	} else if (col->type == IMPORT_TAGS) {
		assert(p >= 0 && !col->dflt);
		rc = conv_tags(c, col, c->buf + c->cells[p].off); /* splits the cell in place */
	} else {
		rc = convert_text(c, col, s, v);
	}
	v->ok = rc == 0;
}

/* Fills empty columns that default to another column, and checks dates that may not precede
 * another (end before start). */
static void cross_checks(struct import_ctx *c)
{
	const struct import_kind *k = c->k;
	for (size_t j = 0; j < k->ncols; j++) {
		const struct import_col *col = &k->cols[j];
		struct import_val *v = &c->val[j];
		if (col->dflt_col && v->ok && v->kind == V_NULL) {
			int d = col_index(k, col->dflt_col);
			if (d >= 0 && c->val[d].ok)
				*v = c->val[d];
		}
		if (col->not_before && v->ok && v->kind == V_TEXT) {
			int b = col_index(k, col->not_before);
			const struct import_val *w = b >= 0 ? &c->val[b] : NULL;
			if (w && w->ok && w->kind == V_TEXT && v->day < w->day)
				report(c, c->row_line, col->header, tr("%s 早于%s %s", "%s is before %s %s"), v->date,
				       col->not_before, w->date);
		}
	}
}

/* The record's key as text (key values joined by U+001F), in a malloc'd string; NULL if a
 * key value is missing or bad. The caller frees it. */
static char *row_key(struct import_ctx *c)
{
	sqlite3_str *q = sqlite3_str_new(c->db);
	int n = 0, missing = 0;
	for (size_t j = 0; j < c->k->ncols; j++) {
		const struct import_val *v = &c->val[j];
		if (!(c->k->cols[j].flags & IMPORT_KEY))
			continue;
		if (!v->ok || v->kind == V_NULL)
			missing = 1;
		else if (v->kind == V_INT)
			sqlite3_str_appendf(q, "%s%lld", n++ ? "\x1f" : "", v->i);
		else
			sqlite3_str_appendf(q, "%s%s", n++ ? "\x1f" : "", v->s);
	}
	char *key = sqlite3_str_finish(q);
	if (!key && !missing)
		fail_nomem(c);
	if (missing) {
		sqlite3_free(key);
		return NULL;
	}
	return key;
}

/* A record's key may appear once per file; remembers it for later rows. */
static void check_key(struct import_ctx *c)
{
	char *key = row_key(c);
	if (!key)
		return;
	long first = seen_find(&c->seen, key);
	if (first) {
		report(c, c->row_line, c->k->cols[0].header, tr("与第 %ld 行重复", "duplicates line %ld"), first);
	} else if (seen_add(&c->seen, key, c->row_line) < 0) {
		fail_nomem(c);
	}
	sqlite3_free(key);
}

/* ---- writing one record ---- */

static void bind_val(sqlite3_stmt *stmt, int i, const struct import_val *v)
{
	if (v->kind == V_INT)
		sqlite3_bind_int64(stmt, i, v->i);
	else if (v->kind == V_TEXT)
		sqlite3_bind_text(stmt, i, v->s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

/* Steps a write statement. A constraint the checks above missed is the row's fault; anything
 * else is the database's. Returns 0 or -1. */
static int step_write(struct import_ctx *c, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_CONSTRAINT)
		report(c, c->row_line, NULL, tr("不符合数据库约束:%s", "violates a database constraint: %s"),
		       sqlite3_errmsg(c->db));
	else if (rc != SQLITE_DONE)
		fail_db(c);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Replaces the record's tag set with the tags of this row. */
static int store_tags(struct import_ctx *c, const struct import_val *key)
{
	bind_val(c->tag_del, 1, key);
	if (step_write(c, c->tag_del) < 0)
		return -1;
	for (size_t t = 0; t < c->ntags; t++) {
		bind_val(c->tag_ins, 1, key);
		sqlite3_bind_text(c->tag_ins, 2, c->tags[t], -1, SQLITE_STATIC);
		if (step_write(c, c->tag_ins) < 0)
			return -1;
	}
	return 0;
}

/* Notes, for --replace, that the file holds this row (its key and scope value). 0 or -1. */
static int keep_row(struct import_ctx *c)
{
	char *key = row_key(c);
	int sj = import_prune_scope_col(c->k);
	int rc = key && import_prune_keep(c->db, c->k, key, sj >= 0 ? c->val[sj].s : NULL) == 0 ? 0 : -1;
	sqlite3_free(key);
	if (rc < 0)
		fail_db(c);
	return rc;
}

/* Upserts the current (clean) row and counts it as inserted or updated. */
static void store_row(struct import_ctx *c)
{
	const struct import_kind *k = c->k;
	int np = 0, nk = 0;
	for (size_t j = 0; j < k->ncols; j++) {
		if (k->cols[j].sql)
			bind_val(c->upsert, ++np, &c->val[j]);
		if (k->cols[j].flags & IMPORT_KEY)
			bind_val(c->exists, ++nk, &c->val[j]);
	}
	int existed = query_found(c, c->exists);
	if (existed < 0 || step_write(c, c->upsert) < 0)
		return;
	if (k->tag_table && store_tags(c, &c->val[0]) < 0)
		return;
	if (c->opts->replace && keep_row(c) < 0)
		return;
	if (existed)
		c->st->updated++;
	else
		c->st->inserted++;
}

/* Checks one data row and, while the file is still clean, writes it. */
static void data_row(struct import_ctx *c)
{
	c->st->rows++;
	c->row_bad = 0;
	c->ntags = 0;
	if (c->nf < c->nhdr || !empty_from(c, c->nhdr)) {
		report(c, c->row_line, NULL, tr("本行有 %zu 列,表头有 %zu 列", "row has %zu fields, the header has %zu"),
		       c->nf, c->nhdr);
	} else {
		for (size_t j = 0; j < c->k->ncols && !c->failed; j++)
			convert(c, j);
		if (!c->failed)
			cross_checks(c);
		if (!c->failed)
			check_key(c);
	}
	if (c->row_bad)
		c->st->errors++;
	else if (c->nerr == 0 && !c->failed)
		store_row(c);
}

/* ---- public ---- */

const char *const *import_kinds(void)
{
	static const char *names[IMPORT_NKINDS + 1];
	if (!names[0])
		for (size_t i = 0; i < IMPORT_NKINDS; i++)
			names[i] = import_kind_table[i].name;
	return names;
}

const char *import_kind_name(const char *kind)
{
	const struct import_kind *k = kind ? import_kind_find(kind) : NULL;
	return k ? k->name : NULL;
}


/* ---- the row loop's public side (import_ctx.h) ---- */

void import_take_row(struct import_ctx *c)
{
	if (!c->stop && c->nf > 0 && !cells_trim(c)) {
		if (!c->have_header)
			header_row(c);
		else
			data_row(c);
	}
	c->nf = 0;
	c->blen = 0;
}

void import_ctx_init(struct import_ctx *c, sqlite3 *db, const struct import_kind *k, const char *path,
		     const char *sheet, const struct import_opts *o, struct import_stats *st)
{
	static const struct import_opts defaults;
	memset(c, 0, sizeof *c);
	memset(st, 0, sizeof *st);
	assert(k->ncols <= IMPORT_MAX_COLS);
	c->db = db, c->k = k, c->path = path, c->sheet = sheet, c->st = st;
	c->opts = o ? o : &defaults;
	c->cur_col = -1;
}

void import_ctx_free(struct import_ctx *c)
{
	finalize_all(c);
	seen_free(&c->seen);
	free(c->buf);
	free(c->cells);
	free(c->tags);
}

int import_ctx_result(struct import_ctx *c)
{
	if (!c->stop && !c->have_header)
		import_report_file(c, 0, tr("文件是空的,没有表头", "the file is empty: no header row"));
	if (c->nerr > IMPORT_MAX_DIAGS)
		diag(c->path, 0, c->sheet, tr("另有 %ld 个问题未列出", "%ld more problems not listed"), c->nerr - IMPORT_MAX_DIAGS);
	int rc = c->failed ? -1 : c->nerr ? 2 : 0;
	if (rc != 0)
		c->st->inserted = c->st->updated = 0;
	return rc;
}

int import_tx_begin(sqlite3 *db, const char *path)
{
	(void)path;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	store_report(db);
	return -1;
}

int import_tx_end(sqlite3 *db, const char *path, const struct import_opts *o, int rc)
{
	if (rc == 0 && o && o->dry_run) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return 0;
	}
	(void)path;
	if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_report(db);
		rc = -1;
	}
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
