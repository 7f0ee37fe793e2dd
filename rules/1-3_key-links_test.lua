-- 1-3_key-links_test.lua — tests for 1-3_key-links.lua (一、3 抓好重点工作衔接): the work plan,
-- themes and slogans, the 台账, at least 30% of the retirees taking part, 1–2 retirees running
-- the daily work.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

-- 1.3-work-plan (due in the year, by the parameter `by`, default 12-31) ----------------------

test {
  name = "工作方案:上半年有工作方案即通过",
  rule = "1.3-work-plan",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "工作方案", ["标题"] = "2020年关心下一代工作实施方案", ["日期"] = Y"-05-06" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "工作方案:计划未定期限,7 月制定的方案年内即通过",
  rule = "1.3-work-plan",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "工作方案", ["标题"] = "2020年关心下一代工作实施方案", ["日期"] = Y"-07-10" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "工作方案:参数 by = 06-30 时,7 月 10 日的方案迟报 10 天,不是没有",
  rule = "1.3-work-plan",
  params = { by = "06-30" },
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "工作方案", ["标题"] = "2020年关心下一代工作实施方案", ["日期"] = Y"-07-10" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "fail", evidence = { "documents:D1" }, message = "迟报 10 天(" .. Y"-07-10" .. ",应于 " .. Y"-06-30" .. " 前)" },
  },
}

test {
  name = "工作方案:参数 by = 06-30 时,7 月制定,上半年不通过",
  rule = "1.3-work-plan",
  params = { by = "06-30" },
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "工作方案", ["标题"] = "2020年关心下一代工作实施方案", ["日期"] = Y"-07-10" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "fail" },
  },
}

test {
  name = "工作方案:只有“计划”类文件不算工作方案",
  rule = "1.3-work-plan",
  records = {
    units = unit(),
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "计划", ["标题"] = "2020年关心下一代工作计划", ["日期"] = Y"-03-01" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "工作方案:6 月底前尚未制定为待完成",
  rule = "1.3-work-plan",
  period = Y"Q2",
  as_of = Y"-05-20",
  records = {
    units = unit(),
  },
  expect = {
    { unit = "U", status = "pending" },
  },
}

-- 1.3-theme-slogan (min_ratio 0.8) -----------------------------------------------------------

local function activity(id, day, theme, slogan, children)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "关爱活动" .. id, ["开始日期"] = day, ["主题"] = theme, ["口号"] = slogan,
           ["儿童人数"] = children }
end

test {
  name = "主题口号:参数 min_ratio = 0.8 时,5 次关爱活动中 4 次写明主题和口号(正好 80%),通过",
  rule = "1.3-theme-slogan",
  params = { min_ratio = 0.8 },
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-01-20", "新春送温暖", "关爱下一代 温暖进万家", 8),
      activity("A2", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
      activity("A3", Y"-07-15", "快乐暑假", "读书伴我成长", 12),
      activity("A4", Y"-09-30", "情满中秋", "家国同庆", 10),
      activity("A5", Y"-11-10", "法治进校园", nil, 30),
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass",
      evidence = { "activities:A1", "activities:A2", "activities:A3", "activities:A4" } },
  },
}

test {
  name = "主题口号:4 次关爱活动中 3 次写明(75%),不通过并列出缺口号的活动",
  rule = "1.3-theme-slogan",
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-01-20", "新春送温暖", "关爱下一代 温暖进万家", 8),
      activity("A2", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
      activity("A3", Y"-07-15", "快乐暑假", "读书伴我成长", 12),
      activity("A4", Y"-09-30", "情满中秋", nil, 10),
    },
  },
  expect = {
    { unit = "U", status = "fail", evidence = { "activities:A4" } },
  },
}

