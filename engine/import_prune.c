/* import_prune.c — deleting records for `import --replace` and `delete` (see import_prune.h).
 * The records to delete are gathered in a temporary table (temp.yd_gone, keys joined by U+001F),
 * every foreign key that points at the kind's table is checked against it with SQLite's own
 * pragma_foreign_key_list, and only then are the rows deleted, inside the caller's transaction. */
#include "import_prune.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "store.h"

/* Runs one statement built from fmt; reports a failure (naming the database, or path when
 * memory ran out). 0 or -1. */
static int exec_fmt(sqlite3 *db, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int exec_fmt(sqlite3 *db, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		return 0;
	if (sql)
		store_report(db);
	else
		diag(path, 0, NULL, "%s", tr("内存不足", "out of memory"));
	return -1;
}

/* The SQL expression of a row's key: its key columns joined by char(31). Caller sqlite3_free()s. */
static char *key_expr(const struct import_kind *k, const char *alias)
{
	sqlite3_str *q = sqlite3_str_new(NULL);
	int n = 0;
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].flags & IMPORT_KEY)
			sqlite3_str_appendf(q, "%s%s%s", n++ ? " || char(31) || " : "", alias, k->cols[j].sql);
	return sqlite3_str_finish(q);
}

int import_prune_scope_col(const struct import_kind *k)
{
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].type == IMPORT_REF && (k->cols[j].flags & IMPORT_REQUIRED) && strcmp(k->cols[j].ref, "units") == 0)
			return (int)j;
	for (size_t j = 0; j < k->ncols; j++)
		if (k->cols[j].type == IMPORT_REF && (k->cols[j].flags & IMPORT_KEY))
			return (int)j;
	return -1;
}

int import_prune_begin(sqlite3 *db, const struct import_kind *k, const char *path)
{
	return exec_fmt(db, path,
			"CREATE TEMP TABLE IF NOT EXISTS yd_keep_%s (k TEXT PRIMARY KEY);"
			"CREATE TEMP TABLE IF NOT EXISTS yd_scope_%s (v TEXT PRIMARY KEY);"
			"DELETE FROM temp.yd_keep_%s; DELETE FROM temp.yd_scope_%s;",
			k->table, k->table, k->table, k->table);
}

