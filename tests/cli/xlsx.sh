#!/bin/sh
# xlsx.sh — records straight from Excel: workbooks written in the test by python3-openpyxl
# (tests/cli/make_book.py; dates as date cells, numbers as numbers) import to the same database
# as the sample CSVs: the whole workbook at once (sheets named in Chinese or English, in any
# order, a sheet of notes left alone), one sheet by kind, the only sheet, the 1904 date system.
# A bad cell is named book.xlsx:sheet!C12; a bad cell in the last sheet leaves the database as
# it was (one transaction for the workbook); a sheet libxml2 cannot decode is named like any
# other malformed sheet; files that are not workbooks say what to do.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
MAKE="$PY $ROOT/tests/cli/make_book.py"
SAMPLE=$ROOT/tests/sample
# The reference: the sample CSVs.
sample_db "$WORK/csv.db"
dump "$WORK/csv.db" >"$WORK/csv.sql"

# ---- the whole workbook, Chinese sheet names ----
$MAKE "$WORK/book.xlsx" "$SAMPLE" || bad "make_book.py failed"
if "$PY" -c 'import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); c = wb["活动"]["D2"]; sys.exit(0 if c.is_date else 1)' "$WORK/book.xlsx"; then
	ok
else
	bad "the workbook's dates are not date cells: the test would prove less"
fi
run init --db "$WORK/book.db"
run import --db "$WORK/book.db" "$WORK/book.xlsx"
expect_rc 0 "import a whole workbook"
expect_out "book.xlsx: 活动: 读取 17 行,新增 17 条,更新 0 条" "a summary line per sheet"
expect_eq "$(grep -c '读取' "$OUT")" 15 "fifteen sheets imported"
expect_err "注意:工作表“填表说明”不是记录种类,未导入" "the notes sheet is named and left alone"
dump "$WORK/book.db" >"$WORK/book.sql"
if cmp -s "$WORK/csv.sql" "$WORK/book.sql"; then ok; else bad "workbook import differs from CSV: $(diff "$WORK/csv.sql" "$WORK/book.sql" | head -4)"; fi
run import --db "$WORK/book.db" "$WORK/book.xlsx"
expect_rc 0 "the same workbook again"
expect_out "book.xlsx: 活动: 读取 17 行,新增 0 条,更新 17 条" "again: updated, not duplicated"

# ---- English sheet names, the 1904 date system ----
$MAKE "$WORK/mac.xlsx" "$SAMPLE" --english --epoch1904 --no-notes || bad "make_book.py --epoch1904 failed"
run init --db "$WORK/mac.db"
run import --db "$WORK/mac.db" --lang en "$WORK/mac.xlsx"
expect_rc 0 "a 1904 workbook with English sheet names"
expect_out "mac.xlsx: activities: 17 rows read, 17 added, 0 updated" "English summary"
dump "$WORK/mac.db" >"$WORK/mac.sql"
if cmp -s "$WORK/csv.sql" "$WORK/mac.sql"; then ok; else bad "1904 workbook differs from CSV: $(diff "$WORK/csv.sql" "$WORK/mac.sql" | head -4)"; fi

# ---- one sheet by kind; the only sheet whatever its name ----
run init --db "$WORK/one.db"
run import --db "$WORK/one.db" units "$WORK/book.xlsx"
expect_rc 0 "units from the whole workbook"
expect_out "book.xlsx: 读取 3 行,新增 3 条" "one sheet read"
expect_eq "$(sql "$WORK/one.db" "SELECT count(*) FROM activities")" 0 "only that sheet"
$MAKE "$WORK/acts.xlsx" "$SAMPLE" --only activities --sheet-name Sheet1 || bad "make_book.py --only failed"
run import --db "$WORK/one.db" 活动 "$WORK/acts.xlsx"
expect_rc 0 "the only sheet, named Sheet1"
expect_eq "$(sql "$WORK/one.db" "SELECT count(*) FROM activities")" 17 "its rows imported"
run import --db "$WORK/one.db" 人员 "$WORK/book.xlsx"
expect_rc 0 "人员 from the whole workbook"
expect_eq "$(sql "$WORK/one.db" "SELECT count(*) FROM people")" 22 "its rows imported"
run import --db "$WORK/one.db" people "$WORK/acts.xlsx"
expect_rc 2 "the only sheet holds activities, not people"
expect_err "acts.xlsx:Sheet1!C1: 标题: 未知的列名(人员的列有:" "a header cell named by sheet and cell"
"$PY" -c 'import openpyxl, sys; wb = openpyxl.Workbook(); wb.active.title = "甲"; wb.create_sheet("乙"); wb.save(sys.argv[1])' "$WORK/two.xlsx"
run import --db "$WORK/one.db" meetings "$WORK/two.xlsx"
expect_rc 2 "no meetings sheet among two"
expect_err "two.xlsx: 工作簿中没有名为“会议”或“meetings”的工作表(工作表有:甲、乙)" "the sheets it has are listed"

