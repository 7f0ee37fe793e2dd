-- 3-6_festivals_test.lua — tests of the rules in 3-6_festivals.lua (三、6).
-- Festival windows (calendars/festivals.tsv, lunar.tsv): 2020 春节 01-25 → 01-10..02-09;
-- 2021 春节 02-12 → 01-28..02-27; 六一 → 05-22..06-06; 2020 中秋 10-01 → 09-21..10-08;
-- 2021 中秋 09-21 → 09-11..09-28; 国庆 → 09-24..10-08.
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).
-- Dates are relative to the plan's year (Y"-06-01"; festivals through cal.festival), so the
-- tests keep their meaning in a copy of these rules for another year.

-- The day n days from festival name in the plan's year (next = 1: the year after).
local function fest(name, n, next)
  return date.add(cal.festival(name, Y.year + (next or 0)), n)
end
local MA = fest("中秋", -10)   -- the 中秋 window's first day
-- A day in both the 中秋 window (节前10天至节后7天) and the 国庆 window (09-24..10-08): 中秋
-- itself when it falls in the 国庆 window (2020-10-01 was both), else the first day of both;
-- nil in a year where the windows do not meet (2022: 中秋 09-10, its window over on 09-17).
local function both_day()
  local m, from, to = fest("中秋", 0), math.max(MA, Y"-09-24"), math.min(fest("中秋", 7), Y"-10-08")
  if from > to then return nil end
  if m >= from and m <= to then return m end
  return from
end
local BOTH = both_day()
local IN_MA = BOTH or fest("中秋", 0)   -- a day in the 中秋 window, in both windows when there is one
local IN_ND = BOTH or Y"-09-24"         -- a day in the 国庆 window, in both windows when there is one
-- s when the windows meet this year, else other: a test's expectation where a day in both
-- windows makes the difference (an activity tagged 中秋 and 国庆 outside one festival's window
-- is not shared with it).
local function met(s, other) if BOTH then return s end return other end
-- A day in the 国庆 window outside the 中秋 window, or nil in a year where the 中秋 window
-- holds the whole 国庆 window (2020: 09-21..10-08).
local function only_national_day()
  local ma_end = fest("中秋", 7)
  if ma_end < Y"-09-24" or MA > Y"-09-24" then return Y"-09-24" end
  if ma_end < Y"-10-08" then return date.add(ma_end, 1) end
  return nil
end
local ONLY_ND = only_national_day()

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

-- One activity of unit U: id, start date, tags (类别), children (儿童人数).
local function act(id, day, tags, children, unit)
  return { ["编号"] = id, ["单位"] = unit or "U", ["标题"] = "关爱活动" .. id, ["开始日期"] = day,
           ["类别"] = tags, ["儿童人数"] = children }
end

-------------------------------------------------------------------------------- 春节

test {
  name = "春节:当年春节的时段在计划生效前结束,即使有活动也不评判",
  rule = "3.6-spring-festival",
  period = Y"",
  records = { units = UNITS, activities = { act("A1", fest("春节", 0), "春节;慰问", 8) } },
  expect = { { unit = "U", window = fest("春节", -15), status = "not_applicable" } },
}

test {
  name = "春节:当年春节没有活动也是不适用,而不是未通过",
  rule = "3.6-spring-festival",
  period = Y"",
  records = { units = UNITS },
  expect = { { unit = "U", status = "not_applicable" } },
}

test {
  name = "春节:次年春节当天的活动通过",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", 0, 1), "春节;慰问", 8) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:次年春节没有活动即未通过",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "fail" } },
}

test {
  name = "春节:时段首日(节前15天)的活动通过",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", -15, 1), "春节", 3) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:时段末日(节后15天)的活动通过",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", 15, 1), "春节", 3) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "春节:时段前一天的活动不算",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", -16, 1), "春节", 3) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "fail" } },
}

test {
  name = "春节:时段后一天的活动不算",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", 16, 1), "春节", 3) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "fail" } },
}

test {
  name = "春节:截止日前没有活动为待定",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  as_of = fest("春节", 8, 1),
  records = { units = UNITS },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "pending" } },
}

test {
  name = "春节:类别未写“春节”的慰问活动不算",
  rule = "3.6-spring-festival",
  period = Y.next"Q1",
  records = { units = UNITS, activities = { act("A1", fest("春节", 0, 1), "慰问;助困", 8) } },
  expect = { { unit = "U", window = fest("春节", -15, 1), status = "fail" } },
}

-------------------------------------------------------------------------------- 六一

