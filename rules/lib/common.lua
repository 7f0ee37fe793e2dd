-- lib/common.lua — helpers shared by the rule files. The engine runs this file anew in every
-- rule file's environment and hands what it returns to the file as `lib`, so the helpers are
-- shared but no state is.
--
-- Record queries take the check's ctx and look at the unit's records in [ctx.from, ctx.to]:
-- a record counts when its dates overlap that span.

local M = {}

-- A comma-joined list for `instr(',' || ? || ',', ',' || column || ',') > 0` (a bound list).
local function list(values)
  if type(values) == "string" then return values end
  return table.concat(values, ",")
end
M.list = list

local IN_LIST = "instr(',' || ? || ',', ',' || %s || ',') > 0"

-- "a、b、c" for messages.
local function words(values)
  if values == nil then return "任意" end
  if type(values) == "string" then return values end
  return table.concat(values, "、")
end
M.words = words

-- ---- set-based checks (check_all) ----
-- A rule's check_all(ctx) judges every unit of one window at once: ctx has no unit, but
-- ctx.units (the ids, in order), ctx.unit_names (id -> name) and ctx.unit_list (the ids as a
-- JSON array); it returns a table unit id -> verdict. The require_* helpers below judge one
-- unit when called from check and every unit when called from check_all (a ctx without
-- unit), so a rule may give the same function as both. One query serves every unit with
-- in_units(column) bound to ctx.unit_list, selecting unit_id (last: explain shows the first
-- column) to group the rows by; the rows of one unit keep the query's order.

-- `column IN (the units of the call)`, one parameter: ctx.unit_list.
local function in_units(column)
  return column .. " IN (SELECT value FROM json_each(?))"
end
M.in_units = in_units

