-- 1-3_key-links.lua — 一、3 抓好重点工作衔接: the work plan, themes and slogans, the 台账, and
-- the retirees: at least 30% of the unit's retirees taking part, 1–2 of them running daily work.

local C = "一、3"

rule {
  id = "1.3-work-plan",
  clause = C,
  text = "细化工作方案",
  title = "细化关心下一代工作方案",
  title_en = "A detailed work plan",
  requires = "年内 {by} 前有类别为“工作方案”的文件",
  interpretation = "计划没有规定细化工作方案的期限,默认当年 12-31 前有即可,参数 by 可改为更早的日期,之后才有的方案判为迟报。",
  due = "year",
  severity = "medium",
  points = 2,
  params = { by = "12-31" },
  check_all = true, check = function(ctx)   -- lib.require_on_time judges one unit or all
    return lib.require_on_time(ctx, { kinds = { "工作方案" }, by = ctx.year .. "-" .. ctx.params.by,
                                      what = "关心下一代工作方案", what_en = "work plans" })
  end,
}

rule {
  id = "1.3-theme-slogan",
  clause = C,
  text = "做到关爱活动主题明确、特色鲜明、口号响亮、有声有色",
  title = "关爱活动主题明确、口号响亮",
  title_en = "Caring activities have a theme and a slogan",
  requires = "年内有儿童参加的关爱活动中,写明主题和口号的不少于 {min_ratio:%},且至少一次",
  interpretation = "计划说“做到”主题明确、口号响亮,默认每次有儿童参加的关爱活动都写明主题和口号(参数 min_ratio = 1),可调低。",
  due = "year",
  severity = "low",
  points = 2,
  params = { min_ratio = 1.0 },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.activities(ctx, nil, 1)
    if #rows == 0 then
      return fail("年内没有儿童参加的关爱活动", { looked_for = "有儿童参加的活动," .. ctx.from .. ".." .. ctx.to })
    end
    local good, bad = {}, {}
    for _, r in ipairs(rows) do
      local ok = (r.theme or "") ~= "" and (r.slogan or "") ~= ""
      table.insert(ok and good or bad, r)
    end
    local ratio = #good / #rows
    local msg = string.format("%d 次关爱活动中 %d 次写明主题和口号(%.0f%%)", #rows, #good, ratio * 100)
    if ratio >= ctx.params.min_ratio - 1e-9 then
      return pass(msg, refs("activities", good))
    end
    local ev = refs("activities", bad)
    ev.looked_for = "缺少主题或口号的活动(见所列)"
    return fail(msg .. string.format(",未达到 %.0f%%", ctx.params.min_ratio * 100), ev)
  end),
}