do
  -- An activity with several kinds is one activity: 4 of 5, not 4 of 7.
  local acts = {
    activity("A1", Y"-01-20", "新春送温暖", "关爱下一代 温暖进万家", 8),
    activity("A2", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
    activity("A3", Y"-07-15", "快乐暑假", "读书伴我成长", 12),
    activity("A4", Y"-09-30", "情满中秋", "家国同庆", 10),
    activity("A5", Y"-10-01", "国庆", nil, 30),
  }
  acts[5]["类别"] = "国庆;慰问;赠书"
  test {
    name = "主题口号:有多个类别的活动只算一次(5 次中 4 次,参数 0.8 时通过)",
    rule = "1.3-theme-slogan",
    params = { min_ratio = 0.8 },
    records = { units = unit(), activities = acts },
    expect = {
      { unit = "U", status = "pass" },
    },
  }
end

test {
  name = "主题口号:只有口号没有主题也算缺",
  rule = "1.3-theme-slogan",
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-05-29", nil, "老少牵手 温暖童心", 25),
    },
  },
  expect = {
    { unit = "U", status = "fail", evidence = { "activities:A1" } },
  },
}

test {
  name = "主题口号:没有儿童参加的活动不计入比例",
  rule = "1.3-theme-slogan",
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
      activity("A2", Y"-06-10", nil, nil, 0),
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "主题口号:年内没有儿童参加的关爱活动,不通过",
  rule = "1.3-theme-slogan",
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-06-10", "学习强国", "不忘初心", 0),
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "主题口号:参数 min_ratio = 1 时 4 次中 3 次不通过",
  rule = "1.3-theme-slogan",
  params = { min_ratio = 1 },
  records = {
    units = unit(),
    activities = {
      activity("A1", Y"-01-20", "新春送温暖", "关爱下一代 温暖进万家", 8),
      activity("A2", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
      activity("A3", Y"-07-15", "快乐暑假", "读书伴我成长", 12),
      activity("A4", Y"-09-30", "情满中秋", "", 10),
    },
  },
  expect = {
    { unit = "U", status = "fail", evidence = { "activities:A4" } },
  },
}

-- 1.3-ledger -----------------------------------------------------------------------------------

test {
  name = "台账:年内有台账且登记了职工子女,通过",
  rule = "1.3-ledger",
  records = {
    units = unit(),
    people = {
      { ["编号"] = "P1", ["单位"] = "U", ["类别"] = "在职" },
      { ["编号"] = "C1", ["单位"] = "U", ["类别"] = "职工子女", ["出生年份"] = 2010, ["监护人编号"] = "P1" },
    },
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "台账", ["标题"] = "职工子女和联系点儿童关爱帮扶台账", ["日期"] = Y"-05-20" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "台账:登记了联系点儿童也算",
  rule = "1.3-ledger",
  records = {
    units = unit(),
    people = {
      { ["编号"] = "C1", ["单位"] = "U", ["类别"] = "联系点儿童", ["出生年份"] = 2011, ["联系点"] = "大英县联系村", ["留守"] = "是" },
    },
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "台账", ["标题"] = "联系点儿童关爱帮扶台账", ["日期"] = Y"-05-20" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "documents:D1" } },
  },
}

test {
  name = "台账:登记了儿童但没有台账文件,不通过",
  rule = "1.3-ledger",
  records = {
    units = unit(),
    people = {
      { ["编号"] = "P1", ["单位"] = "U", ["类别"] = "在职" },
      { ["编号"] = "C1", ["单位"] = "U", ["类别"] = "职工子女", ["出生年份"] = 2010, ["监护人编号"] = "P1" },
    },
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "总结", ["标题"] = "2020年关心下一代工作总结", ["日期"] = Y"-12-20" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "台账:有台账文件但人员表没有登记任何儿童,不通过",
  rule = "1.3-ledger",
  records = {
    units = unit(),
    people = {
      { ["编号"] = "P1", ["单位"] = "U", ["类别"] = "在职" },
      { ["编号"] = "T1", ["单位"] = "U", ["类别"] = "退休", ["五老类别"] = "老干部" },
    },
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "台账", ["标题"] = "关爱帮扶台账", ["日期"] = Y"-05-20" },
    },
  },
  expect = {
    { unit = "U", status = "fail", evidence = { "documents:D1" } },
  },
}

