-- 1-2_work-guarantee_test.lua — tests for 1-2_work-guarantee.lua (一、2 不断强化工作保障):
-- the four 有 and the four same.
-- The quarter rules have a 2020Q1 window that ends before the plan took effect (2020-04-21),
-- so it is not_applicable; tests of those rules name their windows or ask for a later period.

local function unit()
  return { { ["编号"] = "U", ["名称"] = "测试单位" } }
end

-- 1.2-office ---------------------------------------------------------------------------------

test {
  name = "办公场所:长期在用的办公场所,生效后的各季度通过,一季度不适用",
  rule = "1.2-office",
  records = {
    units = unit(),
    offices = {
      { ["编号"] = "O1", ["单位"] = "U", ["地点"] = "局机关三楼关工委办公室", ["面积"] = 20, ["开始日期"] = Y.prev"-03-01" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "not_applicable" },
    { unit = "U", window = Y"-04-01", status = "pass", evidence = { "offices:O1" } },
    { unit = "U", window = Y"-07-01", status = "pass", evidence = { "offices:O1" } },
    { unit = "U", window = Y"-10-01", status = "pass", evidence = { "offices:O1" } },
  },
}

test {
  name = "办公场所:三个单位同一季度一并评判,只有 V 有在用的办公场所",
  rule = "1.2-office",
  period = Y"Q3",
  records = {
    units = { unit()[1], { ["编号"] = "V", ["名称"] = "另一单位" }, { ["编号"] = "W", ["名称"] = "第三单位" } },
    offices = {
      { ["编号"] = "O1", ["单位"] = "V", ["地点"] = "二楼", ["开始日期"] = Y"-01-01" },
      { ["编号"] = "O2", ["单位"] = "W", ["地点"] = "三楼", ["开始日期"] = Y.prev"-01-01", ["结束日期"] = Y"-06-30" },
    },
  },
  expect = {
    { unit = "U", status = "fail", message = "没有在用的关工委办公场所记录" },
    { unit = "V", status = "pass", evidence = { "offices:O1" }, message = "有办公场所 1 处" },
    { unit = "W", status = "fail" },
  },
}

test {
  name = "办公场所:下半年两个季度都有在用的办公场所,通过",
  rule = "1.2-office",
  period = Y"H2",
  records = {
    units = unit(),
    offices = {
      { ["编号"] = "O1", ["单位"] = "U", ["地点"] = "局机关三楼关工委办公室", ["开始日期"] = Y"-06-01" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "offices:O1" } },
  },
}

test {
  name = "办公场所:一季度末停用,二季度不通过",
  rule = "1.2-office",
  period = Y"Q2",
  records = {
    units = unit(),
    offices = {
      { ["编号"] = "O1", ["单位"] = "U", ["地点"] = "支队二楼会议室", ["开始日期"] = Y.prev"-06-01", ["结束日期"] = Y"-03-31" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "办公场所:季度内用过一段即算该季度有,之后的季度不通过",
  rule = "1.2-office",
  records = {
    units = unit(),
    offices = {
      { ["编号"] = "O1", ["单位"] = "U", ["地点"] = "支队二楼会议室", ["开始日期"] = Y.prev"-06-01", ["结束日期"] = Y"-05-15" },
      { ["编号"] = "O2", ["单位"] = "U", ["地点"] = "新办公楼关工委办公室", ["开始日期"] = Y"-10-01" },
    },
  },
  expect = {
    { unit = "U", window = Y"-04-01", status = "pass", evidence = { "offices:O1" } },
    { unit = "U", window = Y"-07-01", status = "fail" },
    { unit = "U", window = Y"-10-01", status = "pass", evidence = { "offices:O2" } },
  },
}

test {
  name = "办公场所:有效的豁免使该季度为已豁免,过期的豁免不再豁免",
  rule = "1.2-office",
  period = Y"H2",
  as_of = Y.next"-01-01",
  records = {
    units = unit(),
    waivers = {
      { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "1.2-office", ["开始日期"] = Y"-07-01", ["结束日期"] = Y"-09-30",
        ["理由"] = "办公楼改造", ["有效期至"] = Y.next"-03-31", ["批准人"] = "市直机关关工委" },
      { ["编号"] = "W2", ["单位"] = "U", ["规则"] = "1.2-office", ["开始日期"] = Y"-10-01", ["结束日期"] = Y"-12-31",
        ["理由"] = "办公楼改造", ["有效期至"] = Y"-12-15", ["批准人"] = "市直机关关工委" },
    },
  },
  expect = {
    { unit = "U", window = Y"-07-01", status = "waived" },
    { unit = "U", window = Y"-10-01", status = "fail" },
  },
}

-- 1.2-leader and 1.2-staff --------------------------------------------------------------------

local function staff_people()
  return {
    { ["编号"] = "P1", ["单位"] = "U", ["类别"] = "在职" },
    { ["编号"] = "P2", ["单位"] = "U", ["类别"] = "在职" },
  }
end

test {
  name = "专人分管:有在任的分管领导即通过",
  rule = "1.2-leader",
  period = Y"Q2",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "P1", ["职责"] = "分管领导", ["开始日期"] = Y.prev"-01-01" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "roles:R1" } },
  },
}

test {
  name = "专人分管:只有办事人员没有分管领导,不通过",
  rule = "1.2-leader",
  period = Y"Q2",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R2", ["单位"] = "U", ["人员编号"] = "P2", ["职责"] = "办事人员", ["开始日期"] = Y.prev"-01-01" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "专人分管:分管领导上半年离任后,三季度不通过",
  rule = "1.2-leader",
  period = Y"-04-01" .. ".." .. Y"-09-30",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "P1", ["职责"] = "分管领导", ["开始日期"] = Y.prev"-01-01",
        ["结束日期"] = Y"-06-30" },
    },
  },
  expect = {
    { unit = "U", window = Y"-04-01", status = "pass", evidence = { "roles:R1" } },
    { unit = "U", window = Y"-07-01", status = "fail" },
  },
}

