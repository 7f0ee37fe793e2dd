-- 3-5_ten-ones_test.lua — tests for 3-5_ten-ones.lua (三、5 开展“十个一”实践体验活动).
-- The winter window (01-10..02-28) of 2020 ended before the plan took effect (2020-04-21), so
-- it is not_applicable in 2020; the winter tests that judge records use 2021's window.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

local function activity(id, from, to, tags, children, retirees)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "活动" .. id, ["开始日期"] = from, ["结束日期"] = to, ["类别"] = tags,
           ["儿童人数"] = children, ["老同志人数"] = retirees }
end

-- 3.5-ten-ones-winter --------------------------------------------------------------------------

test {
  name = "寒假十个一:寒假中有学生参加的“十个一”活动即通过",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-01-20", nil, "十个一", 20) },
  },
  expect = {
    { unit = "U", window = Y.next"-01-10", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "寒假十个一:寒假前开始、延续到寒假里的活动也算",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-01-05", Y.next"-01-12", "十个一;讲故事", 20, 2) },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "寒假十个一:开学后(3 月)才开展,不通过",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-03-05", nil, "十个一", 20) },
  },
  expect = {
    { unit = "U", window = Y.next"-01-10", status = "fail" },
  },
}

test {
  name = "寒假十个一:寒假前结束的活动不算,不通过",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-01-02", Y.next"-01-09", "十个一", 20) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "寒假十个一:寒假中的活动类别不是“十个一”,不通过",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-01-20", nil, "春节;慰问", 20) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "寒假十个一:没有学生参加,不通过",
  rule = "3.5-ten-ones-winter",
  period = Y.next"",
  records = {
    units = unit(),
    activities = { activity("A1", Y.next"-01-20", nil, "十个一", 0, 3) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "寒假十个一:2020 年寒假在计划生效(2020-04-21)之前,不适用",
  rule = "3.5-ten-ones-winter",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-01-20", nil, "十个一", 20) },
  },
  expect = {
    { unit = "U", window = Y"-01-10", status = "not_applicable" },
  },
}

-- 3.5-ten-ones-summer --------------------------------------------------------------------------

test {
  name = "暑假十个一:暑假中有学生参加的“十个一”活动即通过",
  rule = "3.5-ten-ones-summer",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-07-15", nil, "十个一", 30) },
  },
  expect = {
    { unit = "U", window = Y"-07-01", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "暑假十个一:6 月的活动不算暑假,不通过",
  rule = "3.5-ten-ones-summer",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-06-25", Y"-06-30", "十个一", 30) },
  },
  expect = {
    { unit = "U", window = Y"-07-01", status = "fail" },
  },
}

test {
  name = "暑假十个一:9 月开学后的活动不算,不通过",
  rule = "3.5-ten-ones-summer",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-09-01", nil, "十个一", 30) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "暑假十个一:没有学生参加,不通过",
  rule = "3.5-ten-ones-summer",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-07-15", nil, "十个一", 0) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "暑假十个一:暑假过了一半还没有活动,为待完成",
  rule = "3.5-ten-ones-summer",
  period = Y"Q3",
  as_of = Y"-08-01",
  records = {
    units = unit(),
  },
  expect = {
    { unit = "U", status = "pending" },
  },
}

-- 3.5-stories ----------------------------------------------------------------------------------

test {
  name = "讲故事:老同志给儿童讲“祖国的变化、家乡的变化”即通过",
  rule = "3.5-stories",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-08-05", nil, "讲故事;十个一", 25, 2) },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "讲故事:没有老同志参加,不通过",
  rule = "3.5-stories",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-08-05", nil, "讲故事", 25, 0) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "讲故事:没有儿童听,不通过",
  rule = "3.5-stories",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-08-05", nil, "讲故事", 0, 3) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "讲故事:老同志和儿童都参加但类别不含“讲故事”,不通过",
  rule = "3.5-stories",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-05-29", nil, "六一;慰问", 25, 3) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "讲故事:上一年的活动不算本年",
  rule = "3.5-stories",
  records = {
    units = unit(),
    activities = { activity("A1", Y.prev"-08-05", nil, "讲故事", 25, 2) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- 3.5-summer-camp (06-01..08-31) ---------------------------------------------------------------

test {
  name = "夏令营:6 月至 8 月组织职工子女参加夏令营即通过",
  rule = "3.5-summer-camp",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-06-15", Y"-06-20", "夏令营", 6) },
  },
  expect = {
    { unit = "U", window = Y"-06-01", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "夏令营:8 月底结束的夏令营也算",
  rule = "3.5-summer-camp",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-08-25", Y"-08-31", "夏令营", 6) },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "夏令营:5 月的活动不在窗口内,不通过",
  rule = "3.5-summer-camp",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-05-25", Y"-05-31", "夏令营", 6) },
  },
  expect = {
    { unit = "U", window = Y"-06-01", status = "fail" },
  },
}

test {
  name = "夏令营:暑期活动类别不是“夏令营”,不通过",
  rule = "3.5-summer-camp",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-07-15", nil, "十个一", 30) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "夏令营:没有职工子女参加,不通过",
  rule = "3.5-summer-camp",
  records = {
    units = unit(),
    activities = { activity("A1", Y"-07-15", nil, "夏令营", 0, 2) },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- “请专家、老同志讲”: an expert telling the story counts as well as a veteran.
local function story(tags, retirees)
  return { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "讲“家乡的变化”", ["开始日期"] = Y"-09-20",
           ["类别"] = tags, ["儿童人数"] = 20, ["老同志人数"] = retirees }
end

test {
  name = "讲故事:专家讲(类别含“专家讲座”,没有老同志)也算",
  rule = "3.5-stories",
  records = { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, activities = { story("讲故事;专家讲座", 0) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "讲故事:参与人员角色为“专家”也算",
  rule = "3.5-stories",
  records = { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, activities = { story("讲故事", 0) },
              people = { { ["编号"] = "E1", ["单位"] = "U", ["类别"] = "在职" } },
              participants = { { ["活动编号"] = "A1", ["人员编号"] = "E1", ["角色"] = "专家" } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "讲故事:既没有老同志也没有专家,不通过",
  rule = "3.5-stories",
  records = { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, activities = { story("讲故事", 0) } },
  expect = { { unit = "U", status = "fail" } },
}