test {
  name = "台账:上一年的台账不算本年",
  rule = "1.3-ledger",
  records = {
    units = unit(),
    people = {
      { ["编号"] = "C1", ["单位"] = "U", ["类别"] = "联系点儿童", ["出生年份"] = 2011 },
    },
    documents = {
      { ["编号"] = "D1", ["单位"] = "U", ["类别"] = "台账", ["标题"] = "关爱帮扶台账", ["日期"] = Y.prev"-11-20" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- 1.3-retiree-ratio (min_ratio 0.3) ------------------------------------------------------------

-- A unit with `total` retirees in 2020, `n` of whom took part in activity A1 in 2020.
local function retirees(total, n)
  local people, parts = {}, {}
  for i = 1, math.max(total, n) do
    people[#people + 1] = { ["编号"] = string.format("T%03d", i), ["单位"] = "U", ["类别"] = "退休" }
  end
  for i = 1, n do
    parts[#parts + 1] = { ["活动编号"] = "A1", ["人员编号"] = string.format("T%03d", i), ["角色"] = "参加" }
  end
  return {
    units = unit(),
    unit_years = { { ["单位"] = "U", ["年度"] = Y.year, ["退休人数"] = total, ["在职人数"] = 50 } },
    people = people,
    activities = {
      { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一慰问", ["开始日期"] = Y"-05-29", ["类别"] = "六一",
        ["儿童人数"] = 20, ["老同志人数"] = n },
    },
    participants = parts,
  }
end

test {
  name = "退休人员 30%:10 人中 3 人参加(正好 30%),通过",
  rule = "1.3-retiree-ratio",
  records = retirees(10, 3),
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "people:T001", "people:T002", "people:T003" } },
  },
}

test {
  name = "退休人员 30%:100 人中 30 人参加,通过",
  rule = "1.3-retiree-ratio",
  records = retirees(100, 30),
  expect = {
    { unit = "U", status = "pass", evidence = { "people:T001", "people:T030" } },
  },
}

test {
  name = "退休人员 30%:100 人中 29 人参加(29%,差一点),不通过",
  rule = "1.3-retiree-ratio",
  records = retirees(100, 29),
  expect = {
    { unit = "U", status = "fail", evidence = { "people:T001", "people:T029" } },
  },
}

test {
  name = "退休人员 30%:参数 min_ratio = 0.4 时 10 人中 3 人不通过",
  rule = "1.3-retiree-ratio",
  params = { min_ratio = 0.4 },
  records = retirees(10, 3),
  expect = {
    { unit = "U", status = "fail" },
  },
}

do
  -- The same retiree at two activities counts once; a serving staff member does not count.
  local r = retirees(10, 2)
  r.people[#r.people + 1] = { ["编号"] = "P1", ["单位"] = "U", ["类别"] = "在职" }
  r.activities[2] = { ["编号"] = "A2", ["单位"] = "U", ["标题"] = "中秋慰问", ["开始日期"] = Y"-09-30", ["类别"] = "中秋",
                      ["儿童人数"] = 10, ["老同志人数"] = 1, ["职工人数"] = 1 }
  r.participants[#r.participants + 1] = { ["活动编号"] = "A2", ["人员编号"] = "T001", ["角色"] = "参加" }
  r.participants[#r.participants + 1] = { ["活动编号"] = "A1", ["人员编号"] = "P1", ["角色"] = "组织" }
  test {
    name = "退休人员 30%:同一人参加两次只算一人,在职人员不算,10 人中 2 人不通过",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "fail", evidence = { "people:T001", "people:T002" } },
    },
  }
end

do
  -- Taking part in 2019 does not count for 2020.
  local r = retirees(10, 3)
  r.activities[1]["开始日期"] = Y.prev"-12-20"
  test {
    name = "退休人员 30%:上一年的参与不算本年",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "fail" },
    },
  }
end

do
  local r = retirees(10, 3)
  r.unit_years = nil
  test {
    name = "退休人员 30%:单位年度表没有当年退休人数,无法计算,不通过",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "fail" },
    },
  }
end

