#!/bin/sh
# harness.sh — the test harness itself can fail: a suite past its time limit is stopped and
# named, a failing suite is named, and (in the sanitizer build) a sanitizer report fails a
# suite and a CLI test whatever the exit code, both through the report files and through run().
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/harness.sh"

# ---- time limits ----
start=$(date +%s)
suite_run sleeper 1 sh -c 'sleep 60; exit 0' >"$OUT" 2>&1
expect_eq "$?" 1 "a suite past its limit fails"
expect_out "TIMEOUT: sleeper did not finish within its limit of 1 s" "the hang is named as such"
took=$(($(date +%s) - start))
if [ "$took" -lt 15 ]; then ok; else bad "the sleeping suite was stopped after $took s"; fi

# A suite that leaves a child behind: the whole process group is stopped.
suite_run parent 1 sh -c 'sleep 61 & sleep 61' >"$OUT" 2>&1
expect_eq "$?" 1 "a suite with a child past its limit fails"
if pgrep -x -f 'sleep 61' >/dev/null; then bad "the suite's processes are still running"; else ok; fi

suite_run passes 10 true >"$OUT" 2>&1
expect_eq "$?" 0 "a passing suite passes"
expect_out "ok: passes" "a passing suite is named ok"
suite_run fails 10 sh -c 'exit 3' >"$OUT" 2>&1
expect_eq "$?" 1 "a failing suite fails"
expect_out "FAILED: fails (exit 3" "a failing suite is named with its exit code"

# ---- sanitizer reports (sanitizer build only: the plain build has no sanitizer to report) ----
if [ "${SANITIZED:-0}" = 1 ]; then
	FAULT=$(dirname "$YAODIAN")/tests/sanfault
	if [ -x "$FAULT" ]; then ok; else bad "the sanitizer build has no $FAULT"; fi
	for kind in uaf leak; do
		# The suite swallows the fault's exit code: only the report file can fail it.
		suite_run "fault-$kind" 60 sh -c "\"$FAULT\" $kind; exit 0" >"$OUT" 2>&1
		expect_eq "$?" 1 "$kind: a suite that exits 0 after a sanitizer report fails"
		expect_out "SANITIZER: fault-$kind: 1 sanitizer report(s)" "$kind: the report is named"
		expect_out "ERROR: " "$kind: the report is shown"
	done
	# UBSan (its own runtime under GCC) writes to stderr: its exit code fails the suite.
	suite_run fault-ubsan 60 "$FAULT" ubsan >"$OUT" 2>&1
	expect_eq "$?" 1 "ubsan: a suite ending with the sanitizers' exit code fails"
	expect_out "SANITIZER: fault-ubsan exited with the sanitizers' exit code $SAN_EXIT" "ubsan: named"
	expect_out "runtime error: signed integer overflow" "ubsan: the report is shown"

	# run() in a CLI test, where the test expects the very exit code the fault ends with.
	cat >"$WORK/probe.sh" <<PROBE
. "$ROOT/tests/cli/lib.sh"
run uaf
expect_rc \$1 "the exit code the probe expects"
finish
PROBE
	# Reports on stderr, sanitizer exit code 1 (as outside the harness): caught in stderr.
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=1 YAODIAN=$FAULT sh "$WORK/probe.sh" 1 >"$OUT" 2>&1
	expect_eq "$?" 1 "run(): a report on stderr fails the test even when the exit code was expected"
	expect_out "sanitizer report (exit 1)" "run() names the report"
	# Reports to a file, the harness's exit code: caught by the code.
	mkdir "$WORK/logs"
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=$SAN_EXIT:log_path=$WORK/logs/r \
		YAODIAN=$FAULT sh "$WORK/probe.sh" "$SAN_EXIT" >"$OUT" 2>&1
	expect_eq "$?" 1 "run(): the sanitizers' exit code fails the test even when it was expected"
	expect_out "sanitizer report (exit $SAN_EXIT)" "run() names the exit code"
	# UBSan's report on stderr, exit code 1 expected by the test: caught in stderr.
	sed 's/^run uaf$/run ubsan/' "$WORK/probe.sh" >"$WORK/probe-ubsan.sh"
	UBSAN_OPTIONS=halt_on_error=1:exitcode=1 YAODIAN=$FAULT sh "$WORK/probe-ubsan.sh" 1 >"$OUT" 2>&1
	expect_eq "$?" 1 "run(): a UBSan report on stderr fails the test"
fi
finish
