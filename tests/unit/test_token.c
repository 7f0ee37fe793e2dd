/* test_token.c — the unit feeds' secret tokens: SHA-256 against known vectors, the token's
 * shape, issuing (once, refused again without rotate, replaced with it, unknown units), and
 * the server's snapshot finding a feed by token only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_snap.h"
#include "token.h"
#include "testutil.h"

static void sha256_known_vectors(void **state)
{
	(void)state;
	char h[TOKEN_HASH_LEN + 1];
	token_sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	token_sha256_hex("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void token_shape(void **state)
{
	(void)state;
	assert_true(token_well_formed("0123456789abcdef0123456789abcdef01234567"));
	assert_false(token_well_formed("0123456789abcdef0123456789abcdef0123456"));     /* 39 */
	assert_false(token_well_formed("0123456789abcdef0123456789abcdef012345678"));   /* 41 */
	assert_false(token_well_formed("0123456789ABCDEF0123456789abcdef01234567"));
	assert_false(token_well_formed("0123456789abcdef0123456789abcdef0123456g"));
	assert_false(token_well_formed(""));
}

static char *stored_hash(sqlite3 *db, const char *unit)
{
	sqlite3_stmt *st;
	char *v = NULL;
	if (sqlite3_prepare_v2(db, "SELECT hash FROM unit_tokens WHERE unit_id = ?1", -1, &st, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void issue_rotate_refuse(void **state)
{
	(void)state;
	char dir[64], path[256], tok[TOKEN_LEN + 1], tok2[TOKEN_LEN + 1], h[TOKEN_HASH_LEN + 1];
	tu_tempdir(dir, sizeof dir);
	sqlite3 *db = tu_new_store(dir, "t.db", path, sizeof path);
	tu_exec(db, "INSERT INTO units(id, name) VALUES ('U1', 'one'), ('U2', 'two')");

	assert_int_equal(token_issue(db, path, "U1", 0, tok), 1);
	assert_true(token_well_formed(tok));
	char *stored = stored_hash(db, "U1");
	token_sha256_hex(tok, strlen(tok), h);
	assert_non_null(stored);
	assert_string_equal(stored, h);          /* the hash is kept, not the token */
	assert_null(strstr(stored, tok));

	assert_int_equal(token_issue(db, path, "U1", 0, tok2), 0);   /* has one: not shown again */
	assert_string_equal(tok2, "");
	char *again = stored_hash(db, "U1");
	assert_string_equal(again, stored);
	free(again);

	assert_int_equal(token_issue(db, path, "U1", 1, tok2), 1);   /* rotate */
	assert_string_not_equal(tok2, tok);
	again = stored_hash(db, "U1");
	token_sha256_hex(tok2, strlen(tok2), h);
	assert_string_equal(again, h);
	free(again);
	free(stored);

	assert_int_equal(token_issue(db, path, "U2", 0, tok), 1);    /* another unit: its own */
	assert_string_not_equal(tok, tok2);

	struct tu_capture c;
	tu_capture_begin(&c);
	assert_int_equal(token_issue(db, path, "NOPE", 1, tok), -1);
	char *diags = tu_capture_end(&c);
	assert_non_null(strstr(diags, "NOPE"));
	assert_string_equal(tok, "");
	free(diags);
	assert_null(stored_hash(db, "NOPE"));

	sqlite3_close(db);
	tu_rmtree(dir);
}

/* A snapshot holding one unit feed finds it by its token and by nothing else. */
static void snapshot_by_token(void **state)
{
	(void)state;
	const char *token = "00112233445566778899aabbccddeeff00112233";
	struct snap *s = calloc(1, sizeof *s);
	atomic_init(&s->refs, 1);
	s->files = calloc(1, sizeof *s->files);
	s->n_files = s->cap_files = 1;
	s->files[0].name = strdup("unit-U1.ics");
	s->files[0].body = strdup("BEGIN:VCALENDAR");
	s->tokens = calloc(1, sizeof *s->tokens);
	s->n_tokens = s->cap_tokens = 1;
	token_sha256_hex(token, strlen(token), s->tokens[0].hash);
	s->tokens[0].unit_id = strdup("U1");
	s->tokens[0].file = 0;

	const char *unit = NULL;
	const struct snap_file *f = snap_unit_feed(s, token, &unit);
	assert_ptr_equal(f, &s->files[0]);
	assert_string_equal(unit, "U1");
	assert_null(snap_unit_feed(s, "00112233445566778899aabbccddeeff00112234", &unit));
	assert_null(snap_unit_feed(s, s->tokens[0].hash, &unit));   /* the hash is no key */
	assert_null(snap_unit_feed(s, "U1", &unit));
	assert_ptr_equal(snap_find(s, "unit-U1.ics"), &s->files[0]);
	snap_ref(s);
	snap_unref(s);
	assert_int_equal(atomic_load(&s->refs), 1);
	snap_unref(s);   /* frees it all (the sanitizer build checks) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_known_vectors),
		cmocka_unit_test(token_shape),
		cmocka_unit_test(issue_rotate_refuse),
		cmocka_unit_test(snapshot_by_token),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
