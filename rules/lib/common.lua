-- lib/common.lua — helpers shared by the rule files. The engine runs this file anew in every
-- rule file's environment and hands what it returns to the file as `lib`, so the helpers are
-- shared but no state is.
--
-- Record queries take the check's ctx and look at the unit's records in [ctx.from, ctx.to]:
-- a record counts when its dates overlap that span.
--
-- Set-based checks: a rule with check_all = true and check = lib.each_unit(function(ctx) ...)
-- (or one of the require_* helpers) is judged a whole window at a time. Its check is called
-- once with a ctx without unit but with ctx.units (the ids, in order), ctx.unit_names and
-- ctx.unit_list (the ids as a JSON array) and returns unit id -> verdict; each_unit judges the
-- units one by one, and every query made through unit_rows (all the helpers here) runs once
-- for all of them, bound to the unit list, each unit taking its share of the rows.

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

-- A check's verdicts for every unit of check_all's ctx: judge(ctx) with ctx.unit and
-- ctx.unit_name set to each unit in turn, as check's ctx has them.
function M.for_units(ctx, judge)
  local verdicts = {}
  for _, u in ipairs(ctx.units) do
    ctx.unit, ctx.unit_name = u, ctx.unit_names[u]
    verdicts[u] = judge(ctx)
  end
  ctx.unit, ctx.unit_name = nil, nil
  return verdicts
end

-- judge (a check of one unit) made a check that judges a whole window too (check_all = true).
function M.each_unit(judge)
  return function(ctx)
    if ctx.unit == nil then return M.for_units(ctx, judge) end
    return judge(ctx)
  end
end

