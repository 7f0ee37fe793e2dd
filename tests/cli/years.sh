#!/bin/sh
# years.sh — the worked example of two plan years in one rules tree and one database: the
# bundled 2020 plan in the tree's own files and the example 2021 plan of two clauses
# (tests/fixtures/plan2021) as its subdirectory 2021/. The records of both years are in one
# database; each check takes the plan of its period's year; history lists the runs of both
# plans; diff across plans compares only the scores; the calendar feeds of each plan are
# published in turn (--new-plan at the change of year), each plan's feed state kept apart.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
T=$WORK/rules
cp -R "$ROOT/rules" "$T"
cp -R "$ROOT/tests/fixtures/plan2021" "$T/2021"

# ---- the tree: both plans lint, test and cover ----
run lint --rules "$T" --lang en
expect_rc 0 "the tree of the 2020 plan and the example 2021 plan lints clean"
expect_out "== Plan 2021: $T/2021 ==" "the 2021 plan linted"
expect_out "2 rules, 2 clauses, 0 problems" "the example has two rules for two clauses"
run test --rules "$T" --year 2021 --lang en
expect_rc 0 "the example plan's tests pass"
expect_eq "$(tail -n 1 "$OUT")" "4 passed, 0 failed" "the example's four tests"

# ---- one database, the records of both years ----
DB=$WORK/records.db
sample_db "$DB"
cat >"$WORK/a2021.csv" <<'CSV'
编号,单位,标题,开始日期,结束日期,类别,儿童人数
BGS-A2101,BGS,2021年“六一”慰问联系村小学,2021-05-28,2021-05-28,六一;慰问,20
JYS-A2101,JYS,2021年六一后的赠书活动,2021-06-12,2021-06-12,六一;赠书,8
CSV
run import --db "$DB" activities "$WORK/a2021.csv"
expect_rc 0 "2021's activities go into the same database"

# check_json PERIOD AS_OF: the check of PERIOD with the tree, as JSON in $OUT.
check_json() { run check --db "$DB" --rules "$T" --period "$1" --as-of "$2" --format json --save; }
# field EXPR: a Python expression over the JSON document d.
field() { "$PY" -c "import json, sys; d = json.load(open(sys.argv[1])); print($1)" "$OUT"; }

check_json 2020Q4 2021-01-15
expect_eq "$(field 'd["plan"]["id"]')" "sn-amr-gxxyd-2020" "2020Q4 is judged by the 2020 plan"
expect_eq "$(field 'len({f["rule_id"] for f in d["findings"]}) > 40')" "True" "with its many rules"
check_json 2021Q2 2021-07-10
expect_rc 1 "2021Q2: JYS's 六一 activity came after the window"
expect_eq "$(field 'd["plan"]["id"]')" "example-2021" "2021Q2 is judged by the example 2021 plan"
expect_eq "$(field 'sorted({f["rule_id"] for f in d["findings"]})')" "['2021.childrens-day', '2021.office']" \
	"only the example plan's two rules"
expect_eq "$(field '[f["status"] for f in d["findings"] if f["rule_id"] == "2021.childrens-day" and f["unit"]["id"] == "BGS"]')" \
	"['pass']" "BGS's 2021 六一 activity passes"
expect_eq "$(field '[f["status"] for f in d["findings"] if f["rule_id"] == "2021.childrens-day" and f["unit"]["id"] == "JYS"]')" \
	"['fail']" "JYS's activity after the window does not count"
expect_eq "$(field '[f["evidence"] for f in d["findings"] if f["rule_id"] == "2021.office" and f["unit"]["id"] == "ZFZD"]')" \
	"[['offices:ZFZD-O2']]" "the 2020 office still in use counts in 2021"
check_json 2021Q3 2021-10-10
expect_eq "$(field 'd["plan"]["id"]')" "example-2021" "2021Q3 too"

# ---- history and diff across the years ----
run history --db "$DB" --lang en
expect_rc 0 "history lists the runs of both plans"
expect_out "2020Q4" "the 2020 run"
expect_out "2021Q2" "the 2021 runs"
run diff --db "$DB" 2020Q4 2021Q2 --format json
expect_rc 0 "diff across plans"
expect_eq "$(field '(d["other_plan"], d["from"]["plan_id"], d["to"]["plan_id"])')" "(True, 'sn-amr-gxxyd-2020', 'example-2021')" \
	"diff across plans says so and names both"
expect_eq "$(field 'len(d["newly_failing"]) + len(d["fixed"]) + len(d["other"])')" "0" \
	"requirements of two plans are not compared one by one"
expect_eq "$(field '[s["unit_id"] for s in d["scores"] if s["change"] is not None]')" "['BGS', 'JYS', 'ZFZD']" \
	"the scores are compared, each out of 100"
