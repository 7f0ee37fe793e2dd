#!/bin/sh
# formats.sh — `yaodian check --format csv|junit|xlsx` on the sample records: every format
# carries the findings of the JSON report of the same run (tests/cli/formats_check.py reads them
# with Python's csv and xml.etree and python3-openpyxl), a formula-like message is guarded in CSV
# and harmless in JUnit, --output is atomic, --lang en headers, and no person's name is written.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK=$ROOT/tests/cli/formats_check.py
Q2="--period 2020Q2 --as-of 2020-07-10"

# ---- the sample database, as tests/cli/check.sh builds it (a named child added) ----
named_sample "$WORK/sample"
DB=$WORK/records.db
sample_db "$DB" "$WORK/sample"
NAMES=$WORK/names
cut -d, -f3 "$WORK/sample/people.csv" | sed 1d | grep -v '^$' >"$NAMES"

# no_names FILE WHAT: no name from the sample appears in FILE.
no_names() {
	if grep -qF -f "$NAMES" "$1"; then bad "$2: prints a name: $(grep -oF -f "$NAMES" "$1" | head -1)"; else ok; fi
}

# cells BOOK: every cell of every sheet, one per line.
cells() {
	"$PY" -c 'import openpyxl, sys
for ws in openpyxl.load_workbook(sys.argv[1]):
    for row in ws.iter_rows(values_only=True):
        print("\n".join(str(v) for v in row if v is not None))' "$1"
}

# formats LANG: the JSON, CSV, JUnit and xlsx reports of the quarter in LANG agree.
formats() {
	d=$WORK/$1
	mkdir "$d"
	for fmt in json csv junit xlsx; do
		run check --db "$DB" $Q2 --lang "$1" --format "$fmt" --output "$d/q2.$fmt"
		expect_rc 1 "$1 $fmt: fails found, same exit code as text"
		expect_eq "$(wc -c <"$OUT" | tr -d ' ')" 0 "$1 $fmt --output: nothing on stdout"
	done
	expect_eq "$(ls -A "$d" | tr '\n' ' ')" "q2.csv q2.json q2.junit q2.xlsx " "$1: --output leaves no temporary file"
	if "$PY" "$CHECK" agree "$d/q2.json" "$d/q2.csv" "$d/q2.junit" "$d/q2.xlsx" "$1" >"$WORK/agree.out" 2>&1; then
		ok
	else
		bad "$1: csv, junit and xlsx do not agree with json"
		sed 's/^/    /' "$WORK/agree.out" | head -10 >&2
	fi
	no_names "$d/q2.csv" "$1 csv"
	no_names "$d/q2.junit" "$1 junit"
	cells "$d/q2.xlsx" >"$d/cells.txt"
	no_names "$d/cells.txt" "$1 xlsx"
}
# A saved check of Q1, so each format has a previous check to compare Q2 with.
run check --db "$DB" --period 2020Q1 --as-of 2020-04-10 --save
expect_rc 0 "Q1 saved"
formats zh
formats en
if grep -qF "局机关办公室" "$WORK/zh/q2.csv" && grep -qF "局机关办公室" "$WORK/zh/cells.txt"; then ok; else
	bad "unit names missing, so the name checks would prove nothing"
fi
expect_eq "$(head -c 3 "$WORK/zh/q2.csv" | od -An -tx1 | tr -d ' ')" efbbbf "CSV starts with a BOM"
expect_eq "$(sed -n 1p "$WORK/en/q2.csv" | cut -c4-40)" '"Unit id","Unit name","Clause","Rule"' "--lang en: English CSV headers"
if grep -qF ',"Fail",' "$WORK/en/q2.csv" && ! grep -qF '"未通过"' "$WORK/en/q2.csv"; then ok; else
	bad "--lang en: CSV status labels not English"
fi

# Standard output carries the same document as --output.
for fmt in csv junit; do
	run check --db "$DB" $Q2 --format "$fmt"
	expect_rc 1 "$fmt to standard output"
	if cmp -s "$OUT" "$WORK/zh/q2.$fmt"; then ok; else bad "$fmt: standard output differs from --output"; fi
