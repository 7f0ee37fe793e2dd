-- 005_unit_tokens.sql: the secret each unit's calendar feed is served under by `yaodian serve`
-- (/feeds/unit-<token>.ics). A unit feed carries an internal assessment, so its address must not
-- be guessable. Only a hash of the token is kept: a copy of the database does not give the
-- addresses away. `yaodian token --unit U` issues one (and --rotate replaces it).
CREATE TABLE unit_tokens (
  unit_id    TEXT PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
  hash       TEXT NOT NULL UNIQUE,  -- SHA-256 of the token, lower-case hex
  created_at TEXT NOT NULL          -- UTC, YYYY-MM-DDTHH:MM:SSZ
) WITHOUT ROWID;
