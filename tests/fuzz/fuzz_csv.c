/* fuzz_csv.c — libFuzzer harness for the CSV importer. The input's first line names the record
 * kind (English or Chinese; a trailing '!' asks for --replace), the rest is the CSV file. The
 * database is in memory, made from schemas/ and filled once with the sample records of
 * tests/sample (fuzz_sample_db); each input is imported as a dry run, which rolls back, so every
 * input meets the same records, and the database's digest must stay what it was. Run from the
 * repository root. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "import.h"
#include "lang.h"

static sqlite3 *db;
static uint64_t sample_digest;
static char path[320];

static void close_db(void)
{
	sqlite3_close(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet();
	db = fuzz_sample_db();
	atexit(close_db);
	sample_digest = fuzz_db_digest(db);
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
	struct import_stats st = {0};
	int rc = import_csv_opts(db, kind, path, &o, &st);
	fuzz_require(rc == 0 || rc == 2, "the importer failed on the database, not on its input");
	fuzz_require(fuzz_db_digest(db) == sample_digest, "a dry run changed the records");
	fuzz_require(sqlite3_get_autocommit(db), "the importer left a transaction open");
	return 0;
}
