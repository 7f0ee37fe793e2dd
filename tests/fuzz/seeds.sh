#!/bin/sh
# seeds.sh OUT — writes the seed corpus of every fuzz harness into OUT/NAME/, from files the
# repository already holds (nothing binary is committed): the CSV files of tests/ (each
# prefixed with the line naming its kind, as fuzz_csv.c reads it; the sample files also with
# "!" for --replace), the bundled and hostile rule files, the holiday notices and calendar feed
# fixtures, the period and date spellings the CLI tests and the README use, and Excel workbooks
# made from the CSV files by /usr/bin/python3 with openpyxl (tests/cli/make_book.py) and by
# `yaodian template` ($YAODIAN, else build/yaodian, when there is one). Also writes a libFuzzer
# dictionary OUT/NAME.dict of each format's words (column names, rule fields, iCalendar
# properties, the XML names the workbook reader looks for), taken from the same files.
set -eu
OUT=$1
cd "$(dirname "$0")/../.."
rm -rf "$OUT"
mkdir -p "$OUT/csv" "$OUT/rules" "$OUT/ics" "$OUT/dates" "$OUT/xlsx"

# CSV: the kind is the file name (tests/data/csv/bad/people_idcard.csv is a people file).
for f in tests/sample/*.csv tests/data/csv/*/*.csv; do
	kind=$(basename "$f" .csv)
	while [ ! -f "tests/sample/$kind.csv" ] && [ "${kind%_*}" != "$kind" ]; do kind=${kind%_*}; done
	[ -f "tests/sample/$kind.csv" ] || continue
	name=$(echo "$f" | tr '/' '_')
	{ echo "$kind"; cat "$f"; } >"$OUT/csv/$name"
	case $f in tests/sample/*) { echo "$kind!"; cat "$f"; } >"$OUT/csv/replace_$name" ;; esac
done

for f in rules/*.lua rules/lib/*.lua tests/rules/hostile/*.lua; do
	cp "$f" "$OUT/rules/$(echo "$f" | tr '/' '_')"
done

for f in calendars/holidays/*.ics $(find tests -name '*.ics'); do
	cp "$f" "$OUT/ics/$(echo "$f" | tr '/' '_')"
done

# Dates, periods and due spellings: every --period and --as-of value the CLI tests pass, the
# README's, and the rules' due = "..." values.
{
	grep -ohE 'due *= *"[^"]*"' rules/*.lua tests/cli/*.sh | sed 's/.*"\(.*\)"/\1/'
	grep -ohE -- '--(period|as-of) [^ "$]+' tests/cli/*.sh README.md | sed 's/^--[a-z-]* //'
	grep -ohE '[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?' tests/cli/*.sh README.md
} | sort -u | awk -v out="$OUT/dates" 'NF { f = sprintf("%s/%04d", out, NR); printf "%s", $0 > f; close(f) }'

# Workbooks: the sample as one book (Chinese sheet names and a notes sheet; English names and
# the 1904 date system), each CSV file of tests/ as a one-sheet book named after its kind (a
# bad file stays bad), the record templates in both languages; and each whole book again with
# its members stored uncompressed, so that plain byte mutations meet the XML itself.
PY=/usr/bin/python3
$PY tests/cli/make_book.py "$OUT/xlsx/sample_zh.xlsx" tests/sample
$PY tests/cli/make_book.py "$OUT/xlsx/sample_en1904.xlsx" tests/sample --english --epoch1904 --no-notes
YD=${YAODIAN:-build/yaodian}
if [ -x "$YD" ]; then
	"$YD" template --out "$OUT/xlsx/template_zh.xlsx" >/dev/null
	"$YD" template --lang en --out "$OUT/xlsx/template_en.xlsx" >/dev/null
fi
$PY - "$OUT/xlsx" tests/sample/*.csv tests/data/csv/*/*.csv <<'PYEOF'
import csv, os, sys, zipfile
sys.dont_write_bytecode = True
sys.path.insert(0, "tests/cli")
import openpyxl
import make_book
out = sys.argv[1]
def typed(header, value):
    try:
        return make_book.typed(header, value)
    except ValueError:
        return value   # a date that does not exist stays text
