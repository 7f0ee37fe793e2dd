-- 3-6_festivals_test.lua — tests of the rules in 3-6_festivals.lua (三、6).
-- Festival windows (calendars/festivals.tsv, lunar.tsv): 2020 春节 01-25 → 01-10..02-09;
-- 2021 春节 02-12 → 01-28..02-27; 六一 → 05-22..06-06; 2020 中秋 10-01 → 09-21..10-08;
-- 2021 中秋 09-21 → 09-11..09-28; 国庆 → 09-24..10-08.
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

-- One activity of unit U: id, start date, tags (类别), children (儿童人数).
local function act(id, day, tags, children, unit)
  return { ["编号"] = id, ["单位"] = unit or "U", ["标题"] = "关爱活动" .. id, ["开始日期"] = day,
           ["类别"] = tags, ["儿童人数"] = children }
end

-------------------------------------------------------------------------------- 春节

test {
  name = "春节:2020年春节的时段在计划生效前结束,即使有活动也不评判",
  rule = "3.6-spring-festival",
  period = "2020",
  records = { units = UNITS, activities = { act("A1", "2020-01-25", "春节;慰问", 8) } },
  expect = { { unit = "U", window = "2020-01-10", status = "not_applicable" } },
}

test {
  name = "春节:2020年春节没有活动也是不适用,而不是未通过",
  rule = "3.6-spring-festival",
  period = "2020",
  records = { units = UNITS },
  expect = { { unit = "U", status = "not_applicable" } },
}

test {
  name = "春节:2021年春节(02-12)当天的活动通过",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-02-12", "春节;慰问", 8) } },
  expect = { { unit = "U", window = "2021-01-28", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:2021年春节没有活动即未通过",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS },
  expect = { { unit = "U", window = "2021-01-28", status = "fail" } },
}

test {
  name = "春节:时段首日(节前15天,2021-01-28)的活动通过",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-01-28", "春节", 3) } },
  expect = { { unit = "U", window = "2021-01-28", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:时段末日(节后15天,2021-02-27)的活动通过",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-02-27", "春节", 3) } },
  expect = { { unit = "U", window = "2021-01-28", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:时段前一天(2021-01-27)的活动不算",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-01-27", "春节", 3) } },
  expect = { { unit = "U", window = "2021-01-28", status = "fail" } },
}

test {
  name = "春节:时段后一天(2021-02-28)的活动不算",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-02-28", "春节", 3) } },
  expect = { { unit = "U", window = "2021-01-28", status = "fail" } },
}

test {
  name = "春节:截止日前没有活动为待定",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  as_of = "2021-02-20",
  records = { units = UNITS },
  expect = { { unit = "U", window = "2021-01-28", status = "pending" } },
}

test {
  name = "春节:类别未写“春节”的慰问活动不算",
  rule = "3.6-spring-festival",
  period = "2021Q1",
  records = { units = UNITS, activities = { act("A1", "2021-02-12", "慰问;助困", 8) } },
  expect = { { unit = "U", window = "2021-01-28", status = "fail" } },
}

-------------------------------------------------------------------------------- 六一

