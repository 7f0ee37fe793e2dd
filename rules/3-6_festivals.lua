-- 3-6_festivals.lua — 三、6 利用节假日开展系列主题活动.
-- 利用春节、六一、中秋、国庆等节日 … 开展爱心助孤、慰问贫困学生等关爱活动: one requirement per
-- festival, each due in a window around the festival's date (from calendars/festivals.tsv).
-- An activity counts for a festival when it is tagged with that festival and starts or ends in
-- the window (春节 15 days either side, its holiday being long; 六一 10 before and 5 after;
-- 中秋 10 and 7; 国庆 7 and 7: the plan sets none, these are the rules' choice, stated in each
-- requirement and in the README). An activity tagged with two festivals and lying in both
-- their windows (2020-10-01 was both 中秋 and 国庆) counts for both by default, the plan naming
-- festivals as occasions, not separate quotas; parameter shared = "one" counts it for the first
-- of them in the plan's order only. The finding says so. A second tag whose festival's window
-- the activity is not in (2022: 中秋 09-10, its window over before 国庆's opens) shares nothing.

local FESTIVALS = { "春节", "六一", "中秋", "国庆" }
-- Each festival's window: days before and after its date.
local WINDOWS = { ["春节"] = { 15, 15 }, ["六一"] = { 10, 5 }, ["中秋"] = { 10, 7 }, ["国庆"] = { 7, 7 } }

-- Whether activity r (its start_date and end_date) lies in festival name's window of the year
-- it starts in (no window crosses a new year: 春节 falls between 01-21 and 02-20).
local function in_window(name, r)
  local w = WINDOWS[name]
  local day = w and cal.festival(name, tonumber(string.sub(r.start_date, 1, 4)))
  return day ~= nil and r.start_date <= date.add(day, w[2]) and r.end_date >= date.add(day, -w[1])
end

-- The other festivals r is tagged with (its column others, "中秋、国庆") whose window it lies in.
local function shared_with(r)
  local shared = {}
  for other in string.gmatch(r.others or "", "[^、]+") do
    if in_window(other, r) then shared[#shared + 1] = other end
  end
  return shared
end

-- The words of a places parameter ("联系点、联系社区", also split at ',').
local function place_words(places)
  local words = {}
  for w in string.gmatch((string.gsub(places, "、", ",")), "[^,]+") do words[#words + 1] = w end
  return words
end

-- The rows whose place (地点) holds one of the words of places; all of them when it has none.
local function at_places(rows, places)
  local words = place_words(places)
  if #words == 0 then return rows end
  local kept = {}
  for _, r in ipairs(rows) do
    for _, w in ipairs(words) do
      if r.place and string.find(r.place, w, 1, true) then
        kept[#kept + 1] = r
        break
      end
    end
  end
  return kept
end

-- What a festival rule looked for, for the finding.
local function looked_for(ctx)
  local words = place_words(ctx.params.places)
  local place = #words > 0 and ("、地点含“" .. lib.words(words) .. "”之一") or ""
  return string.format("类别含“%s”、参加儿童不少于 %d 人%s、日期在 %s..%s 的活动", ctx.params.festival,
                       ctx.params.min_children, place, ctx.window_from, ctx.window_to)
end

local function festival_rule(name, en)
  local before, after = WINDOWS[name][1], WINDOWS[name][2]
  rule {
    id = "3.6-" .. en,
    clause = "三、6",
    text = "利用春节、六一、中秋、国庆等节日",
    title = name .. "关爱活动",
    title_en = "Caring activity at " .. en,
    requires = string.format("%s前 %d 天至后 %d 天内,组织职工子女到联系点开展爱心助孤、慰问贫困学生等关爱活动;" ..
                             "活动记录的类别写明“%s”,参加儿童人数不少于 {min_children}", name, before, after, name),
    interpretation = "活动在节日窗口内且类别写明该节日才算,同时标了两个节日、又在两节窗口内的活动(如 2020-10-01 中秋、国庆同日)默认两节都算(参数 shared = \"both\"),设为 \"one\" 则只算计划所列在前的那个节日;计划说“到农村联系点、联系社区”,但活动记录的地点是自由填写的,默认不核对地点(参数 places = \"\"),设为词语(如 \"联系点、联系村、联系社区、农村\")则地点须含其中之一。",
    due = { festival = name, before = before, after = after },
    remind = 10,
    prepare = 10,              -- an activity at a festival is planned ahead: remind before the window opens too
    severity = "high",
    points = 4,
    params = { festival = name, min_children = 1, shared = "both", places = "" },
    check_all = true, check = lib.each_unit(function(ctx)
      if ctx.params.shared ~= "both" and ctx.params.shared ~= "one" then
        error("参数 shared 应为 \"both\" 或 \"one\",实为 " .. tostring(ctx.params.shared))
      end
      local rows = lib.unit_rows(ctx, [[
        SELECT a.id, a.children, a.unit_id, a.place, a.start_date, a.end_date,
               (SELECT group_concat(o.tag, '、') FROM activity_tags o WHERE o.activity_id = a.id AND o.tag <> ?
                  AND o.tag IN ('春节', '六一', '中秋', '国庆')) AS others
        FROM activities a
        JOIN activity_tags t ON t.activity_id = a.id AND t.tag = ?
        WHERE a.start_date <= ? AND a.end_date >= ? AND a.children >= ? AND %s
        ORDER BY a.start_date, a.id]], "a.unit_id", ctx.params.festival, ctx.params.festival, ctx.to, ctx.from,
        ctx.params.min_children)
      rows = at_places(rows, ctx.params.places)
      local counted, notes = {}, {}
      local rank = {}
      for i, f in ipairs(FESTIVALS) do rank[f] = i end
      for _, r in ipairs(rows) do
        local keep, shared = true, shared_with(r)
        for _, other in ipairs(shared) do
          if ctx.params.shared == "one" and (rank[other] or 99) < (rank[ctx.params.festival] or 99) then keep = false end
        end
        if #shared > 0 then
          local others = table.concat(shared, "、")
          notes[#notes + 1] = string.format("%s 同时标为%s,%s", r.id, others,
                                            keep and (ctx.params.shared == "one" and "按 shared = one 计入本节" or "按 shared = both 两节都算")
                                                 or "按 shared = one 只计入" .. others)
        end
        if keep then counted[#counted + 1] = r end
      end
      local note = #notes > 0 and ("(" .. table.concat(notes, ";") .. ")") or ""
      if #counted > 0 then
        local kids = 0
        for _, r in ipairs(counted) do kids = kids + r.children end
        return pass(string.format("%s期间开展关爱活动 %d 次,参加儿童 %d 人次%s", ctx.params.festival, #counted, kids, note),
                    refs("activities", counted))
      end
      if #rows > 0 then
        return fail(string.format("%s期间的关爱活动都已计入别的节日%s", ctx.params.festival, note),
                    { looked_for = looked_for(ctx), table.unpack(refs("activities", rows)) })
      end
      local words = place_words(ctx.params.places)
      local where = #words > 0 and ("到地点含“" .. lib.words(words) .. "”之一的地方") or ""
      return fail(string.format("%s期间(%s..%s)没有组织职工子女%s参加的关爱活动", ctx.params.festival, ctx.from, ctx.to, where),
                  { looked_for = looked_for(ctx) })
    end),
  }
end

festival_rule("春节", "spring-festival")
festival_rule("六一", "childrens-day")
festival_rule("中秋", "mid-autumn")
festival_rule("国庆", "national-day")

-- The other activities of 三、6, each once a year.
local function yearly(id, quote, title, title_en, tags, what)
  rule {
    id = id,
    clause = "三、6",
    text = quote,
    title = title,
    title_en = title_en,
    requires = string.format("年内组织职工子女参加%s(活动类别含“%s”)", what, lib.words(tags)),
    interpretation = "按活动声明的类别(" .. lib.words(tags) .. ")判断,计划没有定次数,默认年内至少一次有儿童参加。",
    due = "year",
    severity = "low",
    points = 1,
    check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
      return lib.require_activities(ctx, { tags = tags, min_children = 1, what = what, what_en = title_en })
    end,
  }
end

yearly("3.6-book-gift", "开展为干部职工子女赠书活动", "为职工子女赠书", "Books for staff children",
       { "赠书" }, "赠书活动")
yearly("3.6-hand-in-hand", "开展“老少牵手、温暖童心”行动", "“老少牵手、温暖童心”行动",
       "\"Old and young hand in hand\"", { "老少牵手" }, "“老少牵手、温暖童心”活动")
yearly("3.6-gala-contest", "积极组织职工子女参加遂宁市少儿新春联欢晚会、全市青少年书画竞赛等活动",
       "参加少儿新春联欢晚会、青少年书画竞赛", "Children's spring gala or painting contest",
       { "联欢晚会", "书画竞赛" }, "新春联欢晚会或书画竞赛")
