#!/bin/sh
# hostile_bench.sh YAODIAN — what containing each hostile rule file costs, and how the number of
# declared rules scales; run by `make bench`, nothing asserted (tests/rules/hostile_*.sh asserts
# the outcomes; times on a shared machine are only reported).
#   1. Every hostile file of tests/rules/hostile, alone beside the bundled rules: wall time and
#      peak RSS of `check --format json` over the sample records (default limits: 2 s per call,
#      64 MiB per rule file), against the clean run's.
#   2. 20,000 and 40,000 trivial declared rules: lint (load + validate) and check (judge +
#      score) time and peak RSS, and the ratio 40k/20k (2 means linear, 4 quadratic).
set -eu
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-hbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/records.db
"$BIN" init --db "$DB" >/dev/null
for k in units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers; do
	"$BIN" import --db "$DB" "$k" "$ROOT/tests/sample/$k.csv" >/dev/null
done

# measure LABEL ARGS...: one run of the binary; prints LABEL, wall seconds, peak RSS (MiB), exit.
measure() {
	_label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" "$@" >/dev/null 2>&1 && _rc=0 || _rc=$?
	tail -n 1 "$WORK/time" >"$WORK/time.last" && mv "$WORK/time.last" "$WORK/time"
	awk -v l="$_label" -v rc="$_rc" '{ printf "  %-24s %6.2f s  %7.1f MiB  exit %d\n", l, $1, $2 / 1024, rc }' "$WORK/time"
}

RD=$WORK/rules
cp -r "$ROOT/rules" "$RD"
ARGS="--db $DB --period 2020Q2 --unit BGS --as-of 2020-07-10 --format json"
echo "hostile rule files, each alone beside the bundled rules (check $ARGS):"
# shellcheck disable=SC2086
measure "(clean run)" check --rules "$RD" $ARGS
for f in "$ROOT"/tests/rules/hostile/*.lua; do
	name=$(basename "$f" .lua)
	cp "$f" "$RD/50_$name.lua"
	# shellcheck disable=SC2086
	measure "$name" check --rules "$RD" $ARGS
	rm -f "$RD/50_$name.lua"
done

# many N: the bundled plan and N trivial rules, 1,000 to a file (one file is loaded in one
# call, under the 2 s deadline).
many() {
	mkdir -p "$WORK/many$1"
	cp "$ROOT/rules/00_plan.lua" "$WORK/many$1/"
	awk -v n="$1" -v dir="$WORK/many$1" 'BEGIN { for (i = 1; i <= n; i++) printf "rule { id = \"r-%d\", clause = \"三、6\", text = \"利用春节、六一、中秋、国庆等节日\", title = \"r\", due = \"quarter\", points = 1, check = function(ctx) return pass(\"ok\") end }\n", i > sprintf("%s/10_many%03d.lua", dir, int(i / 1000)) }'
}
echo "declared rules (lint: load and validate; check: judge and score every unit, 2020Q2):"
for n in 20000 40000; do
	many "$n"
	measure "lint $n rules" lint --rules "$WORK/many$n"
	cp "$WORK/time" "$WORK/lint$n"
	measure "check $n rules" check --rules "$WORK/many$n" --db "$DB" --period 2020Q2 --as-of 2020-07-10 --format json
	cp "$WORK/time" "$WORK/check$n"
done
awk '{ t[FILENAME] = $1 } END {
	printf "  40k/20k time ratio: lint %.2f, check %.2f (2 = linear, 4 = quadratic)\n",
		t[ARGV[2]] / t[ARGV[1]], t[ARGV[4]] / t[ARGV[3]] }' "$WORK/lint20000" "$WORK/lint40000" "$WORK/check20000" "$WORK/check40000"
