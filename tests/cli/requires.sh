#!/bin/sh
# requires.sh — a rule's `requires` text with {param} references: rendered with the default, then
# with a --config override, in the text report, the printed (HTML) report and the calendar
# feeds; {name:%} as a percentage, {{ as a literal {, and text from the rule escaped in HTML.
# (Lint refusing bad references is in lint.sh.)
. "$(dirname "$0")/lib.sh"

R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$R/"
cat >"$R/10_rule.lua" <<'EOF'
rule {
  id = "r-req",
  clause = "三、6",
  text = "利用春节、六一、中秋、国庆等节日",
  title = "要求测试",
  requires = "至少 {min_children} 名儿童,比例 {ratio:%}({ratio}),字面 {{x} <b>,{who}",
  due = "year",
  params = { min_children = 1, ratio = 0.8, who = "职工子女" },
  check = function(ctx) return fail("没有") end,
}
EOF
cat >"$WORK/config.lua" <<'EOF'
return { params = { ["r-req"] = { min_children = 3, ratio = 0.25 } } }
EOF
DEFAULT="至少 1 名儿童,比例 80%(0.8),字面 {x} <b>,职工子女"
OVERRIDDEN="至少 3 名儿童,比例 25%(0.25),字面 {x} <b>,职工子女"

DB=$WORK/records.db
run init --db "$DB"
expect_rc 0 "init"
run import --db "$DB" units "$ROOT/tests/sample/units.csv"
expect_rc 0 "import units"

run lint --rules "$R"
expect_rc 0 "the rule lints clean"

# ---- the text report: failed and pending items say what is required ----
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15
expect_rc 1 "check: fails"
expect_out "[要求:$DEFAULT]" "text: the default rendered"
expect_no_out "{min_children}" "text: no reference left"
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --config "$WORK/config.lua"
expect_rc 1 "check with the override"
expect_out "[要求:$OVERRIDDEN]" "text: the override rendered"
expect_no_out "$DEFAULT" "text: the default is gone"
run check --db "$DB" --rules "$R" --period 2020 --as-of 2020-06-01 --config "$WORK/config.lua"
expect_out "[要求:$OVERRIDDEN]" "text: a pending item too"
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --config "$WORK/config.lua" --format json
expect_rc 1 "json: valid against the schema (validated by run)"
expect_eq "$(python3 -c 'import json, sys
print(sorted({f["requires"] for f in json.load(sys.stdin)["findings"]}))' <"$OUT")" "['$OVERRIDDEN']" \
	"json: every finding carries the requirement with the override"

# ---- CSV and JUnit carry the same text ----
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --config "$WORK/config.lua" --format csv
expect_rc 1 "csv"
expect_eq "$(python3 -c 'import csv, sys
rows = list(csv.reader(sys.stdin))
i = rows[0].index("要求")
print(sorted({r[i] for r in rows[1:]}))' <"$OUT")" "['$OVERRIDDEN']" "csv: the 要求 column with the override"
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --format junit
expect_rc 1 "junit"
expect_out "要求: 至少 1 名儿童,比例 80%(0.8),字面 {x} &lt;b&gt;,职工子女" "junit: the failure body says what is required (escaped)"

# ---- the printed report: a 要求 row, the rule's text escaped ----
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --format html --output "$WORK/r.html"
expect_rc 1 "html"
if grep -qF "<tr><th>要求</th><td>至少 1 名儿童,比例 80%(0.8),字面 {x} &lt;b&gt;,职工子女</td></tr>" "$WORK/r.html"; then ok; else
	bad "html: no 要求 row with the default"; fi
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --format html --output "$WORK/o.html" --config "$WORK/config.lua"
if grep -qF "<td>至少 3 名儿童,比例 25%(0.25),字面 {x} &lt;b&gt;,职工子女</td>" "$WORK/o.html"; then ok; else
	bad "html: no 要求 row with the override"; fi
expect_eq "$(grep -c '<b>' "$WORK/o.html")" 0 "html: the rule's <b> is text"
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --format html --output "$WORK/en.html" --lang en
if grep -qF "<tr><th>Requires</th><td>至少 1 名" "$WORK/en.html"; then ok; else bad "html --lang en: Requires row"; fi

# ---- the feeds: every description, unfolded (RFC 5545 3.1) ----
# descriptions DIR FILE: the DESCRIPTION lines of DIR/FILE, unfolded, commas unescaped.
descriptions() { tr -d '\r' <"$1/$2" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | grep '^DESCRIPTION' | sed 's/\\,/,/g'; }
SOURCE_DATE_EPOCH=1700000000 run calendar --db "$DB" --rules "$R" --from 2020 --to 2020 --out "$WORK/f1" --as-of 2021-01-15
expect_rc 0 "calendar"
for f in plan.ics point-3-6.ics unit-BGS.ics; do
	expect_eq "$(descriptions "$WORK/f1" "$f" | grep -cF "要求:$DEFAULT")" 1 "feeds: $f has the default"
done
SOURCE_DATE_EPOCH=1700003600 run calendar --db "$DB" --rules "$R" --from 2020 --to 2020 --out "$WORK/f2" --as-of 2021-01-15 \
	--config "$WORK/config.lua"
expect_rc 0 "calendar with the override"
for f in plan.ics point-3-6.ics unit-BGS.ics unit-ZFZD.ics; do
	expect_eq "$(descriptions "$WORK/f2" "$f" | grep -cF "要求:$OVERRIDDEN")" 1 "feeds: $f has the override"
	expect_eq "$(descriptions "$WORK/f2" "$f" | grep -c '{min_children}')" 0 "feeds: $f has no reference left"
done
expect_eq "$(grep -c '^SEQUENCE:1' "$WORK/f2/plan.ics")" 1 "feeds: the changed requirement bumps SEQUENCE"

finish
