-- 3-7_family-education.lua — 三、7 开展学生家庭教育主题活动.

rule {
  id = "3.7-family-education",
  clause = "三、7",
  text = "积极开展“懂礼仪、行孝道”家庭教育主题活动",
  title = "“懂礼仪、行孝道”家庭教育主题活动",
  title_en = "Family education: courtesy and filial piety",
  requires = "年内组织职工子女参加家庭教育主题活动(活动类别含“家庭教育”)",
  interpretation = "按活动类别“家庭教育”判断,计划没有定次数,默认年内至少一次有儿童参加。",
  due = "year",
  severity = "medium",
  points = 2,
  check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
    return lib.require_activities(ctx, { tags = { "家庭教育" }, min_children = 1, what = "家庭教育主题活动",
                                         what_en = "family education activities" })
  end,
}

-- Obligations records cannot show, judged on the unit's approved self-assessment (自评):
rule(lib.self_rule { ob = "3.7.2", clause = "三、7", text = "要求干部职工子女在家长的引导下做家务、行孝道",
                     title = "子女在家长引导下做家务、行孝道", title_en = "children do housework and honour their parents" })
