#!/bin/sh
# ruletest.sh — `yaodian test`: rule tests written in Lua beside the rules. In a temporary rules
# directory (the bundled plan, one rule, one *_test.lua): tests that pass and fail, a bad test
# record (reported like a bad CSV row, with the test file, line and name; exit 3), an unknown
# rule id (exit 3), a rule lacking a failing test (exit 1), a fixture directory, parameter
# overrides that do not leak, the instruction limit, the temporary files removed; and that the
# command runs on the bundled rules.
. "$(dirname "$0")/lib.sh"

R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$R/"
cat >"$R/10_kids.lua" <<'EOF'
rule {
  id = "kids",
  clause = "三、6",
  text = "利用春节、六一、中秋、国庆等节日",
  title = "六一关爱活动",
  due = { festival = "六一", before = 10, after = 5 },
  points = 4,
  params = { min_children = 1 },
  check = function(ctx)
    local rows = db.rows([[SELECT a.id FROM activities a
      JOIN activity_tags t ON t.activity_id = a.id AND t.tag = '六一'
      WHERE a.unit_id = ? AND a.start_date <= ? AND a.end_date >= ? AND a.children >= ?
      ORDER BY a.id]], ctx.unit, ctx.to, ctx.from, ctx.params.min_children)
    if #rows > 0 then return pass("开展关爱活动 " .. #rows .. " 次", refs("activities", rows)) end
    return fail("没有关爱活动", { looked_for = "类别含“六一”的活动" })
  end,
}
EOF

# tests BODY: $R/10_kids_test.lua holds the shared header, then BODY.
tests() {
	{
		cat <<'EOF'
local function unit() return { { ["编号"] = "U", ["名称"] = "测试单位" } } end
local function kids(n, day)
  return { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "六一慰问", ["开始日期"] = day or "2020-06-01",
             ["类别"] = "六一", ["儿童人数"] = n } }
end
EOF
		printf '%s\n' "$1"
	} >"$R/10_kids_test.lua"
}

GOOD='test {
  name = "六一:有儿童参加即通过",
  rule = "kids",
  period = "2020Q2",
  records = { units = unit(), activities = kids(10) },
  expect = { { unit = "U", window = "2020-05-22", status = "pass", evidence = { "activities:A1" } } },
}
test {
  name = "六一:没有活动即未通过",
  rule = "kids",
  records = { units = unit() },
  expect = { { unit = "U", status = "fail" } },
}'

# 1. Everything passes and the rule has a passing and a failing test.
tests "$GOOD"
run test --rules "$R"
expect_rc 0 "good tests: exit 0"
expect_out "通过 $R/10_kids_test.lua:6 六一:有儿童参加即通过" "PASS line: 通过 file:line name"
expect_out "通过 $R/10_kids_test.lua:13 六一:没有活动即未通过" "second test's line"
expect_eq "$(tail -n 1 "$OUT")" "2 passed, 0 failed" "last line: N passed, M failed"
expect_out "2 个测试(1 个文件):通过 2 个,未通过 0 个;缺少用例的要求 0 条" "Chinese summary"
expect_no_out "缺少用例的要求:" "no requirement lacking tests"
run test --rules "$R" --lang en
expect_rc 0 "good tests in English"
expect_out "PASS $R/10_kids_test.lua:6 " "English PASS"
expect_eq "$(tail -n 1 "$OUT")" "2 passed, 0 failed" "same last line in English"

