-- 003_history.sql: checks saved with `yaodian check --save`, so that `yaodian history` can show
-- each period's scores over time and `yaodian diff` can say what changed between two runs.
-- A run keeps what identifies it (period, as-of date, the rules' and config's hashes) and what
-- it found; findings keep ids and counts only, never a person's name, as the reports do.
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,  -- the run id `history` and `diff` name
  saved_at    TEXT NOT NULL,        -- UTC, YYYY-MM-DDTHH:MM:SSZ
  period      TEXT NOT NULL,        -- normalised label, e.g. '2020Q2'
  period_from TEXT NOT NULL,
  period_to   TEXT NOT NULL,
  as_of       TEXT NOT NULL,
  unit_id     TEXT,                 -- the --unit checked, or NULL for every unit
  plan_id     TEXT,
  rules_hash  TEXT NOT NULL,        -- the rule set's FNV-1a 64 hash in hex (findings.rules_hash)
  config_hash TEXT,                 -- FNV-1a 64 of the --config file's bytes, or NULL
  lang        TEXT NOT NULL         -- 'zh' or 'en': the language of the messages
);
CREATE INDEX runs_period ON runs(period, id);

CREATE TABLE run_findings (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,     -- the finding's place in the check's output
  rule_id     TEXT NOT NULL,
  unit_id     TEXT,                 -- NULL for a broken rule file
  window_from TEXT NOT NULL,
  window_to   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pass','fail','pending','not_applicable','waived','error')),
  message     TEXT,
  evidence    TEXT,                 -- record refs 'table:id', ';'-separated
  waiver_id   TEXT,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE run_scores (
  run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  unit_id   TEXT NOT NULL,
  unit_name TEXT,
  score     REAL,                   -- out of 100, one decimal; NULL when nothing was judged
  earned    REAL NOT NULL,
  available REAL NOT NULL,
  PRIMARY KEY (run_id, unit_id)
) WITHOUT ROWID;