rule {
  id = "1.3-ledger",
  clause = C,
  text = "建立部门职工子女和联系点儿童关爱帮扶台账",
  title = "职工子女和联系点儿童关爱帮扶台账",
  title_en = "A ledger of staff children and contact-point children",
  requires = "年内有类别为“台账”的文件,且人员表中登记了职工子女或联系点儿童",
  interpretation = "“建立台账”以年内有类别为“台账”的文件、且人员表登记了职工子女或联系点儿童为证。",
  due = "year",
  severity = "medium",
  points = 2,
  check_all = true, check = lib.each_unit(function(ctx)
    local docs = lib.documents(ctx, { "台账" })
    local kids = (lib.unit_rows(ctx, [[SELECT unit_id, count(*) AS n FROM people WHERE category IN ('职工子女', '联系点儿童')
                                       AND %s GROUP BY unit_id]], "unit_id")[1] or { n = 0 }).n
    if #docs > 0 and kids > 0 then
      return pass(string.format("有关爱帮扶台账 %d 份,登记儿童 %d 人", #docs, kids), refs("documents", docs))
    end
    if #docs == 0 then
      return fail("没有关爱帮扶台账", { looked_for = "类别为“台账”的文件," .. ctx.from .. ".." .. ctx.to })
    end
    return fail("台账已建立,但人员表中没有登记职工子女或联系点儿童",
                { looked_for = "类别为职工子女或联系点儿童的人员记录", table.unpack(refs("documents", docs)) })
  end),
}

rule {
  id = "1.3-retiree-ratio",
  clause = C,
  text = "参与人数要达到本部门退休人数的30%以上",
  title = "退休老同志参与关爱工作达到 30%",
  title_en = "At least 30% of the retirees take part",
  requires = "年内参加关爱活动的本单位退休人员(参与人员表中属本单位、类别为“退休”的不同人员,活动由哪个单位登记均可)不少于本单位当年退休人数(单位年度表)的 {min_ratio:%}",
  interpretation = "“参与人数”按年内参加过任一关爱活动的本单位不同退休人员计(活动由哪个单位登记均可),分母为单位年度表的退休人数。",
  due = "year",
  severity = "high",
  points = 5,
  params = { min_ratio = 0.3 },
  check_all = true, check = lib.each_unit(function(ctx)
    local total = (lib.unit_rows(ctx, "SELECT retirees, unit_id FROM unit_years WHERE year = ? AND %s", "unit_id", ctx.year)[1] or {}).retirees
    if total == nil then
      return fail(string.format("单位年度表中没有 %d 年的退休人数,无法计算比例", ctx.year),
                  { looked_for = string.format("单位年度表中 %s %d 年的退休人数", ctx.unit, ctx.year) })
    end
    if total == 0 then
      return not_applicable("本单位没有退休人员")
    end
    local rows = lib.retirees_taking_part(ctx)
    local ratio = #rows / total
    local msg = string.format("参加关爱活动的退休人员 %d 人,占退休人数 %d 人的 %.1f%%", #rows, total, ratio * 100)
    if ratio >= ctx.params.min_ratio then
      return pass(msg, refs("people", rows))
    end
    local ev = refs("people", rows)
    ev.looked_for = "参与人员表中类别为“退休”的人员," .. ctx.from .. ".." .. ctx.to
    return fail(msg .. string.format(",未达到 %.0f%%", ctx.params.min_ratio * 100), ev)
  end),
}

rule {
  id = "1.3-daily-retirees",
  clause = C,
  text = "明确1-2名老同志负责日常工作",
  title = "明确 1–2 名老同志负责日常工作",
  title_en = "One or two retirees run the daily work",
  requires = "年内同一时间有 {min}–{max} 名职责为“日常负责老同志”的在任退休人员(按同时在任的人计,年中交接不算多人)",
  interpretation = "“明确1-2名老同志”按同一天在任的不同退休人员计,年中交接前后的两人不算同时在任,非退休人员不算老同志。",
  due = "year",
  severity = "medium",
  points = 2,
  params = { min = 1, max = 2 },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[
      SELECT r.id, r.person_id, p.category, max(r.start_date, ?) AS s, min(coalesce(r.end_date, ?), ?) AS e, r.unit_id
      FROM roles r JOIN people p ON p.id = r.person_id
      WHERE r.role = '日常负责老同志' AND r.start_date <= ?
        AND (r.end_date IS NULL OR r.end_date >= ?) AND %s ORDER BY r.id]],
      "r.unit_id", ctx.from, ctx.to, ctx.to, ctx.to, ctx.from)
    local retirees, others = {}, {}
    for _, r in ipairs(rows) do table.insert(r.category == "退休" and retirees or others, r) end
    -- The most different people in office on one day: a count at each start date.
    local most = 0
    for _, a in ipairs(retirees) do
      local seen, n = {}, 0
      for _, b in ipairs(retirees) do
        if b.s <= a.s and b.e >= a.s and not seen[b.person_id] then seen[b.person_id], n = true, n + 1 end
      end
      if n > most then most = n end
    end
    local note = #others > 0 and string.format(";另有 %d 条任职的不是退休人员,不算", #others) or ""
    if most >= ctx.params.min and most <= ctx.params.max then
      return pass(string.format("明确 %d 名老同志负责日常工作(同时在任最多 %d 人)%s", most, most, note), refs("roles", retirees))
    end
    if most == 0 then
      local ev = refs("roles", others)
      ev.looked_for = "职责为“日常负责老同志”、人员类别为退休的任职记录," .. ctx.from .. ".." .. ctx.to
      return fail("没有明确负责日常工作的退休老同志" .. note, ev)
    end
    return fail(string.format("同时负责日常工作的老同志 %d 名,应为 %d–%d 名", most, ctx.params.min, ctx.params.max),
                refs("roles", retirees))
  end),
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "1.3.1", clause = "一、3", text = "认真结合脱贫攻坚帮扶、离退休党支部建设等工作重点",
                     title = "结合脱贫攻坚帮扶、离退休党支部建设等工作重点", title_en = "tied to poverty relief and the retirees' Party branch" })
rule(lib.self_rule { ob = "1.3.5", clause = "一、3", text = "特色鲜明",
                     title = "关爱活动特色鲜明", title_en = "caring activities with a character of their own" })
rule(lib.self_rule { ob = "1.3.6", clause = "一、3", text = "有声有色",
                     title = "关爱活动有声有色", title_en = "caring activities done with life" })