# 2. A test whose expectation is wrong: FAIL, what was expected and what came, exit 1.
tests "$GOOD
test {
  name = \"六一:参数要求 20 名儿童\",
  rule = \"kids\",
  period = \"2020Q2\",
  params = { min_children = 20 },
  records = { units = unit(), activities = kids(10) },
  expect = { { unit = \"U\", status = \"pass\" } },
}
test {
  name = \"六一:参数未遗留到下一个测试\",
  rule = \"kids\",
  period = \"2020Q2\",
  records = { units = unit(), activities = kids(10) },
  expect = { { unit = \"U\", status = \"pass\" } },
}"
run test --rules "$R" --lang en
expect_rc 1 "a failing test: exit 1"
expect_out "FAIL $R/10_kids_test.lua:19 六一:参数要求 20 名儿童" "FAIL file:line name"
expect_out "    expected expect[1]: unit U, status pass" "what was expected"
expect_out "    got: unit U, window 2020-05-22..2020-06-06, status fail: 没有关爱活动 [looked for: 类别含“六一”的活动]" "what came: status, message, what was looked for"
expect_out "PASS $R/10_kids_test.lua:27 六一:参数未遗留到下一个测试" "the params override did not leak"
expect_eq "$(tail -n 1 "$OUT")" "3 passed, 1 failed" "summary counts the failure"
run test --rules "$R"
expect_rc 1 "Chinese: a failing test"
expect_out "未通过 $R/10_kids_test.lua:19 六一:参数要求 20 名儿童" "Chinese FAIL line"
expect_out "    期望 expect[1]:单位 U,状态 通过(pass)" "Chinese: expected"

# 3. A bad record is reported like a bad CSV row, naming the test file, line, test and
#    record; the test is broken (exit 3), not failed.
tests "$GOOD
test {
  name = \"坏记录\",
  rule = \"kids\",
  records = { units = unit(), activities = kids(\"十\") },
  expect = { { unit = \"U\", status = \"pass\" } },
}"
run test --rules "$R"
expect_rc 3 "bad record: exit 3"
expect_err "$R/10_kids_test.lua:19: 测试“坏记录”: records.activities[1]: 儿童人数: " "bad record: file:line: test: record: column: problem"
expect_out "出错 $R/10_kids_test.lua:19 坏记录" "bad record: ERROR line"
expect_eq "$(tail -n 1 "$OUT")" "2 passed, 1 failed" "a broken test counts as failed"
run test --rules "$R" --lang en
expect_rc 3 "English: the broken test is exit 3 as in Chinese"
expect_err "$R/10_kids_test.lua:19: test \"坏记录\": records.activities[1]: 儿童人数: " "bad record in English"
expect_out "ERROR $R/10_kids_test.lua:19 坏记录" "English ERROR line"

# 4. An unknown rule id, a bad expect field: problems like lint's, exit 3.
tests "$GOOD
test { name = \"x\", rule = \"nope\", records = { units = unit() }, expect = { { unit = \"U\", status = \"pass\" } } }
test { name = \"y\", rule = \"kids\", records = { units = unit() }, expect = { { unit = \"U\", status = \"passed\" } } }"
run test --rules "$R" --lang en
expect_rc 3 "unknown rule id: exit 3"
expect_err "$R/10_kids_test.lua:19: rule: no rule has this id: nope" "unknown rule id: file:line: field: message"
expect_err "$R/10_kids_test.lua:20: expect[1].status: must be pass, fail" "bad status: file:line: field: message"
expect_out "ERROR $R/10_kids_test.lua:19 x" "the undeclarable test is listed as ERROR"

# 5. A rule lacking a failing test is listed (and one lacking both); exit 1.
tests "$GOOD"
sed 's/id = "kids"/id = "kids2"/' "$R/10_kids.lua" >"$R/11_kids2.lua"
cat >>"$R/10_kids_test.lua" <<'EOF'
test {
  name = "kids2:通过",
  rule = "kids2",
  period = "2020Q2",
  records = { units = unit(), activities = kids(3) },
  expect = { { unit = "U", status = "pass" } },
}
EOF
run test --rules "$R"
expect_rc 1 "a rule without a failing test: exit 1"
expect_out "缺少用例的要求:" "requirements lacking tests listed"
expect_out "  kids2: 缺少未通过用例" "kids2 lacks a failing test"
expect_no_out "  kids:" "kids has both"
expect_eq "$(tail -n 1 "$OUT")" "3 passed, 0 failed" "all tests passed"
run test --rules "$R" --lang en
expect_rc 1 "English: a rule without a failing test: exit 1 as in Chinese"
expect_out "  kids2: no failing test" "English: no failing test"
: >"$R/10_kids_test.lua"
run test --rules "$R" --lang en
expect_rc 1 "no tests at all: exit 1"
expect_out "  kids: no passing test, no failing test" "a rule with no test at all"
expect_eq "$(tail -n 1 "$OUT")" "0 passed, 0 failed" "no tests: 0 passed, 0 failed"
rm "$R/11_kids2.lua"

# 6. A fixture directory beside the test file; as_of before the deadline gives pending.
mkdir -p "$R/fixtures/june"
printf '编号,名称\nU,测试单位\n' >"$R/fixtures/june/units.csv"
printf '编号,单位,标题,开始日期,类别,儿童人数\nA9,U,六一慰问,2020-06-01,六一,12\n' >"$R/fixtures/june/活动.csv"
tests 'test {
  name = "夹具:六一活动",
  rule = "kids",
  period = "2020Q2",
  fixture = "fixtures/june",
  expect = { { unit = "U", status = "pass", evidence = { "activities:A9" }, message = "1 次" } },
}
test {
  name = "截止日前没有活动为待完成",
  rule = "kids",
  period = "2020Q2",
  as_of = "2020-05-30",
  records = { units = unit() },
  expect = { { unit = "U", status = "pending" } },
}
test {
  name = "没有活动即未通过",
  rule = "kids",
  records = { units = unit() },
  expect = { { unit = "U", status = "fail" } },
}'
run test --rules "$R"
expect_rc 0 "fixture, as_of: exit 0"
expect_eq "$(tail -n 1 "$OUT")" "3 passed, 0 failed" "fixture, as_of: all pass"
printf '编号,单位,标题,开始日期\nA8,U,x,2020-6-31\n' >"$R/fixtures/june/activities.csv"
run test --rules "$R"
expect_rc 3 "a fixture naming a kind twice is a problem"
expect_err "fixture: " "fixture problem names the field"
rm "$R/fixtures/june/activities.csv"

# 7. A rule that breaks during a test (the instruction limit): ERROR, exit 3.
cat >"$R/12_loop.lua" <<'EOF'
rule { id = "loop", clause = "三、6", text = "利用春节", title = "死循环", due = "Q2",
  check = function(ctx) while true do end end }
EOF
cat >>"$R/10_kids_test.lua" <<'EOF'
test { name = "loop", rule = "loop", records = { units = unit() }, expect = { { unit = "U", status = "pass" } } }
EOF
run test --rules "$R" --max-instructions 100000 --lang en
expect_rc 3 "a rule hitting the instruction limit: exit 3"
expect_out "ERROR $R/10_kids_test.lua:" "the looping rule's test is ERROR"
expect_out "    the rule broke: $R/12_loop.lua:2" "where the rule broke"
rm "$R/12_loop.lua"

# 8. Temporary databases and CSV files are removed; a broken rule file is exit 3.
tests "$GOOD"
mkdir "$WORK/tmp"
TMPDIR=$WORK/tmp "$YAODIAN" test --rules "$R" >"$OUT" 2>"$ERR"
RC=$?
san_check
expect_rc 0 "run with TMPDIR"
expect_eq "$(ls -A "$WORK/tmp" | wc -l | tr -d ' ')" 0 "nothing left in TMPDIR"
printf 'rule { id = \n' >"$R/13_broken.lua"
run test --rules "$R"
expect_rc 3 "a rule file that does not load: exit 3"
expect_err "$R/13_broken.lua:" "the broken rule file is reported"
rm "$R/13_broken.lua"

# 9. Usage: every option in --help, others refused.
run test --help
expect_rc 0 "test --help"
for o in --rules --lang --max-instructions --max-memory --help; do expect_out "$o" "test --help lists $o"; done
run test --db x.db
expect_rc 2 "test refuses --db"
run test extra
expect_rc 2 "test refuses an operand"
run --help
expect_out "  test " "main help lists test"

# 10. The bundled rules: every test passes (exit 0) and the summary line ends the output.
run test
expect_eq "$(tail -n 1 "$OUT" | sed 's/^[0-9][0-9]* passed, 0 failed$/ok/')" ok "bundled: last line is the summary, nothing failed"
expect_rc 0 "bundled rule tests pass"

finish
