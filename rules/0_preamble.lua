-- 0_preamble.lua — 序 (the opening paragraph): the year's theme education and the 五老关爱工程.

rule {
  id = "0.theme-education",
  clause = "序",
  text = "持续推进“传承红色基因,争做时代新人”主题教育",
  title = "“传承红色基因,争做时代新人”主题教育",
  title_en = "Theme education: pass on the red gene, be the new generation",
  requires = "年内组织职工子女参加“传承红色基因,争做时代新人”主题教育活动(活动类别含“{tag}”,或标题、主题、口号含 {keywords})",
  interpretation = "主题教育先看活动类别“传承红色基因”,没有这个类别时标题、主题或口号须含参数 keywords 的词(默认“红色基因”),只含“争做时代新人”不算。",
  due = "year",
  severity = "medium",
  points = 3,
  params = { min = 1, tag = "传承红色基因", keywords = "红色基因" },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.themed_activities(ctx, ctx.params.tag, ctx.params.keywords, 1)
    if #rows >= ctx.params.min then
      return pass(string.format("开展主题教育活动 %d 次(%s)", #rows, lib.matched_text(rows)), refs("activities", rows))
    end
    return fail("没有“传承红色基因,争做时代新人”主题教育活动",
                { looked_for = "类别含“" .. ctx.params.tag .. "”或标题、主题、口号含“" .. ctx.params.keywords ..
                               "”、有儿童参加的活动," .. ctx.from .. ".." .. ctx.to })
  end),
}

rule {
  id = "0.wulao-project",
  clause = "序",
  text = "深入实施五老关爱工程",
  title = "五老关爱工程:五老参与关爱活动",
  title_en = "Veterans' caring project: retirees take part in caring activities",
  requires = "年内至少 {min} 次关爱活动有退休老同志(五老)参加(活动的老同志人数大于 0)",
  interpretation = "“深入实施五老关爱工程”没有定次数,默认年内至少一次有五老和儿童参加的关爱活动(参数 min)。",
  due = "year",
  severity = "medium",
  points = 2,
  params = { min = 1 },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[
      SELECT id, unit_id FROM activities WHERE start_date <= ? AND end_date >= ?
        AND retirees > 0 AND children > 0 AND %s ORDER BY start_date, id]], "unit_id", ctx.to, ctx.from)
    if #rows >= ctx.params.min then
      return pass(string.format("五老参加的关爱活动 %d 次", #rows), refs("activities", rows))
    end
    return fail(string.format("五老参加的关爱活动 %d 次,少于 %d 次", #rows, ctx.params.min),
                { looked_for = "老同志人数大于 0、有儿童参加的活动," .. ctx.from .. ".." .. ctx.to,
                  table.unpack(refs("activities", rows)) })
  end),
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "0.1", clause = "序", text = "推动建立健全党建带关建的制度机制",
                     title = "党建带关建的制度机制", title_en = "the Party-building-drives-committee mechanism" })
rule(lib.self_rule { ob = "0.2", clause = "序", text = "建设落实立德树人根本任务的制度机制",
                     title = "落实立德树人的制度机制", title_en = "a mechanism for moral education" })
rule(lib.self_rule { ob = "0.5", clause = "序", text = "积极开展具有思想性、趣味性、实践性的关爱活动",
                     title = "关爱活动的思想性、趣味性、实践性", title_en = "caring activities with ideas, fun and practice" })