-- The rows of sql for ctx.unit: sql has one "%s" for the condition on its unit column col,
-- whose parameter comes after the others (the ...), and selects that column as unit_id.
-- From check, one query for the unit; inside check_all (ctx.units), one query for every unit
-- (col IN the unit list), made once per call and kept in ctx.shared, each unit its rows.
function M.unit_rows(ctx, sql, col, ...)
  local n, args = select("#", ...), { ... }
  if ctx.units == nil then
    args[n + 1] = ctx.unit
    return db.rows(string.format(sql, col .. " = ?"), table.unpack(args, 1, n + 1))
  end
  local key = { sql, col }
  for i = 1, n do key[#key + 1] = type(args[i]) .. ":" .. tostring(args[i]) end
  key = table.concat(key, "\0")
  ctx.shared = ctx.shared or {}
  if not ctx.shared[key] then
    args[n + 1] = ctx.unit_list
    ctx.shared[key] = M.by_unit(ctx, db.rows(string.format(sql, col .. " IN (SELECT value FROM json_each(?))"),
                                             table.unpack(args, 1, n + 1)))
  end
  return ctx.shared[key][ctx.unit]
end

-- Activities of the unit overlapping the span, tagged with any of tags (all activities when
-- tags is nil), with at least min_children children. Rows: id, children, retirees, staff,
-- theme, slogan, evidence, title, place.
local ACTIVITIES = [[
    SELECT DISTINCT a.id, a.children, a.retirees, a.staff, a.theme, a.slogan, a.evidence,
           a.title, a.place, a.start_date, a.unit_id
    FROM activities a
    LEFT JOIN activity_tags t ON t.activity_id = a.id
    WHERE a.start_date <= ? AND a.end_date >= ? AND a.children >= ?
      AND (? IS NULL OR ]] .. string.format(IN_LIST, "t.tag") .. [[) AND %s
    ORDER BY a.start_date, a.id]]

function M.activities(ctx, tags, min_children)
  local tl = tags and list(tags) or nil
  return M.unit_rows(ctx, ACTIVITIES, "a.unit_id", ctx.to, ctx.from, min_children or 0, tl, tl or "")
end

-- pass when at least `min` activities tagged with any of `tags` (and `min_children`) fall in
-- the span; `what` names them for people. Judges a whole window too (check_all = true).
function M.require_activities(ctx, o)
  if ctx.unit == nil then return M.for_units(ctx, function(c) return M.require_activities(c, o) end) end
  local rows = M.activities(ctx, o.tags, o.min_children)
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

-- The recipients of a document are its 报送单位 split at 、 ; ， , or ；: one of them must be the
-- recipient named, whole ("非市直机关关工委" is not "市直机关关工委").
local RECIPIENT = [[instr('、' || replace(replace(replace(replace(coalesce(sent_to, ''), ';', '、'), ',', '、'),
                   '；', '、'), '，', '、') || '、', '、' || ? || '、') > 0]]

-- Documents of the unit of any of kinds dated in [from, to] (by default the span), or, when
-- sent_to is given, sent to that recipient with a sending date in it.
local DOCUMENTS = [[
    SELECT id, kind, subkind, title, date, sent_to, sent_date, unit_id FROM documents
    WHERE ]] .. string.format(IN_LIST, "kind") .. [[
      AND ((? IS NULL AND date BETWEEN ? AND ?)
        OR (? IS NOT NULL AND ]] .. RECIPIENT .. [[ AND sent_date BETWEEN ? AND ?)) AND %s
    ORDER BY coalesce(sent_date, date), id]]

function M.documents(ctx, kinds, sent_to, from, to)
  from, to = from or ctx.from, to or ctx.to
  return M.unit_rows(ctx, DOCUMENTS, "unit_id", list(kinds), sent_to, from, to, sent_to, sent_to or "", from, to)
end

-- A deliverable the plan sets no deadline for, judged against the rule's deadline `by`:
-- documents of kinds (sent to sent_to, when given) within the window pass; one that came after
-- `by` but by the as-of date fails as late, "迟报 N 天" with its date, so a reader tells late
-- from missing. o = {kinds=, sent_to=, by=, late_until=, what=, what_en=}. Judges a whole
-- window too (check_all = true).
function M.require_on_time(ctx, o)
  if ctx.unit == nil then return M.for_units(ctx, function(c) return M.require_on_time(c, o) end) end
  -- up to `by`, within what the check may see: the span, or past the window's end up to the
  -- as-of date when `by` lies beyond the window
  local seen = o.by > ctx.window_to and ctx.as_of or ctx.to
  local rows = M.documents(ctx, o.kinds, o.sent_to, ctx.window_from, o.by < seen and o.by or seen)
  if #rows > 0 then
    return pass({ zh = string.format("%s %d 份", o.what, #rows), en = string.format("%s: %d", o.what_en, #rows) },
                refs("documents", rows))
  end
  -- late ones are looked for up to the as-of date, or up to o.late_until (when another
  -- deliverable of the same kind is due later, e.g. the annual summary after the half-year one)
  local until_ = o.late_until and o.late_until < ctx.as_of and o.late_until or ctx.as_of
  local late = until_ > o.by and M.documents(ctx, o.kinds, o.sent_to, date.add(o.by, 1), until_) or {}
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

-- At least o.min (default 1) documents of o.kinds in the span (sent to o.sent_to, when
-- given). Judges a whole window too (check_all = true).
function M.require_documents(ctx, o)
  if ctx.unit == nil then return M.for_units(ctx, function(c) return M.require_documents(c, o) end) end
  local rows = M.documents(ctx, o.kinds, o.sent_to)
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

-- Meetings of the unit in the span (bodies: list, or nil for any) with an agenda item of one
-- of kinds that covered 关心下一代工作.
local MEETINGS_COVERING = [[
    SELECT DISTINCT m.id, m.date, m.unit_id FROM meetings m
    JOIN agenda_items a ON a.meeting_id = m.id
    WHERE m.date BETWEEN ? AND ? AND a.covers_guanai = 1
      AND ]] .. string.format(IN_LIST, "a.kind") .. [[
      AND (? IS NULL OR ]] .. string.format(IN_LIST, "m.body") .. [[) AND %s
    ORDER BY m.date, m.id]]

function M.meetings_covering(ctx, kinds, bodies)
  local bl = bodies and list(bodies) or nil
  return M.unit_rows(ctx, MEETINGS_COVERING, "m.unit_id", ctx.from, ctx.to, list(kinds), bl, bl or "")
end

-- Retirees (people of category 退休) of the unit who took part in an activity in the span,
-- whichever unit recorded the activity (another unit's retirees are not this unit's).
function M.retirees_taking_part(ctx)
  return M.unit_rows(ctx, [[
    SELECT DISTINCT p.id, p.unit_id FROM participants x
    JOIN activities a ON a.id = x.activity_id
    JOIN people p ON p.id = x.person_id
    WHERE a.start_date <= ? AND a.end_date >= ? AND p.category = '退休' AND %s
    ORDER BY p.id]], "p.unit_id", ctx.to, ctx.from)
end

-- Role assignments of the unit active at some point of the span.
function M.roles(ctx, role)
  return M.unit_rows(ctx, [[
    SELECT id, person_id, unit_id FROM roles WHERE role = ?
      AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) AND %s ORDER BY id]],
    "unit_id", role, ctx.to, ctx.from)
end

-- Activities of the unit in the span (with at least min_children children) that are the one
-- the plan names: tagged `tag` (the activity's declared kind, first), or else with one of the
-- comma-separated `keywords` in its title, theme or slogan. Each row gets `matched`, the tag or
-- the word that made it count, for the finding to say.
function M.themed_activities(ctx, tag, keywords, min_children)
  local rows = M.unit_rows(ctx, [[
    SELECT a.id, a.title, coalesce(a.theme, '') AS theme, coalesce(a.slogan, '') AS slogan,
           EXISTS (SELECT 1 FROM activity_tags t WHERE t.activity_id = a.id AND t.tag = ?) AS tagged, a.unit_id
    FROM activities a
    WHERE a.start_date <= ? AND a.end_date >= ? AND a.children >= ? AND %s
    ORDER BY a.start_date, a.id]], "a.unit_id", tag, ctx.to, ctx.from, min_children or 0)
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
function M.self_assessments(ctx, ob)
  local rows = M.unit_rows(ctx, [[
    SELECT id, date, approved_by, unit_id FROM self_assessments
    WHERE obligation = ? AND date BETWEEN ? AND ? AND %s ORDER BY date, id]],
    "unit_id", ob, ctx.from, ctx.to)
  local ok, unapproved = {}, {}
  for _, r in ipairs(rows) do
    table.insert((r.approved_by or "") ~= "" and ok or unapproved, r)
  end
  return ok, unapproved
end

-- The verdict of an obligation the plan's records cannot show: pass on an approved
-- self-assessment in the window, saying its basis is a self-assessment, not records. Judges
-- a whole window too (check_all = true).
function M.require_self_assessment(ctx, ob, what)
  if ctx.unit == nil then return M.for_units(ctx, function(c) return M.require_self_assessment(c, ob, what) end) end
  local ok, unapproved = M.self_assessments(ctx, ob)
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
    check_all = true,   -- require_self_assessment judges a whole window too
    check = function(ctx)
      return M.require_self_assessment(ctx, ctx.params.obligation, o.title)
    end,
  }
end

return M