test {
  name = "六一:有职工子女参加的六一活动即通过",
  rule = "3.6-childrens-day",
  period = "2020Q2",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一", 10) } },
  expect = {
    { unit = "U", status = "pass" },
    { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "六一:没有六一活动即未通过",
  rule = "3.6-childrens-day",
  period = "2020Q2",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "慰问", 10) } },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:时段首日(05-22)的活动通过",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", "2020-05-22", "六一", 2) } },
  expect = { { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:时段末日(06-06)的活动通过",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", "2020-06-06", "六一", 2) } },
  expect = { { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:时段前一天(05-21)的活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", "2020-05-21", "六一", 2) } },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:时段后一天(06-07)的活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", "2020-06-07", "六一", 2) } },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:时段开始前开始、首日结束的活动也算",
  rule = "3.6-childrens-day",
  records = {
    units = UNITS,
    activities = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一系列活动", ["开始日期"] = "2020-05-18",
                     ["结束日期"] = "2020-05-22", ["类别"] = "六一", ["儿童人数"] = 4 } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:没有儿童参加的六一活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一", 0) } },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:参加儿童少于参数 min_children 即未通过",
  rule = "3.6-childrens-day",
  params = { min_children = 5 },
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一", 4) } },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:参加儿童达到参数 min_children 即通过",
  rule = "3.6-childrens-day",
  params = { min_children = 5 },
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一", 5) } },
  expect = { { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:别的单位的活动不算本单位的",
  rule = "3.6-childrens-day",
  records = {
    units = { UNITS[1], { ["编号"] = "V", ["名称"] = "另一单位" } },
    activities = { act("A1", "2020-06-01", "六一", 10, "V") },
  },
  expect = {
    { unit = "U", window = "2020-05-22", status = "fail" },
    { unit = "V", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "六一:截止日(06-06)前还没有活动为待定",
  rule = "3.6-childrens-day",
  period = "2020Q2",
  as_of = "2020-06-03",
  records = { units = UNITS },
  expect = { { unit = "U", window = "2020-05-22", status = "pending" } },
}

test {
  name = "六一:时段开始前查看为待定(尚未开始)",
  rule = "3.6-childrens-day",
  period = "2020Q2",
  as_of = "2020-05-10",
  records = { units = UNITS },
  expect = { { unit = "U", window = "2020-05-22", status = "pending" } },
}

test {
  name = "六一:未过期的豁免使结果为豁免",
  rule = "3.6-childrens-day",
  as_of = "2021-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = "2020-05-01",
                  ["结束日期"] = "2020-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = "2021-06-30" } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "waived" } },
}

test {
  name = "六一:豁免在有效期至当天仍有效",
  rule = "3.6-childrens-day",
  as_of = "2021-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = "2020-05-01",
                  ["结束日期"] = "2020-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = "2021-01-01" } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "waived" } },
}

test {
  name = "六一:过期的豁免不再豁免,没有活动即未通过",
  rule = "3.6-childrens-day",
  as_of = "2021-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = "2020-05-01",
                  ["结束日期"] = "2020-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = "2020-12-31" } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:豁免的是别的规则时不豁免",
  rule = "3.6-childrens-day",
  as_of = "2021-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-mid-autumn", ["开始日期"] = "2020-05-01",
                  ["结束日期"] = "2020-10-31", ["理由"] = "测试", ["有效期至"] = "2021-06-30" } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

test {
  name = "六一:豁免时段与活动时段不重叠时不豁免",
  rule = "3.6-childrens-day",
  as_of = "2021-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = "2020-06-07",
                  ["结束日期"] = "2020-06-30", ["理由"] = "测试", ["有效期至"] = "2021-06-30" } },
  },
  expect = { { unit = "U", window = "2020-05-22", status = "fail" } },
}

-------------------------------------------------------------------------------- 中秋

test {
  name = "中秋:2020-10-01 同时标注中秋、国庆的活动算中秋",
  rule = "3.6-mid-autumn",
  period = "2020Q4",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = "2020-09-21", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:两个单位同一时段一并评判,各算各的活动(V 的活动不算 U 的,W 只标了国庆)",
  rule = "3.6-mid-autumn",
  period = "2020Q4",
  records = {
    units = { UNITS[1], { ["编号"] = "V", ["名称"] = "另一单位" }, { ["编号"] = "W", ["名称"] = "第三单位" } },
    activities = { act("A1", "2020-10-01", "中秋;国庆", 12, "V"), act("A2", "2020-09-25", "中秋", 4, "V"),
                   act("A3", "2020-10-02", "国庆", 6, "W") },
  },
  expect = {
    { unit = "U", window = "2020-09-21", status = "fail", message = "中秋期间(2020-09-21..2020-10-08)没有组织职工子女参加的关爱活动" },
    { unit = "V", window = "2020-09-21", status = "pass", evidence = { "activities:A2", "activities:A1" },
      message = "中秋期间开展关爱活动 2 次,参加儿童 16 人次(A1 同时标为国庆,按 shared = both 两节都算)" },
    { unit = "W", window = "2020-09-21", status = "fail" },
  },
}

test {
  name = "中秋:2020-10-01 只标注国庆的活动不算中秋",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "国庆", 12) } },
  expect = { { unit = "U", window = "2020-09-21", status = "fail" } },
}

test {
  name = "中秋:时段首日(节前10天,09-21)的活动通过",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", "2020-09-21", "中秋", 3) } },
  expect = { { unit = "U", window = "2020-09-21", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:时段前一天(09-20)的活动不算",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", "2020-09-20", "中秋", 3) } },
  expect = { { unit = "U", window = "2020-09-21", status = "fail" } },
}

test {
  name = "中秋:时段末日(节后7天,10-08)的活动通过",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", "2020-10-08", "中秋", 3) } },
  expect = { { unit = "U", window = "2020-09-21", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:时段后一天(10-09)的活动不算",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", "2020-10-09", "中秋", 3) } },
  expect = { { unit = "U", window = "2020-09-21", status = "fail" } },
}

