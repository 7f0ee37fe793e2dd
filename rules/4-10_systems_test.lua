-- 4-10_systems_test.lua — tests of the rules in 4-10_systems.lua (四、10).
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

local EIGHT = { "工作", "学习", "服务", "培训", "总结", "汇报", "调查研究", "会议" }

-- 制度 documents S1..S8, one per kind of EIGHT except those in `skip`, dated `day`.
local function systems(day, skip)
  local rows = {}
  for i, k in ipairs(EIGHT) do
    if not (skip and skip[k]) then
      rows[#rows + 1] = { ["编号"] = "S" .. i, ["单位"] = "U", ["类别"] = "制度", ["子类"] = k,
                          ["标题"] = "关工委" .. k .. "制度", ["日期"] = day }
    end
  end
  return rows
end

local function doc(id, kind, day)
  return { ["编号"] = id, ["单位"] = "U", ["类别"] = kind, ["标题"] = "文件" .. id, ["日期"] = day }
end

local function meeting(id, day)
  return { ["编号"] = id, ["单位"] = "U", ["会议类型"] = "党组会", ["日期"] = day }
end

local function item(m, seq, kind, covers)
  return { ["会议编号"] = m, ["序号"] = seq, ["议题类型"] = kind, ["议题"] = "关心下一代工作",
           ["涉及关心下一代工作"] = covers, ["属业务工作"] = "是" }
end

local function act(id, day, children)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "关爱活动" .. id, ["开始日期"] = day,
           ["类别"] = "慰问", ["儿童人数"] = children }
end

-------------------------------------------------------------------------------- 八项制度

test {
  name = "八项制度:八项齐全即通过",
  rule = "4.10-eight-systems",
  records = { units = UNITS, documents = systems(Y"-06-10") },
  expect = { { unit = "U", window = Y"-01-01", status = "pass",
               evidence = { "documents:S1", "documents:S2", "documents:S3", "documents:S4",
                            "documents:S5", "documents:S6", "documents:S7", "documents:S8" } } },
}

test {
  name = "八项制度:往年建立的制度到年底仍算",
  rule = "4.10-eight-systems",
  records = { units = UNITS, documents = systems("2018-03-01") },
  expect = { { unit = "U", status = "pass" } },
}

test {
  name = "八项制度:缺调查研究制度即未通过,只列出所缺的一项",
  rule = "4.10-eight-systems",
  records = { units = UNITS, documents = systems(Y"-06-10", { ["调查研究"] = true }) },
  expect = { { unit = "U", status = "fail", message = "缺 1 项:调查研究",
               evidence = { "documents:S1", "documents:S2", "documents:S3", "documents:S4",
                            "documents:S5", "documents:S6", "documents:S8" } } },
}

test {
  name = "八项制度:缺工作制度即未通过,只列出所缺的一项",
  rule = "4.10-eight-systems",
  records = { units = UNITS, documents = systems(Y"-06-10", { ["工作"] = true }) },
  expect = { { unit = "U", status = "fail", message = "缺 1 项:工作" } },
}

test {
  name = "八项制度:同一子类的两份制度不能顶替所缺的一项",
  rule = "4.10-eight-systems",
  records = {
    units = UNITS,
    documents = (function()
      local rows = systems(Y"-06-10", { ["会议"] = true })
      rows[#rows + 1] = { ["编号"] = "S9", ["单位"] = "U", ["类别"] = "制度", ["子类"] = "学习",
                          ["标题"] = "关工委学习制度(修订)", ["日期"] = Y"-09-01" }
      return rows
    end)(),
  },
  expect = { { unit = "U", status = "fail", message = "缺 1 项:会议" } },
}

test {
  name = "八项制度:次年才建立的制度不算当年",
  rule = "4.10-eight-systems",
  as_of = Y.next"-02-01",
  records = { units = UNITS, documents = systems(Y.next"-01-05") },
  expect = { { unit = "U", status = "fail", message = "缺 8 项" } },
}

