#!/bin/sh
# export.sh — seeing what is in the database: `units` lists each unit with its people by
# category and its activities of a year, aligned for CJK text; `export` writes the records of a
# kind (CSV) or of every kind (a workbook) in the importer's own format, never a person's name
# or notes, with text that looks like a formula guarded, and what it writes imports back to the
# same records.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SAMPLE=$ROOT/tests/sample
DB=$WORK/e.db
sample_db "$DB"
# An activity whose title a spreadsheet would run as a formula.
printf '编号,单位,标题,开始日期\nX-A1,BGS,"=HYPERLINK(""http://x"")",2020-03-01\n' >"$WORK/formula.csv"
run import --db "$DB" activities "$WORK/formula.csv"
expect_rc 0 "a title starting with ="

# ---- units ----
run units --db "$DB" --year 2020
expect_rc 0 "units"
expect_out "共 3 个单位" "three units"
line() { grep "^$1 " "$OUT"; }
expect_eq "$(line BGS | awk '{print $2, $3, $4, $5, $6, $7, $8}')" \
	"局机关办公室 科室 $(sql "$DB" "SELECT count(*) FROM people WHERE unit_id = 'BGS' AND category = '在职'") $(sql "$DB" "SELECT count(*) FROM people WHERE unit_id = 'BGS' AND category = '退休'") $(sql "$DB" "SELECT count(*) FROM people WHERE unit_id = 'BGS' AND category = '职工子女'") $(sql "$DB" "SELECT count(*) FROM people WHERE unit_id = 'BGS' AND category = '联系点儿童'") $(sql "$DB" "SELECT count(*) FROM activities WHERE unit_id = 'BGS' AND start_date LIKE '2020%'")" \
	"BGS: name, type, people by category, 2020 activities, as the database counts them"
# Every row's last column starts at the same display column (CJK counts two).
cols=$("$PY" -c '
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("共")]
print(len({w(l[:len(l.rstrip()) - len(l.rstrip().split()[-1])]) for l in rows}))' "$OUT")
expect_eq "$cols" 1 "the last column aligned by display width"
run units --db "$DB" --year 2021 --lang en
expect_out "activities 2021" "English header with the year"
expect_eq "$(grep -c '  0 *$' "$OUT")" 3 "no activity in 2021"

# ---- export CSV: every kind re-imports to the same records ----
mkdir "$WORK/csv"
for k in $KINDS; do
	run export --db "$DB" "$k" --output "$WORK/csv/$k.csv"
	expect_rc 0 "export $k"
done
expect_eq "$(head -c 3 "$WORK/csv/units.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV starts with a BOM"
if grep -q '姓名' "$WORK/csv/people.csv"; then bad "people.csv has the 姓名 column"; else ok; fi
NAMES=$WORK/names
cut -d, -f3 "$SAMPLE/people.csv" | sed 1d | grep -v '^$' >"$NAMES"
if grep -qF -f "$NAMES" "$WORK"/csv/*.csv; then bad "an exported file holds a person's name"; else ok; fi
if grep -q "\"'=HYPERLINK" "$WORK/csv/activities.csv"; then ok; else bad "the formula-like title is not guarded: $(grep X-A1 "$WORK/csv/activities.csv")"; fi
run init --db "$WORK/back.db"
for k in $KINDS; do run import --db "$WORK/back.db" "$k" "$WORK/csv/$k.csv"; expect_rc 0 "re-import $k"; done
expect_eq "$(sql "$WORK/back.db" "SELECT title FROM activities WHERE id = 'X-A1'")" '=HYPERLINK("http://x")' "the guard is taken off on import"
# Everything but people's names and notes comes back the same.
strip() { sqlite3 "$1" .dump | grep '^INSERT' | grep -v 'schema_migrations\|feed_state\|INTO vocab' | grep -v '^INSERT INTO people' | sort; }
if [ "$(strip "$DB")" = "$(strip "$WORK/back.db")" ]; then ok; else bad "CSV round trip differs: $(strip "$DB" | diff - "$WORK/back.db" 2>/dev/null | head -2)"; fi
expect_eq "$(sql "$WORK/back.db" "SELECT count(*) FROM people WHERE name IS NOT NULL OR note IS NOT NULL")" 0 "no name or note came back"
expect_eq "$(sql "$WORK/back.db" "SELECT count(*) FROM people")" "$(sql "$DB" "SELECT count(*) FROM people")" "every person came back"

# ---- export xlsx: the whole database as a workbook ----
run export --db "$DB" --format xlsx --output "$WORK/all.xlsx"
expect_rc 0 "export every kind as a workbook"
expect_eq "$("$PY" -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["活动"]
print(len(wb.sheetnames), ws.freeze_panes, ws.auto_filter.ref is not None, ws["D2"].is_date, "姓名" in [c.value for c in wb["人员"][1]])' "$WORK/all.xlsx")" \
	"15 A2 True True False" "15 sheets; frozen header, filters, dates as dates; no 姓名"
run init --db "$WORK/wb.db"
run import --db "$WORK/wb.db" "$WORK/all.xlsx"
expect_rc 0 "the workbook imports back"
if [ "$(strip "$DB")" = "$(strip "$WORK/wb.db")" ]; then ok; else bad "workbook round trip differs"; fi

# ---- usage ----
run export --db "$DB" widgets
expect_rc 2 "an unknown kind"
expect_err "未知的记录类型:widgets" "named"
run export --db "$DB"
expect_rc 2 "CSV without a kind"
expect_err "CSV 一次只写一种记录:请给出种类" "said"
run export --db "$DB" --format xlsx
expect_rc 2 "xlsx without --output"
run export --db "$DB" units --output "$WORK/no/such/dir/u.csv"
expect_rc 2 "an output place that does not exist"
run export --help
for o in --db --format --output --lang --help; do expect_out "$o" "export --help lists $o"; done
run units --help
for o in --db --year --lang --help; do expect_out "$o" "units --help lists $o"; done
finish
