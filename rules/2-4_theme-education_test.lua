-- 2-4_theme-education_test.lua — tests for 2-4_theme-education.lua (二、4 扎实开展主题教育).
-- Every rule here is due in the year: one window, 2020-01-01..2020-12-31.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

local function activity(id, day, tags, children, extra)
  local a = { ["编号"] = id, ["单位"] = "U", ["标题"] = "活动" .. id, ["开始日期"] = day, ["类别"] = tags, ["儿童人数"] = children }
  for k, v in pairs(extra or {}) do a[k] = v end
  return a
end

-- The three tag rules: 2.4-values, 2.4-patriotic, 2.4-history. The same cases for each; the
-- patriotic rule takes any of its three tags.

local function tag_rule(rule_id, label, tags)
  for _, tag in ipairs(tags) do
    test {
      name = label .. ":类别含“" .. tag .. "”、有儿童参加的活动即通过",
      rule = rule_id,
      records = {
        units = unit(),
        activities = { activity("A1", Y"-07-20", tag, 15) },
      },
      expect = {
        { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } },
      },
    }
  end

  test {
    name = label .. ":类别相符、另有别的类别也算",
    rule = rule_id,
    records = {
      units = unit(),
      activities = { activity("A1", Y"-10-01", "国庆;" .. tags[1] .. ";慰问", 6) },
    },
    expect = {
      { unit = "U", status = "pass", evidence = { "activities:A1" } },
    },
  }

  test {
    name = label .. ":类别相符但没有儿童参加,不通过",
    rule = rule_id,
    records = {
      units = unit(),
      activities = { activity("A1", Y"-07-20", tags[1], 0, { ["职工人数"] = 40 }) },
    },
    expect = {
      { unit = "U", status = "fail" },
    },
  }

  test {
    name = label .. ":有儿童参加但类别不符,不通过",
    rule = rule_id,
    records = {
      units = unit(),
      activities = { activity("A1", Y"-07-20", "夏令营;其他", 15) },
    },
    expect = {
      { unit = "U", status = "fail" },
    },
  }

  test {
    name = label .. ":上一年的活动不算本年",
    rule = rule_id,
    records = {
      units = unit(),
      activities = { activity("A1", Y.prev"-12-28", tags[1], 15) },
    },
    expect = {
      { unit = "U", status = "fail" },
    },
  }

  test {
    name = label .. ":参数 min = 2 时一次不够,不通过并列出那一次",
    rule = rule_id,
    params = { min = 2 },
    records = {
      units = unit(),
      activities = { activity("A1", Y"-07-20", tags[1], 15) },
    },
    expect = {
      { unit = "U", status = "fail", evidence = { "activities:A1" } },
    },
  }
end

tag_rule("2.4-values", "核心价值观", { "主题教育" })
tag_rule("2.4-patriotic", "爱国主义", { "爱国主义教育", "革命传统教育", "传统文化教育" })
tag_rule("2.4-history", "党史国史", { "党史国史教育" })

-- 2.4-hometown ---------------------------------------------------------------------------------

test {
  name = "祖国好家乡美:标题含“祖国好”即通过",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "“祖国好、家乡美”主题征文", ["开始日期"] = Y"-09-20", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "祖国好家乡美:只有口号“我的家乡美”不算(“家乡美”单独不作关键词)",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆游园", ["开始日期"] = Y"-10-03", ["口号"] = "我的家乡美", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "祖国好家乡美:口号“我爱祖国 我爱家乡”算,并说出是哪个词",
  rule = "2.4-hometown",
  records = { units = unit(), activities = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆游园", ["开始日期"] = Y"-10-03", ["口号"] = "我爱祖国 我爱家乡", ["类别"] = nil, ["儿童人数"] = 9 } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" }, message = "A1 含“爱祖国”" } },
}

test {
  name = "祖国好家乡美:“家乡美食节”不是这个主题教育",
  rule = "2.4-hometown",
  records = { units = unit(), activities = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "家乡美食节", ["开始日期"] = Y"-10-03", ["口号"] = nil, ["类别"] = nil, ["儿童人数"] = 9 } } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "祖国好家乡美:类别“祖国好家乡美”的活动即算",
  rule = "2.4-hometown",
  records = { units = unit(), activities = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆游园", ["开始日期"] = Y"-10-03", ["口号"] = nil, ["类别"] = "祖国好家乡美", ["儿童人数"] = 9 } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" }, message = "A1 类别“祖国好家乡美”" } },
}

test {
  name = "祖国好家乡美:只有主题含“祖国好”也算",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆游园", ["开始日期"] = Y"-10-03", ["主题"] = "祖国好", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "祖国好家乡美:别的主题的活动不算,不通过",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆游园", ["开始日期"] = Y"-10-03", ["主题"] = "歌唱祖国",
        ["口号"] = "家乡的变化", ["类别"] = "主题教育", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "祖国好家乡美:标题末尾的“祖国”和主题开头的“好”连起来不算“祖国好”",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "我和我的祖国", ["开始日期"] = Y"-10-03",
        ["主题"] = "好家风伴我成长", ["口号"] = "美德传家", ["类别"] = "家庭教育", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "祖国好家乡美:上一年的活动不算本年",
  rule = "2.4-hometown",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "“祖国好、家乡美”主题征文", ["开始日期"] = Y.prev"-09-20", ["儿童人数"] = 9 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- 2.4-essays -----------------------------------------------------------------------------------

test {
  name = "心得体会:年内收集职工子女心得文章即通过",
  rule = "2.4-essays",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "职工子女“立德树人”心得体会汇编", ["日期"] = Y"-11-15" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "心得体会:只有总结、简报不算,不通过",
  rule = "2.4-essays",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "总结", ["标题"] = "2020年关心下一代工作总结", ["日期"] = Y"-12-20" },
      { ["编号"] = "D2", ["单位"] = "U", ["类别"] = "简报", ["标题"] = "职工子女读书活动简报", ["日期"] = Y"-08-20" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "心得体会:上一年的心得不算本年",
  rule = "2.4-essays",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "职工子女心得体会", ["日期"] = Y.prev"-12-30" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "心得体会:参数 min = 3 时 2 篇不通过",
  rule = "2.4-essays",
  params = { min = 3 },
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "心得一", ["日期"] = Y"-06-15" },
      { ["编号"] = "D2", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "心得二", ["日期"] = Y"-11-15" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "心得体会:参数 min = 2 时 2 篇通过",
  rule = "2.4-essays",
  params = { min = 2 },
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "心得一", ["日期"] = Y"-06-15" },
      { ["编号"] = "D2", ["单位"] = "U", ["类别"] = "心得", ["标题"] = "心得二", ["日期"] = Y"-11-15" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "documents:D1", "documents:D2" } },
  },
}