test {
  name = "专人分管:参数 role 可改为别的职责",
  rule = "1.2-leader",
  period = Y"Q2",
  params = { role = "联络员" },
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "P1", ["职责"] = "分管领导", ["开始日期"] = Y.prev"-01-01" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "办事人员:有在任的办事人员即通过",
  rule = "1.2-staff",
  period = Y"Q3",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R2", ["单位"] = "U", ["人员编号"] = "P2", ["职责"] = "办事人员", ["开始日期"] = Y"-08-01" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "roles:R2" } },
  },
}

test {
  name = "办事人员:只有分管领导没有办事人员,不通过",
  rule = "1.2-staff",
  period = Y"Q3",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R1", ["单位"] = "U", ["人员编号"] = "P1", ["职责"] = "分管领导", ["开始日期"] = Y.prev"-01-01" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "办事人员:四季度才任命,三季度不通过",
  rule = "1.2-staff",
  period = Y"H2",
  records = {
    units = unit(),
    people = staff_people(),
    roles = {
      { ["编号"] = "R2", ["单位"] = "U", ["人员编号"] = "P2", ["职责"] = "办事人员", ["开始日期"] = Y"-10-08" },
    },
  },
  expect = {
    { unit = "U", window = Y"-07-01", status = "fail" },
    { unit = "U", window = Y"-10-01", status = "pass", evidence = { "roles:R2" } },
  },
}

-- 1.2-funds ----------------------------------------------------------------------------------

test {
  name = "经费:年内有预算经费即通过",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-05-10", ["类型"] = "预算", ["金额"] = "5000.00", ["用途"] = "关工工作经费" },
    },
  },
  expect = {
    { unit = "U", window = Y"-01-01", status = "pass", evidence = { "funds:F1" } },
  },
}

test {
  name = "经费:拨付的经费也算",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-08-01", ["类型"] = "拨付", ["金额"] = "2000", ["用途"] = "关工小组工作经费" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "funds:F1" } },
  },
}

test {
  name = "经费:只有支出没有预算或拨付,不通过",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-06-01", ["类型"] = "支出", ["金额"] = "3000", ["用途"] = "六一慰问品" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "经费:上一年的预算不算本年",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y.prev"-12-31", ["类型"] = "预算", ["金额"] = "5000", ["用途"] = "2020年关工工作经费" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "经费:不足 1 元(默认下限)不通过",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-05-10", ["类型"] = "预算", ["金额"] = "0.99" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

test {
  name = "经费:正好 1 元(默认下限)通过",
  rule = "1.2-funds",
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-05-10", ["类型"] = "预算", ["金额"] = "1.00" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "funds:F1" } },
  },
}

test {
  name = "经费:min_yuan = 5000 时预算和拨付合计 5000 元通过",
  rule = "1.2-funds",
  params = { min_yuan = 5000 },
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-05-10", ["类型"] = "预算", ["金额"] = "3000" },
      { ["编号"] = "F2", ["单位"] = "U", ["日期"] = Y"-09-10", ["类型"] = "拨付", ["金额"] = "2000" },
      { ["编号"] = "F3", ["单位"] = "U", ["日期"] = Y"-09-20", ["类型"] = "支出", ["金额"] = "1800" },
    },
  },
  expect = {
    { unit = "U", status = "pass", evidence = { "funds:F1", "funds:F2" } },
  },
}

