-- 3-8_aid_test.lua — tests of the rules in 3-8_aid.lua (三、8).
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).
-- Children appear in people without 姓名.

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

local function act(id, day, tags, children)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "活动" .. id, ["开始日期"] = day,
           ["类别"] = tags, ["儿童人数"] = children }
end

-- A staff helper H and a contact-point child C (留守 as given).
local function people(left_behind)
  return {
    { ["编号"] = "H", ["单位"] = "U", ["类别"] = "在职" },
    { ["编号"] = "C", ["单位"] = "U", ["类别"] = "联系点儿童", ["联系点"] = "联系村", ["留守"] = left_behind },
  }
end

local function pairing(from, to)
  return { { ["编号"] = "J1", ["单位"] = "U", ["帮扶人编号"] = "H", ["儿童编号"] = "C", ["帮扶类型"] = "助学",
             ["开始日期"] = from, ["结束日期"] = to } }
end

-------------------------------------------------------------------------------- 结对帮扶

test {
  name = "结对:年内与留守儿童结对即通过",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("是"), pairings = pairing(Y"-05-29", nil) },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "pairings:J1" } } },
}

test {
  name = "结对:往年开始、仍在帮扶期内的结对也算",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("是"), pairings = pairing("2018-09-01", Y"-01-01") },
  expect = { { unit = "U", status = "pass", evidence = { "pairings:J1" } } },
}

test {
  name = "结对:年末最后一天开始的结对也算当年",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("是"), pairings = pairing(Y"-12-31", nil) },
  expect = { { unit = "U", status = "pass", evidence = { "pairings:J1" } } },
}

test {
  name = "结对:受助儿童不是留守儿童即未通过",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("否"), pairings = pairing(Y"-05-29", nil) },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "结对:帮扶期在上一年结束的结对不算",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("是"), pairings = pairing("2018-09-01", Y.prev"-12-31") },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "结对:次年才开始的结对不算",
  rule = "3.8-pairing",
  as_of = Y.next"-02-01",
  records = { units = UNITS, people = people("是"), pairings = pairing(Y.next"-01-01", nil) },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "结对:没有结对记录即未通过",
  rule = "3.8-pairing",
  records = { units = UNITS, people = people("是") },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 助学助困助孤助残帮教

test {
  name = "助困:年内开展助残活动即通过",
  rule = "3.8-aid",
  records = { units = UNITS, activities = { act("A1", Y"-12-03", "助残", 2) } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "助困:助学、帮教活动各算一次,都列为佐证",
  rule = "3.8-aid",
  records = { units = UNITS, activities = { act("A1", Y"-09-01", "助学", 3), act("A2", Y"-11-01", "帮教", 1) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1", "activities:A2" } } },
}

test {
  name = "助困:只有慰问活动即未通过",
  rule = "3.8-aid",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一;慰问", 10) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "助困:没有儿童受助的助学活动不算",
  rule = "3.8-aid",
  records = { units = UNITS, activities = { act("A1", Y"-09-01", "助学", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 公益捐赠

test {
  name = "捐赠:年内参与公益捐赠即通过,不要求儿童参加",
  rule = "3.8-donation",
  records = { units = UNITS, activities = { act("A1", Y"-08-15", "捐赠", 0) } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "捐赠:没有捐赠类活动即未通过",
  rule = "3.8-donation",
  records = { units = UNITS, activities = { act("A1", Y"-08-15", "助困;慰问", 4) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "捐赠:上一年的捐赠不算今年",
  rule = "3.8-donation",
  records = { units = UNITS, activities = { act("A1", Y.prev"-12-20", "捐赠", 0) } },
  expect = { { unit = "U", status = "fail" } },
}
