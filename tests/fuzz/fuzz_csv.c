/* fuzz_csv.c — libFuzzer harness for the CSV importer. The input's first line names the record
 * kind (English or Chinese; a trailing '!' asks for --replace), the rest is the CSV file. The
 * database is in memory, made from schemas/ and filled once with the sample records of
 * tests/sample (so that references resolve and updates meet existing rows); each input is
 * imported as a dry run, which rolls back, so every input meets the same records. Run from the
 * repository root. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "import.h"
#include "lang.h"
#include "store.h"

static sqlite3 *db;
static char path[320];

static long count_rows(void)
{
	sqlite3_stmt *st;
	long n = -1;
	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM activities)"
				   " + (SELECT count(*) FROM people)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void close_db(void)
{
	sqlite3_close(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet();
	fuzz_require(sqlite3_open(":memory:", &db) == SQLITE_OK, "cannot open an in-memory database");
	atexit(close_db);
	fuzz_require(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK, "foreign keys");
	fuzz_require(store_migrate(db, ":memory:", "schemas") > 0, "cannot apply schemas/ (run from the repository root)");
	for (const char *const *k = import_kinds(); *k; k++) {
		char sample[128];
		struct import_stats st = {0};
		snprintf(sample, sizeof sample, "tests/sample/%s.csv", *k);
		fuzz_require(import_csv(db, *k, sample, &st) == 0, "cannot import tests/sample");
	}
	snprintf(path, sizeof path, "%s/records.csv", fuzz_scratch());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl || nl - data > 64)
		return 0;
	char kind[72];
	size_t klen = (size_t)(nl - data);
	memcpy(kind, data, klen);
	kind[klen] = '\0';
	struct import_opts o = {.dry_run = 1};
	if (klen && kind[klen - 1] == '!')
		o.replace = 1, kind[klen - 1] = '\0';
	if (!import_kind_name(kind))
		return 0;
	lang_set(klen % 2 ? LANG_EN : LANG_ZH);
	fuzz_write(path, nl + 1, size - klen - 1);
	long before = count_rows();
	struct import_stats st = {0};
	int rc = import_csv_opts(db, kind, path, &o, &st);
	fuzz_require(rc == 0 || rc == 2, "the importer failed on the database, not on its input");
	fuzz_require(count_rows() == before, "a dry run changed the records");
	fuzz_require(sqlite3_get_autocommit(db), "the importer left a transaction open");
	return 0;
}
