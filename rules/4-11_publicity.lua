-- 4-11_publicity.lua — 四、11 抓好宣传总结: publicity on the bureau's channels, summaries and
-- information sent to 市直机关关工委, and keeping the records.

local C = "四、11"
local RECIPIENT = "市直机关关工委"

rule {
  id = "4.11-publicity",
  clause = C,
  text = "通过局官网、微信微博等载体,拓展网络宣传平台,加大宣传力度",
  title = "通过官网、微信、微博宣传关爱工作",
  title_en = "Publicity on the website, WeChat and Weibo",
  requires = "年内在网络宣传平台(官网、微信、微博等,渠道 {channels})发布关爱工作宣传不少于 {min} 篇",
  interpretation = "“官网、微信微博等载体”是开放的列表,默认任何渠道(抖音等记为其他)都算,计划没有定篇数,默认至少 1 篇(参数 channels、min)。",
  due = "year",
  severity = "medium",
  points = 2,
  params = { min = 1, channels = "任意" },
  check_all = true, check = lib.each_unit(function(ctx)
    local any = ctx.params.channels == "任意" or ctx.params.channels == ""
    local rows = lib.unit_rows(ctx, [[
      SELECT id, unit_id FROM posts WHERE date BETWEEN ? AND ?
        AND (? OR instr(',' || ? || ',', ',' || channel || ',') > 0) AND %s
      ORDER BY date, id]], "unit_id", ctx.from, ctx.to, any, ctx.params.channels)
    if #rows >= ctx.params.min then
      return pass(string.format("宣传报道 %d 篇", #rows), refs("posts", rows))
    end
    local ev = refs("posts", rows)
    ev.looked_for = "渠道为" .. (any and "任意" or ctx.params.channels) .. "的宣传记录," .. ctx.from .. ".." .. ctx.to
    return fail(string.format("宣传报道 %d 篇,少于 %d 篇", #rows, ctx.params.min), ev)
  end),
}

-- Summaries sent to 市直机关关工委: the plan sets no date; the half-year one is expected by the
-- end of July, the annual one by the end of December (parameter `by`), and one sent later is
-- late ("迟报 N 天"), not missing.
local function summary_rule(id, title, title_en, due, by, points, late_until)
  rule {
    id = id,
    clause = C,
    text = "向市直机关关工委积极报送工作总结和信息",
    title = title,
    title_en = title_en,
    requires = title .. ":类别为“总结”的文件,报送单位为{recipient},{by} 前报送",
    interpretation = "计划没有规定报送工作总结的日期," .. title .. "默认在 " .. by ..
                     " 前报送(参数 by),之后报送的判为迟报并写明迟了几天,报送单位须恰为参数 recipient。",
    due = due,
    remind = 10,
    severity = "high",
    points = points,
    params = { recipient = RECIPIENT, by = by },
    check_all = true, check = function(ctx)   -- lib.require_on_time judges one unit or all
      return lib.require_on_time(ctx, { kinds = { "总结" }, sent_to = ctx.params.recipient,
                                        by = ctx.year .. "-" .. ctx.params.by,
                                        late_until = late_until and (ctx.year .. "-" .. late_until),
                                        what = "报送" .. ctx.params.recipient .. "的工作总结",
                                        what_en = "summaries sent" })
    end,
  }
end

-- a summary sent from 11-15 on is the annual one, not a late half-year one
summary_rule("4.11-summary-half", "报送半年工作总结", "Half-year summary sent", { from = "06-01", to = "07-31" }, "07-31", 2, "11-14")
summary_rule("4.11-summary-year", "报送年度工作总结", "Annual summary sent", { from = "11-15", to = "12-31" }, "12-31", 2)

rule {
  id = "4.11-information",
  clause = C,
  text = "通过文件、图片、简报等方式",
  title = "报送简报和工作信息",
  title_en = "Bulletins and news sent",
  requires = "年内向{recipient}报送文件、图片、简报或工作信息(类别 {kinds})不少于 {min} 份",
  interpretation = "“通过文件、图片、简报等方式”是开放的列表,默认类别为简报、信息、图片或其他(报送的文件)之一即算(参数 kinds)。",
  due = "year",
  severity = "low",
  points = 1,
  params = { min = 1, recipient = RECIPIENT, kinds = "简报,信息,图片,其他" },
  check_all = true, check = function(ctx)   -- lib.require_documents judges one unit or all
    return lib.require_documents(ctx, { kinds = ctx.params.kinds, sent_to = ctx.params.recipient,
                                        min = ctx.params.min, what = "报送的简报和信息", what_en = "bulletins sent" })
  end,
}

rule {
  id = "4.11-records-kept",
  clause = C,
  text = "做好资料收集整理等基础工作",
  title = "活动资料收集整理",
  title_en = "Activity records kept with evidence",
  requires = "年内的活动记录中登记了佐证材料(照片、文件等)的不少于 {min_ratio:%}",
  interpretation = "“做好资料收集整理”读作每次活动都登记佐证材料(参数 min_ratio = 1),可调低。",
  due = "year",
  severity = "low",
  points = 1,
  params = { min_ratio = 1.0 },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.activities(ctx)
    if #rows == 0 then
      return fail("年内没有活动记录", { looked_for = "活动记录," .. ctx.from .. ".." .. ctx.to })
    end
    local without = {}
    for _, r in ipairs(rows) do
      if (r.evidence or "") == "" then without[#without + 1] = r end
    end
    local ratio = (#rows - #without) / #rows
    local msg = string.format("%d 次活动中 %d 次有佐证材料(%.0f%%)", #rows, #rows - #without, ratio * 100)
    if ratio >= ctx.params.min_ratio - 1e-9 then
      return pass(msg)
    end
    local ev = refs("activities", without)
    ev.looked_for = "缺少佐证材料的活动(见所列)"
    return fail(msg .. string.format(",未达到 %.0f%%", ctx.params.min_ratio * 100), ev)
  end),
}
