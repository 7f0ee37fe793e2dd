#!/bin/sh
# explain.sh — `yaodian explain`: for one requirement and one unit, the clause and its words,
# the parameters in force and where they came from, each window and how it was computed, every
# query the rule ran with its values bound and the ids it returned, the waiver and the verdict —
# the same verdict as `check` gives for that finding.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DB=$WORK/x.db
sample_db "$DB"

# ---- a failed requirement whose waiver expired ----
run explain --db "$DB" 1.2-office --unit ZFZD --period 2020Q2 --as-of 2020-10-05
expect_rc 0 "explain"
expect_out "要求 1.2-office:" "the requirement"
expect_out "条款 一、2 不断强化工作保障" "the clause"
expect_out "计划原文:不断强化工作保障。" "the plan's words"
expect_out "时段:每季度" "how the windows are made"
expect_out "时段 1:2020Q2,2020-04-01..2020-06-30" "the window"
expect_out "查询:SELECT id, unit_id FROM offices WHERE start_date <= '2020-06-30' AND (end_date IS NULL OR end_date >= '2020-04-01') AND unit_id = 'ZFZD'" "the query with its values bound"
expect_out "返回:没有行" "what it returned"
expect_out "结论:未通过(截止 2020-06-30)—— 没有在用的关工委办公场所记录(豁免 W-2020-02 已于 2020-09-30 过期)" "the verdict and the expired waiver"
run check --db "$DB" --period 2020Q2 --as-of 2020-10-05 --unit ZFZD --format json
expect_eq "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print([f["status"] for f in d["findings"] if f["rule_id"] == "1.2-office"])' "$OUT")" "['fail']" "check gives the same verdict"

# ---- a waived one, in English ----
run explain --db "$DB" 1.2-office --unit ZFZD --period 2020Q2 --as-of 2020-07-10 --lang en
expect_out "waiver: W-2020-02 is in force; this window is not judged" "the waiver in force"
expect_out "verdict: Waived" "waived"

# ---- a festival window, and a parameter from the config file ----
run explain --db "$DB" 0.wulao-project --unit JYS --period 2020 --as-of 2021-01-15
expect_out "min = 1(规则默认)" "the default parameter"
expect_out "返回:JYS-A" "the activities found"
cat >"$WORK/cfg.lua" <<'EOF'
-- overrides for 2020
return {
  params = {
    -- min = 5 was last year's value
    ["0.wulao-project"] = {
      -- the office wants more
      min = 9,
    },
  },
}
EOF
run explain --db "$DB" 0.wulao-project --unit JYS --period 2020 --as-of 2021-01-15 --config "$WORK/cfg.lua"
expect_out "min = 9(来自配置文件 $WORK/cfg.lua:7;规则默认 1)" "the overridden parameter, its file and line"
expect_out "结论:未通过" "the override changes the verdict"
expect_out "检查什么:年内至少 9 次" "the requirement says the value in force"
FEST=$(sed -n 's/^.*id = "\(3\.6-[a-z-]*mid-autumn[a-z-]*\)".*$/\1/p' "$ROOT"/rules/3-6_festivals.lua | head -n 1)
[ -n "$FEST" ] || FEST=3.6-mid-autumn
run explain --db "$DB" "$FEST" --unit BGS --period 2020 --as-of 2021-01-15
expect_rc 0 "explain a festival rule"
expect_out "时段:中秋前" "the festival window's rule"
expect_out "2020 中秋,2020-09-" "the window of 2020's 中秋, with its dates"

# ---- refused ----
run explain --db "$DB" no-such-rule --unit BGS --period 2020
expect_rc 2 "an unknown rule"
expect_err "没有这条规则:no-such-rule" "named"
run explain --db "$DB" 1.2-office --period 2020
expect_rc 2 "no --unit"
run explain --help
for o in --db --unit --period --as-of --rules --config --lang --help; do expect_out "$o" "explain --help lists $o"; done
finish
