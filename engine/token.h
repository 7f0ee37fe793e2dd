/* token.h — the secret addresses of the unit feeds: each unit's feed is served under
 * /feeds/unit-<token>.ics, where the token is 160 random bits (getrandom) in hex. The database
 * keeps only the token's SHA-256 (nettle), in unit_tokens (schemas/migrations/005). */
#ifndef YAODIAN_TOKEN_H
#define YAODIAN_TOKEN_H

#include <stddef.h>

#include <sqlite3.h>

#define TOKEN_LEN  40   /* hex digits of a token */
#define TOKEN_HASH_LEN 64   /* hex digits of its SHA-256 */

/* SHA-256 of the len bytes at data, in lower-case hex, into out. */
void token_sha256_hex(const void *data, size_t len, char out[TOKEN_HASH_LEN + 1]);

/* Issues a token for unit on db (read-write): a new one when the unit has none, or when rotate
 * is set (the old one stops working). The token is written to out. Returns 1 when a token was
 * issued, 0 when the unit already has one and rotate is not set (the database keeps only its
 * hash, so it cannot be shown again; out is left empty), -1 after a diagnostic (no such unit,
 * no randomness, database error). */
int token_issue(sqlite3 *db, const char *dbpath, const char *unit, int rotate, char out[TOKEN_LEN + 1]);

/* Whether s has the shape of a token (TOKEN_LEN lower-case hex digits). */
int token_well_formed(const char *s);

#endif
