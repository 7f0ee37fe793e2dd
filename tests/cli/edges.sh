#!/bin/sh
# edges.sh — the edges that once rested on a single test, each checked again here through the
# command line, independently of the unit and rule tests: the first and last day of every
# quarter and half (rule windows from `dates`, --period from `check`) and of February, in
# common and leap years, against Python's calendar; a waiver on its expiry day and the day after; an import
# whose last row is bad leaves the database as it was (read back with sqlite3); the instruction
# limit stops an endless rule within a time limit.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# ---- rule windows and periods: first and last days, against Python ----
R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$R/"
n=0
for due in quarter half Q1 Q2 Q3 Q4 H1 H2 year; do
	n=$((n + 1))
	cat >"$R/1${n}_$due.lua" <<RULE
rule {
  id = "edge-$due", clause = "一、1", text = "切实提高思想认识", title = "edge $due",
  due = "$due",
  check = function(ctx) return pass("ok") end,
}
RULE
done

# expected_windows YEAR: "edge-DUE<TAB>FROM<TAB>TO" lines from Python's calendar, sorted.
expected_windows() {
	"$PY" - "$1" <<'PYTHON'
import calendar, sys
y = int(sys.argv[1])
def span(m1, m2):
    return f"{y:04d}-{m1:02d}-01\t{y:04d}-{m2:02d}-{calendar.monthrange(y, m2)[1]:02d}"
out = []
out += [f"edge-quarter\t{span(3*q-2, 3*q)}" for q in range(1, 5)]
out += [f"edge-half\t{span(6*h-5, 6*h)}" for h in (1, 2)]
out += [f"edge-Q{q}\t{span(3*q-2, 3*q)}" for q in range(1, 5)]
out += [f"edge-H{h}\t{span(6*h-5, 6*h)}" for h in (1, 2)]
out += [f"edge-year\t{span(1, 12)}"]
print("\n".join(sorted(out)))
PYTHON
}

# plan_year Y: the plan in $R becomes Y's (dates and check take the plan of the year asked).
plan_year() { sed -i "s/^  year = [0-9]*,/  year = $1,/" "$R/00_plan.lua"; }
TAB=$(printf '\t')
for y in 1900 2000 2019 2020 2021 2100; do
	plan_year "$y"
	run dates --from "$y" --rules "$R" --lang en
	expect_rc 0 "dates --from $y"
	# "edge Q4 [edge-Q4]<TAB>from<TAB>to" -> "edge-Q4<TAB>from<TAB>to"
	sed -n "s/^edge [^[]*\[\(edge-[A-Za-z0-9]*\)\]$TAB/\1$TAB/p" "$OUT" | LC_ALL=C sort >"$WORK/got"
	expected_windows "$y" | LC_ALL=C sort >"$WORK/want"
	if [ -s "$WORK/got" ] && cmp -s "$WORK/got" "$WORK/want"; then ok; else
		bad "$y: rule windows differ from Python's calendar"
		diff "$WORK/want" "$WORK/got" | head -6 >&2
	fi
done

# ---- the sample records, for the checks below ----
SDB=$WORK/sample.db
sample_db "$SDB"

# period_days LABEL: "FROM TO" of `check --period LABEL`, read from its JSON document.
period_days() {
	run check --db "$SDB" --rules "$R" --period "$1" --as-of 2200-01-01 --format json
	[ "$RC" -eq 0 ] || bad "check --period $1: exit $RC"
	"$PY" -c 'import json, sys; p = json.load(open(sys.argv[1]))["period"]; print(p["from"], p["to"])' "$OUT"
}
for y in 1900 2000 2019 2020 2100; do
	plan_year "$y"
	for p in Q1 Q2 Q3 Q4 H1 H2; do
		want=$("$PY" -c '
import calendar, sys
y, p = int(sys.argv[1]), sys.argv[2]
n = int(p[1]); m1, m2 = (3*n-2, 3*n) if p[0] == "Q" else (6*n-5, 6*n)
print(f"{y:04d}-{m1:02d}-01 {y:04d}-{m2:02d}-{calendar.monthrange(y, m2)[1]:02d}")' "$y" "$p")
		expect_eq "$(period_days "$y$p")" "$want" "check --period $y$p: first and last day"
	done
done
# February: 29 days in 2000 and 2020, 28 in 1900, 2019 and 2100 (the 100- and 400-year rules).
for y in 1900 2000 2019 2020 2100; do
	plan_year "$y"
	want=$("$PY" -c 'import calendar, sys; y = int(sys.argv[1]); print(f"{y}-02-01 {y}-02-{calendar.monthrange(y, 2)[1]}")' "$y")
	expect_eq "$(period_days "$y-02")" "$want" "check --period $y-02: February's last day"
done

# ---- a waiver on its expiry day, and the day after ----
expect_eq "$(sql "$SDB" "SELECT expires FROM waivers WHERE id = 'W-2020-02'")" "2020-09-30" "the waiver expires 2020-09-30"
# office_q2 AS_OF: status and waiver of ZFZD's 1.2-office finding for 2020Q2.
office_q2() {
	run check --db "$SDB" --period 2020Q2 --as-of "$1" --format json
	"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(*[f["status"] + " " + str(f["waiver"]) for f in d["findings"]
        if f["rule_id"] == "1.2-office" and f["unit"]["id"] == "ZFZD"])' "$OUT"
}
expect_eq "$(office_q2 2020-09-29)" "waived W-2020-02" "the day before expiry: waived"
expect_eq "$(office_q2 2020-09-30)" "waived W-2020-02" "on the expiry day itself: still waived"
expect_eq "$(office_q2 2020-10-01)" "fail None" "the day after expiry: judged, and fails"

