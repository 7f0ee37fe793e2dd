#!/bin/sh
# demo.sh YAODIAN OUTDIR — the main job on the bundled sample records (tests/sample/, three
# units of 遂宁市市场监督管理局 for 2020): a fresh database, every CSV imported, then the
# 2020Q2 check (as of 2020-07-10, just after the quarter) and the full-year check (as of
# 2021-01-15), in text and JSON, then the calendar feeds for 2020. Exit 0 when the job ran; the findings include fails on purpose.
set -eu
BIN=$1
OUT=$2
SAMPLE=$(dirname "$0")/sample
rm -rf "$OUT"
mkdir -p "$OUT"
DB=$OUT/records.db

"$BIN" init --db "$DB"
for kind in units unit_years people activities participants meetings agenda documents posts \
            funds roles offices pairings waivers; do
	"$BIN" import --db "$DB" "$kind" "$SAMPLE/$kind.csv"
done

# check PERIOD AS_OF NAME: prints the table, writes JSON; exit 0 or 1 (fails found) is a run.
check() {
	echo
	echo "==== yaodian check --period $1 --as-of $2 ===="
	rc=0
	"$BIN" check --db "$DB" --period "$1" --as-of "$2" || rc=$?
	"$BIN" check --db "$DB" --period "$1" --as-of "$2" --format json --output "$OUT/$3.json" || true
	if [ "$rc" -gt 1 ]; then
		echo "demo: check $1 could not run (exit $rc)" >&2
		exit "$rc"
	fi
}
check 2020Q2 2020-07-10 check-2020Q2
check 2020 2021-01-15 check-2020

echo
echo "==== yaodian calendar --from 2020 --as-of 2021-01-15 ===="
"$BIN" calendar --db "$DB" --from 2020 --out "$OUT/feeds" --as-of 2021-01-15
echo
echo "demo: database $DB; JSON findings in $OUT/check-2020Q2.json and $OUT/check-2020.json;"
echo "      calendar feeds in $OUT/feeds/ (plan.ics, point-*.ics, unit-*.ics)"