for book in sorted(os.listdir(out)):
    with zipfile.ZipFile(os.path.join(out, book)) as z, \
         zipfile.ZipFile(os.path.join(out, "stored_" + book), "w", zipfile.ZIP_STORED) as s:
        for m in z.infolist():
            s.writestr(m.filename, z.read(m))
for f in sys.argv[2:]:
    kind = os.path.basename(f)[:-4]
    while not os.path.exists("tests/sample/%s.csv" % kind) and "_" in kind:
        kind = kind.rsplit("_", 1)[0]
    try:
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError:
        continue   # the GBK file: a workbook holds Unicode
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = kind
    for r in rows:
        ws.append([typed(h, v) for h, v in zip(rows[0], r)] if r is not rows[0] else r)
    wb.save(os.path.join(out, f.replace("/", "_")[:-4] + ".xlsx"))
PYEOF

# dict NAME: the words on stdin, one a line, as libFuzzer dictionary entries (every byte escaped).
dict() {
	sort -u | od -An -tx1 -v | awk '{ for (i = 1; i <= NF; i++)
		if ($i == "0a") { if (w != "") print "\"" w "\""; w = "" } else w = w "\\x" $i }' >"$OUT/$1.dict"
}
# The CSV headers and the values of the sample records' columns.
{ ls tests/sample | sed "s/\.csv$//"; cat tests/sample/*.csv; } | tr ',' '\n' | tr -d '\r"' | awk 'length($0) <= 24' | dict csv
# The rule DSL's words: the fields and functions the bundled rules use, and Lua's keywords.
{
	grep -ohE '[A-Za-z_][A-Za-z0-9_.]* *[=({]' rules/*.lua rules/lib/*.lua | tr -d ' =({'
	echo 'function end local return if then else elseif for in do while repeat until nil true false and or not'
} | tr ' ' '\n' | dict rules
# The iCalendar properties and values the holiday notices use.
grep -ohE '^[A-Z-]+[;:][A-Z=-]*:?' calendars/holidays/*.ics | { cat; printf '%s\n' 放假 上班 'VALUE=DATE-TIME' 'RRULE:FREQ=DAILY;COUNT=2' 'DURATION:P1D' 'TZID=Asia/Shanghai'; } | dict ics
# The date and period spellings' separators and words.
printf '%s\n' year half quarter Q1 H2 01-01..12-31 .. 至 年 月 日 第一季度 第二季度 第三季度 第四季度 上半年 下半年 Q H - / . | dict dates
# The workbook's part names, and the XML elements, attributes and values the reader looks for.
{ printf 'PK\003\004\nPK\001\002\nPK\005\006\n'; printf '%s\n' '[Content_Types].xml' _rels/.rels xl/workbook.xml xl/_rels/workbook.xml.rels \
	xl/worksheets/sheet1.xml xl/sharedStrings.xml xl/styles.xml workbook.xml.rels sharedStrings styles \
	officeDocument worksheet xl/ .rels .bin \
	'<?xml version="1.0" encoding="UTF-8"?>' '<!--' '-->' '<!DOCTYPE' '<![CDATA[' ']]>' '&amp;' '&#' \
	'<Relationships' '<Relationship' 'Id="rId1"' 'Type=' 'Target=' 'TargetMode="External"' \
	'http://schemas.openxmlformats.org/officeDocument/2006/relationships' \
	'<workbook' '<workbookPr' 'date1904="1"' '<sheets>' '<sheet' 'name=' 'sheetId="1"' 'r:id="rId1"' \
	'<worksheet' '<sheetData>' '</sheetData>' '<row' 'r="1"' '</row>' '<c' 'r="A1"' 'XFD1048576' \
	't="s"' 't="n"' 't="str"' 't="inlineStr"' 't="b"' 't="e"' 't="d"' 's="1"' '</c>' \
	'<v>' '</v>' '<is>' '</is>' '<t>' '</t>' 'xml:space="preserve"' '<r>' '<rPh' '</rPh>' '<f>' \
	'<sst' '<si>' '</si>' 'count=' 'uniqueCount=' '_x000D_' '_x005F_' '_xD83D_' '_xDE00_' \
	'<styleSheet' '<numFmts' '<numFmt' 'numFmtId="14"' 'formatCode="yyyy/m/d"' '<cellXfs' '<xf' \
	'1E+21' '-1.5E-12' 2958465 60 1462 '#N/A' TRUE FALSE; } | dict xlsx
