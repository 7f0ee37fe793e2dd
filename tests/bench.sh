#!/bin/sh
# bench.sh YAODIAN — benchmarks, reported as ratios against floors measured in the same run.
# For each size in BENCH_UNITS (default "100 1000 3000" units) a department is generated with
# tests/gendept.py (every record kind at the sample's density, half the units compliant, seed
# BENCH_SEED, default 1; BENCH_DENSE=1: `--dense`, 20 times the records a unit), imported, and
# the year's check run (`check --period 2020 --format json`). Reported per size, as CPU
# seconds (user + system, /usr/bin/time) and peak RSS:
#   import  vs sqlite3's own `.import` of the same CSV files (the floor of reading them);
#   check   vs the rules' SQL replayed alone: every query the check ran (YAODIAN_SQL_LOG), its
#           values bound, fed to the sqlite3 CLI in one process; and vs the queries the same
#           rules run unit by unit (YAODIAN_SET_BATCH=1) replayed the same way: the floor of one
#           query per unit and window, with the indexes, that the check was measured against
#           before the rules were set-based;
#   check   set-based (each rule's check_all: a window's units in one call, the default) vs unit
#           by unit (YAODIAN_SET_BATCH=1: one call and one query per unit), with the queries
#           each ran and whether their findings are the same bytes;
#   the four festival rules (3-6_festivals.lua up to its yearly rules) checked alone vs one
#           set-based query per festival window (python3 + sqlite3), with the verdicts compared;
#   peak RSS of the check;
#   the check's wall-clock time with --jobs 2 against --jobs 1 (the other figures are of
#           --jobs 1, so that CPU seconds compare with the one-process floors).
# Then the growth exponent of the check's CPU time from the smallest to the largest size
# (log(t_large / t_small) / log(n_large / n_small); 1.0 is linear). Checks are the best of
# BENCH_RUNS runs (default 3 up to 1,000 units, 1 above). Nothing here asserts a time.
set -eu
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
UNITS=${BENCH_UNITS:-"100 1000 3000"}
SEED=${BENCH_SEED:-1}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: $TIME is missing (Debian package time; make deps installs it)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
KINDS="units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers"
CHECK="--period 2020 --as-of 2021-01-15 --format json --jobs 1"

# cpu OUT CMD...: runs CMD (its output thrown away); appends "cpu_seconds peak_kb" to OUT.
cpu() {
	_o=$1
	shift
	"$TIME" -f '%U %S %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || true
	tail -n 1 "$WORK/time" | awk '{ printf "%.3f %d\n", $1 + $2, $3 }' >>"$_o"
}

# wall OUT CMD...: runs CMD (its output thrown away); appends its wall-clock seconds to OUT.
wall() {
	_o=$1
	shift
	"$TIME" -f '%e' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || true
	tail -n 1 "$WORK/time" >>"$_o"
}

# best OUT RUNS CMD...: the run with the least CPU time of RUNS, as "cpu_seconds peak_kb".
best() {
	_best=$1 _runs=$2
	shift 2
	: >"$WORK/runs"
	for _ in $(seq "$_runs"); do cpu "$WORK/runs" "$@"; done
	sort -n "$WORK/runs" | head -n 1 >"$_best"
}

# The four festival rules alone, and their windows' set-based reference.
mkdir -p "$WORK/fest"
cp -R "$ROOT/rules/00_plan.lua" "$ROOT/rules/lib" "$WORK/fest/"
sed '/^-- The other activities of 三、6/,$d' "$ROOT/rules/3-6_festivals.lua" >"$WORK/fest/3-6_festivals.lua"
"$BIN" lint --rules "$WORK/fest" --lang en | grep -q '^4 rules' ||
	{ echo "bench: rules/3-6_festivals.lua no longer starts with its four festival rules" >&2; exit 2; }