do
  local r = retirees(10, 3)
  r.unit_years[1]["年度"] = Y.year - 1
  test {
    name = "退休人员 30%:只有上一年的退休人数,不用于本年,不通过",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "fail" },
    },
  }
end

do
  -- Retirees of another unit at U's activity are not U's retirees: 0 of U's 10 took part.
  local r = retirees(10, 0)
  r.units[2] = { ["编号"] = "V", ["名称"] = "另一单位" }
  r.unit_years[2] = { ["单位"] = "V", ["年度"] = Y.year, ["退休人数"] = 10 }
  for i = 1, 3 do
    local id = "V" .. i
    r.people[#r.people + 1] = { ["编号"] = id, ["单位"] = "V", ["类别"] = "退休" }
    r.participants[#r.participants + 1] = { ["活动编号"] = "A1", ["人员编号"] = id, ["角色"] = "参加" }
  end
  test {
    name = "退休人员 30%:别的单位的退休人员参加本单位活动,不算本单位的参与人数",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "fail" },
      { unit = "V", status = "pass", evidence = { "people:V1", "people:V2", "people:V3" } },
    },
  }
end

do
  -- U's own retirees at an activity another unit recorded (e.g. one the bureau organised) count.
  local r = retirees(10, 3)
  r.units[2] = { ["编号"] = "V", ["名称"] = "局机关" }
  r.activities[1]["单位"] = "V"
  test {
    name = "退休人员 30%:本单位退休人员参加别的单位组织的活动也算",
    rule = "1.3-retiree-ratio",
    records = r,
    expect = {
      { unit = "U", status = "pass", evidence = { "people:T001", "people:T002", "people:T003" } },
    },
  }
end

test {
  name = "退休人员 30%:本单位没有退休人员,不适用",
  rule = "1.3-retiree-ratio",
  records = {
    units = unit(),
    unit_years = { { ["单位"] = "U", ["年度"] = Y.year, ["退休人数"] = 0, ["在职人数"] = 12 } },
  },
  expect = {
    { unit = "U", status = "not_applicable" },
  },
}

-- 1.3-daily-retirees (min 1, max 2) --------------------------------------------------------------

-- `n` retirees T1..Tn, each holding the role 日常负责老同志 for the year.
local function daily(n)
  local people, roles = {}, {}
  for i = 1, 3 do
    people[i] = { ["编号"] = "T" .. i, ["单位"] = "U", ["类别"] = "退休", ["五老类别"] = "老干部" }
  end
  for i = 1, n do
    roles[i] = { ["编号"] = "R" .. i, ["单位"] = "U", ["人员编号"] = "T" .. i, ["职责"] = "日常负责老同志",
                 ["开始日期"] = Y.prev"-01-01" }
  end
  return { units = unit(), people = people, roles = roles }
end

test {
  name = "日常负责老同志:没有明确,不通过",
  rule = "1.3-daily-retirees",
  records = daily(0),
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "日常负责老同志:1 名,通过",
  rule = "1.3-daily-retirees",
  records = daily(1),
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "roles:R1" } },
  },
}

test {
  name = "日常负责老同志:2 名,通过",
  rule = "1.3-daily-retirees",
  records = daily(2),
  expect = {
    { unit = "U", status = "pass", evidence = { "roles:R1", "roles:R2" } },
  },
}

test {
  name = "日常负责老同志:3 名,超过 1–2 名,不通过",
  rule = "1.3-daily-retirees",
  records = daily(3),
  expect = {
    { unit = "U", status = "fail", evidence = { "roles:R1", "roles:R2", "roles:R3" } },
  },
}

do
  local r = daily(1)
  r.roles[1]["结束日期"] = Y.prev"-12-31"
  test {
    name = "日常负责老同志:上一年已卸任的不算,不通过",
    rule = "1.3-daily-retirees",
    records = r,
    expect = {
      { unit = "U", status = "fail" },
    },
  }
end

