#!/bin/sh
# bench.sh YAODIAN — benchmarks, reported as ratios against a baseline run in the same script.
# Generates a synthetic department of N units (default 200) with a year of records, imports it,
# then times `check --period 2020`:
#   1. with the prepared-statement cache (the default) against the baseline of preparing every
#      query afresh (YAODIAN_STMT_CACHE=0): principle 5, "the engine caches prepared statements";
#   2. the whole check against `lint` (loading the rules into the sandbox only), i.e. what the
#      judging costs over loading;
#   3. the calendar's feed writer (feed state bookkeeping, atomic files) against writing the
#      same events with raw libical (build/bench/feed_bench, tests/bench/feed_bench.c), a
#      first run (every item new) and a re-run with nothing changed; and the whole `calendar`
#      against `check` of the same year (the check is most of the calendar's time).
# Times are the best of 3 runs. Nothing here asserts a time.
set -eu
BIN=$1
N=${BENCH_UNITS:-200}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/bench.db

awk -v n="$N" -v dir="$WORK" 'BEGIN {
	u = dir "/units.csv"; a = dir "/activities.csv"; t = dir "/tags.csv"; m = dir "/meetings.csv";
	g = dir "/agenda.csv"; r = dir "/roles.csv"; p = dir "/people.csv"; o = dir "/offices.csv"; f = dir "/funds.csv";
	print "编号,名称" > u; print "编号,单位,标题,开始日期,类别,儿童人数" > a;
	print "编号,单位,会议类型,日期" > m; print "会议编号,序号,议题类型,议题,涉及关心下一代工作,属业务工作" > g;
	print "编号,单位,类别" > p; print "编号,单位,人员编号,职责,开始日期" > r;
	print "编号,单位,地点,开始日期" > o; print "编号,单位,日期,类型,金额" > f;
	split("春节 六一 中秋 国庆 主题教育 家庭教育 帮扶 赠书", tags, " ");
	split("研究 安排 检查 奖惩", kinds, " ");
	for (i = 1; i <= n; i++) {
		id = sprintf("U%04d", i);
		print id ",单位" i > u;
		print id "-P1," id ",在职" > p; print id "-P2," id ",在职" > p;
		print id "-R1," id "," id "-P1,分管领导,2019-01-01" > r;
		if (i % 3) print id "-R2," id "," id "-P2,办事人员,2020-03-01" > r;
		if (i % 4) print id "-O1," id ",办公室,2019-06-01" > o;
		if (i % 5) print id "-F1," id ",2020-05-01,预算,3000" > f;
		for (k = 1; k <= 60; k++) {
			day = sprintf("2020-%02d-%02d", (k * 7) % 12 + 1, (k * 11) % 28 + 1);
			print id "-A" k "," id ",活动" k "," day "," tags[k % 8 + 1] "," (k % 5) > a;
		}
		for (k = 1; k <= 12; k++) {
			print id "-M" k "," id ",党组会," sprintf("2020-%02d-15", k) > m;
			for (s = 1; s <= 4; s++)
				print id "-M" k "," s "," kinds[s] ",议题," ((i + k + s) % 3 ? "是" : "否") ",是" > g;
		}
	}
}'

"$BIN" init --db "$DB" >/dev/null
now() { date +%s.%N; }
t0=$(now)
for kind in units people activities meetings agenda roles offices funds; do
	"$BIN" import --db "$DB" "$kind" "$WORK/$kind.csv" >/dev/null
done
t1=$(now)
rows=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM activities) + (SELECT count(*) FROM agenda_items) + (SELECT count(*) FROM meetings)")

# best TIMES: the fastest of 3 runs of the command in "$@"
best() {
	b=""
	for _ in 1 2 3; do
		s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
		b=$(echo "$s $e ${b:-999999}" | awk '{ d = $2 - $1; print (d < $3 ? d : $3) }')
	done
	echo "$b"
}
cached=$(best "$BIN" check --db "$DB" --period 2020 --as-of 2021-01-15)
uncached=$(best env YAODIAN_STMT_CACHE=0 "$BIN" check --db "$DB" --period 2020 --as-of 2021-01-15)
lint=$(best "$BIN" lint)
calendar=$(best "$BIN" calendar --db "$DB" --from 2020 --out "$WORK/cal" --as-of 2021-01-15)
(cd "$(dirname "$0")/.." && "$(dirname "$BIN")/bench/feed_bench" "$DB" rules 2020 2020 2021-01-15 "$WORK/feedbench") >"$WORK/feedbench.txt"
findings=$("$BIN" check --db "$DB" --period 2020 --as-of 2021-01-15 --format json | grep -c '"rule_id"' || true)

awk -v n="$N" -v rows="$rows" -v imp="$(echo "$t0 $t1" | awk '{print $2-$1}')" -v c="$cached" -v u="$uncached" \
    -v l="$lint" -v f="$findings" -v cal="$calendar" 'BEGIN {
	printf "units: %d, records: %d, findings per year check: %d\n", n, rows, f;
	printf "import: %.0f records/s\n", rows / imp;
	printf "check with statement cache vs. preparing every query (baseline): %.2fx faster (%.3fs vs %.3fs)\n", u / c, c, u;
	printf "check vs. loading the rules only (lint): %.1fx the cost of loading (%.3fs vs %.3fs)\n", c / l, c, l;
	printf "per finding: %.1f µs\n", c / f * 1e6;
	printf "calendar (check + feeds) vs. check alone: %.2fx (%.3fs vs %.3fs)\n", cal / c, cal, c;
}'
cat "$WORK/feedbench.txt"
