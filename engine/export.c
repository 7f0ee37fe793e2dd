/* export.c — the units at a glance and the records of a kind written out (see export.h). One
 * query per kind turns the stored values back into what the importer reads (fen into yuan, 1/0
 * into 是/否, tags joined by ;); the CSV and the workbook writers share it. */
#include "export.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "csvout.h"
#include "date.h"
#include "diag.h"
#include "import_ctx.h"   /* import_unknown_kind */
#include "import_kinds.h"
#include "lang.h"
#include "outfile.h"
#include "store.h"
#include "textwidth.h"
#include "xlsxout.h"

/* ---- the units at a glance ---- */

#define UNITS_SQL \
	"SELECT u.id, u.name, coalesce(u.kind, ''), " \
	"(SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.category = '在职'), " \
	"(SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.category = '退休'), " \
	"(SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.category = '职工子女'), " \
	"(SELECT count(*) FROM people p WHERE p.unit_id = u.id AND p.category = '联系点儿童'), " \
	"(SELECT count(*) FROM activities a WHERE a.unit_id = u.id AND substr(a.start_date, 1, 4) = ?1) " \
	"FROM units u ORDER BY u.id"

static const size_t unit_widths[] = {10, 24, 14, 8, 8, 12, 12, 16};

/* One row of the units table: cells padded to unit_widths by display width. */
static void units_row(FILE *out, const char *const cells[8])
{
	for (int i = 0; i < 8; i++) {
		if (i)
			fputs("  ", out);
		textwidth_pad(out, cells[i], unit_widths[i]);
	}
	fputc('\n', out);
}

int export_units(sqlite3 *db, int year, FILE *out)
{
	sqlite3_stmt *q = NULL;
	char y[8], acts[32];
	snprintf(y, sizeof y, "%04d", year);
	snprintf(acts, sizeof acts, tr("%d年活动", "activities %d"), year);
	if (sqlite3_prepare_v2(db, UNITS_SQL, -1, &q, NULL) != SQLITE_OK) {
		store_report(db);
		return -1;
	}
	sqlite3_bind_text(q, 1, y, -1, SQLITE_STATIC);
	const char *head[8] = {tr("编号", "id"), tr("名称", "name"), tr("类型", "type"), tr("在职", "staff"),
			       tr("退休", "retired"), tr("职工子女", "staff kids"), tr("联系点儿童", "contact kids"), acts};
	units_row(out, head);
	int n = 0, rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *cells[8];
		for (int i = 0; i < 8; i++)
			cells[i] = (const char *)sqlite3_column_text(q, i);
		units_row(out, cells);
		n++;
	}
	if (rc != SQLITE_DONE)
		store_report(db);
	sqlite3_finalize(q);
	fprintf(out, tr("共 %d 个单位\n", "%d units\n"), n);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the records of a kind ---- */

/* The SQL expression giving column col of a row of k (alias t) as the importer reads it. */
static void col_expr(sqlite3_str *q, const struct import_kind *k, const struct import_col *col)
{
	switch (col->type) {
	case IMPORT_FLAG:
		sqlite3_str_appendf(q, "CASE t.%s WHEN 1 THEN '是' WHEN 0 THEN '否' END", col->sql);
		break;
	case IMPORT_MONEY:
		sqlite3_str_appendf(q, "CASE WHEN t.%s IS NOT NULL THEN printf('%%d.%%02d', t.%s / 100, t.%s %% 100) END",
				    col->sql, col->sql, col->sql);
		break;
	case IMPORT_TAGS:
		sqlite3_str_appendf(q, "(SELECT group_concat(%s, ';') FROM %s WHERE %s = t.id)", k->tag_col, k->tag_table,
				    k->tag_key);
		break;
	default:
		sqlite3_str_appendf(q, "t.%s", col->sql);
	}
}

/* Prepares the query of every record of k, its public columns in order, sorted by key. */
static sqlite3_stmt *rows_query(sqlite3 *db, const struct import_kind *k)
{
	sqlite3_str *q = sqlite3_str_new(db);
	sqlite3_str_appendall(q, "SELECT ");
	int n = 0;
	for (size_t j = 0; j < k->ncols; j++) {
		if (k->cols[j].flags & IMPORT_PRIVATE)
			continue;
		if (n++)
			sqlite3_str_appendall(q, ", ");
		col_expr(q, k, &k->cols[j]);
	}
	sqlite3_str_appendf(q, " FROM %s t ORDER BY ", k->table);
	/* A record naming another of its kind (a unit's parent, a child's guardian) after those
	 * naming none, so that the importer meets what it refers to first. */
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].type == IMPORT_REF && strcmp(k->cols[j].ref, k->table) == 0)
			sqlite3_str_appendf(q, "t.%s IS NOT NULL, ", k->cols[j].sql);
	n = 0;
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].flags & IMPORT_KEY)
			sqlite3_str_appendf(q, "%st.%s", n++ ? ", " : "", k->cols[j].sql);
	char *sql = sqlite3_str_finish(q);
	sqlite3_stmt *st = NULL;
	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		store_report(db);
	sqlite3_free(sql);
	return st;
}