test {
  name = "中秋:2021年中秋是09-21(农历),10-01的活动不在时段内",
  rule = "3.6-mid-autumn",
  period = "2021Q3",
  records = { units = UNITS, activities = { act("A1", "2021-09-28", "中秋", 3), act("A2", "2021-10-01", "中秋", 3) } },
  expect = { { unit = "U", window = "2021-09-11", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:2021年国庆节当天标注中秋的活动不算2021年中秋",
  rule = "3.6-mid-autumn",
  period = "2021",
  records = { units = UNITS, activities = { act("A2", "2021-10-01", "中秋", 3) } },
  expect = { { unit = "U", window = "2021-09-11", status = "fail" } },
}

-------------------------------------------------------------------------------- 国庆

test {
  name = "国庆:2020-10-01 同时标注中秋、国庆的活动算国庆",
  rule = "3.6-national-day",
  period = "2020Q4",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = "2020-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:只标注中秋的活动不算国庆",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋", 12) } },
  expect = { { unit = "U", window = "2020-09-24", status = "fail" } },
}

test {
  name = "国庆:时段首日(节前7天,09-24)的活动通过",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", "2020-09-24", "国庆", 3) } },
  expect = { { unit = "U", window = "2020-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:时段前一天(09-23)的活动不算",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", "2020-09-23", "国庆", 3) } },
  expect = { { unit = "U", window = "2020-09-24", status = "fail" } },
}

test {
  name = "国庆:时段末日(节后7天,10-08)的活动通过",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", "2020-10-08", "国庆", 3) } },
  expect = { { unit = "U", window = "2020-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:时段后一天(10-09)的活动不算",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", "2020-10-09", "国庆", 3) } },
  expect = { { unit = "U", window = "2020-09-24", status = "fail" } },
}

-------------------------------------------------------------------------------- 赠书

test {
  name = "赠书:年内为职工子女赠书即通过",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一;赠书", 10) } },
  expect = { { unit = "U", window = "2020-01-01", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "赠书:计划生效前(2020-01)的赠书也算当年",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", "2020-01-15", "赠书", 10) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "赠书:没有赠书活动即未通过",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "六一;慰问", 10) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "赠书:没有儿童参加的赠书活动不算",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", "2020-06-01", "赠书", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "赠书:上一年的赠书不算今年",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", "2019-12-31", "赠书", 10) } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 老少牵手

test {
  name = "老少牵手:年内开展“老少牵手、温暖童心”活动即通过",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;老少牵手", 6) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "老少牵手:没有此类活动即未通过",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆", 6) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "老少牵手:没有儿童参加不算",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "老少牵手", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "老少牵手:年内尚未开展、年未过完为待定",
  rule = "3.6-hand-in-hand",
  period = "2020Q2",
  records = { units = UNITS },
  expect = { { unit = "U", status = "pending" } },
}

-------------------------------------------------------------------------------- 联欢晚会、书画竞赛

test {
  name = "晚会竞赛:参加少儿新春联欢晚会即通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", "2020-01-18", "联欢晚会", 2) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "晚会竞赛:参加青少年书画竞赛即通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", "2020-08-10", "书画竞赛", 1) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "晚会竞赛:两样都没有即未通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", "2020-08-10", "传统文化教育", 5) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "晚会竞赛:没有职工子女参加的书画竞赛不算",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", "2020-08-10", "书画竞赛", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 两节同日(参数 shared)

test {
  name = "国庆:2020-10-01 同标中秋、国庆,默认两节都算,并在结论中说明",
  rule = "3.6-national-day",
  period = "2020Q4",
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = "2020-09-24", status = "pass", evidence = { "activities:A1" },
               message = "A1 同时标为中秋,按 shared = both 两节都算" } },
}

test {
  name = "国庆:参数 shared = one 时,同标中秋、国庆的活动只算中秋(计划所列在前),国庆不通过",
  rule = "3.6-national-day",
  period = "2020Q4",
  params = { shared = "one" },
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = "2020-09-24", status = "fail", evidence = { "activities:A1" },
               message = "都已计入别的节日" } },
}

test {
  name = "中秋:参数 shared = one 时,同标中秋、国庆的活动计入中秋",
  rule = "3.6-mid-autumn",
  period = "2020Q4",
  params = { shared = "one" },
  records = { units = UNITS, activities = { act("A1", "2020-10-01", "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" }, message = "按 shared = one 计入本节" } },
}
