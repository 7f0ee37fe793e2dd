-- self_assessed_test.lua — tests of the rules that judge obligations by self-assessment (自评),
-- declared with lib.self_rule in each clause's file: each passes on an approved self-assessment
-- of its obligation dated in the year, and fails with none, with one not approved, with one of
-- another obligation, or with one dated in another year.

local UNITS = { { ["编号"] = "U", ["名称"] = "测试单位" } }

local function sa(id, ob, day, approver)
  return { ["编号"] = id, ["单位"] = "U", ["义务"] = ob, ["日期"] = day, ["自评内容"] = "做了" .. ob,
           ["佐证"] = "档案", ["批准人"] = approver }
end

local OBLIGATIONS = { "0.1", "0.2", "0.5", "1.1.5", "1.1.6", "1.2.1", "1.2.2", "1.2.3", "1.3.1", "1.3.5", "1.3.6", "3.7.2", "3.8.1", "4.9.1", "4.9.2", "4.10.1", "4.10.2", "4.10.4" }

for i, ob in ipairs(OBLIGATIONS) do
  local other = OBLIGATIONS[i % #OBLIGATIONS + 1]
  test {
    name = "自评 " .. ob .. ":年内有经批准的自评即通过,并说明依据是自评",
    rule = "self-" .. ob,
    records = { units = UNITS, self_assessments = { sa("S1", ob, Y"-11-30", "局机关党委") } },
    expect = { { unit = "U", status = "pass", evidence = { "self_assessments:S1" }, message = "依据自评,而非记录" } },
  }
  test {
    name = "自评 " .. ob .. ":没有自评即未通过",
    rule = "self-" .. ob,
    records = { units = UNITS, self_assessments = { sa("S1", other, Y"-11-30", "局机关党委") } },
    expect = { { unit = "U", status = "fail", message = "没有" } },
  }
end

test {
  name = "自评:未经批准的自评不作依据,并被指出",
  rule = "self-1.2.2",
  records = { units = UNITS, self_assessments = { sa("S1", "1.2.2", Y"-11-30", nil) } },
  expect = { { unit = "U", status = "fail", evidence = { "self_assessments:S1" }, message = "尚未批准" } },
}

test {
  name = "自评:次年的自评不算当年",
  rule = "self-1.2.2",
  as_of = Y.next"-03-01",
  records = { units = UNITS, self_assessments = { sa("S1", "1.2.2", Y.next"-01-05", "局机关党委") } },
  expect = { { unit = "U", status = "fail" } },
}
