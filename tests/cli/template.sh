#!/bin/sh
# template.sh — `yaodian template`: the blank workbook a clerk fills in, read back with
# python3-openpyxl (tests/cli/template_check.py) and held against what the importer says it reads
# (`yaodian import --help`) and the vocab table: sheets and order, headers, required headers
# marked, comments, frozen header, example cells, widths, data validations. The untouched
# template imports one record per kind; a template filled in with openpyxl imports its rows; the
# CSV files import kind by kind to the same records; --lang en; a long vocabulary goes to a
# hidden lists sheet; a place that cannot be written is refused with nothing left behind.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK="$PY $ROOT/tests/cli/template_check.py"
TABLES="units unit_years people activities participants meetings agenda_items documents posts funds roles offices pairings waivers"


# check_py WHAT ARGS...: runs template_check.py; each problem it prints is shown under WHAT.
check_py() {
	_what=$1
	shift
	if $CHECK "$@" >"$WORK/py.out" 2>&1; then
		ok
	else
		bad "$_what: $(wc -l <"$WORK/py.out") problem(s)"
		sed 's/^/    /' "$WORK/py.out" | head -20 >&2
	fi
}

# one_each DB WHAT: every record table of DB holds exactly one row.
one_each() {
	for t in $TABLES; do
		expect_eq "$(sql "$1" "SELECT count(*) FROM $t")" 1 "$2: one $t record"
	done
}

run import --help
cp "$OUT" "$WORK/help.txt"
run import --help --lang en
cp "$OUT" "$WORK/help-en.txt"
ALIASES=$(sed -n 's/^[a-z_]* (\([^)]*\)) — .*/\1/p' "$WORK/help.txt")
expect_eq "$(echo "$ALIASES" | wc -l)" 15 "fifteen kinds in the importer's help"
run init --db "$WORK/vocab.db"

# ---- the workbook ----
BOOK="$WORK/记录模板.xlsx"
run template --out "$BOOK"
expect_rc 0 "template"
expect_out "记录模板.xlsx: 已写出记录模板,每种记录一个工作表(共 15 个)" "what was written"
expect_eq "$(ls "$WORK" | grep -c 'tmp')" 0 "no temporary file left"
check_py "the workbook" check "$BOOK" "$WORK/help.txt" "$WORK/help.txt" "$WORK/vocab.db"
expect_eq "$($PY -c 'import openpyxl, sys; print(len(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$BOOK")" 16 \
	"the instructions and the fifteen kinds; the built-in lists are all inline"

# the untouched template imports: one example record per kind, the references resolving
run init --db "$WORK/plain.db"
run import --db "$WORK/plain.db" "$BOOK"
expect_rc 0 "import the untouched template"
expect_eq "$(grep -c '读取 1 行,新增 1 条,更新 0 条' "$OUT")" 15 "one record read and added per sheet"
expect_err "注意:工作表“填表说明”不是记录种类,未导入" "the instructions are left alone"
one_each "$WORK/plain.db" "untouched template"
expect_eq "$(sql "$WORK/plain.db" "SELECT start_date || ' ' || children FROM activities")" "2020-05-29 25" "a date cell and a number"
expect_eq "$(sql "$WORK/plain.db" "SELECT group_concat(tag, ';') FROM (SELECT tag FROM activity_tags ORDER BY tag)")" "六一;慰问" "the tags"
expect_eq "$(sql "$WORK/plain.db" "SELECT amount_fen FROM funds")" 80000 "the amount"
expect_eq "$(sql "$WORK/plain.db" "SELECT covers_guanai || business || (SELECT left_behind FROM people) FROM agenda_items")" 110 "the flags"
expect_eq "$(sql "$WORK/plain.db" "SELECT subkind FROM documents WHERE kind = '制度'")" "学习" "the 制度's subkind"

# written again over itself: replaced whole
run template --out "$BOOK"
expect_rc 0 "template over an existing file"
check_py "the rewritten workbook" check "$BOOK" "$WORK/help.txt" "$WORK/help.txt" "$WORK/vocab.db"

# ---- filled in as a clerk would: rows under the headers, dates as date cells ----
check_py "filling the template" fill "$BOOK" "$WORK/filled.xlsx"
run init --db "$WORK/filled.db"
run import --db "$WORK/filled.db" "$WORK/filled.xlsx"
expect_rc 0 "import the filled template"
expect_out "filled.xlsx: 活动: 读取 3 行,新增 3 条,更新 0 条" "the activities read"
expect_eq "$(sql "$WORK/filled.db" "SELECT count(*) FROM units")" 2 "the unit added"
expect_eq "$(sql "$WORK/filled.db" "SELECT parent FROM units WHERE id = 'SJ-JYS'")" SJ-BGS "its parent"
expect_eq "$(sql "$WORK/filled.db" "SELECT start_date || '..' || end_date || ' ' || children || '/' || retirees FROM activities WHERE id = 'SJ-JYS-A01'")" \
	"2020-09-30..2020-09-30 12/3" "a filled activity: date cell, default end, numbers"
