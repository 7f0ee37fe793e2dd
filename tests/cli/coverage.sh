#!/bin/sh
# coverage.sh — `yaodian coverage`: each clause of the plan with the rules enforcing it and
# their tests, then the clauses no rule covers with the plan's reason (`uncovered`) or "未说明".
# A small plan with a covered clause, an excused one and an unexplained one; lint's check of a
# clause both covered and excused; the CJK columns aligned; and the bundled rules.
. "$(dirname "$0")/lib.sh"

R=$WORK/rules
mkdir "$R"

# plan EXCUSE3 [EXCUSE1]: the plan, clause 二、3 excused with EXCUSE3 (none when empty), and
# clause 一、1 with EXCUSE1 when given.
plan() {
	ex3=${1:+, uncovered = \"$1\"}
	ex1=${2:+, uncovered = \"$2\"}
	cat >"$R/00_plan.lua" <<EOF
plan { id = "p", title = "测试计划", issued = "2020-04-21", effective = "2020-04-21", year = 2020,
  clauses = {
    { id = "一、1", title = "开展活动", text = "每季度开展一次关爱活动。"$ex1 },
    { id = "一、2", title = "人工检查的条款", text = "做好资料整理。", uncovered = "由市直机关关工委现场检查,无记录可查" },
    { id = "二、3", title = "宣传", text = "加强宣传报道。"$ex3 },
  },
}
EOF
}
plan ""
cat >"$R/10_rules.lua" <<'EOF'
local function r(id, title)
  rule { id = id, clause = "一、1", text = "开展一次关爱活动", title = title, due = "quarter", points = 2,
    check = function(ctx)
      local n = db.value("SELECT count(*) FROM activities WHERE unit_id = ? AND start_date BETWEEN ? AND ?", ctx.unit, ctx.from, ctx.to)
      if n > 0 then return pass("有活动") end
      return fail("没有活动")
    end }
end
r("1.1-activity", "季度关爱活动")
r("1.1-x", "A quarterly caring activity")
EOF
cat >"$R/10_rules_test.lua" <<'EOF'
local U = { { ["编号"] = "U", ["名称"] = "测试单位" } }
local A = { { ["编号"] = "A1", ["单位"] = "U", ["标题"] = "t", ["开始日期"] = "2020-05-01" } }
test { name = "有活动", rule = "1.1-activity", period = "2020Q2", records = { units = U, activities = A },
       expect = { { unit = "U", status = "pass" } } }
test { name = "有活动 2", rule = "1.1-activity", period = "2020Q2", records = { units = U, activities = A },
       expect = { { unit = "U", status = "pass" } } }
test { name = "没有活动", rule = "1.1-activity", period = "2020Q2", records = { units = U },
       expect = { { unit = "U", status = "fail" } } }
EOF

# 1. One clause covered, one excused, one neither: exit 1.
run coverage --rules "$R"
expect_rc 1 "an unexplained uncovered clause: exit 1"
expect_out "测试计划" "the plan's title"
expect_out "一、1 开展活动" "the covered clause: id and title"
expect_out "1.1-activity" "the rule enforcing it"
expect_out "季度关爱活动" "the rule's title"
expect_out "没有规则检查的条款:" "the uncovered section"
expect_out "由市直机关关工委现场检查,无记录可查" "the excused clause's reason"
expect_eq "$(grep -c '^  二、3  宣传  *未说明$' "$OUT")" 1 "the unexplained clause, with its title"
expect_out "3 个条款:1 个有规则检查,1 个说明了没有规则的理由,1 个未覆盖也未说明;2 条规则,3 个测试" "Chinese summary"
# The rule lines: 1.1-activity has 2 passing and 1 failing test, 1.1-x none.
expect_eq "$(grep '1.1-activity' "$OUT" | awk '{print $(NF-1), $NF}')" "2 1" "test counts of 1.1-activity"
expect_eq "$(grep '1.1-x' "$OUT" | awk '{print $(NF-1), $NF}')" "无 无" "test counts of 1.1-x"
# Clauses in plan order, the uncovered list in plan order.
expect_eq "$(grep -n '^二、3 \|^一、1 \|^一、2 ' "$OUT" | cut -d: -f2 | cut -c1-7 | tr '\n' ' ')" "一、1 一、2 二、3 " "clauses in the plan's order"
expect_eq "$(sed -n '/^没有规则检查的条款/,$p' "$OUT" | grep -c '^  ')" 2 "two uncovered clauses listed"

# The columns line up by display width (CJK characters take two columns): in every line of
# the rules table, the passing-test column starts at the same column.
cols=$(/usr/bin/python3 - "$OUT" <<'EOF'
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
starts = set()
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    if line.startswith('  ') and ('1.1-' in line or '通过用例' in line):
        head = line.rstrip()
        # the third column begins after the second run of two or more spaces
        import re
        m = [x for x in re.finditer(r'\S+(?: \S+)*', line)]
        starts.add(w(line[:m[2].start()]))
print(len(starts))
EOF
)
expect_eq "$cols" 1 "rules table columns aligned by display width"
run coverage --rules "$R" --lang en
expect_rc 1 "English: the unexplained clause still fails"
expect_out "no reason given" "English: no reason given"
expect_out "Clauses no rule covers:" "English heading"
expect_out "3 clauses: 1 covered, 1 excused, 1 neither; 2 rules, 3 tests" "English summary"
expect_out "A quarterly caring activity" "title in English"

# 2. Every clause covered or excused: exit 0.
plan "宣传由办公室统一负责"
run coverage --rules "$R"
expect_rc 0 "all covered or excused: exit 0"
expect_out "宣传由办公室统一负责" "the new reason"
expect_eq "$(grep -c '  未说明$' "$OUT")" 0 "nothing unexplained"
run lint --rules "$R"
expect_rc 0 "lint accepts uncovered on an uncovered clause"

# 3. A clause both covered and excused: a lint problem at the plan; coverage exit 3.
plan "宣传由办公室统一负责" "不需要"
run lint --rules "$R" --lang en
expect_rc 3 "covered and excused: lint exit 3"
expect_err "$R/00_plan.lua:1: clauses[1].uncovered: clause 一、1 is marked as enforced by no rule, but rule 1.1-activity ($R/10_rules.lua:2) enforces it" "covered and excused: file:line: field: message"
run coverage --rules "$R"
expect_rc 3 "covered and excused: coverage exit 3"

# 4. uncovered must be a non-empty string.
sed 's/uncovered = "宣传由办公室统一负责"/uncovered = ""/' "$R/00_plan.lua" >"$R/p" && mv "$R/p" "$R/00_plan.lua"
run lint --rules "$R" --lang en
expect_rc 3 "empty uncovered: lint exit 3"
expect_err "clauses[3].uncovered: must be a non-empty string" "empty uncovered: the field"

# 5. A broken test file makes coverage exit 3 (the counts would be wrong).
plan "宣传由办公室统一负责"
printf 'test { name = \n' >"$R/20_broken_test.lua"
run coverage --rules "$R"
expect_rc 3 "a broken test file: exit 3"
expect_err "$R/20_broken_test.lua:" "the broken test file is reported"
rm "$R/20_broken_test.lua"

# 6. Usage.
run coverage --help
expect_rc 0 "coverage --help"
for o in --rules --lang --help; do expect_out "$o" "coverage --help lists $o"; done
run coverage --max-memory 10
expect_rc 2 "coverage refuses --max-memory"
run --help --lang en
expect_out "  coverage " "main help lists coverage"

# 7. The bundled rules: every clause of the plan is covered or explained (exit 0), listed, and
#    the summary ends the output.
run coverage --lang en
expect_rc 0 "bundled coverage: every clause covered or explained"
expect_out "序 总体要求" "bundled: the preamble"
expect_out "四、11 抓好宣传总结" "bundled: the last clause"
expect_out " clauses: " "bundled: the summary"

finish
