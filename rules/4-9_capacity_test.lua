-- 4-9_capacity_test.lua — tests of the rule in 4-9_capacity.lua (四、9).
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

local function training(id, day)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "关工干部培训" .. id, ["开始日期"] = day, ["类别"] = "培训" }
end

local function meeting(id, day)
  return { ["编号"] = id, ["单位"] = "U", ["会议类型"] = "关工委会议", ["日期"] = day }
end

-- An agenda item of meeting m: kind (议题类型), whether it covered 关心下一代工作.
local function item(m, seq, kind, covers)
  return { ["会议编号"] = m, ["序号"] = seq, ["议题类型"] = kind, ["议题"] = "学习关心下一代工作文件",
           ["涉及关心下一代工作"] = covers, ["属业务工作"] = "否" }
end

test {
  name = "学习:一次培训加一次学习会议,共两次即通过",
  rule = "4.9-learning",
  records = {
    units = UNITS,
    activities = { training("A1", Y"-05-15") },
    meetings = { meeting("M1", Y"-09-10") },
    agenda = { item("M1", 1, "学习", "是") },
  },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1", "meetings:M1" } } },
}

test {
  name = "学习:两次培训活动即通过",
  rule = "4.9-learning",
  records = { units = UNITS, activities = { training("A1", Y"-05-15"), training("A2", Y"-11-20") } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1", "activities:A2" } } },
}

test {
  name = "学习:参数 min = 2 时,只有一次培训,少于两次即未通过",
  rule = "4.9-learning",
  params = { min = 2 },
  records = { units = UNITS, activities = { training("A1", Y"-05-15") } },
  expect = { { unit = "U", status = "fail", evidence = { "activities:A1" } } },
}

test {
  name = "学习:参数 min = 2 时,学习议题未涉及关心下一代工作的会议不算",
  rule = "4.9-learning",
  params = { min = 2 },
  records = {
    units = UNITS,
    activities = { training("A1", Y"-05-15") },
    meetings = { meeting("M1", Y"-09-10") },
    agenda = { item("M1", 1, "学习", "否") },
  },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "学习:参数 min = 2 时,研究类议题的会议不算学习",
  rule = "4.9-learning",
  params = { min = 2 },
  records = {
    units = UNITS,
    activities = { training("A1", Y"-05-15") },
    meetings = { meeting("M1", Y"-09-10") },
    agenda = { item("M1", 1, "研究", "是") },
  },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "学习:参数 min = 2 时,一次会议有两个学习议题仍只算一次",
  rule = "4.9-learning",
  params = { min = 2 },
  records = {
    units = UNITS,
    meetings = { meeting("M1", Y"-09-10") },
    agenda = { item("M1", 1, "学习", "是"), item("M1", 2, "学习", "是") },
  },
  expect = { { unit = "U", status = "fail", evidence = { "meetings:M1" } } },
}

test {
  name = "学习:参数 min = 2 时,上一年的培训不算今年",
  rule = "4.9-learning",
  params = { min = 2 },
  records = { units = UNITS, activities = { training("A1", Y.prev"-12-30"), training("A2", Y"-03-01") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "学习:参数 min 改为 1 时一次培训即通过",
  rule = "4.9-learning",
  params = { min = 1 },
  records = { units = UNITS, activities = { training("A1", Y"-05-15") } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "学习:参数 min 改为 3 时两次即未通过",
  rule = "4.9-learning",
  params = { min = 3 },
  records = { units = UNITS, activities = { training("A1", Y"-05-15"), training("A2", Y"-11-20") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "学习:计划没有定次数,默认一次培训即通过",
  rule = "4.9-learning",
  records = { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, activities = {
    { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "关工业务培训", ["开始日期"] = Y"-06-01", ["类别"] = "培训" } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}