test {
  name = "八项制度:类别不是“制度”的文件不算",
  rule = "4.10-eight-systems",
  records = { units = UNITS, documents = { doc("D1", "工作方案", Y"-05-06") } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 有计划

test {
  name = "有计划:年内有工作计划即通过",
  rule = "4.10-has-plan",
  records = { units = UNITS, documents = { doc("D1", "计划", Y"-03-02") } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "有计划:工作方案也算计划",
  rule = "4.10-has-plan",
  records = { units = UNITS, documents = { doc("D1", "工作方案", Y"-05-06") } },
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "有计划:只有总结没有计划即未通过",
  rule = "4.10-has-plan",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-20") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有计划:上一年的计划不算今年",
  rule = "4.10-has-plan",
  records = { units = UNITS, documents = { doc("D1", "计划", Y.prev"-12-31") } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 有布置

test {
  name = "有布置:会议安排了关心下一代工作即通过",
  rule = "4.10-has-arrangement",
  records = { units = UNITS, meetings = { meeting("M1", Y"-04-28") }, agenda = { item("M1", 1, "安排", "是") } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M1" } } },
}

test {
  name = "有布置:安排议题未涉及关心下一代工作即未通过",
  rule = "4.10-has-arrangement",
  records = { units = UNITS, meetings = { meeting("M1", Y"-04-28") }, agenda = { item("M1", 1, "安排", "否") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有布置:只有检查议题不算布置",
  rule = "4.10-has-arrangement",
  records = { units = UNITS, meetings = { meeting("M1", Y"-04-28") }, agenda = { item("M1", 1, "检查", "是") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有布置:上一年的会议不算今年",
  rule = "4.10-has-arrangement",
  records = { units = UNITS, meetings = { meeting("M1", Y.prev"-12-30") }, agenda = { item("M1", 1, "安排", "是") } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 有检查

test {
  name = "有检查:会议检查了关心下一代工作即通过",
  rule = "4.10-has-inspection",
  records = { units = UNITS, meetings = { meeting("M1", Y"-12-15") }, agenda = { item("M1", 1, "检查", "是") } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M1" } } },
}

test {
  name = "有检查:检查议题未涉及关心下一代工作即未通过",
  rule = "4.10-has-inspection",
  records = { units = UNITS, meetings = { meeting("M1", Y"-12-15") }, agenda = { item("M1", 1, "检查", "否") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有检查:只有安排议题不算检查",
  rule = "4.10-has-inspection",
  records = { units = UNITS, meetings = { meeting("M1", Y"-04-28") }, agenda = { item("M1", 1, "安排", "是") } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 有落实

test {
  name = "有落实:年内四次有儿童参加的关爱活动即通过",
  rule = "4.10-has-implementation",
  records = {
    units = UNITS,
    activities = { act("A1", Y"-01-20", 5), act("A2", Y"-06-01", 5), act("A3", Y"-10-01", 5),
                   act("A4", Y"-12-20", 1) },
  },
  expect = { { unit = "U", window = Y"-01-01", status = "pass",
               evidence = { "activities:A1", "activities:A2", "activities:A3", "activities:A4" } } },
}

test {
  name = "有落实:参数 min = 4 时,只有三次即未通过",
  rule = "4.10-has-implementation",
  params = { min = 4 },
  records = {
    units = UNITS,
    activities = { act("A1", Y"-01-20", 5), act("A2", Y"-06-01", 5), act("A3", Y"-10-01", 5) },
  },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有落实:参数 min = 4 时,没有儿童参加的活动不计入",
  rule = "4.10-has-implementation",
  params = { min = 4 },
  records = {
    units = UNITS,
    activities = { act("A1", Y"-01-20", 5), act("A2", Y"-06-01", 5), act("A3", Y"-10-01", 5),
                   act("A4", Y"-12-20", 0) },
  },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "有落实:参数 min 改为 2 时两次即通过",
  rule = "4.10-has-implementation",
  params = { min = 2 },
  records = { units = UNITS, activities = { act("A1", Y"-06-01", 5), act("A2", Y"-10-01", 5) } },
  expect = { { unit = "U", status = "pass" } },
}

-- One document may set up several 制度: its 子类 lists them ("工作;学习、服务").
local function two_docs(second)
  return { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, documents = {
    { ["编号"] = "S1", ["单位"] = "U", ["类别"] = "制度", ["子类"] = "工作;学习、服务;培训", ["标题"] = "关工委工作制度汇编", ["日期"] = Y"-05-06" },
    { ["编号"] = "S2", ["单位"] = "U", ["类别"] = "制度", ["子类"] = second, ["标题"] = "关工委制度(二)", ["日期"] = Y"-09-06" },
  } }
end

test {
  name = "八项制度:两份文件各建立几项制度,合起来八项齐全即通过",
  rule = "4.10-eight-systems",
  records = two_docs("总结;汇报;调查研究;会议"),
  expect = { { unit = "U", status = "pass", evidence = { "documents:S1", "documents:S2" } } },
}

test {
  name = "八项制度:两份文件合起来只有七项,不通过并说缺哪项",
  rule = "4.10-eight-systems",
  records = two_docs("总结;汇报;调查研究"),
  expect = { { unit = "U", status = "fail", message = "缺 1 项:会议" } },
}

test {
  name = "有落实:计划没有定次数,默认一次有儿童参加的关爱活动即通过",
  rule = "4.10-has-implementation",
  records = { units = { { ["编号"] = "U", ["名称"] = "测试单位" } }, activities = {
    { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "慰问", ["开始日期"] = Y"-06-01", ["类别"] = "慰问", ["儿童人数"] = 2 } } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}
