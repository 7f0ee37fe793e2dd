/* store.h — the records database: opening, schema migrations, and the read-only connection
 * that rules query through. */
#ifndef YAODIAN_STORE_H
#define YAODIAN_STORE_H

#include <sqlite3.h>
#include <stddef.h>

enum store_mode {
	STORE_READWRITE,   /* existing database, for import */
	STORE_CREATE,      /* create if missing (mode 0600), for init */
	STORE_READONLY     /* existing database, opened read-only, for check and rules */
};

/* Opens path. The database must exist unless mode is STORE_CREATE. Sets WAL mode (read-write
 * modes), foreign keys and a busy timeout. For every mode but STORE_CREATE it also verifies that
 * the database is a yaodian store at a version this build knows. On failure prints a
 * diagnostic naming the file, leaves *out NULL and returns -1. */
int store_open(const char *path, enum store_mode mode, sqlite3 **out);

/* What the last failure on db means for the person at the keyboard, in the run's language, with
 * SQLite's own words after it: "数据库正被另一个程序使用…" for a lock held past the busy
 * timeout, read-only file, full disk, not a database, corrupt, I/O error. Written into buf. */
const char *store_explain(sqlite3 *db, char *buf, size_t size);

/* Reports the last failure on db as a diagnostic naming the database file (not the input file
 * being read): "records.db: 数据库正被另一个程序使用…". */
void store_report(sqlite3 *db);

/* Applies every migration in schema_dir/migrations/NNN_*.sql newer than PRAGMA user_version,
 * in order, each in its own transaction. Numbers may be skipped (migrations are numbered when
 * work starts, so a number whose work never landed leaves a gap). Returns the number applied, or -1 after a diagnostic
 * (a database newer than the newest migration is refused and left alone). */
int store_migrate(sqlite3 *db, const char *path, const char *schema_dir);

/* The newest schema version this build ships (the highest migration number it finds). */
int store_latest_version(const char *schema_dir);

/* PRAGMA user_version of db, or -1. */
int store_version(sqlite3 *db);

#endif
