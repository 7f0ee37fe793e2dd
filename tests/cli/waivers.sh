#!/bin/sh
# waivers.sh — waivers checked where they are made and said where they act: an import refuses a
# waiver naming a rule the rules do not have (checked against --rules, default the installed
# rules) or expiring before its period starts; check says on stderr when a waiver in the
# database names no rule, a finding whose waiver has expired says so, and the text report lists
# the waivers in force and expired.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DB=$WORK/w.db
sample_db "$DB"

# ---- refused at import ----
printf '编号,单位,规则,开始日期,结束日期,理由,有效期至\nW9,BGS,1.2-nope,2020-04-01,2020-06-30,办公室搬迁,2020-06-30\nW10,BGS,1.2-office,2020-04-01,2020-06-30,办公室搬迁,2020-03-31\n' >"$WORK/bad.csv"
run import --db "$DB" waivers "$WORK/bad.csv"
expect_rc 2 "bad waivers refused"
expect_err "bad.csv:2: 规则: 没有这条规则:1.2-nope" "an unknown rule id, named by line"
expect_err "bad.csv:3: 有效期至: 2020-03-31 早于开始日期 2020-04-01" "expiring before its period"
expect_eq "$(sql "$DB" "SELECT count(*) FROM waivers WHERE id IN ('W9', 'W10')")" 0 "nothing written"
# Against another rules directory: its ids are the ones that count.
R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$R/"
printf 'rule { id = "1.2-nope", clause = "一、2", text = "不断强化工作保障", title = "t", due = "quarter",\n  check = function(ctx) return pass("ok") end }\n' >"$R/10_nope.lua"
printf '编号,单位,规则,开始日期,结束日期,理由,有效期至\nW9,BGS,1.2-nope,2020-04-01,2020-06-30,办公室搬迁,2020-06-30\n' >"$WORK/other.csv"
run import --db "$DB" --rules "$R" waivers "$WORK/other.csv"
expect_rc 0 "the waiver names a rule of --rules"
run import --db "$DB" --rules "$WORK/no-such-dir" waivers "$WORK/other.csv"
expect_rc 0 "rules that do not load: imported, unchecked"
expect_err "注意:规则未能加载,不核对豁免的规则编号(检查时会指出)" "said so"

# ---- said by check ----
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10
expect_err "豁免 W9 指向的规则 1.2-nope 不存在,不起作用" "check names the waiver of no rule"
expect_out "  W9  BGS  1.2-nope  2020-04-01..2020-06-30  有效期至 2020-06-30  规则不存在,不起作用" "listed as waiving nothing"
expect_out "  W-2020-02  ZFZD  1.2-office  2020-04-01..2020-09-30  有效期至 2020-09-30  有效" "the waiver in force"
run check --db "$DB" --period 2020Q2 --as-of 2020-10-05 --unit ZFZD
expect_out "  W-2020-02  ZFZD  1.2-office  2020-04-01..2020-09-30  有效期至 2020-09-30  已过期" "the waiver expired"
expect_out "没有在用的关工委办公场所记录(豁免 W-2020-02 已于 2020-09-30 过期)" "the finding says its waiver expired"
run check --db "$DB" --period 2020Q2 --as-of 2020-10-05 --unit ZFZD --lang en --format json
expect_eq "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print([f["message"].endswith(" (waiver W-2020-02 expired on 2020-09-30)") for f in d["findings"] if f["rule_id"] == "1.2-office"])' "$OUT")" \
	"[True]" "in English (the rule's own words stay as the rule wrote them), in JSON"
finish
