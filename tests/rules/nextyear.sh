#!/bin/sh
# nextyear.sh — next year's plan: the bundled rules copied into a 2021 plan, changing only
# plan.id, plan.year and the dates of the plan{} (issued, effective), keep every rule test
# passing (the tests write their dates relative to the plan year: Y"-06-01", cal.festival),
# and the two plans side by side in one rules tree are each linted, tested and covered, and
# each judges the periods of its own year (check, explain); a period no plan's year holds is
# refused with the years there are. A 2022 copy (中秋 and 国庆 windows apart) passes too.
. "$(dirname "$0")/../cli/lib.sh"

T=$WORK/tree
cp -R "$ROOT/rules" "$T"
mkdir "$T/2021"
cp -R "$ROOT/rules/." "$T/2021/"
sed -i 's/^  id = "sn-amr-gxxyd-2020",/  id = "sn-amr-gxxyd-2021",/; s/^  issued = "2020-/  issued = "2021-/;
        s/^  effective = "2020-/  effective = "2021-/; s/^  year = 2020,/  year = 2021,/' "$T/2021/00_plan.lua"
expect_eq "$(grep -c '^  id = "sn-amr-gxxyd-2021",$\|^  issued = "2021-04-21",$\|^  effective = "2021-04-21",$\|^  year = 2021,$' "$T/2021/00_plan.lua")" 4 \
	"the copy's plan{} names 2021 in its id, year and dates"

# ---- the copy alone: every rule test passes, as many as the bundled plan has ----
run test --rules "$ROOT/rules" --lang en
bundled=$(tail -n 1 "$OUT")
run test --rules "$T/2021" --lang en
expect_rc 0 "the 2021 copy's rule tests all pass"
expect_eq "$(tail -n 1 "$OUT")" "$bundled" "the 2021 copy passes as many tests as the bundled plan"
expect_eq "$(grep -c '^FAIL\|^ERROR' "$OUT")" 0 "no FAIL or ERROR line in the 2021 copy"
# 2022: the 中秋 window (中秋 09-10) is over before the 国庆 window opens, so no day is in both
# and the festival tests test what that year has instead: a copy made a 2022 plan passes too.
cp -R "$ROOT/rules" "$WORK/y2022"
sed -i 's/^  id = "sn-amr-gxxyd-2020",/  id = "sn-amr-gxxyd-2022",/; s/^  issued = "2020-/  issued = "2022-/;
        s/^  effective = "2020-/  effective = "2022-/; s/^  year = 2020,/  year = 2022,/' "$WORK/y2022/00_plan.lua"
run test --rules "$WORK/y2022" --lang en
expect_rc 0 "the 2022 copy's rule tests all pass"
expect_eq "$(tail -n 1 "$OUT")" "$bundled" "the 2022 copy passes as many tests as the bundled plan"

# ---- the tree: lint, test, coverage over both plans, or one with --year ----
run lint --rules "$T" --lang en
expect_rc 0 "lint of the tree of two plans"
expect_out "== Plan 2020: $T ==" "lint heads the 2020 plan"
expect_out "== Plan 2021: $T/2021 ==" "lint heads the 2021 plan"
expect_eq "$(grep -c ' rules, 12 clauses, 0 problems$' "$OUT")" 2 "each plan linted"
run lint --rules "$T" --year 2021 --lang en
expect_rc 0 "lint --year 2021"
expect_no_out "== Plan" "one plan: no heading"
expect_eq "$(grep -c ' problems$' "$OUT")" 1 "lint --year lints one plan"
run lint --rules "$T" --year 2022 --lang en
expect_rc 2 "lint --year of a year no plan has"
expect_err "$T: no plan for 2022 (the plans are for: 2020, 2021)" "the years there are"
run test --rules "$T" --lang en
expect_rc 0 "test over the tree"
n=$(echo "$bundled" | sed 's/ passed.*//')
expect_eq "$(tail -n 1 "$OUT")" "$((n * 2)) passed, 0 failed" "the last line counts both plans' tests"
run coverage --rules "$T" --year 2020
expect_rc 0 "coverage --year 2020"
expect_out "2020年关心下一代工作要点" "coverage of the 2020 plan"
expect_eq "$(grep -c '^== ' "$OUT")" 0 "coverage --year: one plan, no heading"

# ---- check and explain pick the plan of the period's year ----
DB=$WORK/records.db
sample_db "$DB"
plan_of() {   # plan_of PERIOD: the plan id of a check of PERIOD with the tree
	run check --db "$DB" --rules "$T" --period "$1" --as-of 2022-01-15 --format json
	/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["plan"]["id"])' "$OUT"
}
expect_eq "$(plan_of 2020Q3)" "sn-amr-gxxyd-2020" "check --period 2020Q3 uses the 2020 plan"
expect_eq "$(plan_of 2021Q1)" "sn-amr-gxxyd-2021" "check --period 2021Q1 uses the 2021 plan"
expect_eq "$(plan_of 2021-03-01..2021-05-31)" "sn-amr-gxxyd-2021" "a range in 2021 uses the 2021 plan"
for p in 2019 2022Q1; do
	run check --db "$DB" --rules "$T" --period $p --lang en
	expect_rc 2 "check --period $p: no plan of that year"
	expect_err "no plan for ${p%Q1} (the plans are for: 2020, 2021)" "check --period $p names the years there are"
	expect_eq "$(wc -c <"$OUT")" 0 "check --period $p prints no report"
done
run check --db "$DB" --rules "$T" --period 2020-12-01..2021-01-31 --lang en
expect_rc 2 "a period across two years"
expect_err "the period spans two years" "a period across two years is named"
run explain --db "$DB" --rules "$T" 1.2-office --unit BGS --period 2021Q3 --as-of 2022-01-15 --lang en
expect_rc 0 "explain in 2021"
expect_out "2021-07-01" "explain judges 2021's window"
run explain --db "$DB" --rules "$T" 1.2-office --unit BGS --period 2019Q3 --lang en
expect_rc 2 "explain in a year no plan has"
expect_err "no plan for 2019" "explain names the missing year"

# ---- the bundled rules alone: one plan, of 2020 ----
run check --db "$DB" --period 2021Q1 --lang en
expect_rc 2 "the bundled rules judge no 2021 period"
expect_err "no plan for 2021 (the plans are for: 2020)" "and say which year they are for"
run check --db "$DB" --period 2019 --lang en
expect_rc 2 "nor 2019 (once 180 not_applicable findings)"

# ---- two plans of one year, and a plan without plan{}, in one tree ----
cp -R "$T/2021" "$T/2021b"
run lint --rules "$T" --lang en
expect_rc 2 "two plans of one year"
expect_err "$T/2021b: a plan of the same year as $T/2021 (2021)" "both plans named"
rm -r "$T/2021b"
mkdir "$T/x"
printf 'rule { id = "x" }\n' >"$T/x/1.lua"
run check --db "$DB" --rules "$T" --period 2020 --lang en
expect_rc 2 "a plan directory without plan{}"
expect_err "$T/x: no plan{}" "the directory without plan{} named"
finish
