/* fuzz_xlsx.c — libFuzzer harness for the Excel workbook importer: the input is an .xlsx file,
 * imported whole (every sheet named after a kind, in one transaction) as `yaodian import --db
 * DB BOOK.xlsx` does, into an in-memory database holding the sample records (fuzz_sample_db).
 * The input's size picks the options, so that the corpus holds every mix: bit 0 --replace,
 * bit 1 --dry-run, bit 2 the language of the messages. The importer must fail only on its input
 * (2), never on the database (-1); a refused import or a dry run must leave the database's
 * digest as it was; an accepted import must leave it whole (integrity_check) with every
 * reference resolving (foreign_key_check), then the sample is copied back for the next input.
 * No transaction may stay open, and libxml2 may print nothing of its own: every XML problem is
 * the reader's to report (libxml2's default handler, which would print on stderr, aborts).
 *
 * LLVMFuzzerCustomMutator knows the zip container: most of the time it unpacks the workbook,
 * mutates the bytes of one member (LLVMFuzzerMutate) or drops, adds or renames a member, and
 * packs it again, so that the mutations reach the XML parts instead of dying on a CRC; an input
 * that is not a zip, or a repack that does not fit, gets the plain mutation. Run from the
 * repository root. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <zip.h>

#include "fuzz_common.h"
#include "import.h"
#include "lang.h"

static sqlite3 *sample, *db;
static uint64_t sample_digest;
static char path[320];

static void close_dbs(void)
{
	sqlite3_close(db);
	sqlite3_close(sample);
}

/* Makes db a copy of the sample database. */
static void restore(void)
{
	sqlite3_backup *bk = sqlite3_backup_init(db, "main", sample, "main");
	fuzz_require(bk && sqlite3_backup_step(bk, -1) == SQLITE_DONE && sqlite3_backup_finish(bk) == SQLITE_OK,
		     "cannot copy the sample database");
}

/* Whether the single-column PRAGMA sql answers exactly want (NULL: no rows at all). */
static int pragma_says(const char *sql, const char *want)
{
	sqlite3_stmt *st;
	fuzz_require(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "cannot prepare a PRAGMA");
	int rc = sqlite3_step(st), ok;
	if (!want)
		ok = rc == SQLITE_DONE;
	else
		ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), want) == 0 &&
		     sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

static void stray_xml_message(void *ctx, const char *msg, ...)
{
	va_list ap;
	(void)ctx;
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	fuzz_require(0, "libxml2 printed a message the reader did not catch");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_quiet();
	xmlSetGenericErrorFunc(NULL, stray_xml_message);
	sample = fuzz_sample_db();
	atexit(close_dbs);
	fuzz_require(sqlite3_open(":memory:", &db) == SQLITE_OK, "cannot open an in-memory database");
	fuzz_require(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK, "foreign keys");
	restore();
	sample_digest = fuzz_db_digest(db);
	fuzz_require(pragma_says("PRAGMA foreign_key_check", NULL), "the sample has dangling references");
	snprintf(path, sizeof path, "%s/book.xlsx", fuzz_scratch());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = {.replace = size & 1, .dry_run = size >> 1 & 1};
	lang_set(size & 4 ? LANG_EN : LANG_ZH);
	fuzz_write(path, data, size);
	struct import_sheet_stats sheets[IMPORT_NKINDS];
	size_t n = 0;
	int rc = import_xlsx_book(db, path, &o, sheets, &n);
	remove(path);
	fuzz_require(rc == 0 || rc == 2, "the importer failed on the database, not on its input");
	fuzz_require(n <= IMPORT_NKINDS, "more sheets imported than there are kinds");
	fuzz_require(sqlite3_get_autocommit(db), "the importer left a transaction open");
	if (rc != 0 || o.dry_run) {
		fuzz_require(fuzz_db_digest(db) == sample_digest, "a refused import or a dry run changed the database");
		return 0;
	}
	fuzz_require(pragma_says("PRAGMA integrity_check", "ok"), "an accepted import left the database damaged");
	fuzz_require(pragma_says("PRAGMA foreign_key_check", NULL), "an accepted import left a dangling reference");
	if (fuzz_db_digest(db) != sample_digest)
		restore();
	return 0;
}

/* ---- The structure-aware mutator ---- */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define MAX_MEMBERS 128
#define MAX_MEMBER  (1u << 20)

struct member {
	char *name;
	uint8_t *bytes;
	size_t len;
};

/* Reads the members of the zip in data into m (at most MAX_MEMBERS, each at most MAX_MEMBER
 * unpacked); *n is how many m holds (to free, whatever the outcome). Returns 0, or -1 when data
 * is not a zip that reads back whole. */
