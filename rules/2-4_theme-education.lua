-- 2-4_theme-education.lua — 二、4 扎实开展主题教育: values education, patriotic and traditional
-- culture education, "祖国好、家乡美", the education bases, and the children's essays.

local C = "二、4"

-- A rule that wants at least params.min activities with any of `tags` and children.
local function activity_rule(r)
  rule {
    id = r.id, clause = C, text = r.text, title = r.title, title_en = r.title_en,
    requires = r.requires, due = "year", severity = "medium", points = r.points,
    interpretation = "按活动声明的类别(" .. lib.words(r.tags) .. ")判断,计划没有定次数,默认年内至少一次有儿童参加(参数 min)。",
    params = { min = 1 },
    check_all = true, check = function(ctx)   -- lib.require_activities judges one unit or all
      return lib.require_activities(ctx, { tags = r.tags, min = ctx.params.min, min_children = 1,
                                           what = r.what, what_en = r.title_en })
    end,
  }
end

activity_rule {
  id = "2.4-values",
  text = "深入开展社会主义核心价值观、“中国梦”等青少年思想道德教育",
  title = "社会主义核心价值观、“中国梦”主题教育",
  title_en = "Core values and Chinese Dream education",
  requires = "年内组织职工子女参加主题教育活动(活动类别含“主题教育”)",
  tags = { "主题教育" },
  what = "主题教育活动",
  points = 2,
}

activity_rule {
  id = "2.4-patriotic",
  text = "积极开展爱国主义、革命传统教育、中华优秀传统文化教育",
  title = "爱国主义、革命传统、优秀传统文化教育",
  title_en = "Patriotic, revolutionary tradition and traditional culture education",
  requires = "年内组织职工子女参加爱国主义、革命传统或优秀传统文化教育活动(活动类别含其一)",
  tags = { "爱国主义教育", "革命传统教育", "传统文化教育" },
  what = "爱国主义、革命传统、传统文化教育活动",
  points = 2,
}

activity_rule {
  id = "2.4-history",
  text = "继续抓好党史、国史、革命史教育",
  title = "利用教育基地开展党史、国史、革命史教育",
  title_en = "Party, national and revolutionary history education",
  requires = "年内组织职工子女参加党史、国史、革命史教育活动(活动类别含“党史国史教育”,如在档案馆、雷锋事迹展览馆、烈士陵园等教育基地)",
  tags = { "党史国史教育" },
  what = "党史、国史、革命史教育活动",
  points = 2,
}

rule {
  id = "2.4-hometown",
  clause = C,
  text = "积极组织或参与“祖国好、家乡美”等主题教育",
  title = "“祖国好、家乡美”主题教育",
  title_en = "\"Motherland good, hometown beautiful\" theme education",
  requires = "年内组织或参与“祖国好、家乡美”等主题教育(活动类别含“{tag}”,或标题、主题、口号含 {keywords})",
  interpretation = "先看活动类别“祖国好家乡美”,没有时标题、主题或口号须含参数 keywords 的词(默认祖国好、爱祖国、爱家乡、家乡美丽),“家乡美”单独不作关键词,以免“家乡美食”误算。",
  due = "year",
  severity = "low",
  points = 1,
  params = { tag = "祖国好家乡美", keywords = "祖国好,爱祖国,爱家乡,家乡美丽" },
  check_all = true, check = lib.each_unit(function(ctx)
    local rows = lib.themed_activities(ctx, ctx.params.tag, ctx.params.keywords, 0)
    if #rows > 0 then
      return pass(string.format("“祖国好、家乡美”主题教育 %d 次(%s)", #rows, lib.matched_text(rows)), refs("activities", rows))
    end
    return fail("没有“祖国好、家乡美”主题教育活动",
                { looked_for = "类别含“" .. ctx.params.tag .. "”或标题、主题、口号含“" .. ctx.params.keywords ..
                               "”的活动," .. ctx.from .. ".." .. ctx.to })
  end),
}

rule {
  id = "2.4-essays",
  clause = C,
  text = "积极组织干部职工子女撰写以“立德树人”、践行社会主义核心价值观等为主题的心得体会文章",
  title = "职工子女撰写心得体会文章",
  title_en = "Staff children write essays",
  requires = "年内收集职工子女心得体会文章(文件类别“心得”)不少于 {min} 篇",
  interpretation = "计划没有定篇数,默认年内至少一篇类别为“心得”的文章(参数 min)。",
  due = "year",
  severity = "low",
  points = 2,
  params = { min = 1 },
  check_all = true, check = function(ctx)   -- lib.require_documents judges one unit or all
    return lib.require_documents(ctx, { kinds = { "心得" }, min = ctx.params.min,
                                        what = "职工子女心得体会文章", what_en = "essays" })
  end,
}
