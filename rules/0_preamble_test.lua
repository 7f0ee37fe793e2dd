-- 0_preamble_test.lua — tests for 0_preamble.lua (序): the year's theme education and the
-- 五老关爱工程. Both are due in the year, so the default period (the plan year 2020) has one
-- window, 2020-01-01..2020-12-31.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

-- 0.theme-education ---------------------------------------------------------------------------

test {
  name = "主题教育:主题含“传承红色基因”、有儿童参加的活动即通过",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "参观烈士陵园", ["开始日期"] = Y"-06-10",
        ["主题"] = "传承红色基因,争做时代新人", ["类别"] = "主题教育", ["儿童人数"] = 12 },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "主题教育:只有口号含“争做时代新人”(没有“红色基因”,也没有类别)不算",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆手抄报展", ["开始日期"] = Y"-09-28",
        ["口号"] = "争做时代新人", ["儿童人数"] = 3 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "主题教育:参数 keywords 加上“时代新人”时,口号“争做时代新人”也算,并说出是哪个词",
  rule = "0.theme-education",
  params = { keywords = "红色基因,时代新人" },
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "国庆手抄报展", ["开始日期"] = Y"-09-28",
        ["口号"] = "争做时代新人", ["儿童人数"] = 3 },
    },
  },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" }, message = "A1 含“时代新人”" } },
}

test {
  name = "主题教育:类别为“传承红色基因”的活动,标题不含关键词也算,并说是按类别",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "参观档案馆", ["开始日期"] = Y"-06-10",
        ["类别"] = "传承红色基因", ["儿童人数"] = 5 },
    },
  },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" }, message = "A1 类别“传承红色基因”" } },
}

test {
  name = "主题教育:主题相符但没有儿童参加,不通过",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "传承红色基因专题党课", ["开始日期"] = Y"-06-10",
        ["主题"] = "传承红色基因,争做时代新人", ["儿童人数"] = 0, ["职工人数"] = 30 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "主题教育:有儿童参加但主题不是“传承红色基因,争做时代新人”,不通过",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "暑期安全教育", ["开始日期"] = Y"-07-10",
        ["主题"] = "平安过暑假", ["口号"] = "安全第一", ["类别"] = "主题教育", ["儿童人数"] = 15 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "主题教育:上一年的活动不算本年",
  rule = "0.theme-education",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "参观烈士陵园", ["开始日期"] = Y.prev"-12-20",
        ["主题"] = "传承红色基因,争做时代新人", ["儿童人数"] = 12 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "主题教育:参数 min = 2 时一次活动不够",
  rule = "0.theme-education",
  params = { min = 2 },
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "参观烈士陵园", ["开始日期"] = Y"-06-10",
        ["主题"] = "传承红色基因,争做时代新人", ["儿童人数"] = 12 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- 0.wulao-project ----------------------------------------------------------------------------

test {
  name = "五老关爱工程:两次有五老和儿童参加的活动即通过",
  rule = "0.wulao-project",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一慰问", ["开始日期"] = Y"-05-29", ["类别"] = "六一",
        ["儿童人数"] = 20, ["老同志人数"] = 3 },
      { ["编号"] = "A2", ["单位"] = "U", ["标题"] = "老同志讲故事", ["开始日期"] = Y"-10-10", ["类别"] = "讲故事",
        ["儿童人数"] = 8, ["老同志人数"] = 1 },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1", "activities:A2" } },
  },
}

test {
  name = "五老关爱工程:参数 min = 2 时,只有一次五老参加的关爱活动,不通过并列出那一次",
  rule = "0.wulao-project",
  params = { min = 2 },
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一慰问", ["开始日期"] = Y"-05-29", ["类别"] = "六一",
        ["儿童人数"] = 20, ["老同志人数"] = 3 },
      { ["编号"] = "A2", ["单位"] = "U", ["标题"] = "中秋慰问", ["开始日期"] = Y"-09-30", ["类别"] = "中秋",
        ["儿童人数"] = 10, ["老同志人数"] = 0, ["职工人数"] = 6 },
    },
  },
  expect = {
    { unit = "U", status = "fail", evidence = { "activities:A1" } },
  },
}

test {
  name = "五老关爱工程:五老参加但没有儿童的活动不算关爱活动",
  rule = "0.wulao-project",
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "老干部座谈会", ["开始日期"] = Y"-05-10", ["老同志人数"] = 12 },
      { ["编号"] = "A2", ["单位"] = "U", ["标题"] = "重阳节茶话会", ["开始日期"] = Y"-10-25", ["老同志人数"] = 15 },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "五老关爱工程:参数 min = 1 时一次即通过",
  rule = "0.wulao-project",
  params = { min = 1 },
  records = {
    units = unit(),
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一慰问", ["开始日期"] = Y"-05-29", ["类别"] = "六一",
        ["儿童人数"] = 20, ["老同志人数"] = 3 },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "五老关爱工程:计划没有定次数,默认一次五老和儿童参加的关爱活动即通过",
  rule = "0.wulao-project",
  records = { units = unit(), activities = {
    { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "五老讲传统", ["开始日期"] = Y"-06-01", ["老同志人数"] = 3, ["儿童人数"] = 10 } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}