static int unpack(const uint8_t *data, size_t size, struct member *m, int *n)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	zip_error_fini(&ze);
	*n = 0;
	if (!z) {
		zip_source_free(src);
		return -1;
	}
	zip_int64_t count = zip_get_num_entries(z, 0);
	int ok = count >= 0 && count <= MAX_MEMBERS;
	for (zip_int64_t i = 0; ok && i < count; i++) {
		zip_stat_t st;
		zip_file_t *f;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > MAX_MEMBER ||
		    !(f = zip_fopen_index(z, (zip_uint64_t)i, 0))) {
			ok = 0;
			break;
		}
		struct member *e = &m[(*n)++];
		e->name = strdup(st.name);
		e->bytes = malloc(st.size + 1);
		e->len = (size_t)st.size;
		ok = e->name && e->bytes && zip_fread(f, e->bytes, st.size) == (zip_int64_t)st.size;
		zip_fclose(f);
	}
	zip_discard(z);
	return ok ? 0 : -1;
}

static void free_members(struct member *m, int n)
{
	for (int i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].bytes);
	}
}

/* Packs m[0..n) (NULL names left out) as a zip into out (room for max bytes). Returns its
 * size, or 0 when it cannot be made or does not fit. */
static size_t pack(const struct member *m, int n, uint8_t *out, size_t max)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!dst)
		return 0;
	zip_t *z = zip_open_from_source(dst, ZIP_TRUNCATE, NULL);
	int ok = z != NULL;
	zip_source_keep(dst);   /* the archive's reference goes with it; this one is ours */
	if (!z)
		zip_source_free(dst);   /* not taken by a failed open */
	for (int i = 0; ok && i < n; i++) {
		if (!m[i].name)
			continue;
		zip_source_t *s = zip_source_buffer(z, m[i].bytes, m[i].len, 0);
		ok = s && zip_file_add(z, m[i].name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) >= 0;
		if (!ok)
			zip_source_free(s);
	}
	if (z && (!ok || zip_close(z) < 0))
		zip_discard(z);
	size_t len = 0;
	zip_stat_t st;
	if (ok && zip_source_stat(dst, &st) == 0 && st.size <= max && zip_source_open(dst) == 0) {
		if (zip_source_read(dst, out, st.size) == (zip_int64_t)st.size)
			len = (size_t)st.size;
		zip_source_close(dst);
	}
	zip_source_free(dst);
	return len;
}

/* Mutates one member's bytes in place (room for twice its size and a little). 0 or -1. */
static int mutate_bytes(struct member *e)
{
	size_t cap = e->len * 2 + 64;
	uint8_t *b = realloc(e->bytes, cap);
	if (!b)
		return -1;
	e->bytes = b;
	e->len = LLVMFuzzerMutate(b, e->len, cap);
	return 0;
}

/* Gives member e another name: the name of another member or of a part the reader looks for,
 * or its own name mutated. 0 or -1. */
static int mutate_name(struct member *e, const char *other, unsigned r)
{
	static const char *const parts[] = {
		"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
		"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.bin",
	};
	char buf[256];
	if (r % 3 == 0)
		snprintf(buf, sizeof buf, "%s", other);
	else if (r % 3 == 1)
		snprintf(buf, sizeof buf, "%s", parts[r / 3 % (sizeof parts / sizeof parts[0])]);
	else {
		size_t n = strlen(e->name) < sizeof buf - 1 ? strlen(e->name) : sizeof buf - 1;
		memcpy(buf, e->name, n);
		n = LLVMFuzzerMutate((uint8_t *)buf, n, sizeof buf - 1);
		buf[n] = '\0';
		if (!buf[0] || strlen(buf) != n)
			return -1;
	}
	char *name = strdup(buf);
	if (!name)
		return -1;
	free(e->name);
	e->name = name;
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	struct member m[MAX_MEMBERS + 1];
	int n = 0;
	srand(seed);
	if (!LLVMFuzzerMutate)
		return size;
	if (rand() % 8 == 0 || unpack(data, size, m, &n) < 0) {   /* 1 in 8, or not a zip: plain */
		free_members(m, n);
		return LLVMFuzzerMutate(data, size, max_size);
	}
	int op = rand() % 10, rc = 0;
	int i = n ? rand() % n : 0, j = n ? rand() % n : 0;
	if (n == 0 || op == 7) {   /* add: a copy of a member (or an empty part) under another name */
		m[n] = (struct member){ strdup(n ? m[i].name : "xl/workbook.xml"), malloc(n ? m[i].len + 1 : 1), n ? m[i].len : 0 };
		if (!m[n].name || !m[n].bytes)
			rc = -1;
		else if (n)
			memcpy(m[n].bytes, m[i].bytes, m[i].len);
		i = n++;
		if (rc == 0)
			rc = mutate_name(&m[i], m[j].name, (unsigned)rand());
	} else if (op == 8) {      /* drop */
		free(m[i].name);
		m[i].name = NULL;
	} else if (op == 9) {      /* rename */
		rc = mutate_name(&m[i], m[j].name, (unsigned)rand());
	} else {
		rc = mutate_bytes(&m[i]);
	}
	size_t len = rc == 0 ? pack(m, n, data, max_size) : 0;
	free_members(m, n);
	return len ? len : LLVMFuzzerMutate(data, size, max_size);
}
