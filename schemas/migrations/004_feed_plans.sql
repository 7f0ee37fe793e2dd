-- 004_feed_plans.sql: feed state per plan. Each plan's items are tracked under its own id, so a
-- run with another plan's rules neither re-sequences nor cancels them; feed_plan names the one
-- plan whose feeds this database publishes (`calendar` refuses another unless --new-plan).
-- Rows written before this migration take their plan from their UID ('...@<plan>.yaodian').
CREATE TABLE feed_state_by_plan (
  plan_id       TEXT NOT NULL,      -- the plan{} id of the rules that published the item
  feed          TEXT NOT NULL,      -- the feed's file name, e.g. 'plan.ics'
  uid           TEXT NOT NULL,
  digest        TEXT NOT NULL,      -- of everything published for the item
  sequence      INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  created       TEXT NOT NULL,      -- UTC, YYYYMMDDTHHMMSSZ
  last_modified TEXT NOT NULL,      -- UTC, YYYYMMDDTHHMMSSZ (also the item's DTSTAMP)
  cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0,1)),
  start_date    TEXT NOT NULL,      -- the last published item, to re-publish it cancelled
  end_date      TEXT NOT NULL,
  summary       TEXT NOT NULL,
  description   TEXT,
  categories    TEXT,
  remind_days   INTEGER,
  UNIQUE (plan_id, feed, uid)
);  -- a rowid table: its rows (the description) are too large for WITHOUT ROWID to pay

INSERT INTO feed_state_by_plan
SELECT CASE WHEN tail LIKE '%.yaodian' THEN substr(tail, 1, length(tail) - 8) ELSE tail END,
       feed, uid, digest, sequence, created, last_modified, cancelled, start_date, end_date, summary,
       description, categories, remind_days
FROM (SELECT substr(uid, length(rtrim(uid, replace(uid, '@', ''))) + 1) AS tail, * FROM feed_state);

DROP TABLE feed_state;
ALTER TABLE feed_state_by_plan RENAME TO feed_state;

CREATE TABLE feed_plan (
  one      INTEGER PRIMARY KEY CHECK (one = 1),   -- a single row
  plan_id  TEXT NOT NULL,                         -- the plan whose feeds this database publishes
  since    TEXT NOT NULL                          -- UTC, YYYYMMDDTHHMMSSZ: when it became so
);
INSERT INTO feed_plan (one, plan_id, since)
SELECT 1, plan_id, last_modified FROM feed_state ORDER BY last_modified DESC, plan_id LIMIT 1;
