#!/bin/sh
# values.sh — values as a clerk types them, through the command line: amounts with thousands
# separators, 元 and ￥; full-width digits; dates as 2020.6.1, 2020-6-1, 20200601 and Excel
# serials; spaces (ordinary, no-break, full-width) around values trimmed; a character nobody can
# see inside a value refused and shown as <U+XXXX>; Excel's empty columns after the header;
# old Mac line ends; --as-of and --period in the spellings people use.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DB=$WORK/records.db
run init --db "$DB"
expect_rc 0 "init"
printf '编号,名称,类型,上级单位,,\nBGS,局机关办公室,科室,,,\n' >"$WORK/units.csv"
run import --db "$DB" units "$WORK/units.csv"
expect_rc 0 "a header with two empty columns at the end (as Excel writes them)"

# Amounts, dates, full-width forms and surrounding spaces. printf with octal: \302\240 is the
# no-break space, \343\200\200 the full-width space.
printf '%s\n' '编号,单位,日期,类型,金额,用途' \
	'F1,BGS,2020-6-1,预算,"5,000.00",一' \
	'F2,BGS,2020.6.2,拨付,5000元,二' \
	'F3,BGS,20200603,支出,"￥5,000",三' \
	'F4,BGS,43986,支出,¥12.5,四' \
	'Ｆ５,ＢＧＳ,２０２０－０６－０５,支出,１，２３４．５０,五' >"$WORK/funds.csv"
printf 'F6\302\240,\343\200\200BGS, 2020年6月6日\343\200\200,支出,\t7 ,六\n' >>"$WORK/funds.csv"
run import --db "$DB" funds "$WORK/funds.csv"
expect_rc 0 "clerk spellings import"
expect_eq "$(sql "$DB" "SELECT group_concat(id || '=' || date || '/' || amount_fen, ' ') FROM (SELECT * FROM funds ORDER BY id)")" \
	"F1=2020-06-01/500000 F2=2020-06-02/500000 F3=2020-06-03/500000 F4=2020-06-04/1250 F5=2020-06-05/123450 F6=2020-06-06/700" \
	"every spelling read as the same dates and amounts"

# A full-width space inside an id, a zero-width space inside a name: refused, shown.
printf '编号,名称\nU\343\200\20001,甲\nU02,甲\342\200\213乙\n' >"$WORK/invisible.csv"
sqlite3 "$DB" .dump >"$WORK/before.sql"
run import --db "$DB" units "$WORK/invisible.csv"
expect_rc 2 "invisible characters refused"
expect_err "invisible.csv:2: 编号: 含有看不见的字符 <U+3000>:“U<U+3000>01”(请删除这个字符后再导入)" "the full-width space is shown"
expect_err "invisible.csv:3: 名称: 含有看不见的字符 <U+200B>:“甲<U+200B>乙”" "the zero-width space is shown"
run import --db "$DB" --lang en units "$WORK/invisible.csv"
expect_err "invisible.csv:2: 编号: holds a character that cannot be seen, <U+3000>: \"U<U+3000>01\"" "in English"
sqlite3 "$DB" .dump >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "a refused file changed the database"; fi

# Bad amounts still refused, with the cell quoted.
printf '编号,单位,日期,类型,金额\nF7,BGS,2020-06-07,支出,"1,20"\nF8,BGS,2020-06-08,支出,5元元\n' >"$WORK/bad.csv"
run import --db "$DB" funds "$WORK/bad.csv"
expect_rc 2 "malformed amounts"
expect_err "bad.csv:2: 金额: 金额格式不对:1,20" "a comma out of place"
expect_err "bad.csv:3: 金额: 金额格式不对:5元元" "元 twice"

# Old Mac line ends (CR alone) count as lines.
printf '编号,名称\rU03,丙\rU04,\r' >"$WORK/mac.csv"
run import --db "$DB" units "$WORK/mac.csv"
expect_rc 2 "a CR-only file with an empty name"
expect_err "mac.csv:3: 名称: 必填项为空" "the third line is named"
printf '编号,名称\rU03,丙\rU04,丁\r' >"$WORK/mac.csv"
run import --db "$DB" units "$WORK/mac.csv"
expect_rc 0 "a CR-only file"
expect_out "读取 2 行,新增 2 条" "two rows read from a CR-only file"

# --as-of and --period as people write them: the same document as the canonical spelling.
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10 --format json
cp "$OUT" "$WORK/canonical.json"
for spelling in "2020-Q2|2020/7/10" "2020年第二季度|2020年7月10日" "2020年第2季度|20200710" \
                "2020/4/1..2020/6/30|2020.7.10" "2020年4月1日至2020年6月30日|2020-7-10"; do
	p=${spelling%|*} a=${spelling#*|}
	run check --db "$DB" --period "$p" --as-of "$a" --format json
	if cmp -s "$OUT" "$WORK/canonical.json"; then ok; else bad "--period $p --as-of $a differs from 2020Q2 / 2020-07-10"; fi
done
run check --db "$DB" --period 2020年上半年 --as-of 2020/7/10 --format json
expect_eq "$("$PY" -c 'import json, sys; p = json.load(open(sys.argv[1]))["period"]; print(p["label"], p["from"], p["to"])' "$OUT")" \
	"2020H1 2020-01-01 2020-06-30" "2020年上半年 is 2020H1"
run check --db "$DB" --period 2020年第五季度
expect_rc 2 "no fifth quarter"
expect_err "2020年第五季度: 不是有效的时段(应为 2020、2020Q2、2020年第二季度" "the spellings are listed"
run check --db "$DB" --period 2020Q2 --as-of 2020/2/30
expect_rc 2 "an impossible --as-of"
expect_err "--as-of 日期无效(可写 2020-07-10、2020/7/10 或 2020年7月10日): 2020/2/30" "the spellings are listed"
finish
