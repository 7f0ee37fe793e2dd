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

-- Words the plan uses that the records could not say: the theme education's and 祖国好、家乡美's
-- own tags (rules match the tag first, keywords second), 图片 among the ways information is
-- sent (通过文件、图片、简报等方式), and the 考核 and 奖惩 documents offices keep (同奖惩).
INSERT OR IGNORE INTO vocab(field, value) VALUES
  ('activity_tag','传承红色基因'), ('activity_tag','祖国好家乡美'), ('activity_tag','专家讲座'),
  ('document_kind','图片'), ('document_kind','考核'), ('document_kind','奖惩');
