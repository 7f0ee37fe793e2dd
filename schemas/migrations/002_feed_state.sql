-- 002_feed_state.sql: what each calendar feed last published, so that an item keeps its UID,
-- its SEQUENCE and LAST-MODIFIED go up only when it changes, and an item that disappears
-- (a rule withdrawn or re-scheduled) is published once more with STATUS:CANCELLED.
CREATE TABLE feed_state (
  feed          TEXT NOT NULL,      -- the feed's file name, e.g. 'plan.ics'
  uid           TEXT NOT NULL,
  digest        TEXT NOT NULL,      -- of everything published for the item
  sequence      INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  created       TEXT NOT NULL,      -- UTC, YYYYMMDDTHHMMSSZ
  last_modified TEXT NOT NULL,      -- UTC, YYYYMMDDTHHMMSSZ
  cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0,1)),
  start_date    TEXT NOT NULL,      -- the last published item, to re-publish it cancelled
  end_date      TEXT NOT NULL,
  summary       TEXT NOT NULL,
  description   TEXT,
  categories    TEXT,
  remind_days   INTEGER,
  PRIMARY KEY (feed, uid)
) WITHOUT ROWID;
