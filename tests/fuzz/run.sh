#!/bin/sh
# run.sh DIR SECONDS TIMEOUT NAME... — `make fuzz`: runs each libFuzzer harness DIR/fuzz_NAME
# for SECONDS on its corpus (DIR/corpus/NAME, grown across runs) and its seeds (regenerated from
# the repository by seeds.sh, plus tests/fuzz/regress/NAME) with seeds.sh's dictionary, one
# input at most TIMEOUT seconds. Leaks are detected (ASan's LeakSanitizer). With FUZZ_PARALLEL=1
# the harnesses run at the same time under `nice -n 19` (the long runs), else one after another.
# Prints each harness's last status line (executions, coverage) and fails if any harness
# crashed, leaked, timed out or a sanitizer reported; the input that did so is left in
# DIR/crash/NAME/ and the log in DIR/log/NAME.log.
set -u
DIR=$1 SECONDS_EACH=$2 TIMEOUT=$3
shift 3
cd "$(dirname "$0")/../.."
sh tests/fuzz/seeds.sh "$DIR/seeds" || exit 2

# fuzz_one NAME: one harness's run; its exit code goes to DIR/log/NAME.rc.
fuzz_one() {
	regress=
	[ -d "tests/fuzz/regress/$1" ] && regress="tests/fuzz/regress/$1"
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$nice "$DIR/fuzz_$1" -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
		-print_final_stats=1 -dict="$DIR/seeds/$1.dict" -artifact_prefix="$DIR/crash/$1/" \
		"$DIR/corpus/$1" "$DIR/seeds/$1" $regress >"$DIR/log/$1.log" 2>&1
	echo $? >"$DIR/log/$1.rc"
}

nice=
[ "${FUZZ_PARALLEL:-0}" = 1 ] && nice="nice -n 19"
for name in "$@"; do
	mkdir -p "$DIR/corpus/$name" "$DIR/crash/$name" "$DIR/log"
	echo "fuzz $name: ${SECONDS_EACH}s"
	if [ -n "$nice" ]; then fuzz_one "$name" & else fuzz_one "$name"; fi
done
wait

failed=""
for name in "$@"; do
	log=$DIR/log/$name.log
	rc=$(cat "$DIR/log/$name.rc")
	grep -E '^#[0-9]+.*(cov|ft):' "$log" | tail -1 | sed "s/^/  $name: /"
	grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed "s/^/  $name: /"
	if [ "$rc" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
		echo "FAILED: fuzz $name (exit $rc); see $log and $DIR/crash/$name/" >&2
		grep -E 'ERROR:|runtime error:|SUMMARY' "$log" | head -5 | sed 's/^/    /' >&2
		failed="$failed $name"
	fi
done
[ -z "$failed" ] || { echo "fuzz: failed:$failed" >&2; exit 1; }
echo "fuzz: every harness ran ${SECONDS_EACH}s with no crash, leak or sanitizer report"