# ---- a bad cell: sheet!cell, and nothing written from any sheet ----
$MAKE "$WORK/bad.xlsx" "$SAMPLE" --set '豁免!D3=2020-02-30' --set '活动!B5=NOPE' || bad "make_book.py --set failed"
sqlite3 "$WORK/book.db" .dump >"$WORK/before.sql"
run import --db "$WORK/book.db" "$WORK/bad.xlsx"
expect_rc 2 "a workbook with bad cells"
expect_err "bad.xlsx:豁免!D3: 开始日期: 日期不存在:2020-02-30" "the bad date named by sheet and cell"
expect_err "bad.xlsx:活动!B5: 单位: 找不到单位:NOPE" "the unknown unit named by sheet and cell"
expect_err "未导入任何记录,数据库未改动" "nothing imported"
sqlite3 "$WORK/book.db" .dump >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "a bad last sheet left earlier sheets written"; fi
run init --db "$WORK/fresh.db"
run import --db "$WORK/fresh.db" "$WORK/bad.xlsx"
expect_eq "$(sql "$WORK/fresh.db" "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM people)")" 0 "a fresh database stays empty"

# ---- a sheet in bytes libxml2 cannot convert (found by fuzz_xlsx): "<" and NULs read as UCS-4.
# Said like any other malformed sheet, naming it; libxml2 prints nothing of its own ----
"$PY" - "$WORK/acts.xlsx" "$WORK/ucs4.xlsx" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as o:
    for m in z.infolist():
        data = z.read(m)
        o.writestr(m, b"<" + bytes(7) + data[1:] if m.filename == "xl/worksheets/sheet1.xml" else data)
EOF
run import --db "$WORK/one.db" activities "$WORK/ucs4.xlsx"
expect_rc 2 "a sheet libxml2 cannot decode"
expect_err "ucs4.xlsx:Sheet1: XML 格式错误:input conversion failed" "the sheet named, libxml2's reason given"
if grep -qE '^(encoding|I/O) error' "$ERR"; then bad "libxml2 printed its own messages: $(head -2 "$ERR")"; else ok; fi
run import --db "$WORK/one.db" --lang en activities "$WORK/ucs4.xlsx"
expect_err "ucs4.xlsx:Sheet1: malformed XML: input conversion failed" "in English"

# ---- files that are not workbooks ----
printf '\320\317\021\340\241\261\032\341rest of an old xls' >"$WORK/old.xls"
run import --db "$WORK/fresh.db" "$WORK/old.xls"
expect_rc 2 "an old .xls"
expect_err "old.xls: " "the .xls is named"
expect_err "这是旧版 Excel 文件(.xls):请在 Excel 或 WPS 中另存为 .xlsx 再导入" "and told to save as .xlsx"
expect_err "old.xls: 未导入任何记录,数据库未改动" "the summary does not count 0 problems"
printf 'PK\003\004 not really a zip' >"$WORK/broken.xlsx"
run import --db "$WORK/fresh.db" units "$WORK/broken.xlsx"
expect_rc 2 "a broken workbook"
expect_err "broken.xlsx: 不是 Excel 工作簿(.xlsx)" "the broken workbook is named"
run import --db "$WORK/fresh.db" "$SAMPLE/units.csv"
expect_rc 2 "a CSV file without its kind"
expect_err "只给一个文件时,它应是 Excel 工作簿(.xlsx);CSV 文件要写明种类" "what to give"
run import --db "$WORK/fresh.db" "$WORK/two.xlsx"
expect_rc 2 "a workbook with no sheet named after a kind"
expect_err "工作簿中没有以记录种类命名的工作表" "what the sheets must be called"
finish
