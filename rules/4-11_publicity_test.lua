-- 4-11_publicity_test.lua — tests of the rules in 4-11_publicity.lua (四、11).
-- Column names are Chinese, so records use the ["列名"] = value form (Lua names are ASCII).

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }
local TO = "市直机关关工委"

local function post(id, channel, day)
  return { ["编号"] = id, ["单位"] = "U", ["渠道"] = channel, ["日期"] = day, ["标题"] = "关爱工作报道" .. id }
end

-- A document of kind, dated `day`, sent to `to` on `sent` (both may be nil).
local function doc(id, kind, day, to, sent)
  return { ["编号"] = id, ["单位"] = "U", ["类别"] = kind, ["标题"] = "文件" .. id, ["日期"] = day,
           ["报送单位"] = to, ["报送日期"] = sent }
end

local function act(id, day, evidence)
  return { ["编号"] = id, ["单位"] = "U", ["标题"] = "关爱活动" .. id, ["开始日期"] = day, ["类别"] = "慰问",
           ["儿童人数"] = 3, ["佐证材料"] = evidence }
end

-------------------------------------------------------------------------------- 宣传

test {
  name = "宣传:微信、微博各一篇,共两篇即通过",
  rule = "4.11-publicity",
  records = { units = UNITS, posts = { post("P1", "微信", Y"-06-01"), post("P2", "微博", Y"-10-09") } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "posts:P1", "posts:P2" } } },
}

test {
  name = "宣传:官网两篇即通过",
  rule = "4.11-publicity",
  records = { units = UNITS, posts = { post("P1", "官网", Y"-01-02"), post("P2", "官网", Y"-12-31") } },
  expect = { { unit = "U", status = "pass", evidence = { "posts:P1", "posts:P2" } } },
}

test {
  name = "宣传:计划没有定篇数,一篇即通过",
  rule = "4.11-publicity",
  records = { units = UNITS, posts = { post("P1", "微信", Y"-06-01") } },
  expect = { { unit = "U", status = "pass", evidence = { "posts:P1" } } },
}

test {
  name = "宣传:参数 min = 2 时,只有一篇即未通过",
  rule = "4.11-publicity",
  params = { min = 2 },
  records = { units = UNITS, posts = { post("P1", "微信", Y"-06-01") } },
  expect = { { unit = "U", status = "fail", evidence = { "posts:P1" } } },
}

test {
  name = "宣传:“等载体”是开放的,抖音(记为“其他”)的报道也算",
  rule = "4.11-publicity",
  records = { units = UNITS, posts = { post("P2", "其他", Y"-10-09") } },
  expect = { { unit = "U", status = "pass", evidence = { "posts:P2" } } },
}