test {
  name = "经费:min_yuan = 5000 时合计 4999.99 元不通过",
  rule = "1.2-funds",
  params = { min_yuan = 5000 },
  records = {
    units = unit(),
    funds = {
      { ["编号"] = "F1", ["单位"] = "U", ["日期"] = Y"-05-10", ["类型"] = "预算", ["金额"] = "2999.99" },
      { ["编号"] = "F2", ["单位"] = "U", ["日期"] = Y"-09-10", ["类型"] = "拨付", ["金额"] = "2000" },
      { ["编号"] = "F3", ["单位"] = "U", ["日期"] = Y"-09-20", ["类型"] = "支出", ["金额"] = "1800" },
    },
  },
  expect = {
    { unit = "U", status = "fail" },
  },
}

-- The four same: 1.2-same-study (研究) and 1.2-same-plan (安排) are due each half,
-- 1.2-same-inspect (检查) and 1.2-same-reward (奖惩) in the year. The same cases for each.

local function agenda_item(meeting, seq, kind, topic, guanai, business)
  return { ["会议编号"] = meeting, ["序号"] = seq, ["议题类型"] = kind, ["议题"] = topic,
           ["涉及关心下一代工作"] = guanai, ["属业务工作"] = business }
end

local function meeting(id, body, day)
  return { ["编号"] = id, ["单位"] = "U", ["会议类型"] = body, ["日期"] = day }
end

