/* token.c — issuing and hashing the unit feeds' secret tokens (see token.h). */
#include "token.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <nettle/sha2.h>

#include "diag.h"
#include "lang.h"

#define TOKEN_BYTES (TOKEN_LEN / 2)

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void token_sha256_hex(const void *data, size_t len, char out[TOKEN_HASH_LEN + 1])
{
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof d, d);
	hex(d, sizeof d, out);
}

int token_well_formed(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == TOKEN_LEN && s[n] == '\0';
}

/* TOKEN_BYTES bytes from the kernel's CSPRNG as hex into out. Returns 0 or -1 (errno set). */
static int random_token(char out[TOKEN_LEN + 1])
{
	unsigned char b[TOKEN_BYTES];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t k = getrandom(b + got, sizeof b - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		got += (size_t)k;
	}
	hex(b, sizeof b, out);
	return 0;
}

/* 1 when the query with unit bound as ?1 returns a row, 0 when not, -1 on error. */
static int exists(sqlite3 *db, const char *sql, const char *unit)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int store_hash(sqlite3 *db, const char *unit, const char *hash)
{
	char now[24];
	time_t t = time(NULL);
	struct tm tm;
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO unit_tokens(unit_id, hash, created_at) VALUES (?1, ?2, ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int token_issue(sqlite3 *db, const char *dbpath, const char *unit, int rotate, char out[TOKEN_LEN + 1])
{
	out[0] = '\0';
	int u = exists(db, "SELECT 1 FROM units WHERE id = ?1", unit);
	int t = u == 1 ? exists(db, "SELECT 1 FROM unit_tokens WHERE unit_id = ?1", unit) : u;
	if (u < 0 || t < 0) {
		diag(dbpath, 0, NULL, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (u == 0) {
		diag(dbpath, 0, "--unit", "%s: %s", tr("没有这个单位", "no such unit"), unit);
		return -1;
	}
	if (t == 1 && !rotate)
		return 0;
	char hash[TOKEN_HASH_LEN + 1];
	if (random_token(out) < 0) {
		diag("getrandom", 0, NULL, "%s", strerror(errno));
		return -1;
	}
	token_sha256_hex(out, TOKEN_LEN, hash);
	if (store_hash(db, unit, hash) < 0) {
		diag(dbpath, 0, NULL, "%s", sqlite3_errmsg(db));
		out[0] = '\0';
		return -1;
	}
	return 1;
}