run diff --db "$DB" 2020Q4 2021Q2 --lang en
expect_out "judged by different plans (before sn-amr-gxxyd-2020, after example-2021)" "the text diff says why nothing is listed"
run diff --db "$DB" 2021Q2 2021Q3 --format json
expect_eq "$(field 'd["other_plan"]')" "False" "two runs of one plan"
expect_eq "$(field '[c["unit_id"] + " " + c["rule_id"] for c in d["other"]][:1]')" "['BGS 2021.childrens-day']" \
	"within a plan, requirements are compared (the 六一 window is not in Q3)"

# ---- a period of no plan, and a span across the two ----
run check --db "$DB" --rules "$T" --period 2022Q1 --lang en
expect_rc 2 "2022: no plan"
expect_err "no plan for 2022 (the plans are for: 2020, 2021)" "the years there are"

# ---- calendar feeds: each plan's in turn, their states kept apart ----
F=$WORK/feeds
mkdir "$F"
SOURCE_DATE_EPOCH=1609459200 run calendar --db "$DB" --rules "$T" --from 2020 --out "$F/2020" --as-of 2021-01-15
expect_rc 0 "calendar --from 2020 publishes the 2020 plan"
expect_eq "$(sql "$DB" "SELECT plan_id FROM feed_plan")" "sn-amr-gxxyd-2020" "the database publishes the 2020 plan"
n2020=$(sql "$DB" "SELECT count(*) FROM feed_state WHERE plan_id = 'sn-amr-gxxyd-2020'")
run calendar --db "$DB" --rules "$T" --from 2020 --to 2021 --out "$F/x" --lang en
expect_rc 2 "a calendar over 2020..2021 would mix two plans"
expect_err "2021 has this plan of its own" "the second plan's year named"
run calendar --db "$DB" --rules "$T" --from 2021 --out "$F/2021" --as-of 2021-07-10 --lang en
expect_rc 2 "calendar --from 2021 without --new-plan: the database publishes 2020's"
expect_err "--new-plan" "the refusal says how to go on"
SOURCE_DATE_EPOCH=1625875200 run calendar --db "$DB" --rules "$T" --from 2021 --out "$F/2021" --as-of 2021-07-10 --new-plan
expect_rc 0 "--new-plan at the change of year publishes the 2021 plan"
expect_eq "$(sql "$DB" "SELECT plan_id FROM feed_plan")" "example-2021" "the database now publishes the 2021 plan"
expect_eq "$(sql "$DB" "SELECT count(*) FROM feed_state WHERE plan_id = 'sn-amr-gxxyd-2020'")" "$n2020" \
	"the 2020 plan's feed state is kept as it was"
expect_eq "$(sql "$DB" "SELECT count(*) FROM feed_state WHERE plan_id = 'sn-amr-gxxyd-2020' AND cancelled = 1")" 0 \
	"and none of its items cancelled"
expect_eq "$(sql "$DB" "SELECT count(DISTINCT feed) > 1 FROM feed_state WHERE plan_id = 'example-2021'")" 1 \
	"the 2021 plan has feed state of its own"
if grep -q "六一关爱活动" "$F/2021/plan.ics" && ! grep -q "中秋" "$F/2021/plan.ics"; then ok; else
	bad "the 2021 plan.ics holds the example plan's items, not 2020's"; fi
if grep -q "中秋" "$F/2020/plan.ics"; then ok; else bad "the 2020 feeds are still there, with 2020's items"; fi

# ---- serve: the dashboard shows the latest plan year that has records ----
WAIT=20
[ "${SANITIZED:-0}" = 1 ] && WAIT=90
PID=
trap 'stop_server; rm -rf "$WORK"' EXIT
# dashboard_quarter DB AS_OF: the quarter the dashboard of `serve` shows (the tree's plans,
# no --from), or the server's first error line.
dashboard_quarter() {
	_log=$WORK/serve.log
	serve_start "$_log" --db "$1" --rules "$T" --as-of "$2" --lang en
	if [ -n "$PORT" ]; then
		curl -s --max-time 20 "http://127.0.0.1:$PORT/" | sed -n 's/.*This quarter: \([0-9A-Z]*\)<.*/\1/p' | head -1
	else
		grep -v '^yaodian serve: stopped' "$_log" | head -1
	fi
	stop_server
}
DB1=$WORK/only2020.db
sample_db "$DB1"
expect_eq "$(dashboard_quarter "$DB1" 2026-12-02)" "2020Q4" \
	"records of 2020 only: years later, the dashboard shows the 2020 plan's last quarter"
expect_eq "$(dashboard_quarter "$DB" 2026-12-02)" "2021Q4" "records of 2021 too: the 2021 plan's last quarter"
expect_eq "$(dashboard_quarter "$DB" 2021-05-20)" "2021Q2" "as of a day in 2021: its quarter"
expect_eq "$(dashboard_quarter "$DB" 2019-05-20)" "$T: no plan of 2019 or earlier to show (the plans are for: 2020, 2021); name a year with --from" \
	"before every plan: refused, saying why"
finish
