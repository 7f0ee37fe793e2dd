-- 007_self_assessments.sql: self-assessments (自评), for what records cannot show (思想性、趣味性、
-- 实践性; 五个建设; 党建带关建机制; 借鉴创新 …). As 考核 works in practice, a unit writes one per
-- obligation of the plan (rules/obligations-*.tsv) and someone approves it; the obligation's
-- rule passes on an approved one dated in its window and says that its basis is a
-- self-assessment, not records. Reports list such verdicts apart for a reviewer to read.
CREATE TABLE self_assessments (
  id            TEXT PRIMARY KEY,
  unit_id       TEXT NOT NULL REFERENCES units(id),
  obligation    TEXT NOT NULL CHECK (length(obligation) > 0),  -- an obligation id, e.g. 1.2.2
  date          TEXT NOT NULL,                                 -- when it was written
  text          TEXT NOT NULL CHECK (length(text) > 0),        -- what the unit says it did
  evidence      TEXT,                                          -- where the proof is kept
  approved_by   TEXT                                           -- who approved it; NULL: not yet
);
CREATE INDEX self_assessments_unit ON self_assessments(unit_id, obligation, date);
