#!/bin/sh
# encodings.sh — files as Excel and WPS save them on Chinese Windows import like UTF-8 ones: the
# whole sample encoded by iconv as GBK with CRLF line ends ("CSV (逗号分隔)"), and as UTF-16
# tab-separated text with a BOM ("Unicode 文本"), give a database identical to the UTF-8
# import; the automatic choice is said once on stderr; --encoding forces one; a file mixing a
# UTF-8 header with GBK cells names the line and column and says GBK; a file in neither
# encoding says what to do in Excel; nothing is written by a refused file.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# import_all DB DIR EXT [ARGS...]: init DB and import every kind from DIR/KIND.EXT.
import_all() {
	_db=$1 _dir=$2 _ext=$3
	shift 3
	run init --db "$_db"
	for _k in $KINDS; do
		run import --db "$_db" "$@" "$_k" "$_dir/$_k.$_ext"
		expect_rc 0 "import $_k.$_ext from $(basename "$_dir")"
	done
}

import_all "$WORK/utf8.db" "$ROOT/tests/sample" csv
dump "$WORK/utf8.db" >"$WORK/utf8.sql"
if [ "$(grep -c . "$WORK/utf8.sql")" -gt 100 ]; then ok; else bad "the UTF-8 import has too few rows to compare"; fi

# ---- GBK with CRLF, as Excel saves "CSV (逗号分隔)" ----
mkdir "$WORK/gbk"
for k in $KINDS; do
	iconv -f UTF-8 -t GBK "$ROOT/tests/sample/$k.csv" | sed 's/$/\r/' >"$WORK/gbk/$k.csv"
done
if iconv -f GBK -t UTF-8 "$WORK/gbk/activities.csv" >/dev/null && ! iconv -f UTF-8 -t UTF-8 "$WORK/gbk/activities.csv" >/dev/null 2>&1; then
	ok
else
	bad "the GBK file is not GBK, or is also valid UTF-8: the test would prove nothing"
fi
import_all "$WORK/gbk.db" "$WORK/gbk" csv
dump "$WORK/gbk.db" >"$WORK/gbk.sql"
if cmp -s "$WORK/utf8.sql" "$WORK/gbk.sql"; then ok; else bad "GBK import differs: $(diff "$WORK/utf8.sql" "$WORK/gbk.sql" | head -3)"; fi
run import --db "$WORK/gbk.db" activities "$WORK/gbk/activities.csv"
expect_rc 0 "GBK again"
expect_eq "$(grep -c 'GB18030' "$ERR")" 1 "the GBK reading is said once"
expect_err "activities.csv: 注意:文件不是 UTF-8,已按 GB18030(GBK) 编码读取" "the note names the file and the encoding"
run import --db "$WORK/gbk.db" --lang en activities "$WORK/gbk/activities.csv"
expect_err "note: the file is not UTF-8; read as GB18030 (GBK)" "the note in English"
run import --db "$WORK/gbk.db" --encoding gbk activities "$WORK/gbk/activities.csv"
expect_rc 0 "--encoding gbk"
expect_eq "$(grep -c 'GB18030' "$ERR")" 0 "no note when the encoding was given"

# --encoding utf-8 on a GBK file: refused as not UTF-8, nothing written.
sqlite3 "$WORK/gbk.db" .dump >"$WORK/before.sql"
run import --db "$WORK/gbk.db" --encoding utf-8 units "$WORK/gbk/units.csv"
expect_rc 2 "--encoding utf-8 on GBK"
expect_err "units.csv:1: 第1列: 列名不是有效的 UTF-8" "the header is named"
sqlite3 "$WORK/gbk.db" .dump >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "--encoding utf-8 refusal changed the database"; fi
run import --db "$WORK/gbk.db" --encoding latin1 units "$WORK/gbk/units.csv"
expect_rc 2 "--encoding latin1 refused"
expect_err "--encoding 只能是 utf-8 或 gb18030" "what --encoding takes"

# ---- UTF-16 tab-separated with a BOM, as Excel saves "Unicode 文本" ----
mkdir "$WORK/u16"
for k in $KINDS; do
	"$PY" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
w = csv.writer(open(sys.argv[2], "w", encoding="utf-16", newline=""), delimiter="\t", lineterminator="\r\n")
w.writerows(rows)' "$ROOT/tests/sample/$k.csv" "$WORK/u16/$k.txt"
done
expect_eq "$(head -c 2 "$WORK/u16/units.txt" | od -An -tx1 | tr -d ' ')" "fffe" "the UTF-16 file starts with its BOM"
import_all "$WORK/u16.db" "$WORK/u16" txt
dump "$WORK/u16.db" >"$WORK/u16.sql"
if cmp -s "$WORK/utf8.sql" "$WORK/u16.sql"; then ok; else bad "UTF-16 import differs: $(diff "$WORK/utf8.sql" "$WORK/u16.sql" | head -3)"; fi

# ---- a UTF-8 header over GBK cells: the cell is named, and GBK said ----
{
	head -n 1 "$ROOT/tests/sample/units.csv"
	printf 'MIX1,'
	printf '混合编码单位' | iconv -f UTF-8 -t GBK
	printf ',科室,\n'
} >"$WORK/mixed.csv"
sqlite3 "$WORK/utf8.db" .dump >"$WORK/before.sql"
run import --db "$WORK/utf8.db" units "$WORK/mixed.csv"
expect_rc 2 "a mixed file"
expect_err "mixed.csv:2: 名称: 不是有效的 UTF-8 文本:这一格是 GBK 编码,而表头是 UTF-8" "line, column and GBK"
expect_err "另存为 → CSV UTF-8(逗号分隔)" "what to do"
sqlite3 "$WORK/utf8.db" .dump >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "the mixed file changed the database"; fi

# ---- neither UTF-8 nor GBK ----
# 编号,名称 in GBK, then a byte pair that is neither UTF-8 nor GBK (dash's printf wants octal).
printf '\261\340\272\305,\303\373\263\306\nU1,\201\040\n' >"$WORK/binary.csv"
run import --db "$WORK/utf8.db" units "$WORK/binary.csv"
expect_rc 2 "neither encoding"
expect_err "binary.csv:2: 文件既不是 UTF-8 也不是 GBK(GB18030)编码,无法读取。请在 Excel 中选 另存为 → CSV UTF-8(逗号分隔),再导入" "the line and what to do"
run import --db "$WORK/utf8.db" --lang en units "$WORK/binary.csv"
expect_err "binary.csv:2: the file is neither UTF-8 nor GBK (GB18030) text" "in English"
expect_eq "$(sql "$WORK/utf8.db" "SELECT count(*) FROM units WHERE id IN ('U1', 'MIX1')")" 0 "nothing written by refused files"

run import --help
for o in --db --encoding --lang --help; do expect_out "$o" "import --help lists $o"; done
finish
