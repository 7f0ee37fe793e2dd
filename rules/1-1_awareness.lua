-- 1-1_awareness.lua — 一、1 切实提高思想认识.

rule {
  id = "1.1-study",
  clause = "一、1",
  text = "认真学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神",
  title = "学习贯彻关心下一代工作重要指示精神",
  title_en = "Study sessions on the work for the next generation",
  requires = "每半年至少一次会议有“学习”类议题并涉及关心下一代工作(党组会、关工委会议等)",
  interpretation = "“认真学习贯彻”没有定次数和时间,默认每半年至少一次涉及关工的学习议题(任何会议)。",
  due = "half",
  severity = "medium",
  points = 3,
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.meetings_covering(ctx, { "学习" })
    if #rows > 0 then
      return pass(string.format("%d 次会议学习了关心下一代工作", #rows), refs("meetings", rows))
    end
    return fail("没有学习关心下一代工作的会议记录",
                { looked_for = "议题类型为“学习”且涉及关心下一代工作的会议," .. ctx.from .. ".." .. ctx.to })
  end),
}

rule {
  id = "1.1-responsibility",
  clause = "一、1",
  text = "将党建带动关工委建设纳入机关党建工作责任制重要内容",
  title = "党建带关建纳入党建工作责任制",
  title_en = "Party building duty list includes the caring committee",
  requires = "年内有类别为“责任制”的文件(党建工作责任制,写入关工委建设)",
  interpretation = "“纳入机关党建工作责任制”以年内有类别为“责任制”的文件为证,是否写入关工委建设由审阅人对照文件查看。",
  due = "year",
  severity = "medium",
  points = 2,
  check_all = true, check = function(ctx)   -- lib.require_documents judges one unit or all
    return lib.require_documents(ctx, { kinds = { "责任制" }, what = "党建工作责任制文件", what_en = "duty-list documents" })
  end,
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "1.1.5", clause = "一、1", text = "推动关心下一代工作政治建设、思想建设、组织建设、制度建设、作风建设",
                     title = "五个建设", title_en = "the five kinds of building" })
rule(lib.self_rule { ob = "1.1.6", clause = "一、1", text = "进一步健全完善“党建带关建”工作机制",
                     title = "“党建带关建”工作机制", title_en = "the Party-building-drives-committee working mechanism" })