done

# ---- a message that looks like a formula, with markup and a control character ----
R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$R/"
cat >"$R/10_formula.lua" <<'EOF2'
rule {
  id = "formula",
  clause = "三、6",
  text = "利用春节、六一、中秋、国庆等节日",
  title = "-公式 @标题",
  due = "quarter",
  points = 1,
  check = function(ctx)
    return fail("=1+1 <script>\"\1]]>", { looked_for = "+1 & <b>" })
  end,
}
EOF2
G=$WORK/guard
mkdir "$G"
for fmt in json csv junit xlsx; do
	run check --db "$DB" --rules "$R" $Q2 --format "$fmt" --output "$G/q2.$fmt"
	expect_rc 1 "formula rule, $fmt"
done
if "$PY" "$CHECK" guard "$G/q2.json" "$G/q2.csv" "$G/q2.junit" formula >"$WORK/guard.out" 2>&1; then
	ok
else
	bad "formula-like message: CSV not guarded or JUnit not valid"
	sed 's/^/    /' "$WORK/guard.out" | head -10 >&2
fi
if grep -qF "'-公式 @标题" "$G/q2.csv" && grep -qF "'+1 & <b>" "$G/q2.csv"; then ok; else
	bad "CSV: a title or looked_for starting with - or + is not guarded"
fi
if grep -q '<script>' "$G/q2.junit"; then bad "JUnit: markup written unescaped"; else ok; fi
# In the workbook the message is a text cell, never a formula.
expect_eq "$("$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])["问题清单"]
k = [c.value for c in ws[1]].index("说明")
print(sorted({(r[k].data_type, str(r[k].value)[:4]) for r in ws.iter_rows(min_row=2) if str(r[k].value).startswith("=1+1")}))' "$G/q2.xlsx")" \
	"[('s', '=1+1')]" "xlsx: a formula-like message is a text cell"

# ---- usage errors and places that cannot be written ----
run check --db "$DB" $Q2 --format xlsx
expect_rc 2 "xlsx without --output"
expect_err "--output" "xlsx without --output names --output"
expect_eq "$(wc -c <"$OUT" | tr -d ' ')" 0 "xlsx without --output: nothing on stdout"
mkfifo "$WORK/pipe"
run check --db "$DB" $Q2 --format xlsx --output "$WORK/pipe"
expect_rc 2 "xlsx --output to a pipe"
if [ -p "$WORK/pipe" ]; then ok; else bad "xlsx --output replaced the pipe"; fi
run check --db "$DB" $Q2 --format pdf
expect_rc 2 "an unknown format"
expect_err "csv" "an unknown format lists the formats"
for fmt in csv junit xlsx; do
	run check --db "$DB" $Q2 --format "$fmt" --output "$WORK/no-such-dir/q2.$fmt"
	expect_rc 2 "$fmt --output into a missing directory"
	expect_err "$WORK/no-such-dir/q2.$fmt" "$fmt: the failure names the file"
	if [ -e "$WORK/no-such-dir" ]; then bad "$fmt: --output created the missing directory"; else ok; fi
done
mkdir "$WORK/keep"
echo "previous contents" >"$WORK/keep/q2.xlsx"
run check --db "$WORK/absent.db" $Q2 --format xlsx --output "$WORK/keep/q2.xlsx"
expect_rc 2 "xlsx with a missing database"
expect_eq "$(cat "$WORK/keep/q2.xlsx")" "previous contents" "xlsx: old file untouched when the check cannot run"
expect_eq "$(ls -A "$WORK/keep")" "q2.xlsx" "xlsx: no stray files after a failure"

# ---- help lists the formats ----
for lang in zh en; do
	run check --help --lang "$lang"
	expect_rc 0 "check --help ($lang)"
	for fmt in text json csv junit xlsx; do expect_out "$fmt" "check --help ($lang) lists $fmt"; done
done

finish
