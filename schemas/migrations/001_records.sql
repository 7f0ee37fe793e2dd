-- 001_records.sql: the records a 关工委 office keeps, version 1.
-- Applied by `yaodian init` inside one transaction; PRAGMA user_version is set by the engine.
-- Dates are ISO 8601 text (YYYY-MM-DD). Money is integer fen (分). Flags are 0/1.
-- Children's personal data: no ID-card numbers are stored anywhere, and the rules' read-only
-- connection cannot read people.name (the engine's authorizer hides it).

-- Controlled vocabularies: every enumerated field is checked against this table on import,
-- so a new kind of activity or document is a row here, not a code change.
CREATE TABLE vocab (
  field TEXT NOT NULL,            -- e.g. 'activity_tag', 'document_kind'
  value TEXT NOT NULL,
  PRIMARY KEY (field, value)
) WITHOUT ROWID;

CREATE TABLE units (
  id     TEXT PRIMARY KEY,        -- short code the office uses, e.g. 'SJ-BGS'
  name   TEXT NOT NULL,
  kind   TEXT,                    -- 科室 / 直属事业单位 / 局机关
  parent TEXT REFERENCES units(id)
);

-- Headcounts per unit and year: the denominator of the 30% retiree rule (一、3).
CREATE TABLE unit_years (
  unit_id  TEXT NOT NULL REFERENCES units(id),
  year     INTEGER NOT NULL,
  retirees INTEGER NOT NULL CHECK (retirees >= 0),
  staff    INTEGER CHECK (staff >= 0),
  PRIMARY KEY (unit_id, year)
);

CREATE TABLE people (
  id            TEXT PRIMARY KEY,
  unit_id       TEXT NOT NULL REFERENCES units(id),
  name          TEXT,             -- never printed by any report, finding or feed
  category      TEXT NOT NULL,    -- vocab 'person_category': 在职 退休 职工子女 联系点儿童
  wulao         TEXT,             -- vocab 'wulao': 老干部 老战士 老专家 老教师 老模范 (retirees)
  birth_year    INTEGER,
  guardian_id   TEXT REFERENCES people(id),   -- staff parent of a staff child
  contact_point TEXT,             -- 农村联系点 / 联系社区 of a contact-point child
  left_behind   INTEGER NOT NULL DEFAULT 0 CHECK (left_behind IN (0,1)),  -- 留守
  in_hardship   INTEGER NOT NULL DEFAULT 0 CHECK (in_hardship IN (0,1)),  -- 困境
  poor          INTEGER NOT NULL DEFAULT 0 CHECK (poor IN (0,1)),         -- 贫困
  orphan        INTEGER NOT NULL DEFAULT 0 CHECK (orphan IN (0,1)),       -- 孤
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),     -- 残
  note          TEXT
);
CREATE INDEX people_unit ON people(unit_id, category);

CREATE TABLE activities (
  id         TEXT PRIMARY KEY,
  unit_id    TEXT NOT NULL REFERENCES units(id),
  title      TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT NOT NULL CHECK (end_date >= start_date),
  theme      TEXT,                -- 主题
  slogan     TEXT,                -- 口号
  place      TEXT,                -- 地点 or 教育基地
  children   INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0),
  retirees   INTEGER NOT NULL DEFAULT 0 CHECK (retirees >= 0),
  staff      INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
  evidence   TEXT,                -- photos, files: paths or archive numbers, ';'-separated
  note       TEXT
);
CREATE INDEX activities_unit_date ON activities(unit_id, start_date);

-- An activity's kinds: festival (春节 六一 中秋 国庆), 十个一, 主题教育, 家庭教育, 帮扶, 赠书 ...
CREATE TABLE activity_tags (
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  tag         TEXT NOT NULL,      -- vocab 'activity_tag'
  PRIMARY KEY (activity_id, tag)
) WITHOUT ROWID;
CREATE INDEX activity_tags_tag ON activity_tags(tag);

CREATE TABLE participants (
  activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  person_id   TEXT NOT NULL REFERENCES people(id),
  role        TEXT,               -- 组织 / 讲述 / 参加
  PRIMARY KEY (activity_id, person_id)
) WITHOUT ROWID;

CREATE TABLE meetings (
  id      TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL REFERENCES units(id),
  body    TEXT NOT NULL,          -- vocab 'meeting_body': 党组会 局务会 关工委会议 ...
  date    TEXT NOT NULL,
  title   TEXT
);
CREATE INDEX meetings_unit_date ON meetings(unit_id, date);