-- rows grouped by their unit_id: unit id -> its rows in the query's order, an empty list for
-- each unit of ctx.units that has none.
function M.by_unit(ctx, rows)
  local groups = {}
  for _, u in ipairs(ctx.units) do groups[u] = {} end
  for _, r in ipairs(rows) do
    local g = groups[r.unit_id]
    if g then g[#g + 1] = r end
  end
  return groups
end

-- The verdicts of check_all: judge(ctx) for each unit, ctx.unit and ctx.unit_name set to it
-- in turn (as check's ctx has them), collected by unit id.
function M.for_units(ctx, judge)
  local verdicts = {}
  for _, u in ipairs(ctx.units) do
    ctx.unit, ctx.unit_name = u, ctx.unit_names[u]
    verdicts[u] = judge(ctx)
  end
  ctx.unit, ctx.unit_name = nil, nil
  return verdicts
end

-- Activities of the unit overlapping the span, tagged with any of tags (all activities when
-- tags is nil), with at least min_children children. Rows: id, children, retirees, staff,
-- theme, slogan, evidence, title, place.
local ACTIVITIES = [[
    SELECT DISTINCT a.id, a.children, a.retirees, a.staff, a.theme, a.slogan, a.evidence,
           a.title, a.place, a.start_date, a.unit_id
    FROM activities a
    LEFT JOIN activity_tags t ON t.activity_id = a.id
    WHERE %s AND a.start_date <= ? AND a.end_date >= ? AND a.children >= ?
      AND (? IS NULL OR ]] .. string.format(IN_LIST, "t.tag") .. [[)
    ORDER BY a.start_date, a.id]]
local ACTIVITIES_ONE, ACTIVITIES_ALL = string.format(ACTIVITIES, "a.unit_id = ?"),
                                       string.format(ACTIVITIES, in_units("a.unit_id"))

function M.activities(ctx, tags, min_children)
  local tl = tags and list(tags) or nil
  return db.rows(ACTIVITIES_ONE, ctx.unit, ctx.to, ctx.from, min_children or 0, tl, tl or "")
end

-- M.activities for every unit of check_all's ctx: unit id -> rows.
function M.activities_all(ctx, tags, min_children)
  local tl = tags and list(tags) or nil
  return M.by_unit(ctx, db.rows(ACTIVITIES_ALL, ctx.unit_list, ctx.to, ctx.from, min_children or 0, tl, tl or ""))
end

-- The verdict of require_activities on one unit's rows.
local function activities_verdict(ctx, o, rows)
  local min = o.min or 1
  if #rows >= min then
    return pass({ zh = string.format("%s %d 次", o.what, #rows),
                  en = string.format("%s: %d", o.what_en or o.what, #rows) },
                refs("activities", rows))
  end
  local look = string.format("%s%s的活动,%s..%s,至少 %d 次",
                             o.tags and ("类别含“" .. words(o.tags) .. "”") or "",
                             (o.min_children or 0) > 0 and "有儿童参加" or "", ctx.from, ctx.to, min)
  return fail({ zh = string.format("%s %d 次,少于要求的 %d 次", o.what, #rows, min),
                en = string.format("%s: %d, fewer than %d", o.what_en or o.what, #rows, min) },
              { looked_for = look, table.unpack(refs("activities", rows)) })
end

-- pass when at least `min` activities tagged with any of `tags` (and `min_children`) fall in
-- the span; `what` names them for people. Called from check, the unit's verdict; from
-- check_all (a ctx without unit), every unit's, from one query.
function M.require_activities(ctx, o)
  if ctx.unit == nil then
    local groups = M.activities_all(ctx, o.tags, o.min_children)
    return M.for_units(ctx, function(c) return activities_verdict(c, o, groups[c.unit]) end)
  end
  return activities_verdict(ctx, o, M.activities(ctx, o.tags, o.min_children))
end

-- The recipients of a document are its 报送单位 split at 、 ; ， , or ；: one of them must be the
-- recipient named, whole ("非市直机关关工委" is not "市直机关关工委").
local RECIPIENT = [[instr('、' || replace(replace(replace(replace(coalesce(sent_to, ''), ';', '、'), ',', '、'),
                   '；', '、'), '，', '、') || '、', '、' || ? || '、') > 0]]

-- Documents of the unit of any of kinds dated in [from, to] (by default the span), or, when
-- sent_to is given, sent to that recipient with a sending date in it.
local DOCUMENTS = [[
    SELECT id, kind, subkind, title, date, sent_to, sent_date, unit_id FROM documents
    WHERE %s AND ]] .. string.format(IN_LIST, "kind") .. [[
      AND ((? IS NULL AND date BETWEEN ? AND ?)
        OR (? IS NOT NULL AND ]] .. RECIPIENT .. [[ AND sent_date BETWEEN ? AND ?))
    ORDER BY coalesce(sent_date, date), id]]
local DOCUMENTS_ONE, DOCUMENTS_ALL = string.format(DOCUMENTS, "unit_id = ?"), string.format(DOCUMENTS, in_units("unit_id"))

function M.documents(ctx, kinds, sent_to, from, to)
  from, to = from or ctx.from, to or ctx.to
  return db.rows(DOCUMENTS_ONE, ctx.unit, list(kinds), sent_to, from, to, sent_to, sent_to or "", from, to)
end

-- M.documents for every unit of check_all's ctx: unit id -> rows.
function M.documents_all(ctx, kinds, sent_to, from, to)
  from, to = from or ctx.from, to or ctx.to
  return M.by_unit(ctx, db.rows(DOCUMENTS_ALL, ctx.unit_list, list(kinds), sent_to, from, to, sent_to, sent_to or "", from, to))
end

-- documents or documents_all, as ctx is check's or check_all's.
local function documents_of(ctx, ...)
  if ctx.unit == nil then return M.documents_all(ctx, ...) end
  return M.documents(ctx, ...)
end

-- The verdict of require_on_time on one unit's documents in time (rows) and late ones.
local function on_time_verdict(ctx, o, rows, late)
  if #rows > 0 then
    return pass({ zh = string.format("%s %d 份", o.what, #rows), en = string.format("%s: %d", o.what_en, #rows) },
                refs("documents", rows))
  end
  local look = string.format("类别为“%s”的文件,%s%s..%s", words(o.kinds),
                             o.sent_to and ("报送" .. o.sent_to .. "、报送日期在 ") or "日期在 ", ctx.window_from, o.by)
  if #late > 0 then
    local d = late[1].sent_date or late[1].date
    return fail({ zh = string.format("%s迟报 %d 天(%s,应于 %s 前)", o.what, date.diff(o.by, d), d, o.by),
                  en = string.format("%s late by %d days (%s, due by %s)", o.what_en, date.diff(o.by, d), d, o.by) },
                { looked_for = look, table.unpack(refs("documents", late)) })
  end
  return fail({ zh = string.format("没有%s", o.what), en = string.format("no %s", o.what_en) }, { looked_for = look })
end

-- A deliverable the plan sets no deadline for, judged against the rule's deadline `by`:
-- documents of kinds (sent to sent_to, when given) within the window pass; one that came after
-- `by` but by the as-of date fails as late, "迟报 N 天" with its date, so a reader tells late
-- from missing. o = {kinds=, sent_to=, by=, late_until=, what=, what_en=}. From check_all (a
-- ctx without unit), every unit's verdict, from two queries.
function M.require_on_time(ctx, o)
  -- up to `by`, within what the check may see: the span, or past the window's end up to the
  -- as-of date when `by` lies beyond the window
  local seen = o.by > ctx.window_to and ctx.as_of or ctx.to
  local rows = documents_of(ctx, o.kinds, o.sent_to, ctx.window_from, o.by < seen and o.by or seen)
  -- late ones are looked for up to the as-of date, or up to o.late_until (when another
  -- deliverable of the same kind is due later, e.g. the annual summary after the half-year one)
  local until_ = o.late_until and o.late_until < ctx.as_of and o.late_until or ctx.as_of
  local function late_of(c) return until_ > o.by and M.documents(c, o.kinds, o.sent_to, date.add(o.by, 1), until_) or {} end
  if ctx.unit == nil then
    local late = until_ > o.by and M.documents_all(ctx, o.kinds, o.sent_to, date.add(o.by, 1), until_) or {}
    return M.for_units(ctx, function(c) return on_time_verdict(c, o, rows[c.unit], late[c.unit] or {}) end)
  end
  return on_time_verdict(ctx, o, rows, #rows > 0 and {} or late_of(ctx))
end

-- The verdict of require_documents on one unit's rows.
local function documents_verdict(ctx, o, rows)
  local min = o.min or 1
  if #rows >= min then
    return pass({ zh = string.format("%s %d 份", o.what, #rows), en = string.format("%s: %d", o.what_en or o.what, #rows) },
                refs("documents", rows))
  end
  local look = string.format("类别为“%s”的文件,%s%s..%s", words(o.kinds),
                             o.sent_to and ("报送" .. o.sent_to .. "、报送日期在 ") or "日期在 ", ctx.from, ctx.to)
  if #rows > 0 then
    return fail({ zh = string.format("%s %d 份,少于要求的 %d 份", o.what, #rows, min),
                  en = string.format("%s: %d, fewer than %d", o.what_en or o.what, #rows, min) },
                { looked_for = look, table.unpack(refs("documents", rows)) })
  end
  return fail({ zh = string.format("没有%s", o.what), en = string.format("no %s", o.what_en or o.what) },
              { looked_for = look })
end

-- At least o.min (default 1) documents of o.kinds in the span (sent to o.sent_to, when
-- given). From check_all (a ctx without unit), every unit's verdict from one query.
function M.require_documents(ctx, o)
  local rows = documents_of(ctx, o.kinds, o.sent_to)
  if ctx.unit == nil then
    return M.for_units(ctx, function(c) return documents_verdict(c, o, rows[c.unit]) end)
  end
  return documents_verdict(ctx, o, rows)
end

-- Meetings of the unit in the span (bodies: list, or nil for any) with an agenda item of one
-- of kinds that covered 关心下一代工作.
function M.meetings_covering(ctx, kinds, bodies)
  local sql = [[
    SELECT DISTINCT m.id, m.date FROM meetings m
    JOIN agenda_items a ON a.meeting_id = m.id
    WHERE m.unit_id = ? AND m.date BETWEEN ? AND ? AND a.covers_guanai = 1
      AND ]] .. string.format(IN_LIST, "a.kind") .. [[
      AND (? IS NULL OR ]] .. string.format(IN_LIST, "m.body") .. [[)
    ORDER BY m.date, m.id]]
  local bl = bodies and list(bodies) or nil
  return db.rows(sql, ctx.unit, ctx.from, ctx.to, list(kinds), bl, bl or "")
end

-- Retirees (people of category 退休) of the unit who took part in an activity in the span,
-- whichever unit recorded the activity (another unit's retirees are not this unit's).
function M.retirees_taking_part(ctx)
  return db.rows([[
    SELECT DISTINCT p.id FROM participants x
    JOIN activities a ON a.id = x.activity_id
    JOIN people p ON p.id = x.person_id
    WHERE p.unit_id = ? AND a.start_date <= ? AND a.end_date >= ? AND p.category = '退休'
    ORDER BY p.id]], ctx.unit, ctx.to, ctx.from)
end

-- Role assignments of the unit active at some point of the span.
function M.roles(ctx, role)
  return db.rows([[
    SELECT id, person_id FROM roles WHERE unit_id = ? AND role = ?
      AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY id]],
    ctx.unit, role, ctx.to, ctx.from)
end

-- Activities of the unit in the span (with at least min_children children) that are the one
-- the plan names: tagged `tag` (the activity's declared kind, first), or else with one of the
-- comma-separated `keywords` in its title, theme or slogan. Each row gets `matched`, the tag or
-- the word that made it count, for the finding to say.
function M.themed_activities(ctx, tag, keywords, min_children)
  local rows = db.rows([[
    SELECT a.id, a.title, coalesce(a.theme, '') AS theme, coalesce(a.slogan, '') AS slogan,
           EXISTS (SELECT 1 FROM activity_tags t WHERE t.activity_id = a.id AND t.tag = ?) AS tagged
    FROM activities a
    WHERE a.unit_id = ? AND a.start_date <= ? AND a.end_date >= ? AND a.children >= ?
    ORDER BY a.start_date, a.id]], tag, ctx.unit, ctx.to, ctx.from, min_children or 0)
  local out = {}
  for _, r in ipairs(rows) do
    if r.tagged == 1 then
      r.matched = "类别“" .. tag .. "”"
    else
      for word in string.gmatch(keywords or "", "[^,，、]+") do
        local text = r.title .. "|" .. r.theme .. "|" .. r.slogan
        if string.find(text, word, 1, true) then r.matched = "含“" .. word .. "”" break end
      end
    end
    if r.matched then out[#out + 1] = r end
  end
  return out
end

-- "A1 类别“…”、A2 含“…”": which activity counted, and why.
function M.matched_text(rows)
  local parts = {}
  for i, r in ipairs(rows) do
    if i > 5 then parts[#parts + 1] = "…" break end
    parts[#parts + 1] = r.id .. " " .. r.matched
  end
  return table.concat(parts, "、")
end

-- Approved self-assessments (自评) of the unit for obligation `ob`, dated in the span; and
-- the unapproved ones, which are named but not relied on.
local SELF = [[
    SELECT id, date, approved_by, unit_id FROM self_assessments
    WHERE %s AND obligation = ? AND date BETWEEN ? AND ? ORDER BY date, id]]
local SELF_ONE, SELF_ALL = string.format(SELF, "unit_id = ?"), string.format(SELF, in_units("unit_id"))

local function split_approved(rows)
  local ok, unapproved = {}, {}
  for _, r in ipairs(rows) do
    table.insert((r.approved_by or "") ~= "" and ok or unapproved, r)
  end
  return ok, unapproved
end

function M.self_assessments(ctx, ob)
  return split_approved(db.rows(SELF_ONE, ctx.unit, ob, ctx.from, ctx.to))
end

-- The verdict of require_self_assessment on one unit's approved and unapproved rows.
local function self_verdict(ctx, ob, what, ok, unapproved)
  if #ok > 0 then
    return pass({ zh = string.format("依据自评,而非记录:%s(义务 %s)已自评 %d 次,经 %s 批准", what, ob, #ok, ok[1].approved_by),
                  en = string.format("basis: a self-assessment, not records: %s (obligation %s), %d approved by %s",
                                     what, ob, #ok, ok[1].approved_by) },
                refs("self_assessments", ok))
  end
  local look = string.format("自评表中义务 %s、日期在 %s..%s、有批准人的自评", ob, ctx.from, ctx.to)
  if #unapproved > 0 then
    return fail({ zh = string.format("%s(义务 %s)的自评 %d 份尚未批准", what, ob, #unapproved),
                  en = string.format("%s (obligation %s): %d self-assessments not yet approved", what, ob, #unapproved) },
                { looked_for = look, table.unpack(refs("self_assessments", unapproved)) })
  end
  return fail({ zh = string.format("没有%s(义务 %s)的自评", what, ob),
                en = string.format("no self-assessment of %s (obligation %s)", what, ob) }, { looked_for = look })
end

-- The verdict of an obligation the plan's records cannot show: pass on an approved
-- self-assessment in the window, saying its basis is a self-assessment, not records. From
-- check_all (a ctx without unit), every unit's verdict from one query.
function M.require_self_assessment(ctx, ob, what)
  if ctx.unit == nil then
    local groups = M.by_unit(ctx, db.rows(SELF_ALL, ctx.unit_list, ob, ctx.from, ctx.to))
    return M.for_units(ctx, function(c) return self_verdict(c, ob, what, split_approved(groups[c.unit])) end)
  end
  return self_verdict(ctx, ob, what, M.self_assessments(ctx, ob))
end

-- The declaration of a rule judging obligation o.ob by self-assessment, for `rule(...)` in
-- the clause's file (so the rule's source is that file): o = {ob=, clause=, text=, title=,
-- title_en=}. Worth no points: a self-assessment is for the reviewer to read, not to score.
function M.self_rule(o)
  return {
    id = "self-" .. o.ob,
    clause = o.clause,
    text = o.text,
    title = "自评:" .. o.title,
    title_en = "Self-assessed: " .. o.title_en,
    requires = "年内有经批准的自评(自评表,义务 {obligation}):" .. o.title .. "无法由记录判断",
    interpretation = "记录无法说明" .. o.title .. ",按单位年内经批准的自评判断,不计分,由审阅人对照佐证查看。",
    due = "year",
    severity = "low",
    points = 0,
    params = { obligation = o.ob },
    check_all = true,          -- require_self_assessment judges one unit or every unit
    check = function(ctx)
      return M.require_self_assessment(ctx, ctx.params.obligation, o.title)
    end,
  }
end

return M
