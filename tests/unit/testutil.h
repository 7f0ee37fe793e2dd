/* testutil.h — helpers shared by the cmocka tests: temporary directories, fresh databases,
 * writing small files and capturing diagnostics. Header-only; each test binary includes it once. */
#ifndef YAODIAN_TESTUTIL_H
#define YAODIAN_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "diag.h"
#include "store.h"

/* Makes a fresh directory under /tmp; the path is static storage per call site buffer. */
static inline void tu_tempdir(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/yaodian-test-XXXXXX");
	if (!mkdtemp(buf))
		abort();
}

static inline void tu_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static inline void tu_rmtree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
}

/* Creates dir/name as a migrated store; returns the read-write connection. */
static inline sqlite3 *tu_new_store(const char *dir, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	sqlite3 *db = NULL;
	if (store_open(path, STORE_CREATE, &db) < 0 || store_migrate(db, path, "schemas") < 0)
		abort();
	return db;
}

static inline void tu_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "SQL failed: %s\n%s\n", err, sql);
		abort();
	}
}

/* Diagnostics captured into a memory buffer between tu_capture_begin and tu_capture_end. */
struct tu_capture {
	char *buf;
	size_t len;
	FILE *mem, *old;
};

static inline void tu_capture_begin(struct tu_capture *c)
{
	c->buf = NULL;
	c->mem = open_memstream(&c->buf, &c->len);
	c->old = diag_set_stream(c->mem);
}

/* Returns the captured text (caller frees). */
static inline char *tu_capture_end(struct tu_capture *c)
{
	diag_set_stream(c->old);
	fclose(c->mem);
	return c->buf;
}

#endif