cat >"$WORK/reference.py" <<'EOF'
# reference.py DB FINDINGS.json OUT: the festival rules as one set-based query per window
# (the windows read from the check's findings), each unit's verdict written to OUT.
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
windows = {}
for f in json.load(open(sys.argv[2], encoding="utf-8"))["findings"]:
    windows[(f["rule_id"], f["window"]["from"], f["window"]["to"])] = f["title"]
tags = {"3.6-spring-festival": "春节", "3.6-childrens-day": "六一", "3.6-mid-autumn": "中秋", "3.6-national-day": "国庆"}
units = [r[0] for r in db.execute("SELECT id FROM units ORDER BY id")]
with open(sys.argv[3], "w") as out:
    for (rule, frm, to) in sorted(windows):
        held = {r[0] for r in db.execute(
            "SELECT DISTINCT a.unit_id FROM activity_tags t JOIN activities a ON a.id = t.activity_id "
            "WHERE t.tag = ? AND a.start_date <= ? AND a.end_date >= ? AND a.children >= 1",
            (tags[rule], to, frm))}
        for u in units:
            out.write("%s %s %s %s\n" % (rule, u, frm, "pass" if u in held else "fail"))
EOF
# verdicts.py FINDINGS.json: the check's pass/fail verdicts in reference.py's form.
cat >"$WORK/verdicts.py" <<'EOF'
import json, sys
for f in json.load(open(sys.argv[1], encoding="utf-8"))["findings"]:
    if f["status"] in ("pass", "fail"):
        print("%s %s %s %s" % (f["rule_id"], f["unit"]["id"], f["window"]["from"], f["status"]))
EOF

