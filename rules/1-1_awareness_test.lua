-- 1-1_awareness_test.lua — tests for 1-1_awareness.lua (一、1 切实提高思想认识).
-- 1.1-study is due each half (windows 2020-01-01 and 2020-07-01, judged separately);
-- 1.1-responsibility once in the year.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

-- 1.1-study ----------------------------------------------------------------------------------

test {
  name = "学习:两个半年都有学习关心下一代工作的会议,均通过",
  rule = "1.1-study",
  records = {
    units = unit(),
    meetings = {
      { ["编号"] = "M1", ["单位"] = "U", ["会议类型"] = "党组会", ["日期"] = Y"-05-12" },
      { ["编号"] = "M2", ["单位"] = "U", ["会议类型"] = "关工委会议", ["日期"] = Y"-09-15" },
    },
    agenda = {
      { ["会议编号"] = "M1", ["序号"] = 1, ["议题类型"] = "学习", ["议题"] = "学习习近平总书记对关心下一代工作的重要指示",
        ["涉及关心下一代工作"] = "是", ["属业务工作"] = "否" },
      { ["会议编号"] = "M2", ["序号"] = 1, ["议题类型"] = "学习", ["议题"] = "学习全国关工委会议精神",
        ["涉及关心下一代工作"] = "是", ["属业务工作"] = "否" },
    },
  },
  expect = {
    { unit = "U", status = "pass" },
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M1" } },
    { unit = "U", window = Y"-07-01", status = "pass", evidence = { "meetings:M2" } },
  },
}

test {
  name = "学习:两个半年分开判断,下半年没有学习即下半年不通过",
  rule = "1.1-study",
  records = {
    units = unit(),
    meetings = {
      { ["编号"] = "M1", ["单位"] = "U", ["会议类型"] = "党组会", ["日期"] = Y"-05-12" },
    },
    agenda = {
      { ["会议编号"] = "M1", ["序号"] = 1, ["议题类型"] = "学习", ["议题"] = "学习习近平总书记对关心下一代工作的重要指示",
        ["涉及关心下一代工作"] = "是", ["属业务工作"] = "否" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M1" } },
    { unit = "U", window = Y"-07-01", status = "fail" },
  },
}

test {
  name = "学习:学习议题不涉及关心下一代工作,不通过",
  rule = "1.1-study",
  period = Y"H1",
  records = {
    units = unit(),
    meetings = {
      { ["编号"] = "M1", ["单位"] = "U", ["会议类型"] = "党组会", ["日期"] = Y"-05-12" },
    },
    agenda = {
      { ["会议编号"] = "M1", ["序号"] = 1, ["议题类型"] = "学习", ["议题"] = "学习《民法典》",
        ["涉及关心下一代工作"] = "否", ["属业务工作"] = "否" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "学习:涉及关心下一代工作的议题不是“学习”类,不通过",
  rule = "1.1-study",
  period = Y"H1",
  records = {
    units = unit(),
    meetings = {
      { ["编号"] = "M1", ["单位"] = "U", ["会议类型"] = "党组会", ["日期"] = Y"-05-12" },
    },
    agenda = {
      { ["会议编号"] = "M1", ["序号"] = 1, ["议题类型"] = "安排", ["议题"] = "安排六一关爱活动",
        ["涉及关心下一代工作"] = "是", ["属业务工作"] = "是" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "学习:下半年尚未到期时没有学习记录为待完成",
  rule = "1.1-study",
  period = Y"H2",
  as_of = Y"-09-30",
  records = {
    units = unit(),
  },
  expect = {
    { unit = "U", window = Y"-07-01", status = "pending" },
  },
}

-- 1.1-responsibility -------------------------------------------------------------------------

test {
  name = "责任制:年内有“责任制”文件即通过",
  rule = "1.1-responsibility",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "责任制", ["标题"] = "2020年机关党建工作责任清单(含关工委建设)",
        ["日期"] = Y"-03-05" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "责任制:上一年的责任制文件不算本年",
  rule = "1.1-responsibility",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "责任制", ["标题"] = "2019年机关党建工作责任清单", ["日期"] = Y.prev"-12-31" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "责任制:其他类别的文件(制度)不算",
  rule = "1.1-responsibility",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "制度", ["子类"] = "工作", ["标题"] = "关工委工作制度", ["日期"] = Y"-05-05" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "责任制:别的单位的责任制文件不算本单位",
  rule = "1.1-responsibility",
  records = {
    units = { { ["编号"] = "U", ["名称"] = "测试单位" }, { ["编号"] = "V", ["名称"] = "另一单位" } },
    documents = {
      { ["编号"] = "D1", ["单位"] = "V", ["类别"] = "责任制", ["标题"] = "2020年机关党建工作责任清单", ["日期"] = Y"-03-05" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
    { unit = "V", status = "pass", evidence = { "documents:D1" } },
  },
}