do
  -- T1 is appointed again mid-year (two role records), T2 serves all year: two people.
  local r = daily(2)
  r.roles[1]["结束日期"] = Y"-06-30"
  r.roles[3] = { ["编号"] = "R3", ["单位"] = "U", ["人员编号"] = "T1", ["职责"] = "日常负责老同志", ["开始日期"] = Y"-07-01" }
  test {
    name = "日常负责老同志:同一人年中续任(两条任职记录)仍算 1 名,共 2 名通过",
    rule = "1.3-daily-retirees",
    records = r,
    expect = {
      { unit = "U", status = "pass", evidence = { "roles:R1", "roles:R2", "roles:R3" } },
    },
  }
end

test {
  name = "日常负责老同志:联络员等别的职责不算",
  rule = "1.3-daily-retirees",
  records = {
    units = unit(),
    people = { { ["编号"] = "T1", ["单位"] = "U", ["类别"] = "退休" } },
    roles = { { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "T1", ["职责"] = "联络员", ["开始日期"] = Y.prev"-01-01" } },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "日常负责老同志:参数 max = 3 时 3 名通过",
  rule = "1.3-daily-retirees",
  params = { max = 3 },
  records = daily(3),
  expect = {
    { unit = "U", status = "pass" },
  },
}

test {
  name = "主题口号:计划说“做到”,默认每次都要写明,5 次中 4 次不通过,并列出缺的那次",
  rule = "1.3-theme-slogan",
  records = { units = unit(), activities = {
    activity("A1", Y"-01-20", "新春送温暖", "关爱下一代 温暖进万家", 8),
    activity("A2", Y"-05-29", "童心向党", "老少牵手 温暖童心", 25),
    activity("A3", Y"-07-15", "红色研学", "传承红色基因", 12),
    activity("A4", Y"-09-28", "中秋团圆", "月圆人团圆", 10),
    activity("A5", Y"-10-01", "国庆", nil, 30),
  } },
  expect = { { unit = "U", status = "fail", evidence = { "activities:A5" }, message = "未达到 100%" } },
}

test {
  name = "日常负责老同志:年中交接(上半年 T1,下半年 T2 与 T3 同时)按同时在任计,2 名通过",
  rule = "1.3-daily-retirees",
  records = (function()
    local r = daily(0)
    r.roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "T1", ["职责"] = "日常负责老同志", ["开始日期"] = Y.prev"-01-01", ["结束日期"] = Y"-06-30" },
      { ["编号"] = "R2", ["单位"] = "U", ["人员编号"] = "T2", ["职责"] = "日常负责老同志", ["开始日期"] = Y"-07-01" },
      { ["编号"] = "R3", ["单位"] = "U", ["人员编号"] = "T3", ["职责"] = "日常负责老同志", ["开始日期"] = Y"-07-01" },
    }
    return r
  end)(),
  expect = { { unit = "U", status = "pass", message = "同时在任最多 2 人" } },
}

test {
  name = "日常负责老同志:三人同一天在任,不通过",
  rule = "1.3-daily-retirees",
  records = (function()
    local r = daily(0)
    r.roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "T1", ["职责"] = "日常负责老同志", ["开始日期"] = Y.prev"-01-01", ["结束日期"] = Y"-07-15" },
      { ["编号"] = "R2", ["单位"] = "U", ["人员编号"] = "T2", ["职责"] = "日常负责老同志", ["开始日期"] = Y"-07-01" },
      { ["编号"] = "R3", ["单位"] = "U", ["人员编号"] = "T3", ["职责"] = "日常负责老同志", ["开始日期"] = Y"-07-01" },
    }
    return r
  end)(),
  expect = { { unit = "U", status = "fail", message = "同时负责日常工作的老同志 3 名" } },
}

test {
  name = "日常负责老同志:在职人员担任的不算老同志,不通过",
  rule = "1.3-daily-retirees",
  records = (function()
    local r = daily(1)
    r.people[1]["类别"] = "在职"
    r.people[1]["五老类别"] = nil
    return r
  end)(),
  expect = { { unit = "U", status = "fail", evidence = { "roles:R1" }, message = "不是退休人员" } },
}