: >"$WORK/growth"
for n in $UNITS; do
	d=$WORK/u$n
	db=$d/records.db
	/usr/bin/python3 "$ROOT/tests/gendept.py" --units "$n" --seed "$SEED" ${BENCH_DENSE:+--dense} "$d"
	"$BIN" init --db "$db" >/dev/null
	: >"$d/imp"
	for k in $KINDS; do cpu "$d/imp" "$BIN" import --db "$db" "$k" "$d/$k.csv"; done
	: >"$d/flo"
	for k in $KINDS; do cpu "$d/flo" sqlite3 "$d/floor.db" ".import --csv $d/$k.csv $k"; done
	rows=$(sqlite3 "$d/floor.db" "SELECT $(for k in $KINDS; do printf '(SELECT count(*) FROM %s)+' "$k"; done)0")
	runs=${BENCH_RUNS:-$([ "$n" -le 1000 ] && echo 3 || echo 1)}
	# shellcheck disable=SC2086
	best "$d/check" "$runs" "$BIN" check --db "$db" $CHECK --output "$d/findings.json"
	# --jobs 1 and --jobs 2 in turn, the best wall-clock time of each (same findings)
	: >"$d/wall1"
	: >"$d/wall2"
	for _ in $(seq "$runs"); do
		# shellcheck disable=SC2086
		wall "$d/wall1" "$BIN" check --db "$db" $CHECK --output "$d/j1.json"
		# shellcheck disable=SC2086
		wall "$d/wall2" "$BIN" check --db "$db" $CHECK --jobs 2 --output "$d/j2.json"
	done
	jsame=no
	cmp -s "$d/j1.json" "$d/j2.json" && jsame=yes
	load=$(cut -d' ' -f1 /proc/loadavg)
	# shellcheck disable=SC2086
	YAODIAN_SQL_LOG=$d/queries.sql "$BIN" check --db "$db" $CHECK >/dev/null 2>&1 || true
	best "$d/replay" "$runs" sh -c "sqlite3 '$db' <'$d/queries.sql'"
	# shellcheck disable=SC2086
	YAODIAN_SET_BATCH=1 best "$d/unit" "$runs" "$BIN" check --db "$db" $CHECK --output "$d/unit.json"
	# shellcheck disable=SC2086
	YAODIAN_SET_BATCH=1 YAODIAN_SQL_LOG=$d/unitq.sql "$BIN" check --db "$db" $CHECK >/dev/null 2>&1 || true
	unitq=$(grep -c ';$' "$d/unitq.sql" || true)
	best "$d/ureplay" "$runs" sh -c "sqlite3 '$db' <'$d/unitq.sql'"
	setsame=no
	cmp -s "$d/findings.json" "$d/unit.json" && setsame=yes
	# shellcheck disable=SC2086
	best "$d/fest" "$runs" "$BIN" check --db "$db" --rules "$WORK/fest" $CHECK --output "$d/fest.json"
	best "$d/ref" "$runs" /usr/bin/python3 "$WORK/reference.py" "$db" "$d/fest.json" "$d/ref.txt"
	same=no
	/usr/bin/python3 "$WORK/verdicts.py" "$d/fest.json" | sort >"$d/got.txt"
	sort "$d/ref.txt" >"$d/ref.sorted"
	[ -s "$d/got.txt" ] && [ -z "$(comm -23 "$d/got.txt" "$d/ref.sorted")" ] && same=yes
	findings=$(grep -o '"rule_id"' "$d/findings.json" | wc -l)
	queries=$(grep -c ';$' "$d/queries.sql" || true)
	awk -v n="$n" -v rows="$rows" -v f="$findings" -v q="$queries" -v same="$same" \
	    -v imp="$(awk '{ s += $1 } END { print s }' "$d/imp")" -v flo="$(awk '{ s += $1 } END { print s }' "$d/flo")" \
	    -v chk="$(cut -d' ' -f1 "$d/check")" -v rss="$(cut -d' ' -f2 "$d/check")" \
	    -v rep="$(cut -d' ' -f1 "$d/replay")" -v fest="$(cut -d' ' -f1 "$d/fest")" -v ref="$(cut -d' ' -f1 "$d/ref")" \
	    -v unit="$(cut -d' ' -f1 "$d/unit")" -v uq="$unitq" -v ss="$setsame" -v urep="$(cut -d' ' -f1 "$d/ureplay")" \
	    -v w1="$(sort -n "$d/wall1" | head -n 1)" -v w2="$(sort -n "$d/wall2" | head -n 1)" -v jsame="$jsame" \
	    -v load="$load" -v cpus="$(nproc)" '
	function ratio(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "n/a" }
	BEGIN {
		printf "== %d units: %d records, %d findings, %d rule queries\n", n, rows, f, q;
		printf "  import            %7.2f s CPU  vs sqlite3 .import %6.2f s: %s\n", imp, flo, ratio(imp, flo);
		printf "  check (all rules) %7.2f s CPU  vs its SQL replayed %5.2f s: %s\n", chk, rep, ratio(chk, rep);
		printf "                                  vs the rules'"'"' SQL unit by unit replayed %.2f s (%d queries; the floor of one query per unit, after the indexes): %s\n", urep, uq, ratio(chk, urep);
		printf "  unit by unit      %7.2f s CPU  (%d rule queries) vs set-based %.2f s (%d): %s (same findings: %s)\n", unit, uq, chk, q, ratio(unit, chk), ss;
		printf "  festival rules    %7.2f s CPU  vs set-based query %6.2f s: %s (same verdicts: %s)\n", fest, ref, ratio(fest, ref), same;
		printf "  check peak RSS    %7.1f MiB\n", rss / 1024;
		printf "  check --jobs 2    %7.2f s wall vs --jobs 1 %6.2f s: %s (same bytes: %s; %d CPUs, load %s)\n", w2, w1, ratio(w2, w1), jsame, cpus, load;
	}'
	echo "$n $(cut -d' ' -f1 "$d/check")" >>"$WORK/growth"
	rm -f "$d"/*.csv "$d/floor.db" "$d/queries.sql" "$d/unitq.sql" "$d/unit.json"
done
sort -n "$WORK/growth" | awk 'NR == 1 { n0 = $1; t0 = $2 } { n1 = $1; t1 = $2 }
	END { if (n1 > n0 && t0 > 0) printf "growth of the check from %d to %d units: exponent %.2f (1.00 is linear)\n", n0, n1, log(t1 / t0) / log(n1 / n0) }'