test {
  name = "宣传:参数 channels 限定官网、微信、微博时,“其他”渠道不算",
  rule = "4.11-publicity",
  params = { channels = "官网,微信,微博" },
  records = { units = UNITS, posts = { post("P2", "其他", Y"-10-09") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "宣传:次年的报道不算当年",
  rule = "4.11-publicity",
  as_of = Y.next"-02-01",
  records = { units = UNITS, posts = { post("P2", "官网", Y.next"-01-05") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "宣传:参数 min 改为 1 时一篇即通过",
  rule = "4.11-publicity",
  params = { min = 1 },
  records = { units = UNITS, posts = { post("P1", "微信", Y"-06-01") } },
  expect = { { unit = "U", status = "pass", evidence = { "posts:P1" } } },
}

-------------------------------------------------------------------------------- 半年总结 (06-01..07-31)

test {
  name = "半年总结:7月报送市直机关关工委即通过",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03", TO, Y"-07-06") } },
  expect = { { unit = "U", window = Y"-06-01", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "半年总结:时段首日(06-01)报送即通过",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-06-01", TO, Y"-06-01") } },
  expect = { { unit = "U", window = Y"-06-01", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "半年总结:时段末日(07-31)报送即通过",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-20", TO, Y"-07-31") } },
  expect = { { unit = "U", window = Y"-06-01", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "半年总结:05-31 报送的不算",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-05-30", TO, Y"-05-31") } },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

test {
  name = "半年总结:08-01 才报送即未通过",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-20", TO, Y"-08-01") } },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

test {
  name = "半年总结:写了总结但报送给别的单位不算",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03", "市委组织部", Y"-07-06") } },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

test {
  name = "半年总结:写了总结但未报送不算",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03") } },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

test {
  name = "半年总结:报送的是简报而不是总结不算",
  rule = "4.11-summary-half",
  records = { units = UNITS, documents = { doc("D1", "简报", Y"-07-03", TO, Y"-07-06") } },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

test {
  name = "半年总结:上半年结束时尚未报送为待定",
  rule = "4.11-summary-half",
  period = Y"H1",
  records = { units = UNITS },
  expect = { { unit = "U", window = Y"-06-01", status = "pending" } },
}

test {
  name = "半年总结:7月才报送的,只查二季度时仍为待定",
  rule = "4.11-summary-half",
  period = Y"Q2",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03", TO, Y"-07-06") } },
  expect = { { unit = "U", window = Y"-06-01", status = "pending" } },
}

test {
  name = "半年总结:未过期的豁免使结果为豁免",
  rule = "4.11-summary-half",
  as_of = Y.next"-01-15",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "4.11-summary-half", ["开始日期"] = Y"-01-01",
                  ["结束日期"] = Y"-07-31", ["理由"] = "上半年由局机关统一报送", ["有效期至"] = Y.next"-01-15" } },
  },
  expect = { { unit = "U", window = Y"-06-01", status = "waived" } },
}

test {
  name = "半年总结:豁免已过期即按记录评判",
  rule = "4.11-summary-half",
  as_of = Y.next"-01-16",
  records = {
    units = UNITS,
    waivers = { { ["编号"] = "W1", ["单位"] = "U", ["规则"] = "4.11-summary-half", ["开始日期"] = Y"-01-01",
                  ["结束日期"] = Y"-07-31", ["理由"] = "上半年由局机关统一报送", ["有效期至"] = Y.next"-01-15" } },
  },
  expect = { { unit = "U", window = Y"-06-01", status = "fail" } },
}

-------------------------------------------------------------------------------- 年度总结 (11-15..12-31)

test {
  name = "年度总结:12月报送市直机关关工委即通过",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-18", TO, Y"-12-20") } },
  expect = { { unit = "U", window = Y"-11-15", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "年度总结:时段首日(11-15)报送即通过",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-11-15", TO, Y"-11-15") } },
  expect = { { unit = "U", window = Y"-11-15", status = "pass" } },
}

test {
  name = "年度总结:11-14 报送的不算",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-11-10", TO, Y"-11-14") } },
  expect = { { unit = "U", window = Y"-11-15", status = "fail" } },
}

test {
  name = "年度总结:次年1月才报送即未通过",
  rule = "4.11-summary-year",
  as_of = Y.next"-01-15",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-28", TO, Y.next"-01-08") } },
  expect = { { unit = "U", window = Y"-11-15", status = "fail" } },
}

test {
  name = "年度总结:7月报送的半年总结不算年度总结",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03", TO, Y"-07-06") } },
  expect = { { unit = "U", window = Y"-11-15", status = "fail" } },
}

test {
  name = "年度总结:报送给别的单位不算",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-18", "市委组织部", Y"-12-20") } },
  expect = { { unit = "U", window = Y"-11-15", status = "fail" } },
}

-------------------------------------------------------------------------------- 简报和信息

test {
  name = "信息:向市直机关关工委报送简报即通过",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "简报", Y"-06-02", TO, Y"-06-03") } },
  expect = { { unit = "U", window = Y"-01-01", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "信息:报送工作信息也算",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "信息", Y"-10-09", TO, Y"-10-09") } },
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "信息:简报未报送不算",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "简报", Y"-06-02") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "信息:报送给别的单位不算",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "简报", Y"-06-02", "市委组织部", Y"-06-03") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "信息:报送的总结不算简报或信息",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-07-03", TO, Y"-07-06") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "信息:参数 min 改为 2 时一份即未通过,说明报送了几份",
  rule = "4.11-information",
  params = { min = 2 },
  records = { units = UNITS, documents = { doc("D1", "简报", Y"-06-02", TO, Y"-06-03") } },
  expect = { { unit = "U", status = "fail", message = "1 份,少于要求的 2 份", evidence = { "documents:D1" } } },
}

-------------------------------------------------------------------------------- 资料收集整理 (80%)

test {
  name = "资料:参数 min_ratio = 0.8 时,五次活动四次有佐证(正好 80%)即通过",
  rule = "4.11-records-kept",
  params = { min_ratio = 0.8 },
  records = {
    units = UNITS,
    activities = { act("A1", Y"-05-01", "照片3张"), act("A2", Y"-06-01", "照片6张"),
                   act("A3", Y"-07-01", "签到表"), act("A4", Y"-09-01", "照片2张"),
                   act("A5", Y"-10-01", nil) },
  },
  expect = { { unit = "U", window = Y"-01-01", status = "pass" } },
}

test {
  name = "资料:五次活动三次有佐证(60%)即未通过,列出缺佐证的活动",
  rule = "4.11-records-kept",
  records = {
    units = UNITS,
    activities = { act("A1", Y"-05-01", "照片3张"), act("A2", Y"-06-01", "照片6张"),
                   act("A3", Y"-07-01", "签到表"), act("A4", Y"-09-01", nil),
                   act("A5", Y"-10-01", nil) },
  },
  expect = { { unit = "U", status = "fail", evidence = { "activities:A4", "activities:A5" } } },
}

test {
  name = "资料:年内没有活动记录即未通过",
  rule = "4.11-records-kept",
  records = { units = UNITS },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "资料:参数 min_ratio 改为 1 时有一次缺佐证即未通过",
  rule = "4.11-records-kept",
  params = { min_ratio = 1.0 },
  records = {
    units = UNITS,
    activities = { act("A1", Y"-05-01", "照片3张"), act("A2", Y"-06-01", "照片6张"),
                   act("A3", Y"-07-01", "签到表"), act("A4", Y"-09-01", "照片2张"),
                   act("A5", Y"-10-01", nil) },
  },
  expect = { { unit = "U", status = "fail", evidence = { "activities:A5" } } },
}

-------------------------------------------------------------------------------- 计划原文的读法

test {
  name = "半年总结:8 月 10 日才报送,判为迟报 10 天,不是没有报送",
  rule = "4.11-summary-half",
  as_of = Y"-08-20",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-08-08", TO, Y"-08-10") } },
  expect = { { unit = "U", status = "fail", evidence = { "documents:D1" }, message = "迟报 10 天(" .. Y"-08-10" .. ",应于 " .. Y"-07-31" .. " 前)" } },
}

test {
  name = "半年总结:参数 by = 08-15 时,8 月 10 日报送即通过",
  rule = "4.11-summary-half",
  params = { by = "08-15" },
  as_of = Y"-08-20",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-08-08", TO, Y"-08-10") } },
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "年度总结:次年 1 月 10 日报送,年度检查(截至 1 月 15 日)判为迟报 10 天",
  rule = "4.11-summary-year",
  as_of = Y.next"-01-15",
  records = { units = UNITS, documents = { doc("D1", "总结", Y.next"-01-08", TO, Y.next"-01-10") } },
  expect = { { unit = "U", status = "fail", evidence = { "documents:D1" }, message = "迟报 10 天" } },
}

test {
  name = "年度总结:报送“非市直机关关工委”不是报送市直机关关工委",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-10", "非" .. TO, Y"-12-12") } },
  expect = { { unit = "U", status = "fail", message = "没有报送" } },
}

test {
  name = "年度总结:报送多个单位(以、分隔)其中之一是市直机关关工委即通过",
  rule = "4.11-summary-year",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-10", "局机关党委、" .. TO, Y"-12-12") } },
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "信息:“通过文件、图片、简报等方式”,报送的图片也算",
  rule = "4.11-information",
  records = { units = UNITS, documents = { doc("D1", "图片", Y"-09-10", TO, Y"-09-12") } },
  expect = { { unit = "U", status = "pass", evidence = { "documents:D1" } } },
}

test {
  name = "信息:参数 kinds 只列简报时,图片不算",
  rule = "4.11-information",
  params = { kinds = "简报" },
  records = { units = UNITS, documents = { doc("D1", "图片", Y"-09-10", TO, Y"-09-12") } },
  expect = { { unit = "U", status = "fail" } },
}

test {
  name = "资料:“做好资料收集整理”默认每次活动都要有佐证,五次中四次不通过",
  rule = "4.11-records-kept",
  records = { units = UNITS, activities = { act("A1", Y"-03-01", "照片"), act("A2", Y"-04-01", "照片"),
    act("A3", Y"-05-01", "照片"), act("A4", Y"-06-01", "照片"), act("A5", Y"-07-01", nil) } },
  expect = { { unit = "U", status = "fail", evidence = { "activities:A5" }, message = "未达到 100%" } },
}

test {
  name = "半年总结:12 月报送的总结是年度总结,不算迟报的半年总结",
  rule = "4.11-summary-half",
  as_of = Y.next"-01-15",
  records = { units = UNITS, documents = { doc("D1", "总结", Y"-12-20", TO, Y"-12-28") } },
  expect = { { unit = "U", status = "fail", message = "没有报送" } },
}