test {
  name = "六一:有职工子女参加的六一活动即通过",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一", 10) } },
  expect = {
    { unit = "U", status = "pass" },
    { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "六一:没有六一活动即未通过",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "慰问", 10) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:时段首日(05-22)的活动通过",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", Y"-05-22", "六一", 2) } },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:时段末日(06-06)的活动通过",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", Y"-06-06", "六一", 2) } },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:时段前一天(05-21)的活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", Y"-05-21", "六一", 2) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:时段后一天(06-07)的活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", Y"-06-07", "六一", 2) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:时段开始前开始、首日结束的活动也算",
  rule = "3.6-childrens-day",
  records = {
    units = UNITS,
    activities = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一系列活动", ["开始日期"] = Y"-05-18",
                     ["结束日期"] = Y"-05-22", ["类别"] = "六一", ["儿童人数"] = 4 } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:没有儿童参加的六一活动不算",
  rule = "3.6-childrens-day",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一", 0) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:参加儿童少于参数 min_children 即未通过",
  rule = "3.6-childrens-day",
  params = { min_children = 5 },
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一", 4) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:参加儿童达到参数 min_children 即通过",
  rule = "3.6-childrens-day",
  params = { min_children = 5 },
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一", 5) } },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:别的单位的活动不算本单位的",
  rule = "3.6-childrens-day",
  records = {
    units = { UNITS[1], { ["编号"] = "V", ["名称"] = "另一单位" } },
    activities = { act("A1", Y"-06-01", "六一", 10, "V") },
  },
  expect = {
    { unit = "U", window = Y"-05-22", status = "fail" },
    { unit = "V", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } },
  },
}

test {
  name = "六一:截止日(06-06)前还没有活动为待定",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  as_of = Y"-06-03",
  records = { units = UNITS },
  expect = { { unit = "U", window = Y"-05-22", status = "pending" } },
}

test {
  name = "六一:时段开始前查看为待定(尚未开始)",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  as_of = Y"-05-10",
  records = { units = UNITS },
  expect = { { unit = "U", window = Y"-05-22", status = "pending" } },
}

test {
  name = "六一:未过期的豁免使结果为豁免",
  rule = "3.6-childrens-day",
  as_of = Y.next"-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = Y"-05-01",
                  ["结束日期"] = Y"-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = Y.next"-06-30" } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "waived" } },
}

test {
  name = "六一:豁免在有效期至当天仍有效",
  rule = "3.6-childrens-day",
  as_of = Y.next"-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = Y"-05-01",
                  ["结束日期"] = Y"-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = Y.next"-01-01" } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "waived" } },
}

test {
  name = "六一:过期的豁免不再豁免,没有活动即未通过",
  rule = "3.6-childrens-day",
  as_of = Y.next"-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = Y"-05-01",
                  ["结束日期"] = Y"-06-30", ["理由"] = "关工小组7月方成立", ["有效期至"] = Y"-12-31" } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:豁免的是别的规则时不豁免",
  rule = "3.6-childrens-day",
  as_of = Y.next"-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-mid-autumn", ["开始日期"] = Y"-05-01",
                  ["结束日期"] = Y"-10-31", ["理由"] = "测试", ["有效期至"] = Y.next"-06-30" } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

test {
  name = "六一:豁免时段与活动时段不重叠时不豁免",
  rule = "3.6-childrens-day",
  as_of = Y.next"-01-01",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "3.6-childrens-day", ["开始日期"] = Y"-06-07",
                  ["结束日期"] = Y"-06-30", ["理由"] = "测试", ["有效期至"] = Y.next"-06-30" } },
  },
  expect = { { unit = "U", window = Y"-05-22", status = "fail" } },
}

-------------------------------------------------------------------------------- 中秋

test {
  name = met("中秋:同在中秋、国庆时段内(2020-10-01 两节同日)、同时标注两节的活动算中秋",
             "中秋:同时标注中秋、国庆的活动在中秋时段内算中秋(这一年两节时段不相交)"),
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", IN_MA, "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = MA, status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:两个单位同一时段一并评判,各算各的活动(V 的活动不算 U 的,W 只标了国庆)",
  rule = "3.6-mid-autumn",
  records = {
    units = { UNITS[1], { ["编号"] = "V", ["名称"] = "另一单位" }, { ["编号"] = "W", ["名称"] = "第三单位" } },
    activities = { act("A1", IN_MA, "中秋;国庆", 12, "V"), act("A2", fest("中秋", -5), "中秋", 4, "V"),
                   act("A3", IN_MA, "国庆", 6, "W") },
  },
  expect = {
    { unit = "U", window = MA, status = "fail",
      message = string.format("中秋期间(%s..%s)没有组织职工子女参加的关爱活动", MA, fest("中秋", 7)) },
    { unit = "V", window = MA, status = "pass", evidence = { "activities:A2", "activities:A1" },
      message = met("中秋期间开展关爱活动 2 次,参加儿童 16 人次(A1 同时标为国庆,按 shared = both 两节都算)",
                    "中秋期间开展关爱活动 2 次,参加儿童 16 人次") },
    { unit = "W", window = MA, status = "fail" },
  },
}