plan_year 2020

# ---- an import whose last row is bad changes nothing ----
sqlite3 "$SDB" .dump >"$WORK/before.sql"
{
	head -n 1 "$ROOT/tests/sample/activities.csv"
	# The first sample row again with a new title (an update), two new rows, then a bad date.
	sed -n 2p "$ROOT/tests/sample/activities.csv" | sed 's/,春节慰问联系村困难儿童,/,改过的标题,/'
	echo "NEW-A01,BGS,新活动一,2020-03-01,2020-03-01,,,慰问,,1,,,,"
	echo "NEW-A02,BGS,新活动二,2020-03-02,2020-03-02,,,慰问,,1,,,,"
	echo "NEW-A03,BGS,新活动三,2020-02-30,2020-02-30,,,慰问,,1,,,,"
} >"$WORK/last-bad.csv"
if grep -q '改过的标题' "$WORK/last-bad.csv"; then ok; else bad "the update row was not made"; fi
run import --db "$SDB" activities "$WORK/last-bad.csv"
expect_rc 2 "an import with a bad last row"
expect_err "last-bad.csv:5: 开始日期" "the bad last row is named"
sqlite3 "$SDB" .dump >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else
	bad "the database changed: $(diff "$WORK/before.sql" "$WORK/after.sql" | head -3)"
fi
expect_eq "$(sql "$SDB" "SELECT count(*) FROM activities WHERE id LIKE 'NEW-%'")" 0 "no new row written"
expect_eq "$(sql "$SDB" "SELECT title FROM activities WHERE id = 'BGS-A01'")" "春节慰问联系村困难儿童" "the updated row keeps its title"
# And the database is free for the next writer at once.
sed '$d' "$WORK/last-bad.csv" >"$WORK/good.csv"
run import --db "$SDB" activities "$WORK/good.csv"
expect_rc 0 "the same file without its bad row imports"
expect_eq "$(sql "$SDB" "SELECT count(*) FROM activities WHERE id LIKE 'NEW-%'")" 2 "then its rows are there"

# ---- the instruction limit stops an endless rule, within a time limit ----
L=$WORK/loop
mkdir "$L"
cp "$ROOT/rules/00_plan.lua" "$R/11_quarter.lua" "$L/"
cp "$ROOT/tests/rules/hostile/infinite_loop.lua" "$L/20_loop.lua"
start=$(date +%s)
timeout -k 5 60 "$YAODIAN" check --db "$SDB" --rules "$L" --period 2020Q3 --as-of 2020-10-10 \
	--max-instructions 100000 --lang en --format json >"$OUT" 2>"$ERR"
RC=$?
san_check
took=$(($(date +%s) - start))
if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then bad "an endless rule ran past 60 s: the instruction limit did not stop it"; fi
expect_rc 3 "an endless rule: exit 3 (a rule broke)"
json_check check --format json
expect_eq "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted(set((f["rule_id"], f["status"]) for f in d["findings"])), len(d["findings"]))' "$OUT")" \
	"[('edge-quarter', 'pass'), ('hostile-infinite_loop', 'error')] 6" "for each of 3 units the loop is an error, the rule beside it still judges"
if grep -q "instruction limit" "$OUT"; then ok; else bad "the error does not name the instruction limit"; fi
echo "edges.sh: the endless rule was stopped in $took s" >&2
finish
