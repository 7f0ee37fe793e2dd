/* fuzz_common.h — what the fuzz harnesses share: a private scratch directory (removed at exit)
 * to write each input into, since the readers under test take paths, a sink for the
 * diagnostics bad input produces, and for the importers' harnesses the sample database and a
 * digest of what a database holds. */
#ifndef YAODIAN_FUZZ_COMMON_H
#define YAODIAN_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory, made on first call under $TMPDIR (or /tmp) and removed with
 * everything in it when the process exits. Aborts if it cannot be made. */
const char *fuzz_scratch(void);

/* Writes data[0..size) to path (replacing it). Aborts on failure: the harness cannot go on. */
void fuzz_write(const char *path, const uint8_t *data, size_t size);

/* Sends diagnostics to /dev/null and returns that stream (bad input is the normal case). */
FILE *fuzz_quiet(void);

/* Aborts with msg on stderr when ok is false: an invariant a harness checks (libFuzzer and the
 * regression driver both treat the abort as a crash). */
void fuzz_require(int ok, const char *msg);

/* A new in-memory database as `yaodian init` makes one (schemas/ applied, foreign keys on),
 * filled with the sample records of tests/sample, so that references resolve and updates meet
 * existing rows. Aborts when it cannot be made (run from the repository root). The caller
 * closes it. */
sqlite3 *fuzz_sample_db(void);

/* A digest of everything db holds: the schema (tables, indexes, triggers, views), and every
 * row of every table, as a sum of row hashes (so row order does not matter). Two databases
 * with the same digest hold, for the fuzzers' purposes, the same records. */
uint64_t fuzz_db_digest(sqlite3 *db);

#endif
