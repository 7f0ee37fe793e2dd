/* import_xlsx.c — the Excel source of the importer: the sheets of an .xlsx workbook, read by
 * xlsx.c, go row by row into the row loop (import.c). One sheet as one kind, or every sheet
 * named after a kind, in import order, all in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "import_ctx.h"
#include "import_prune.h"
#include "lang.h"
#include "store.h"
#include "xlsx.h"

/* Hands one sheet row to the row loop; stops the sheet once the loop stops. */
static int on_sheet_row(void *ud, long row, size_t n, const char *const *cells)
{
	struct import_ctx *c = ud;
	c->line = c->row_line = row;
	for (size_t i = 0; i < n && !c->stop; i++)
		import_push_field(c, cells[i], strlen(cells[i]));
	/* A sheet row ends at its last filled cell: the empty cells after it are still columns. */
	for (size_t i = n; c->have_header && i < c->nhdr && !c->stop; i++)
		import_push_field(c, "", 0);
	import_take_row(c);
	return c->stop ? 1 : 0;
}

/* Reads sheet i of b as records of kind k, inside the caller's transaction. Returns what
 * import_ctx_result() says: 0, 2 (bad input, reported) or -1. */
static int read_sheet(sqlite3 *db, struct xlsx_book *b, size_t i, const struct import_kind *k, const char *path,
		      const struct import_opts *o, struct import_stats *st)
{
	struct import_ctx c;
	import_ctx_init(&c, db, k, path, xlsx_sheet_name(b, i), o, st);
	char err[512];
	if (xlsx_read_sheet(b, i, on_sheet_row, &c, err, sizeof err) < 0) {
		diag(NULL, 0, NULL, "%s:%s", path, err);   /* err names the sheet and cell */
		c.nerr++;
		c.st->errors++;
		c.stop = 1;
	}
	int rc = import_ctx_result(&c);
	import_ctx_free(&c);
	return rc;
}

/* Whether sheet name names kind k: its English name (any case) or its Chinese name. */
static int names_kind(const char *name, const struct import_kind *k)
{
	return strcasecmp(name, k->name) == 0 || strcmp(name, k->alias) == 0;
}

/* The sheets' names, "、"-separated, in buf. */
static const char *sheet_list(const struct xlsx_book *b, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < xlsx_sheet_count(b) && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? tr("、", ", ") : "", xlsx_sheet_name(b, i));
	return buf;
}

static struct xlsx_book *open_book(const char *path)
{
	char err[512];
	struct xlsx_book *b = xlsx_open(path, err, sizeof err);
	if (!b)
		diag(path, 0, NULL, "%s", err);
	return b;
}

int import_xlsx_sheet(sqlite3 *db, const char *kind, const char *path, const struct import_opts *o,
		      struct import_stats *st)
{
	static const struct import_opts defaults;
	if (!o)
		o = &defaults;
	const struct import_kind *k = import_kind_for(kind, path, st);
	if (!k)
		return 2;
	struct xlsx_book *b = open_book(path);
	if (!b) {
		st->errors = 1;
		return 2;
	}
	size_t n = xlsx_sheet_count(b), i = 0;
	while (i < n && !names_kind(xlsx_sheet_name(b, i), k))
		i++;
	if (i == n && n == 1)
		i = 0;   /* the only sheet, whatever its name */
	int rc;
	if (i == n) {
		char list[1024];
		diag(path, 0, NULL, tr("工作簿中没有名为“%s”或“%s”的工作表(工作表有:%s)",
				       "the workbook has no sheet named \"%s\" or \"%s\" (its sheets: %s)"),
		     k->alias, k->name, sheet_list(b, list, sizeof list));
		st->errors = 1;
		rc = 2;
	} else if ((rc = import_tx_begin(db, path)) == 0) {
		if (o->replace)
			rc = import_prune_begin(db, k, path);
		if (rc == 0)
			rc = read_sheet(db, b, i, k, path, o, st);
		if (rc == 0 && o->replace)
			rc = import_prune_finish(db, k, path, o->listing, &st->deleted);
		rc = import_tx_end(db, path, o, rc);
	}
	xlsx_close(b);
	if (rc != 0)
		st->inserted = st->updated = st->deleted = 0;
	return rc;
}

