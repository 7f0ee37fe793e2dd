-- 3-7_family-education_test.lua — tests of the rule in 3-7_family-education.lua (三、7).
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

local function act(id, day, tags, children)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "活动" .. id, ["开始日期"] = day,
           ["类别"] = tags, ["儿童人数"] = children }
end

test {
  name = "家庭教育:年内有职工子女参加的家庭教育主题活动即通过",
  rule = "3.7-family-education",
  records = { units = UNITS, activities = { act("A1", Y"-07-20", "家庭教育", 15) } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "家庭教育:年末最后一天的活动也算",
  rule = "3.7-family-education",
  records = { units = UNITS, activities = { act("A1", Y"-12-31", "家庭教育;其他", 1) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "家庭教育:没有家庭教育类活动即未通过",
  rule = "3.7-family-education",
  records = { units = UNITS, activities = { act("A1", Y"-07-20", "传统文化教育;主题教育", 15) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "家庭教育:没有儿童参加的家庭教育活动不算",
  rule = "3.7-family-education",
  records = { units = UNITS, activities = { act("A1", Y"-07-20", "家庭教育", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "家庭教育:次年的活动不算当年",
  rule = "3.7-family-education",
  as_of = Y.next"-03-01",
  records = { units = UNITS, activities = { act("A1", Y.next"-01-01", "家庭教育", 5) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "家庭教育:年中尚无活动为待定",
  rule = "3.7-family-education",
  period = Y"H1",
  records = { units = UNITS },
  expect = { { unit = "U", window = Y"-01-01", status = "pending" } },
}
