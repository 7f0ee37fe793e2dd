/* store.c — opening the records database and applying the schema migrations in schemas/. */
#include "store.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "lang.h"
#include "paths.h"
#include "slurp.h"

#define BUSY_TIMEOUT_MS 5000

/* A migration file name is NNN_something.sql; returns NNN or -1. */
static int migration_number(const char *name)
{
	size_t n = strlen(name);
	if (n < 9 || strcmp(name + n - 4, ".sql") != 0 || name[3] != '_')
		return -1;
	int v = 0;
	for (int i = 0; i < 3; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

/* Finds the migration file numbered want in dir; writes its path. Returns 0 or -1. */
static int migration_path(const char *dir, int want, char *out, size_t outlen)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int rc = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (migration_number(e->d_name) == want) {
			snprintf(out, outlen, "%s/%s", dir, e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(d);
	return rc;
}

int store_latest_version(const char *schema_dir)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/migrations", schema_dir);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int best = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		int v = migration_number(e->d_name);
		if (v > best)
			best = v;
	}
	closedir(d);
	return best;
}

int store_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Runs one migration file and sets user_version, all in one transaction. */
static int apply_one(sqlite3 *db, const char *dbpath, const char *file, int version)
{
	char *sql = slurp(file, NULL);
	if (!sql) {
		diag(file, 0, NULL, "%s", tr("无法读取迁移文件", "cannot read migration file"));
		return -1;
	}
	char *err = NULL;
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, pragma, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		diag(dbpath, 0, NULL, "%s %s: %s", tr("迁移失败", "migration failed"), file,
		     err ? err : sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_free(err);
	free(sql);
	return rc == SQLITE_OK ? 0 : -1;
}

int store_migrate(sqlite3 *db, const char *path, const char *schema_dir)
{
	char dir[4096], file[4352];
	snprintf(dir, sizeof dir, "%s/migrations", schema_dir);
	int latest = store_latest_version(schema_dir);
	int have = store_version(db);
	if (latest <= 0) {
		diag(dir, 0, NULL, "%s", tr("找不到数据库迁移文件", "no schema migrations found"));
		return -1;
	}
	if (have < 0) {
		diag(path, 0, NULL, "%s: %s", tr("不是 SQLite 数据库或已损坏", "not a SQLite database, or corrupt"),
		     sqlite3_errmsg(db));
		return -1;
	}
	if (have > latest) {
		diag(path, 0, NULL, tr("数据库版本 %d 比本程序支持的版本 %d 新,请升级 yaodian",
				       "database is at schema version %d, newer than this yaodian knows (%d); upgrade yaodian"),
		     have, latest);
		return -1;
	}
	int applied = 0;
	for (int v = have + 1; v <= latest; v++) {
		if (migration_path(dir, v, file, sizeof file) < 0) {
			diag(dir, 0, NULL, tr("缺少第 %d 号迁移文件", "migration %d is missing"), v);
			return -1;
		}
		if (apply_one(db, path, file, v) < 0)
			return -1;
		applied++;
	}
	return applied;
}

/* Checks that db is a yaodian store this build can read. */
static int verify_version(sqlite3 *db, const char *path)
{
	int have = store_version(db);
	int latest = store_latest_version(paths_data("schemas"));
	if (have < 0) {
		diag(path, 0, NULL, "%s: %s", tr("不是 SQLite 数据库或已损坏", "not a SQLite database, or corrupt"),
		     sqlite3_errmsg(db));
		return -1;
	}
	if (have == 0) {
		diag(path, 0, NULL, "%s", tr("不是 yaodian 数据库(请先运行 yaodian init)",
					     "not a yaodian database (run yaodian init first)"));
		return -1;
	}
	if (latest > 0 && have > latest) {
		diag(path, 0, NULL, tr("数据库版本 %d 比本程序支持的版本 %d 新,请升级 yaodian",
				       "database is at schema version %d, newer than this yaodian knows (%d); upgrade yaodian"),
		     have, latest);
		return -1;
	}
	if (latest > 0 && have < latest) {
		diag(path, 0, NULL, tr("数据库版本 %d 较旧,请运行 yaodian init 升级到 %d",
				       "database is at schema version %d; run yaodian init to upgrade it to %d"),
		     have, latest);
		return -1;
	}
	return 0;
}

/* Creates path with mode 0600 if it does not exist, so the records are the owner's only. */
static int create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd >= 0)
		return close(fd);
	return 0; /* exists already (or sqlite will report why not) */
}

static int configure(sqlite3 *db, enum store_mode mode)
{
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	const char *sql = mode == STORE_READONLY
				  ? "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"
				  : "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;";
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The explanation of a primary result code, or NULL when SQLite's own words will do. */
static const char *explain_code(int code)
{
	switch (code) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tr("数据库正被另一个程序使用,等待 5 秒后仍未释放。请关闭其他正在使用它的程序(或等其导入结束)后重试",
			  "the database is in use by another program and was not released within 5 seconds. Close the "
			  "other program (or let its import finish) and try again");
	case SQLITE_READONLY:
		return tr("数据库文件是只读的,不能写入(检查文件及所在文件夹的权限)",
			  "the database file is read-only (check the permissions of the file and its folder)");
	case SQLITE_FULL:
		return tr("磁盘已满,无法写入数据库(腾出空间后重试;数据库未改动)",
			  "the disk is full; the database cannot be written (free some space and try again; nothing was changed)");
	case SQLITE_NOTADB:
		return tr("不是 SQLite 数据库文件", "not a SQLite database file");
	case SQLITE_CORRUPT:
		return tr("数据库文件已损坏(请用备份恢复)", "the database file is damaged (restore it from a backup)");
	case SQLITE_IOERR:
		return tr("读写数据库文件出错(磁盘或文件系统故障)", "error reading or writing the database file (disk or file system)");
	case SQLITE_CANTOPEN:
		return tr("无法打开数据库文件", "cannot open the database file");
	case SQLITE_NOMEM:
		return tr("内存不足", "out of memory");
	default:
		return NULL;
	}
}

const char *store_explain(sqlite3 *db, char *buf, size_t size)
{
	int code = sqlite3_errcode(db) & 0xFF;
	const char *why = explain_code(code);
	if (why)
		snprintf(buf, size, "%s(SQLite: %s)", why, sqlite3_errmsg(db));
	else
		snprintf(buf, size, "%s: %s", tr("数据库错误", "database error"), sqlite3_errmsg(db));
	return buf;
}

void store_report(sqlite3 *db)
{
	char why[512];
	const char *file = sqlite3_db_filename(db, "main");
	diag(file && *file ? file : "yaodian", 0, NULL, "%s", store_explain(db, why, sizeof why));
}

int store_open(const char *path, enum store_mode mode, sqlite3 **out)
{
	*out = NULL;
	struct stat st;
	if (mode != STORE_CREATE && stat(path, &st) != 0) {
		diag(path, 0, NULL, "%s", tr("数据库不存在(请先运行 yaodian init)",
					     "database does not exist (run yaodian init first)"));
		return -1;
	}
	if (mode == STORE_CREATE)
		create_private(path);
	int flags = mode == STORE_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc == SQLITE_OK)
		rc = configure(db, mode);
	if (rc != SQLITE_OK) {
		char why[512];
		if (db)
			store_explain(db, why, sizeof why);
		else
			snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
		diag(path, 0, NULL, "%s: %s", tr("无法打开数据库", "cannot open database"), why);
		sqlite3_close(db);
		return -1;
	}
	if (mode != STORE_CREATE && verify_version(db, path) < 0) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}