local function four_same(kind, rule_id, half)
  local period = half and Y"H1" or nil

  test {
    name = "同" .. kind .. ":党组会" .. kind .. "业务工作的同一议题涉及关心下一代工作,通过",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-05-12") },
      agenda = { agenda_item("M1", 1, kind, kind .. "市场监管重点工作及关心下一代工作", "是", "是") },
    },
    expect = {
      { unit = "U", status = "pass", evidence = { "meetings:M1" } },
    },
  }

  test {
    name = "同" .. kind .. ":同一次党组会另有涉及关心下一代工作的" .. kind .. "议题,通过",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-06-02") },
      agenda = {
        agenda_item("M1", 1, kind, kind .. "市场监管重点工作", "否", "是"),
        agenda_item("M1", 2, kind, kind .. "关心下一代工作", "是", "否"),
      },
    },
    expect = {
      { unit = "U", status = "pass", evidence = { "meetings:M1" } },
    },
  }

  test {
    name = "同" .. kind .. ":党组会" .. kind .. "了业务工作但没有同" .. kind .. "关工工作,不通过并列出该会议",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-05-12") },
      agenda = { agenda_item("M1", 1, kind, kind .. "市场监管重点工作", "否", "是") },
    },
    expect = {
      { unit = "U", status = "fail", evidence = { "meetings:M1" } },
    },
  }

  test {
    name = "同" .. kind .. ":业务议题是" .. kind .. "而关工议题是别的类型(学习),不通过并列出该会议",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-05-12") },
      agenda = {
        agenda_item("M1", 1, kind, kind .. "市场监管重点工作", "否", "是"),
        agenda_item("M1", 2, "学习", "学习关心下一代工作重要指示", "是", "否"),
      },
    },
    expect = {
      { unit = "U", status = "fail", evidence = { "meetings:M1" } },
    },
  }

  test {
    name = "同" .. kind .. ":只有局务会" .. kind .. "(默认只看党组会),不通过",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "局务会", Y"-05-12") },
      agenda = { agenda_item("M1", 1, kind, kind .. "市场监管重点工作及关心下一代工作", "是", "是") },
    },
    expect = {
      { unit = "U", status = "fail" },
    },
  }

  test {
    name = "同" .. kind .. ":参数 bodies 加上局务会后,局务会也算",
    rule = rule_id,
    period = period,
    params = { bodies = "党组会,局务会" },
    records = {
      units = unit(),
      meetings = { meeting("M1", "局务会", Y"-05-12") },
      agenda = { agenda_item("M1", 1, kind, kind .. "市场监管重点工作及关心下一代工作", "是", "是") },
    },
    expect = {
      { unit = "U", status = "pass", evidence = { "meetings:M1" } },
    },
  }

  test {
    name = "同" .. kind .. ":只有关工议题、没有业务议题的会议不算“同" .. kind .. "”,不通过",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-05-12") },
      agenda = { agenda_item("M1", 1, kind, kind .. "关心下一代工作", "是", "否") },
    },
    expect = {
      { unit = "U", status = "fail" },
    },
  }

  test {
    name = "同" .. kind .. ":一次会议同" .. kind .. "即通过,另一次没有同" .. kind .. "的会议在说明中列出",
    rule = rule_id,
    period = period,
    records = {
      units = unit(),
      meetings = { meeting("M1", "党组会", Y"-04-28"), meeting("M2", "党组会", Y"-06-16") },
      agenda = {
        agenda_item("M1", 1, kind, kind .. "市场监管重点工作及关心下一代工作", "是", "是"),
        agenda_item("M2", 1, kind, kind .. "食品安全专项工作", "否", "是"),
      },
    },
    expect = {
      { unit = "U", status = "pass", evidence = { "meetings:M1" }, message = "另有 1 次未同" .. kind .. ":M2" },
    },
  }

  if half then
    test {
      name = "同" .. kind .. ":两个半年分开判断,下半年的会议没有同" .. kind .. "即下半年不通过并列出",
      rule = rule_id,
      records = {
        units = unit(),
        meetings = { meeting("M1", "党组会", Y"-05-12"), meeting("M2", "党组会", Y"-08-20") },
        agenda = {
          agenda_item("M1", 1, kind, kind .. "市场监管重点工作及关心下一代工作", "是", "是"),
          agenda_item("M2", 1, kind, kind .. "下半年市场监管重点工作", "否", "是"),
        },
      },
      expect = {
        { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M1" } },
        { unit = "U", window = Y"-07-01", status = "fail", evidence = { "meetings:M2" } },
      },
    }
  else
    test {
      name = "同" .. kind .. ":年内任一次党组会同" .. kind .. "即全年通过",
      rule = rule_id,
      records = {
        units = unit(),
        meetings = { meeting("M1", "党组会", Y"-05-12"), meeting("M2", "党组会", Y"-12-20") },
        agenda = {
          agenda_item("M1", 1, kind, kind .. "上半年市场监管重点工作", "否", "是"),
          agenda_item("M2", 1, kind, kind .. "全年工作及关心下一代工作", "是", "是"),
        },
      },
      expect = {
        { unit = "U", window = Y"-01-01", status = "pass", evidence = { "meetings:M2" } },
      },
    }
  end
end

four_same("研究", "1.2-same-study", true)
four_same("安排", "1.2-same-plan", true)
four_same("检查", "1.2-same-inspect", false)
four_same("奖惩", "1.2-same-reward", false)

-- The share of business meetings of the kind that also took up 关工 (parameter min_share,
-- default one half), said in every finding; 同奖惩 also on the 考核/奖惩 documents offices keep.

local function meetings_share(covered, total)
  local ms, items = {}, {}
  for i = 1, total do
    ms[i] = meeting("M" .. i, "党组会", string.format("%d-0%d-10", Y.year, i))
    items[#items + 1] = agenda_item("M" .. i, 1, "研究", "研究市场监管重点工作", i <= covered and "是" or "否", "是")
  end
  return { units = unit(), meetings = ms, agenda = items }
end

test {
  name = "同研究:4 次研究业务的党组会只有 1 次同研究关工(25%),低于一半,不通过并写明比例",
  rule = "1.2-same-study",
  period = Y"H1",
  records = meetings_share(1, 4),
  expect = { { unit = "U", status = "fail", evidence = { "meetings:M2", "meetings:M3", "meetings:M4" },
               message = "4 次研究业务会议中 1 次同研究关工,占 25%" } },
}

test {
  name = "同研究:4 次中 2 次(50%)通过,并写明比例",
  rule = "1.2-same-study",
  period = Y"H1",
  records = meetings_share(2, 4),
  expect = { { unit = "U", status = "pass", evidence = { "meetings:M1", "meetings:M2" }, message = "占 50%" } },
}

test {
  name = "同研究:参数 min_share = 0.2 时,4 次中 1 次即通过",
  rule = "1.2-same-study",
  period = Y"H1",
  params = { min_share = 0.2 },
  records = meetings_share(1, 4),
  expect = { { unit = "U", status = "pass", evidence = { "meetings:M1" } } },
}

local function reward_doc(kind, title)
  return { units = unit(), documents = { { ["编号"] = "D1", ["单位"] = "U", ["类别"] = kind, ["标题"] = title,
                                          ["日期"] = Y"-12-20" } } }
end

test {
  name = "同奖惩:单位留存的关工考核文件也算",
  rule = "1.2-same-reward",
  records = reward_doc("考核", "2020年度关心下一代工作考核结果"),
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" }, message = "有涉及关工的考核,奖惩文件 1 份" } },
}

test {
  name = "同奖惩:与关工无关的考核文件不算",
  rule = "1.2-same-reward",
  records = reward_doc("考核", "2020年度市场监管业务考核结果"),
  expect = { { unit = "U", status = "fail" } },
}