expect_eq "$(sql "$WORK/filled.db" "SELECT end_date || ' ' || retirees FROM activities WHERE id = 'SJ-BGS-A02'")" "2020-10-02 0" "another: end date, empty count"
expect_eq "$(sql "$WORK/filled.db" "SELECT group_concat(tag, ';') FROM (SELECT tag FROM activity_tags WHERE activity_id = 'SJ-BGS-A02' ORDER BY tag)")" \
	"国庆;爱国主义教育" "its tags"

# ---- CSV: one file per kind, with a BOM, importing kind by kind to the same records ----
run template --format csv --out "$WORK/csv"
expect_rc 0 "template --format csv"
expect_out "已写出 15 个 CSV 模板文件" "what was written"
expect_eq "$(ls "$WORK/csv" | grep -c '\.csv$')" 15 "fifteen CSV files"
expect_eq "$(ls "$WORK/csv" | grep -vc '\.csv$')" 0 "and nothing else"
check_py "the CSV files" csv "$WORK/csv" "$WORK/help.txt" "$BOOK"
run init --db "$WORK/csv.db"
for a in $ALIASES; do
	run import --db "$WORK/csv.db" "$a" "$WORK/csv/$a.csv"
	expect_rc 0 "import $a.csv"
done
one_each "$WORK/csv.db" "CSV template"
dump "$WORK/plain.db" >"$WORK/plain.sql"
dump "$WORK/csv.db" >"$WORK/csv.sql"
if cmp -s "$WORK/plain.sql" "$WORK/csv.sql"; then ok; else bad "CSV and workbook examples differ: $(diff "$WORK/plain.sql" "$WORK/csv.sql" | head -4)"; fi

# ---- English ----
run template --out "$WORK/en.xlsx" --lang en
expect_rc 0 "template --lang en"
expect_out "en.xlsx: template written, one sheet per kind of record (15)" "English summary"
check_py "the English workbook" check "$WORK/en.xlsx" "$WORK/help.txt" "$WORK/help-en.txt" "$WORK/vocab.db" --lang en

# ---- --db: the lists come from that database; one too long to be inline goes to a hidden sheet ----
run init --db "$WORK/big.db"
sqlite3 "$WORK/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
	INSERT INTO vocab SELECT 'activity_tag', '本局自定活动类别' || i FROM n;
	INSERT INTO vocab VALUES ('post_channel', '抖音,快手'), ('meeting_body', '支部委员会');"
run template --db "$WORK/big.db" --out "$WORK/big.xlsx"
expect_rc 0 "template --db with a long vocabulary"
check_py "the workbook of a long vocabulary" check "$WORK/big.xlsx" "$WORK/help.txt" "$WORK/help.txt" "$WORK/big.db"
if $PY -c 'import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); sys.exit(wb.sheetnames[-1] != "词表" or wb["词表"].sheet_state != "hidden")' "$WORK/big.xlsx"; then
	ok
else
	bad "no hidden 词表 sheet for the long lists"
fi
run import --db "$WORK/big.db" "$WORK/big.xlsx"
expect_rc 0 "import the template of a long vocabulary"
expect_err "注意:工作表“词表”不是记录种类,未导入" "the lists sheet is left alone"
run template --db "$WORK/none.db" --out "$WORK/none.xlsx"
expect_rc 2 "a --db that does not exist"
expect_err "none.db: 数据库不存在" "it is named"
[ -e "$WORK/none.xlsx" ] && bad "a workbook written without its database" || ok

# ---- places that cannot be written: exit 2, the file named, nothing left ----
run template --out "$WORK/nodir/t.xlsx"
expect_rc 2 "a missing directory"
expect_err "nodir/t.xlsx: 无法写入" "the file named"
[ -e "$WORK/nodir" ] && bad "something was created for a missing directory" || ok
mkdir "$WORK/isdir"
run template --out "$WORK/isdir"
expect_rc 2 "--out names a directory"
expect_eq "$(ls -A "$WORK/isdir" | wc -l)" 0 "nothing written into it"
mkdir -p "$WORK/blocked/活动.csv"
run template --format csv --out "$WORK/blocked"
expect_rc 2 "a CSV file that cannot be written"
expect_err "活动.csv: 无法写入" "the CSV file named"
expect_eq "$(ls -A "$WORK/blocked")" "活动.csv" "no other CSV file left (all or none)"
run template --format csv --out "$WORK/nodir/csv"
expect_rc 2 "a CSV directory that cannot be made"
expect_err "nodir/csv: 无法创建输出目录" "the directory named"

# ---- usage ----
run template
expect_rc 2 "no --out"
expect_err "缺少 --out" "says what is missing"
run template --out "$WORK/x.xlsx" --format pdf
expect_rc 2 "a bad --format"
expect_err "--format 只能是 xlsx 或 csv" "says what --format takes"
run template --out "$WORK/x.xlsx" --period 2020
expect_rc 2 "an option template does not take"
run template --help
expect_rc 0 "template --help"
for o in "--out 文件" "--format xlsx|csv" "--db 文件" "--lang zh|en" "--help, -h"; do
	expect_out "  $o" "the help lists $o"
done
run template --help --lang en
for o in "--out FILE" "--format xlsx|csv" "--db FILE" "--lang zh|en" "--help, -h"; do
	expect_out "  $o" "the English help lists $o"
done
run --help
expect_out "  template --out 文件.xlsx" "yaodian --help lists template"
finish