test {
  name = "中秋:同在两节时段内、只标注国庆的活动不算中秋",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", IN_MA, "国庆", 12) } },
  expect = { { unit = "U", window = MA, status = "fail" } },
}

test {
  name = "中秋:时段首日(节前10天)的活动通过",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", MA, "中秋", 3) } },
  expect = { { unit = "U", window = MA, status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:时段前一天的活动不算",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", fest("中秋", -11), "中秋", 3) } },
  expect = { { unit = "U", window = MA, status = "fail" } },
}

test {
  name = "中秋:时段末日(节后7天)的活动通过",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", fest("中秋", 7), "中秋", 3) } },
  expect = { { unit = "U", window = MA, status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:时段后一天的活动不算",
  rule = "3.6-mid-autumn",
  records = { units = UNITS, activities = { act("A1", fest("中秋", 8), "中秋", 3) } },
  expect = { { unit = "U", window = MA, status = "fail" } },
}

test {
  name = "中秋:次年中秋按农历另定时段(2021年是09-21),时段末日的活动算,后一天的不算",
  rule = "3.6-mid-autumn",
  period = Y.next"",
  records = { units = UNITS, activities = { act("A1", fest("中秋", 7, 1), "中秋", 3), act("A2", fest("中秋", 8, 1), "中秋", 3) } },
  expect = { { unit = "U", window = fest("中秋", -10, 1), status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "中秋:次年中秋时段以外、标注中秋的活动不算次年中秋",
  rule = "3.6-mid-autumn",
  period = Y.next"",
  records = { units = UNITS, activities = { act("A2", fest("中秋", -11, 1), "中秋", 3) } },
  expect = { { unit = "U", window = fest("中秋", -10, 1), status = "fail" } },
}

-------------------------------------------------------------------------------- 国庆

test {
  name = "国庆:同在两节时段内、同时标注中秋、国庆的活动算国庆",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", IN_ND, "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = Y"-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:只标注中秋的活动不算国庆",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", IN_ND, "中秋", 12) } },
  expect = { { unit = "U", window = Y"-09-24", status = "fail" } },
}

test {
  name = "国庆:时段首日(节前7天,09-24)的活动通过",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", Y"-09-24", "国庆", 3) } },
  expect = { { unit = "U", window = Y"-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:时段前一天(09-23)的活动不算",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", Y"-09-23", "国庆", 3) } },
  expect = { { unit = "U", window = Y"-09-24", status = "fail" } },
}

test {
  name = "国庆:时段末日(节后7天,10-08)的活动通过",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", Y"-10-08", "国庆", 3) } },
  expect = { { unit = "U", window = Y"-09-24", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "国庆:时段后一天(10-09)的活动不算",
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", Y"-10-09", "国庆", 3) } },
  expect = { { unit = "U", window = Y"-09-24", status = "fail" } },
}

-------------------------------------------------------------------------------- 赠书

test {
  name = "赠书:年内为职工子女赠书即通过",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一;赠书", 10) } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "赠书:计划生效前(2020-01)的赠书也算当年",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", Y"-01-15", "赠书", 10) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "赠书:没有赠书活动即未通过",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "六一;慰问", 10) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "赠书:没有儿童参加的赠书活动不算",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", Y"-06-01", "赠书", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "赠书:上一年的赠书不算今年",
  rule = "3.6-book-gift",
  records = { units = UNITS, activities = { act("A1", Y.prev"-12-31", "赠书", 10) } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 老少牵手

test {
  name = "老少牵手:年内开展“老少牵手、温暖童心”活动即通过",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", Y"-10-01", "中秋;国庆;老少牵手", 6) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "老少牵手:没有此类活动即未通过",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", Y"-10-01", "中秋;国庆", 6) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "老少牵手:没有儿童参加不算",
  rule = "3.6-hand-in-hand",
  records = { units = UNITS, activities = { act("A1", Y"-10-01", "老少牵手", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "老少牵手:年内尚未开展、年未过完为待定",
  rule = "3.6-hand-in-hand",
  period = Y"Q2",
  records = { units = UNITS },
  expect = { { unit = "U", status = "pending" } },
}

-------------------------------------------------------------------------------- 联欢晚会、书画竞赛

test {
  name = "晚会竞赛:参加少儿新春联欢晚会即通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", Y"-01-18", "联欢晚会", 2) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "晚会竞赛:参加青少年书画竞赛即通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", Y"-08-10", "书画竞赛", 1) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "晚会竞赛:两样都没有即未通过",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", Y"-08-10", "传统文化教育", 5) } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "晚会竞赛:没有职工子女参加的书画竞赛不算",
  rule = "3.6-gala-contest",
  records = { units = UNITS, activities = { act("A1", Y"-08-10", "书画竞赛", 0) } },
  expect = { { unit = "U", status = "fail" } },
}

-------------------------------------------------------------------------------- 两节同日(参数 shared)

test {
  name = met("国庆:同在两节时段内、同标中秋、国庆,默认两节都算,并在结论中说明",
             "国庆:同标中秋、国庆而只在国庆时段内的活动算国庆,不说两节共享"),
  rule = "3.6-national-day",
  records = { units = UNITS, activities = { act("A1", IN_ND, "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = Y"-09-24", status = "pass", evidence = { "activities:A1" },
               message = met("A1 同时标为中秋,按 shared = both 两节都算", "国庆期间开展关爱活动 1 次,参加儿童 12 人次") } },
}

test {
  name = met("国庆:参数 shared = one 时,同在两节时段内、同标中秋、国庆的活动只算中秋(计划所列在前),国庆不通过",
             "国庆:参数 shared = one 时,同标中秋、国庆而不在中秋时段内的活动仍算国庆(不然哪一节都不算)"),
  rule = "3.6-national-day",
  params = { shared = "one" },
  records = { units = UNITS, activities = { act("A1", IN_ND, "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", window = Y"-09-24", status = met("fail", "pass"), evidence = { "activities:A1" },
               message = met("都已计入别的节日", "国庆期间开展关爱活动 1 次") } },
}

-- An activity tagged 中秋 and 国庆 in only one of the two windows counts for that festival, even
-- with shared = one, and the finding does not call it shared.
if ONLY_ND then
  test {
    name = "国庆:参数 shared = one 时,同标中秋、国庆而在中秋时段外的活动算国庆(不然哪一节都不算)",
    rule = "3.6-national-day",
    params = { shared = "one" },
    records = { units = UNITS, activities = { act("A1", ONLY_ND, "中秋;国庆", 5) } },
    expect = { { unit = "U", window = Y"-09-24", status = "pass", evidence = { "activities:A1" },
                 message = "国庆期间开展关爱活动 1 次,参加儿童 5 人次" } },
  }
else
  test {
    name = "中秋:同标中秋、国庆而只在中秋时段内的活动算中秋(这一年国庆时段整个在中秋时段内)",
    rule = "3.6-mid-autumn",
    params = { shared = "one" },
    records = { units = UNITS, activities = { act("A1", MA, "中秋;国庆", 5) } },
    expect = { { unit = "U", window = MA, status = "pass", evidence = { "activities:A1" },
                 message = "中秋期间开展关爱活动 1 次,参加儿童 5 人次" } },
  }
end

test {
  name = "中秋:参数 shared = one 时,同标中秋、国庆的活动计入中秋",
  rule = "3.6-mid-autumn",
  params = { shared = "one" },
  records = { units = UNITS, activities = { act("A1", IN_MA, "中秋;国庆;慰问", 12) } },
  expect = { { unit = "U", status = "pass", evidence = { "activities:A1" },
               message = met("按 shared = one 计入本节", "中秋期间开展关爱活动 1 次") } },
}

-------------------------------------------------------------------------------- 地点(参数 places)

-- An activity of unit U at a place (地点).
local function act_at(id, day, tags, place)
  local a = act(id, day, tags, 6)
  a["地点"] = place
  return a
end

test {
  name = "六一:默认不核对地点(places = \"\"),在机关会议室开展的活动也通过",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  records = { units = UNITS, activities = { act_at("A1", Y"-06-01", "六一", "局机关会议室") } },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1" } } },
}

test {
  name = "六一:places 设为联系点等词语时,机关会议室的活动和没填地点的活动不算,未通过并说明查找的地点",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  params = { places = "联系点、联系村、联系社区、农村" },
  records = { units = UNITS, activities = { act_at("A1", Y"-06-01", "六一", "局机关会议室"),
                                            act("A2", Y"-06-02", "六一", 6) } },
  expect = { { unit = "U", window = Y"-05-22", status = "fail",
               message = "没有组织职工子女到地点含“联系点、联系村、联系社区、农村”之一的地方参加的关爱活动" } },
}

test {
  name = "六一:places 设为联系点等词语时,到联系社区、联系村小学的活动通过(词语按“、”或“,”分开)",
  rule = "3.6-childrens-day",
  period = Y"Q2",
  params = { places = "联系社区,联系村" },
  records = { units = UNITS, activities = { act_at("A1", Y"-05-30", "六一", "船山区联系社区"),
                                            act_at("A2", Y"-06-01", "六一", "大英县联系村小学"),
                                            act_at("A3", Y"-06-01", "六一", "局机关会议室") } },
  expect = { { unit = "U", window = Y"-05-22", status = "pass", evidence = { "activities:A1", "activities:A2" } } },
}
