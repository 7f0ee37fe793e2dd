-- 3-7_family-education.lua — 三、7 开展学生家庭教育主题活动.

rule {
  id = "3.7-family-education",
  clause = "三、7",
  text = "积极开展“懂礼仪、行孝道”家庭教育主题活动",
  title = "“懂礼仪、行孝道”家庭教育主题活动",
  title_en = "Family education: courtesy and filial piety",
  requires = "年内组织职工子女参加家庭教育主题活动(活动类别含“家庭教育”)",
  due = "year",
  severity = "medium",
  points = 2,
  check = function(ctx)
    return lib.require_activities(ctx, { tags = { "家庭教育" }, min_children = 1, what = "家庭教育主题活动",
                                         what_en = "family education activities" })
  end,
}