/* INSERT OR IGNORE of one text value into temp.TABLE(col). 0 or -1. */
static int insert_text(sqlite3 *db, const char *table, const char *value)
{
	char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO temp.%s VALUES (?1)", table);
	sqlite3_stmt *st = NULL;
	int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

int import_prune_keep(sqlite3 *db, const struct import_kind *k, const char *key, const char *scope)
{
	char keep[64], sc[64];
	snprintf(keep, sizeof keep, "yd_keep_%s", k->table);
	snprintf(sc, sizeof sc, "yd_scope_%s", k->table);
	if (insert_text(db, keep, key) < 0)
		return -1;
	return scope ? insert_text(db, sc, scope) : 0;
}

/* The kind whose table is table, or NULL (a tag table). */
static const struct import_kind *kind_of_table(const char *table)
{
	for (size_t i = 0; i < import_kind_count; i++)
		if (strcmp(import_kind_table[i].table, table) == 0)
			return &import_kind_table[i];
	return NULL;
}

/* The Chinese or English name of the kind whose table is table, or the table's own name. */
static const char *table_noun(const char *table)
{
	const struct import_kind *k = kind_of_table(table);
	return k ? tr(k->alias, k->name) : table;
}

/* The header of k's column filling sql column col, or col itself. */
static const char *col_header(const struct import_kind *k, const char *col)
{
	for (size_t j = 0; k && j < k->ncols; j++)
		if (k->cols[j].sql && strcmp(k->cols[j].sql, col) == 0)
			return k->cols[j].header;
	return col;
}

/* One foreign key pointing at k's table: the referring table and column, and whether its rows
 * go with the row they point at (ON DELETE CASCADE). */
struct fk {
	char table[64], col[64];
	int cascade;
};

/* Every foreign key of the database pointing at table, into fks (at most max). Returns how many. */
static int fks_to(sqlite3 *db, const char *table, struct fk *fks, int max)
{
	sqlite3_stmt *st = NULL;
	int n = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT m.name, f.\"from\", f.on_delete FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
			       "WHERE m.type = 'table' AND f.\"table\" = ?1 ORDER BY m.name, f.\"from\"",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(fks[n].table, sizeof fks[n].table, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(fks[n].col, sizeof fks[n].col, "%s", (const char *)sqlite3_column_text(st, 1));
		fks[n].cascade = strcmp((const char *)sqlite3_column_text(st, 2), "CASCADE") == 0;
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* Rows of fk->table whose fk->col names a record in temp.yd_gone; rows that are themselves
 * going (a unit's parent, a child's guardian, in the same table) do not count. -1 on failure.
 * Writes the key of one referring row into example. */
static long count_refs(sqlite3 *db, const struct import_kind *k, const struct fk *fk, char *example, size_t size)
{
	const struct import_kind *rk = kind_of_table(fk->table);
	char *rkx = rk ? key_expr(rk, "") : sqlite3_mprintf("%s", fk->col);
	int self = strcmp(fk->table, k->table) == 0;
	char *sql = rkx ? sqlite3_mprintf("SELECT count(*), min(replace(%s, char(31), '/')) FROM main.%s WHERE %s IN "
					  "(SELECT k FROM temp.yd_gone)%s",
					  rkx, fk->table, fk->col, self ? " AND id NOT IN (SELECT k FROM temp.yd_gone)" : "")
			: NULL;
	sqlite3_stmt *st = NULL;
	long n = -1;
	if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
		const unsigned char *ex = sqlite3_column_text(st, 1);
		snprintf(example, size, "%s", ex ? (const char *)ex : "");
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sqlite3_free(rkx);
	return n;
}

/* Refuses (2) when rows of other tables, which would not go with them, refer to the records in
 * temp.yd_gone; says which. Counts the rows that would go with them in *cascaded. */
static int check_refs(sqlite3 *db, const struct import_kind *k, const char *path, FILE *out, long *cascaded)
{
	struct fk fks[32];
	int nfk = fks_to(db, k->table, fks, 32), rc = 0;
	if (nfk < 0) {
		store_report(db);
		return -1;
	}
	*cascaded = 0;
	for (int i = 0; i < nfk; i++) {
		char ex[256];
		long n = count_refs(db, k, &fks[i], ex, sizeof ex);
		if (n < 0) {
			store_report(db);
			return -1;
		}
		if (n == 0)
			continue;
		if (fks[i].cascade) {
			*cascaded += n;
			if (out && strcmp(fks[i].table, "activity_tags") != 0)
				fprintf(out, tr("  连同删除 %s %ld 条\n", "  with them, %2$ld %1$s records\n"), table_noun(fks[i].table), n);
			continue;
		}
		diag(path, 0, NULL,
		     tr("不能删除:仍有 %ld 条%s记录的“%s”是要删除的%s(如%s %s)。请先删除或改掉这些记录,"
			"或在同一个工作簿里一并替换它们",
			"cannot delete: %ld %s records still name, in \"%s\", the %s to be deleted (e.g. %s %s). "
			"Delete or change them first, or replace them in the same workbook"),
		     n, table_noun(fks[i].table), col_header(kind_of_table(fks[i].table), fks[i].col), table_noun(k->table),
		     table_noun(fks[i].table), ex);
		rc = 2;
	}
	return rc;
}

/* Lists the records in temp.yd_gone on out, key parts shown with '/'. */
static void list_gone(sqlite3 *db, const struct import_kind *k, FILE *out)
{
	sqlite3_stmt *st = NULL;
	if (out && sqlite3_prepare_v2(db, "SELECT replace(k, char(31), '/') FROM temp.yd_gone ORDER BY k", -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, tr("删除 %s %s\n", "deleted %s %s\n"), tr(k->alias, k->noun_en), (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Checks the references to the records in temp.yd_gone, lists them (and the rows that go with
 * them) on out, and deletes them from k's table; *deleted is how many went. 0, 2 or -1. */
static int delete_checked(sqlite3 *db, const struct import_kind *k, const char *path, FILE *out, long *deleted)
{
	long cascaded = 0;
	*deleted = 0;
	int rc = check_refs(db, k, path, NULL, &cascaded);
	if (rc != 0)
		return rc;
	list_gone(db, k, out);
	if (cascaded > 0 && out)
		check_refs(db, k, path, out, &cascaded);
	char *kx = key_expr(k, "");
	rc = kx ? exec_fmt(db, path, "DELETE FROM main.%s WHERE %s IN (SELECT k FROM temp.yd_gone)", k->table, kx) : -1;
	sqlite3_free(kx);
	*deleted = rc == 0 ? sqlite3_changes(db) : 0;
	return rc;
}

int import_prune_finish(sqlite3 *db, const struct import_kind *k, const char *path, FILE *out, long *deleted)
{
	*deleted = 0;
	int sj = import_prune_scope_col(k);
	char *kx = key_expr(k, "");
	if (!kx)
		return -1;
	int rc = exec_fmt(db, path,
			  "CREATE TEMP TABLE IF NOT EXISTS yd_gone (k TEXT PRIMARY KEY); DELETE FROM temp.yd_gone;"
			  "INSERT INTO temp.yd_gone SELECT %s FROM main.%s WHERE %s%s%s%s %s NOT IN (SELECT k FROM temp.yd_keep_%s)",
			  kx, k->table, sj >= 0 ? k->cols[sj].sql : "", sj >= 0 ? " IN (SELECT v FROM temp.yd_scope_" : "",
			  sj >= 0 ? k->table : "", sj >= 0 ? ") AND" : "", kx, k->table);
	sqlite3_free(kx);
	return rc == 0 ? delete_checked(db, k, path, out, deleted) : rc;
}

/* The kind's key is one id column: the only kinds `delete` takes by id. */
static int single_id(const struct import_kind *k)
{
	int n = 0;
	for (size_t j = 0; j < k->ncols; j++)
		n += (k->cols[j].flags & IMPORT_KEY) != 0;
	return n == 1 && (k->cols[0].flags & IMPORT_KEY) && strcmp(k->cols[0].sql, "id") == 0;
}

/* Reports the ids of temp.yd_gone that k's table does not have. Returns how many. */
static long report_missing(sqlite3 *db, const struct import_kind *k, const char *path)
{
	char *sql = sqlite3_mprintf("SELECT k FROM temp.yd_gone WHERE k NOT IN (SELECT id FROM main.%s) ORDER BY k", k->table);
	sqlite3_stmt *st = NULL;
	long n = 0;
	if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW && ++n)
			diag(path, 0, NULL, tr("没有这条%s记录:%s", "no such %s: %s"), tr(k->alias, k->noun_en),
			     (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return n;
}

int import_prune_ids(sqlite3 *db, const struct import_kind *k, char *const *ids, int n, FILE *out, long *deleted)
{
	const char *where = "yaodian";
	*deleted = 0;
	if (!single_id(k)) {
		diag(where, 0, "delete", tr("%s没有单独的编号,不能按编号删除;请用 import --replace 导入不含这些记录的文件",
					    "%s records have no single id to delete by; import a file without them with --replace"),
		     tr(k->alias, k->name));
		return 2;
	}
	if (exec_fmt(db, where, "CREATE TEMP TABLE IF NOT EXISTS yd_gone (k TEXT PRIMARY KEY); DELETE FROM temp.yd_gone;") < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (insert_text(db, "yd_gone", ids[i]) < 0)
			return -1;
	if (report_missing(db, k, where) > 0)
		return 2;
	return delete_checked(db, k, where, out, deleted);
}

int import_delete(sqlite3 *db, const char *kind, char *const *ids, int n, const struct import_opts *o, long *deleted)
{
	*deleted = 0;
	const struct import_kind *k = import_kind_find(kind);
	if (!k) {
		import_unknown_kind("yaodian", kind);
		return 2;
	}
	int rc = import_tx_begin(db, "yaodian");
	if (rc == 0) {
		rc = import_prune_ids(db, k, ids, n, o->listing, deleted);
		rc = import_tx_end(db, "yaodian", o, rc);
	}
	if (rc != 0)
		*deleted = 0;
	return rc;
}