-- One row per agenda item. The four same (同研究、同安排、同检查、同奖惩) are judged here:
-- business work of a kind that also covered 关心下一代工作.
CREATE TABLE agenda_items (
  meeting_id    TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  kind          TEXT NOT NULL,    -- vocab 'agenda_kind': 研究 安排 检查 奖惩 学习
  topic         TEXT NOT NULL,
  covers_guanai INTEGER NOT NULL CHECK (covers_guanai IN (0,1)),  -- 涉及关心下一代工作
  business      INTEGER NOT NULL CHECK (business IN (0,1)),       -- 属业务工作
  PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;

CREATE TABLE documents (
  id        TEXT PRIMARY KEY,
  unit_id   TEXT NOT NULL REFERENCES units(id),
  kind      TEXT NOT NULL,        -- vocab 'document_kind': 计划 工作方案 制度 总结 简报 信息 心得 台账 ...
  subkind   TEXT,                 -- for 制度: vocab 'rule_kind' (工作 学习 服务 培训 总结 汇报 调查研究 会议)
  title     TEXT NOT NULL,
  date      TEXT NOT NULL,
  sent_to   TEXT,                 -- e.g. 市直机关关工委
  sent_date TEXT CHECK (sent_date IS NULL OR sent_date >= date),
  evidence  TEXT
);
CREATE INDEX documents_unit_kind ON documents(unit_id, kind, date);

CREATE TABLE posts (
  id      TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL REFERENCES units(id),
  channel TEXT NOT NULL,          -- vocab 'post_channel': 官网 微信 微博 其他
  date    TEXT NOT NULL,
  title   TEXT NOT NULL,
  url     TEXT
);

CREATE TABLE funds (
  id          TEXT PRIMARY KEY,
  unit_id     TEXT NOT NULL REFERENCES units(id),
  date        TEXT NOT NULL,
  direction   TEXT NOT NULL,      -- vocab 'fund_direction': 预算 拨付 支出
  amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
  purpose     TEXT,
  activity_id TEXT REFERENCES activities(id)
);

CREATE TABLE roles (
  id         TEXT PRIMARY KEY,
  unit_id    TEXT NOT NULL REFERENCES units(id),
  person_id  TEXT NOT NULL REFERENCES people(id),
  role       TEXT NOT NULL,       -- vocab 'role': 分管领导 办事人员 日常负责老同志 联络员
  start_date TEXT NOT NULL,
  end_date   TEXT CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE offices (
  id         TEXT PRIMARY KEY,
  unit_id    TEXT NOT NULL REFERENCES units(id),
  place      TEXT NOT NULL,
  area_m2    INTEGER CHECK (area_m2 >= 0),
  start_date TEXT NOT NULL,
  end_date   TEXT CHECK (end_date IS NULL OR end_date >= start_date)
);

-- 结对帮扶: a staff member or retiree paired with a child.
CREATE TABLE pairings (
  id         TEXT PRIMARY KEY,
  unit_id    TEXT NOT NULL REFERENCES units(id),
  helper_id  TEXT NOT NULL REFERENCES people(id),
  child_id   TEXT NOT NULL REFERENCES people(id),
  kind       TEXT,                -- 助学 助困 助孤 助残 帮教
  start_date TEXT NOT NULL,
  end_date   TEXT CHECK (end_date IS NULL OR end_date >= start_date)
);

-- A waiver excuses one rule for one unit over a span, until it expires.
CREATE TABLE waivers (
  id            TEXT PRIMARY KEY,
  unit_id       TEXT NOT NULL REFERENCES units(id),
  rule_id       TEXT NOT NULL,
  period_from   TEXT NOT NULL,
  period_to     TEXT NOT NULL CHECK (period_to >= period_from),
  justification TEXT NOT NULL CHECK (length(justification) > 0),
  expires       TEXT NOT NULL,
  approved_by   TEXT
);
CREATE INDEX waivers_rule_unit ON waivers(rule_id, unit_id);

INSERT INTO vocab(field, value) VALUES
  ('person_category','在职'), ('person_category','退休'),
  ('person_category','职工子女'), ('person_category','联系点儿童'),
  ('wulao','老干部'), ('wulao','老战士'), ('wulao','老专家'), ('wulao','老教师'), ('wulao','老模范'),
  ('activity_tag','春节'), ('activity_tag','六一'), ('activity_tag','中秋'), ('activity_tag','国庆'),
  ('activity_tag','十个一'), ('activity_tag','主题教育'), ('activity_tag','家庭教育'),
  ('activity_tag','帮扶'), ('activity_tag','赠书'), ('activity_tag','夏令营'),
  ('activity_tag','慰问'), ('activity_tag','助学'), ('activity_tag','助困'), ('activity_tag','助孤'),
  ('activity_tag','助残'), ('activity_tag','帮教'), ('activity_tag','捐赠'),
  ('activity_tag','爱国主义教育'), ('activity_tag','革命传统教育'), ('activity_tag','传统文化教育'),
  ('activity_tag','党史国史教育'), ('activity_tag','老少牵手'), ('activity_tag','联欢晚会'),
  ('activity_tag','书画竞赛'), ('activity_tag','讲故事'), ('activity_tag','培训'),
  ('activity_tag','调研'), ('activity_tag','其他'),
  ('meeting_body','党组会'), ('meeting_body','局务会'), ('meeting_body','局长办公会'),
  ('meeting_body','关工委会议'), ('meeting_body','机关党委会'), ('meeting_body','其他'),
  ('agenda_kind','研究'), ('agenda_kind','安排'), ('agenda_kind','检查'),
  ('agenda_kind','奖惩'), ('agenda_kind','学习'),
  ('document_kind','计划'), ('document_kind','工作方案'), ('document_kind','制度'),
  ('document_kind','总结'), ('document_kind','简报'), ('document_kind','信息'),
  ('document_kind','心得'), ('document_kind','台账'), ('document_kind','通知'),
  ('document_kind','责任制'), ('document_kind','其他'),
  ('rule_kind','工作'), ('rule_kind','学习'), ('rule_kind','服务'), ('rule_kind','培训'),
  ('rule_kind','总结'), ('rule_kind','汇报'), ('rule_kind','调查研究'), ('rule_kind','会议'),
  ('post_channel','官网'), ('post_channel','微信'), ('post_channel','微博'), ('post_channel','其他'),
  ('fund_direction','预算'), ('fund_direction','拨付'), ('fund_direction','支出'),
  ('role','分管领导'), ('role','办事人员'), ('role','日常负责老同志'), ('role','联络员');
