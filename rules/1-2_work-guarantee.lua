-- 1-2_work-guarantee.lua — 一、2 不断强化工作保障.
-- The four 有 (办公场所、专人分管、具体办事人员、专门的工作经费) and the four same
-- (同研究、同安排、同检查、同奖惩, each judged on its own).

local C = "一、2"

-- Rows of table `tbl` for this unit whose [start_date, end_date] overlaps [from, to].
local function active(tbl, extra, ctx, ...)
  return lib.unit_rows(ctx, "SELECT id, unit_id FROM " .. tbl .. " WHERE start_date <= ? " ..
                       "AND (end_date IS NULL OR end_date >= ?)" .. extra .. " AND %s ORDER BY id",
                       "unit_id", ctx.to, ctx.from, ...)
end

rule {
  id = "1.2-office",
  clause = C,
  text = "有办公场所",
  title = "四有:有办公场所",
  title_en = "Four haves: an office",
  requires = "每季度有在用的关工委办公场所记录(办公场所表)",
  interpretation = "“有办公场所”是持续的状态,按每个季度都有在用的办公场所记录判断。",
  due = "quarter",
  severity = "medium",
  points = 2,
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = active("offices", "", ctx)
    if #rows > 0 then
      return pass(string.format("有办公场所 %d 处", #rows), refs("offices", rows))
    end
    return fail("没有在用的关工委办公场所记录",
                { looked_for = "办公场所记录(offices)," .. ctx.from .. ".." .. ctx.to .. " 在用" })
  end),
}

-- One rule per role the plan names: 专人分管 (分管领导) and 具体办事人员.
local function role_rule(id, quote, role, title_en, points)
  rule {
    id = id,
    clause = C,
    text = quote,
    title = "四有:" .. quote,
    title_en = "Four haves: " .. title_en,
    requires = "每季度有在任的“{role}”任职记录(职责表)",
    interpretation = "“" .. quote .. "”是持续的状态,按每个季度都有在任的“" .. role .. "”任职记录判断。",
    due = "quarter",
    severity = "medium",
    points = points,
    params = { role = role },
    check_all = true, check = lib.each_unit(function(ctx)
      local rows = active("roles", " AND role = ?", ctx, ctx.params.role)
      if #rows > 0 then
        return pass(string.format("已明确%s %d 人", ctx.params.role, #rows), refs("roles", rows))
      end
      return fail("没有明确" .. ctx.params.role,
                  { looked_for = "职责为“" .. ctx.params.role .. "”的任职记录," .. ctx.from .. ".." .. ctx.to })
    end),
  }
end

role_rule("1.2-leader", "有专人分管", "分管领导", "a leader in charge", 2)
role_rule("1.2-staff", "有具体办事人员", "办事人员", "staff doing the work", 2)

rule {
  id = "1.2-funds",
  clause = C,
  text = "有专门的工作经费",
  title = "四有:有专门的工作经费",
  title_en = "Four haves: dedicated funds",
  requires = "年内有类型为预算或拨付的关工工作经费记录,合计不少于 {min_yuan} 元",
  interpretation = "“有专门的工作经费”没有定金额,默认年内有预算或拨付的关工经费即可(参数 min_yuan,默认 1 元)。",
  due = "year",
  severity = "medium",
  points = 2,
  params = { min_yuan = 1 },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[SELECT id, amount_fen, unit_id FROM funds WHERE date BETWEEN ? AND ?
                           AND direction IN ('预算', '拨付') AND %s ORDER BY id]], "unit_id", ctx.from, ctx.to)
    local fen = 0
    for _, r in ipairs(rows) do fen = fen + r.amount_fen end
    if fen >= ctx.params.min_yuan * 100 then
      return pass(string.format("安排关工工作经费 %.2f 元", fen / 100), refs("funds", rows))
    end
    return fail(string.format("关工工作经费 %.2f 元,未达到 %s 元", fen / 100, ctx.params.min_yuan),
                { looked_for = "类型为预算或拨付的经费记录," .. ctx.from .. ".." .. ctx.to })
  end),
}

-- 同研究、同安排、同检查、同奖惩: in the window, a meeting of the party group (or another body
-- listed in params.bodies) took up business work of that kind and 关心下一代工作 of the same
-- kind. Meetings that handled such business without 关工 are listed as the gap.
local MEETINGS = [[
  SELECT m.id AS id, m.unit_id,
         EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = m.id AND a.kind = ?3
                 AND a.covers_guanai = 1) AS covered
  FROM meetings m
  WHERE m.date BETWEEN ?1 AND ?2
    AND instr(',' || ?4 || ',', ',' || m.body || ',') > 0
    AND EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = m.id AND a.kind = ?3
                AND a.business = 1) AND %s
  ORDER BY m.date, m.id]]

-- 考核 and 奖惩 documents on 关工 (title naming it), which offices keep for 同奖惩.
local DOCS = [[
  SELECT id, unit_id FROM documents WHERE date BETWEEN ? AND ?
    AND instr(',' || ? || ',', ',' || kind || ',') > 0
    AND (instr(title, '关心下一代') > 0 OR instr(title, '关工') > 0) AND %s
  ORDER BY date, id]]

