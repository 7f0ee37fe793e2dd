#!/bin/sh
# demo.sh YAODIAN OUTDIR — the main job on the bundled sample records (tests/sample/, three
# units of 遂宁市市场监督管理局 for 2020): a fresh database, every CSV imported, the check of
# each quarter (as of ten days after it) and of the whole year (as of 2021-01-15) with scores,
# then the calendar feeds for 2020. Every report is kept in OUTDIR as text and JSON; the
# quarters' summaries and scores and the full-year report are printed. Exit 0 when the job ran
# (the findings include fails on purpose).
set -eu
BIN=$1
OUT=$2
SAMPLE=$(dirname "$0")/sample
rm -rf "$OUT"
mkdir -p "$OUT"
DB=$OUT/records.db

"$BIN" init --db "$DB"
for kind in units unit_years people activities participants meetings agenda documents posts \
            funds roles offices pairings waivers self_assessments; do
	"$BIN" import --db "$DB" "$kind" "$SAMPLE/$kind.csv"
done

# check PERIOD AS_OF: writes $OUT/check-PERIOD.txt and .json; exit 0 or 1 (fails found) is a run.
check() {
	rc=0
	"$BIN" check --db "$DB" --period "$1" --as-of "$2" --output "$OUT/check-$1.txt" ${3:-} || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "demo: check $1 could not run (exit $rc)" >&2
		exit "$rc"
	fi
	"$BIN" check --db "$DB" --period "$1" --as-of "$2" --format json --output "$OUT/check-$1.json" || true
}

for q in 1 2 3 4; do
	case $q in 1) asof=2020-04-10 ;; 2) asof=2020-07-10 ;; 3) asof=2020-10-10 ;; 4) asof=2021-01-10 ;; esac
	check "2020Q$q" "$asof" --save
	echo
	echo "==== yaodian check --period 2020Q$q --as-of $asof (summary and scores; full report in $OUT/check-2020Q$q.txt) ===="
	sed -n '/^合计\|^Total/,$p' "$OUT/check-2020Q$q.txt"
done

check 2020 2021-01-15
echo
echo "==== yaodian check --period 2020 --as-of 2021-01-15 ===="
cat "$OUT/check-2020.txt"
# The year's report as a leader reads it: printed (HTML for A4) and as a workbook.
for fmt in html xlsx; do
	"$BIN" check --db "$DB" --period 2020 --as-of 2021-01-15 --format "$fmt" --output "$OUT/check-2020.$fmt" || true
	[ -s "$OUT/check-2020.$fmt" ] || { echo "demo: check-2020.$fmt was not written" >&2; exit 2; }
done

echo
echo "==== yaodian history: the saved quarterly checks, each unit's score ===="
"$BIN" history --db "$DB"
echo
echo "==== yaodian diff 2020Q3 2020Q4: what changed in the last quarter ===="
"$BIN" diff --db "$DB" 2020Q3 2020Q4

echo
echo "==== yaodian calendar --from 2020 --as-of 2021-01-15 ===="
"$BIN" calendar --db "$DB" --from 2020 --out "$OUT/feeds" --as-of 2021-01-15
echo
echo "demo: database $DB; reports in $OUT/check-*.txt and check-*.json; the year's printed report"
echo "      $OUT/check-2020.html (open it in a browser and print) and workbook $OUT/check-2020.xlsx;"
echo "      calendar feeds in $OUT/feeds/ (plan.ics, point-*.ics, unit-*.ics)"
