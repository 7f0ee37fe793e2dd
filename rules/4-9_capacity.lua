-- 4-9_capacity.lua — 四、9 加强能力建设.

rule {
  id = "4.9-learning",
  clause = "四、9",
  text = "不断加强学习,努力提升关工工作的业务素质和履职能力",
  title = "关工干部学习培训",
  title_en = "Training for the people doing the work",
  requires = "年内至少 {min} 次学习培训:类别含“培训”的活动,或有“学习”类议题涉及关心下一代工作的会议",
  interpretation = "“不断加强学习”没有定次数,默认年内至少一次培训活动或涉及关工的学习会议(参数 min)。",
  due = "year",
  severity = "medium",
  points = 4,
  params = { min = 1 },
  check_all = true, check = lib.each_unit(function(ctx)
    local acts = lib.activities(ctx, { "培训" })
    local meets = lib.meetings_covering(ctx, { "学习" })
    local n = #acts + #meets
    local ev = refs("activities", acts)
    for _, r in ipairs(refs("meetings", meets)) do ev[#ev + 1] = r end
    if n >= ctx.params.min then
      return pass(string.format("学习培训 %d 次(培训活动 %d 次,学习会议 %d 次)", n, #acts, #meets), ev)
    end
    ev.looked_for = "类别含“培训”的活动,或“学习”类议题涉及关心下一代工作的会议," .. ctx.from .. ".." .. ctx.to
    return fail(string.format("学习培训 %d 次,少于 %d 次", n, ctx.params.min), ev)
  end),
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "4.9.1", clause = "四、9", text = "切实按照中、省、市关心下一代工作会议要求",
                     title = "按中、省、市关心下一代工作会议要求开展工作", title_en = "work as the central, provincial and city meetings ask" })
rule(lib.self_rule { ob = "4.9.2", clause = "四、9", text = "认真结合市场监管部门特点和实际,坚持问题导向,需求导向和发展导向",
                     title = "结合市场监管特点,坚持问题、需求和发展导向", title_en = "tied to market regulation, led by problems, needs and development" })