local function same_rule(kind, en, due, points, docs)
  rule {
    id = "1.2-same-" .. en,
    clause = C,
    text = "同" .. kind,
    title = "四同:与业务工作同" .. kind,
    title_en = "Four same: " .. en .. " together with business work",
    requires = "党组会在" .. kind .. "业务工作的同时" .. kind .. "关心下一代工作:会议议题中有类型为“" ..
               kind .. "”、属业务工作的议题,同一会议也有涉及关心下一代工作的“" .. kind ..
               "”议题,这样的会议占该类业务会议的 {min_share:%} 以上" ..
               (docs and ";或有标题涉及关工的{documents}文件" or ""),
    interpretation = "“同" .. kind .. "”默认要求至少一次、且不少于一半(参数 min_share)的" .. kind ..
                     "业务会议同时" .. kind .. "关心下一代工作,每个结论都写明这个比例" ..
                     (docs and ",单位留存的考核、奖惩文件(标题涉及关工)也算同奖惩" or "") .. "。",
    due = due,
    remind = 14,
    severity = "high",
    points = points,
    params = docs and { bodies = "党组会", kind = kind, min_share = 0.5, documents = docs }
                  or { bodies = "党组会", kind = kind, min_share = 0.5 },
    check_all = true, check = lib.each_unit(function(ctx)
      local rows = lib.unit_rows(ctx, MEETINGS, "m.unit_id", ctx.from, ctx.to, ctx.params.kind, ctx.params.bodies)
      local covered, missed = {}, {}
      for _, r in ipairs(rows) do
        table.insert(r.covered == 1 and covered or missed, r)
      end
      local share = #rows > 0 and #covered / #rows or 0
      local shown = string.format("(%d 次%s业务会议中 %d 次同%s关工,占 %.0f%%)", #rows, ctx.params.kind, #covered,
                                  ctx.params.kind, share * 100)
      if ctx.params.documents then
        local docs_found = lib.unit_rows(ctx, DOCS, "unit_id", ctx.from, ctx.to, ctx.params.documents)
        if #docs_found > 0 then
          local ev = refs("documents", docs_found)
          for _, r in ipairs(refs("meetings", covered)) do ev[#ev + 1] = r end
          return pass(string.format("有涉及关工的%s文件 %d 份%s", ctx.params.documents, #docs_found, shown), ev)
        end
      end
      if #covered > 0 and share >= ctx.params.min_share - 1e-9 then
        local msg = string.format("%d 次会议在%s业务工作时同%s关心下一代工作%s", #covered, ctx.params.kind, ctx.params.kind, shown)
        if #missed > 0 then
          local ids = {}
          for _, r in ipairs(missed) do ids[#ids + 1] = r.id end
          msg = msg .. string.format(";另有 %d 次未同%s:%s", #missed, ctx.params.kind, table.concat(ids, "、"))
        end
        return pass(msg, refs("meetings", covered))
      end
      if #covered > 0 then
        local ev = refs("meetings", missed)
        ev.looked_for = string.format("%s在 %s..%s 的%s业务会议中同%s关工的比例不低于 %.0f%%", ctx.params.bodies,
                                      ctx.from, ctx.to, ctx.params.kind, ctx.params.kind, ctx.params.min_share * 100)
        return fail(string.format("同%s关工的会议比例不足%s,未达到 %.0f%%(所列为未同%s的会议)", ctx.params.kind, shown,
                                  ctx.params.min_share * 100, ctx.params.kind), ev)
      end
      local ev = refs("meetings", missed)
      ev.looked_for = string.format("%s在 %s..%s 的会议中,议题类型为“%s”且涉及关心下一代工作的议题",
                                    ctx.params.bodies, ctx.from, ctx.to, ctx.params.kind)
      if #missed > 0 then
        return fail(string.format("%d 次会议%s了业务工作,但都没有同%s关心下一代工作(见所列会议)%s",
                                  #missed, ctx.params.kind, ctx.params.kind, shown), ev)
      end
      return fail(string.format("没有%s业务工作并同%s关心下一代工作的会议记录%s", ctx.params.kind, ctx.params.kind, shown), ev)
    end),
  }
end

same_rule("研究", "study", "half", 2)
same_rule("安排", "plan", "half", 2)
same_rule("检查", "inspect", "year", 2)
same_rule("奖惩", "reward", "year", 2, "考核,奖惩")

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "1.2.1", clause = "一、2", text = "加强领导统筹",
                     title = "加强领导统筹", title_en = "leadership and coordination" })
rule(lib.self_rule { ob = "1.2.2", clause = "一、2", text = "选优配强工作力量",
                     title = "选优配强工作力量", title_en = "a strong team chosen well" })
rule(lib.self_rule { ob = "1.2.3", clause = "一、2", text = "明确在职干部职工和本单位“五老”人员工作职责",
                     title = "明确在职干部职工和五老的工作职责", title_en = "duties of serving staff and veterans made clear" })