/* Says which sheets name no kind: they are left alone. */
static void note_other_sheets(const struct xlsx_book *b, const char *path)
{
	for (size_t i = 0; i < xlsx_sheet_count(b); i++) {
		const char *name = xlsx_sheet_name(b, i);
		size_t j = 0;
		while (j < import_kind_count && !names_kind(name, &import_kind_table[j]))
			j++;
		if (j == import_kind_count)
			diag(path, 0, NULL, tr("注意:工作表“%s”不是记录种类,未导入", "note: sheet \"%s\" names no record kind; not imported"),
			     name);
	}
}

/* With a units sheet, the units it drops are in the scope of every other sheet too: their
 * activities, documents ... go with them even though no sheet names them any more. */
static int widen_scopes(sqlite3 *db, const struct import_kind **kinds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int sj = import_prune_scope_col(kinds[i]);
		if (sj < 0 || strcmp(kinds[i]->cols[sj].ref, "units") != 0)
			continue;
		char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO temp.yd_scope_%s SELECT id FROM main.units "
					    "WHERE id NOT IN (SELECT k FROM temp.yd_keep_units)", kinds[i]->table);
		int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			store_report(db);
			return -1;
		}
	}
	return 0;
}

/* For --replace of a workbook: deletes what each sheet lacks, last kind first, so that records
 * referring to others (activities to units) go before what they refer to. 0, 2 or -1. */
static int prune_book(sqlite3 *db, const char *path, const struct import_opts *o, const struct import_kind **kinds,
		      struct import_sheet_stats *out, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(kinds[i]->name, "units") == 0 && widen_scopes(db, kinds, n) < 0)
			return -1;
	for (size_t i = n; i-- > 0 && rc >= 0;) {
		int r = import_prune_finish(db, kinds[i], path, o->listing, &out[i].st.deleted);
		rc = r < 0 ? -1 : r > rc ? r : rc;
	}
	return rc;
}

int import_xlsx_book(sqlite3 *db, const char *path, const struct import_opts *o, struct import_sheet_stats *out,
		     size_t *nout)
{
	static const struct import_opts defaults;
	const struct import_kind *kinds[IMPORT_NKINDS];
	if (!o)
		o = &defaults;
	*nout = 0;
	struct xlsx_book *b = open_book(path);
	if (!b)
		return 2;
	note_other_sheets(b, path);
	int rc = import_tx_begin(db, path), worst = 0;
	for (size_t j = 0; rc == 0 && j < import_kind_count && worst >= 0; j++) {
		const struct import_kind *k = &import_kind_table[j];
		for (size_t i = 0; i < xlsx_sheet_count(b); i++) {
			if (!names_kind(xlsx_sheet_name(b, i), k) || *nout == IMPORT_NKINDS)
				continue;
			kinds[*nout] = k;
			struct import_sheet_stats *s = &out[(*nout)++];
			s->kind = tr(k->alias, k->name);
			int r = o->replace ? import_prune_begin(db, k, path) : 0;
			if (r == 0)
				r = read_sheet(db, b, i, k, path, o, &s->st);
			worst = r < 0 ? -1 : worst < 0 ? worst : r > worst ? r : worst;
			break;   /* one sheet per kind: the first of that name */
		}
	}
	if (rc == 0 && worst == 0 && o->replace)
		worst = prune_book(db, path, o, kinds, out, *nout);
	if (rc == 0 && *nout == 0) {
		char list[1024];
		diag(path, 0, NULL, tr("工作簿中没有以记录种类命名的工作表(如“单位”“活动”);工作表有:%s",
				       "no sheet of the workbook is named after a record kind (such as units, activities); its sheets: %s"),
		     sheet_list(b, list, sizeof list));
		worst = 2;
	}
	if (rc == 0)
		rc = import_tx_end(db, path, o, worst);
	for (size_t i = 0; i < *nout; i++)
		if (rc != 0)
			out[i].st.inserted = out[i].st.updated = out[i].st.deleted = 0;
	xlsx_close(b);
	return rc;
}

int import_is_workbook(const char *path)
{
	unsigned char head[8] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	return (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) || (n == 8 && memcmp(head, ole, 8) == 0);
}
