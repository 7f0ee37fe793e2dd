-- 4-10_systems.lua — 四、10 健全制度机制: the eight 制度, and 有计划、有布置、有检查、有落实.

local C = "四、10"
local EIGHT = { "工作", "学习", "服务", "培训", "总结", "汇报", "调查研究", "会议" }

rule {
  id = "4.10-eight-systems",
  clause = C,
  text = "建立健全工作、学习、服务、培训、总结、汇报、调查研究、会议等制度",
  title = "建立健全八项制度",
  title_en = "The eight working rules",
  requires = "到年底,文件中有类别为“制度”、子类分别为工作、学习、服务、培训、总结、汇报、调查研究、会议的八项制度(一份文件的子类可列几项)",
  interpretation = "八项制度按“制度”文件的子类计,一份文件可建立几项,此前年份建立、年底仍在的也算。",
  due = "year",
  severity = "high",
  points = 4,
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.unit_rows(ctx, [[
      SELECT id, subkind, unit_id FROM documents WHERE kind = '制度' AND date <= ? AND %s
      ORDER BY date, id]], "unit_id", ctx.to)
    local have, ids = {}, {}
    for _, r in ipairs(rows) do
      -- one document may set up several 制度: its 子类 lists them as the importer splits tags
      local added = false
      for k in string.gmatch((r.subkind or ""):gsub("；", ";"):gsub("、", ";"):gsub("，", ";"):gsub(",", ";"):gsub("|", ";"), "[^;]+") do
        k = k:match("^%s*(.-)%s*$")
        if k ~= "" and not have[k] then have[k], added = true, true end
      end
      if added then ids[#ids + 1] = r end
    end
    local missing = {}
    for _, k in ipairs(EIGHT) do
      if not have[k] then missing[#missing + 1] = k end
    end
    if #missing == 0 then
      return pass("八项制度齐全", refs("documents", ids))
    end
    local ev = refs("documents", ids)
    ev.looked_for = "类别为“制度”、子类为" .. table.concat(missing, "、") .. "的文件"
    return fail(string.format("八项制度缺 %d 项:%s", #missing, table.concat(missing, "、")), ev)
  end),
}

rule {
  id = "4.10-has-plan",
  clause = C,
  text = "做到关工工作有计划、有布置、有检查、有落实",
  title = "有计划",
  title_en = "There is a plan",
  requires = "年内有类别为“计划”或“工作方案”的文件",
  interpretation = "“有计划”以年内有类别为“计划”或“工作方案”的文件为证。",
  due = "year",
  severity = "medium",
  points = 1,
  check_all = true, check = function(ctx)   -- lib.require_documents judges one unit or all
    return lib.require_documents(ctx, { kinds = { "计划", "工作方案" }, what = "关工工作计划", what_en = "plans" })
  end,
}

-- 有布置 and 有检查: a meeting (any body) with an agenda item of that kind on 关心下一代工作.
local function meeting_rule(id, kind, title, title_en)
  rule {
    id = id,
    clause = C,
    text = "做到关工工作有计划、有布置、有检查、有落实",
    title = title,
    title_en = title_en,
    requires = "年内有会议议题类型为“" .. kind .. "”并涉及关心下一代工作",
    interpretation = "“有" .. (kind == "安排" and "布置" or kind) .. "”以年内任何会议中类型为“" .. kind .. "”、涉及关工的议题为证。",
    due = "year",
    severity = "medium",
    points = 1,
    params = { kind = kind },
    check_all = true, check = lib.each_unit(function(ctx)
      local rows = lib.meetings_covering(ctx, { ctx.params.kind })
      if #rows > 0 then
        return pass(string.format("%d 次会议%s关心下一代工作", #rows, ctx.params.kind), refs("meetings", rows))
      end
      return fail("没有" .. ctx.params.kind .. "关心下一代工作的会议记录",
                  { looked_for = "议题类型为“" .. ctx.params.kind .. "”且涉及关心下一代工作的会议," .. ctx.from .. ".." .. ctx.to })
    end),
  }
end

meeting_rule("4.10-has-arrangement", "安排", "有布置", "The work is assigned")
meeting_rule("4.10-has-inspection", "检查", "有检查", "The work is inspected")

rule {
  id = "4.10-has-implementation",
  clause = C,
  text = "做到关工工作有计划、有布置、有检查、有落实",
  title = "有落实",
  title_en = "The work is carried out",
  requires = "年内开展有儿童参加的关爱活动不少于 {min} 次",
  interpretation = "“有落实”按年内开展了有儿童参加的关爱活动计,计划没有定次数,默认至少一次(参数 min)。",
  due = "year",
  severity = "medium",
  points = 1,
  params = { min = 1 },
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { min = ctx.params.min, min_children = 1, what = "关爱活动",
                                         what_en = "caring activities" })
  end,
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "4.10.1", clause = "四、10", text = "切实加强和联络组成员单位的沟通协调",
                     title = "与联络组成员单位沟通协调", title_en = "coordination with the liaison group's members" })
rule(lib.self_rule { ob = "4.10.2", clause = "四、10", text = "认真思考、科学规划活动方案",
                     title = "科学规划活动方案", title_en = "activity plans thought through" })
rule(lib.self_rule { ob = "4.10.4", clause = "四、10", text = "积极学习借鉴其他单位先进经验和优秀做法,创新工作机制和活动方式",
                     title = "借鉴先进经验,创新工作机制和活动方式", title_en = "learning from others, new ways of working" })
