/* test_store.c — opening the records database, migrations, version checks, bad files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang.h"
#include "store.h"
#include "testutil.h"

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void init_creates_private_store(void **state)
{
	(void)state;
	char dir[64], path[256];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "r.db", path, sizeof path);
	int latest = store_latest_version("schemas");
	assert_int_equal(latest, 7);   /* 001 records, 002 feed state, 003 history, 004 feed state per plan, 005 unit tokens, 006 rule indexes, 007 self-assessments */
	assert_int_equal(store_version(db), latest);
	assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('runs', 'run_findings', 'run_scores')"), 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'unit_tokens'"), 1);
	assert_true(query_int(db, "SELECT count(*) FROM vocab WHERE field = 'agenda_kind'") == 5);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Running the migrations again applies nothing and changes nothing. */
	assert_int_equal(store_migrate(db, path, "schemas"), 0);
	assert_int_equal(store_version(db), latest);
	sqlite3_close(db);
	/* Reopened: WAL journal, and the read-only mode refuses writes. */
	assert_int_equal(store_open(path, STORE_READWRITE, &db), 0);
	sqlite3_stmt *st2;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st2, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st2), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st2, 0), "wal");
	sqlite3_finalize(st2);
	sqlite3_close(db);
	assert_int_equal(store_open(path, STORE_READONLY, &db), 0);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO units(id, name) VALUES ('X', 'x')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM units"), 0);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* store_open on path must fail with a diagnostic containing want. */
static void expect_refused(const char *path, enum store_mode mode, const char *want)
{
	struct tu_capture cap;
	sqlite3 *db = (sqlite3 *)1;
	tu_capture_begin(&cap);
	assert_int_equal(store_open(path, mode, &db), -1);
	char *text = tu_capture_end(&cap);
	assert_null(db);
	assert_non_null(strstr(text, path));
	if (!strstr(text, want))
		fail_msg("diagnostic '%s' lacks '%s'", text, want);
	free(text);
}

static void bad_databases_refused(void **state)
{
	(void)state;
	lang_set(LANG_EN);
	char dir[64], path[256], garbage[300], plain[300], missing[300];
	tu_tempdir(dir, sizeof dir);
	snprintf(missing, sizeof missing, "%s/none.db", dir);
	expect_refused(missing, STORE_READONLY, "does not exist");
	expect_refused(missing, STORE_READWRITE, "does not exist");

	snprintf(garbage, sizeof garbage, "%s/garbage.db", dir);
	tu_write(dir, "garbage.db", "this is not a database, just some text that is long enough to look like a header..........");
	expect_refused(garbage, STORE_READONLY, "not a");

	sqlite3 *db;
	snprintf(plain, sizeof plain, "%s/plain.db", dir);
	assert_int_equal(sqlite3_open(plain, &db), SQLITE_OK);
	tu_exec(db, "CREATE TABLE t(x)");
	sqlite3_close(db);
	expect_refused(plain, STORE_READONLY, "not a yaodian database");

	db = tu_new_store(dir, "new.db", path, sizeof path);
	tu_exec(db, "PRAGMA user_version = 99");
	sqlite3_close(db);
	expect_refused(path, STORE_READONLY, "newer");
	/* init refuses it too, and leaves it alone. */
	assert_int_equal(store_open(path, STORE_CREATE, &db), 0);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(store_migrate(db, path, "schemas"), -1);
	free(tu_capture_end(&cap));
	assert_int_equal(store_version(db), 99);
	sqlite3_close(db);
	lang_set(LANG_ZH);
	tu_rmtree(dir);
}

/* A migration that fails half-way leaves the database at its old version. */
static void failed_migration_rolls_back(void **state)
{
	(void)state;
	char dir[64], schemas[128], mig[160], path[256];
	tu_tempdir(dir, sizeof dir);
	snprintf(schemas, sizeof schemas, "%s/schemas", dir);
	snprintf(mig, sizeof mig, "%s/migrations", schemas);
	assert_int_equal(mkdir(schemas, 0700), 0);
	assert_int_equal(mkdir(mig, 0700), 0);
	tu_write(mig, "001_a.sql", "CREATE TABLE a(x);");
	tu_write(mig, "002_b.sql", "CREATE TABLE b(x); CREATE TABLE a(y);");   /* a exists: fails */
	snprintf(path, sizeof path, "%s/m.db", dir);
	sqlite3 *db;
	assert_int_equal(store_open(path, STORE_CREATE, &db), 0);
	struct tu_capture cap;
	tu_capture_begin(&cap);
	assert_int_equal(store_migrate(db, path, schemas), -1);
	char *text = tu_capture_end(&cap);
	assert_non_null(strstr(text, "002_b.sql"));
	free(text);
	assert_int_equal(store_version(db), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'b'"), 0);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* A number nobody used is skipped: 001 and 003 are applied, the database ends at version 3. */
/* A missing migration below the latest is an installation fault: refused, never skipped (a
 * database that skipped one would never get it). */
static void migration_gap_refused(void **state)
{
	(void)state;
	char dir[64], schemas[128], mig[160], path[256];
	tu_tempdir(dir, sizeof dir);
	snprintf(schemas, sizeof schemas, "%s/schemas", dir);
	snprintf(mig, sizeof mig, "%s/migrations", schemas);
	assert_int_equal(mkdir(schemas, 0700), 0);
	assert_int_equal(mkdir(mig, 0700), 0);
	tu_write(mig, "001_a.sql", "CREATE TABLE a(x);");
	tu_write(mig, "003_c.sql", "CREATE TABLE c(x);");
	snprintf(path, sizeof path, "%s/g.db", dir);
	sqlite3 *db;
	assert_int_equal(store_open(path, STORE_CREATE, &db), 0);
	assert_int_equal(store_migrate(db, path, schemas), -1);
	assert_true(store_version(db) < 3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'"), 0);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* What each kind of database trouble is called: a full disk (max_page_count reached), a lock
 * held by another connection, a read-only connection, in Chinese and in English. */
static void failures_explained(void **state)
{
	(void)state;
	sqlite3 *db, *other;
	char buf[512];
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); PRAGMA max_page_count = 3;", NULL, NULL, NULL), SQLITE_OK);
	int rc = SQLITE_OK;
	for (int i = 0; i < 200 && rc == SQLITE_OK; i++)
		rc = sqlite3_exec(db, "INSERT INTO t VALUES (randomblob(1000))", NULL, NULL, NULL);
	assert_int_equal(rc, SQLITE_FULL);
	assert_non_null(strstr(store_explain(db, buf, sizeof buf), "磁盘已满"));
	lang_set(LANG_EN);
	assert_non_null(strstr(store_explain(db, buf, sizeof buf), "the disk is full"));
	lang_set(LANG_ZH);
	sqlite3_close(db);

	char dir[] = "/tmp/yaodian-store.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/l.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); BEGIN IMMEDIATE;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_BUSY);
	assert_non_null(strstr(store_explain(other, buf, sizeof buf), "数据库正被另一个程序使用"));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	assert_int_equal(sqlite3_open_v2(path, &other, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(other, "INSERT INTO t VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(store_explain(other, buf, sizeof buf), "数据库文件是只读的"));
	sqlite3_close(other);
	sqlite3_close(db);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_creates_private_store),
		cmocka_unit_test(bad_databases_refused),
		cmocka_unit_test(failed_migration_rolls_back),
		cmocka_unit_test(migration_gap_refused),
		cmocka_unit_test(failures_explained),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
