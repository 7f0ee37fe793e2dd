#!/bin/sh
# seeds.sh OUT — writes the seed corpus of every fuzz harness into OUT/NAME/, from files the
# repository already holds (nothing binary is committed): the CSV files of tests/ (each
# prefixed with the line naming its kind, as fuzz_csv.c reads it; the sample files also with
# "!" for --replace), the bundled and hostile rule files, the holiday notices and calendar feed
# fixtures, and the period and date spellings the CLI tests and the README use. Also writes a
# libFuzzer dictionary OUT/NAME.dict of each format's words (column names, rule fields, iCalendar
# properties), taken from the same files.
set -eu
OUT=$1
cd "$(dirname "$0")/../.."
rm -rf "$OUT"
mkdir -p "$OUT/csv" "$OUT/rules" "$OUT/ics" "$OUT/dates"

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
