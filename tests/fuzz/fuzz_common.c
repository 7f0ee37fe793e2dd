/* fuzz_common.c — scratch directory, input files, the diagnostics sink, the sample database and
 * the database digest of the fuzz harnesses. */
#define _XOPEN_SOURCE 700
#include "fuzz_common.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "import.h"
#include "store.h"

static char scratch[256];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void scratch_cleanup(void)
{
	if (scratch[0])
		nftw(scratch, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_scratch(void)
{
	if (scratch[0])
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/yaodian-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch)) {
		perror(scratch);
		abort();
	}
	atexit(scratch_cleanup);
	return scratch;
}

void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

FILE *fuzz_quiet(void)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	fuzz_require(null != NULL, "cannot open /dev/null");
	diag_set_stream(null);
	return null;
}

void fuzz_require(int ok, const char *msg)
{
	if (!ok) {
		fprintf(stderr, "fuzz invariant broken: %s\n", msg);
		abort();
	}
}

sqlite3 *fuzz_sample_db(void)
{
	sqlite3 *db;
	fuzz_require(sqlite3_open(":memory:", &db) == SQLITE_OK, "cannot open an in-memory database");
	fuzz_require(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK, "foreign keys");
	fuzz_require(store_migrate(db, ":memory:", "schemas") > 0, "cannot apply schemas/ (run from the repository root)");
	for (const char *const *k = import_kinds(); *k; k++) {
		char sample[128];
		struct import_stats st = {0};
		snprintf(sample, sizeof sample, "tests/sample/%s.csv", *k);
		fuzz_require(import_csv(db, *k, sample, &st) == 0, "cannot import tests/sample");
	}
	return db;
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* The sum of the hashes of the rows sql yields (each row: every column's type and bytes). */
static uint64_t digest_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	uint64_t sum = 0;
	int rc;
	fuzz_require(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "digest: cannot prepare a query");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t h = 0xcbf29ce484222325ULL;
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			unsigned char type = (unsigned char)sqlite3_column_type(st, i);
			const void *v = sqlite3_column_blob(st, i);
			h = fnv(h, &type, 1);
			h = fnv(h, v, v ? (size_t)sqlite3_column_bytes(st, i) : 0);
			h = fnv(h, "\x1f", 1);
		}
		sum += h;
	}
	fuzz_require(rc == SQLITE_DONE, "digest: a query failed");
	sqlite3_finalize(st);
	return sum;
}

uint64_t fuzz_db_digest(sqlite3 *db)
{
	uint64_t d = digest_rows(db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema");
	sqlite3_stmt *st;
	int rc;
	fuzz_require(sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
					-1, &st, NULL) == SQLITE_OK, "digest: cannot list the tables");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"", name);
		fuzz_require(sql != NULL, "digest: out of memory");
		d = fnv(d, name, strlen(name)) + digest_rows(db, sql);
		sqlite3_free(sql);
	}
	fuzz_require(rc == SQLITE_DONE, "digest: cannot list the tables");
	sqlite3_finalize(st);
	return d;
}