/* The public columns of k, in order, into cols; returns how many. */
static size_t public_cols(const struct import_kind *k, const struct import_col **cols)
{
	size_t n = 0;
	for (size_t j = 0; j < k->ncols; j++)
		if (!(k->cols[j].flags & IMPORT_PRIVATE))
			cols[n++] = &k->cols[j];
	return n;
}

static const struct import_kind *find_kind(const char *kind)
{
	const struct import_kind *k = import_kind_find(kind);
	if (!k)
		import_unknown_kind("yaodian", kind);
	return k;
}

int export_csv(sqlite3 *db, const char *kind, const char *path)
{
	const struct import_kind *k = find_kind(kind);
	if (!k)
		return 2;
	const struct import_col *cols[IMPORT_MAX_COLS];
	size_t n = public_cols(k, cols);
	sqlite3_stmt *q = rows_query(db, k);
	struct outfile out;
	if (!q || outfile_open(&out, path) < 0) {
		sqlite3_finalize(q);
		return -1;
	}
	csvout_bom(out.fp);
	for (size_t i = 0; i < n; i++)
		csvout_field(out.fp, i, cols[i]->header, false);
	csvout_row_end(out.fp);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++)
			csvout_field(out.fp, i, (const char *)sqlite3_column_text(q, (int)i), true);
		csvout_row_end(out.fp);
	}
	if (rc != SQLITE_DONE)
		store_report(db);
	sqlite3_finalize(q);
	return outfile_close(&out, rc == SQLITE_DONE && !ferror(out.fp)) < 0 || rc != SQLITE_DONE ? -1 : 0;
}

/* ---- the workbook ---- */

struct xbook {
	struct xlsxout x;
	lxw_format *head, *date, *text;
};

static int xok(struct xbook *b, lxw_error e) { return xlsxout_ok(&b->x, e); }

/* One cell of a record, typed as the clerk would have typed it. */
static int write_cell(struct xbook *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct import_col *col,
		      sqlite3_stmt *q)
{
	const char *s = (const char *)sqlite3_column_text(q, c);
	date_t d;
	int y, m, day;
	if (!s)
		return 0;
	if (col->type == IMPORT_DATE && date_parse(s, &d) == 0) {
		date_to_ymd(d, &y, &m, &day);
		lxw_datetime dt = {y, m, day, 0, 0, 0};
		return xok(b, worksheet_write_datetime(ws, r, c, &dt, b->date));
	}
	if (col->type == IMPORT_INT || col->type == IMPORT_MONEY)
		return xok(b, worksheet_write_number(ws, r, c, strtod(s, NULL), NULL));
	return xok(b, worksheet_write_string(ws, r, c, s, b->text));
}

/* The sheet of kind k: header, every record, widths, frozen header and filters. */
static int write_sheet(struct xbook *b, sqlite3 *db, const struct import_kind *k)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->x.wb, k->alias);
	const struct import_col *cols[IMPORT_MAX_COLS];
	size_t n = public_cols(k, cols), width[IMPORT_MAX_COLS];
	sqlite3_stmt *q = ws ? rows_query(db, k) : NULL;
	if (!q)
		return ws ? -1 : xok(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	for (size_t i = 0; i < n; i++) {
		width[i] = textwidth(cols[i]->header);
		xok(b, worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i]->header, b->head));
	}
	lxw_row_t r = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && b->x.err == LXW_NO_ERROR) {
		r++;
		for (size_t i = 0; i < n; i++) {
			size_t w = cols[i]->type == IMPORT_DATE ? 10 : textwidth((const char *)sqlite3_column_text(q, (int)i));
			width[i] = w > width[i] ? w : width[i];
			write_cell(b, ws, r, (lxw_col_t)i, cols[i], q);
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		store_report(db);
	sqlite3_finalize(q);
	for (size_t i = 0; i < n; i++)
		xok(b, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, (double)(width[i] > 60 ? 60 : width[i]) + 3, NULL));
	worksheet_freeze_panes(ws, 1, 0);
	xok(b, worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(n - 1)));
	return rc == SQLITE_DONE && b->x.err == LXW_NO_ERROR ? 0 : -1;
}

int export_xlsx(sqlite3 *db, const char *kind, const char *path)
{
	const struct import_kind *only = kind ? find_kind(kind) : NULL;
	if (kind && !only)
		return 2;
	struct xbook b;
	if (xlsxout_open(&b.x, path) < 0)
		return -1;
	b.head = workbook_add_format(b.x.wb);
	format_set_bold(b.head);
	b.date = workbook_add_format(b.x.wb);
	format_set_num_format(b.date, "yyyy-mm-dd");
	b.text = workbook_add_format(b.x.wb);
	format_set_num_format(b.text, "@");
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < import_kind_count; i++)
		if (!only || only == &import_kind_table[i])
			rc = write_sheet(&b, db, &import_kind_table[i]);
	return xlsxout_close(&b.x, rc);
}
