# harness.sh — runs one test suite with a time limit and fails it on any sanitizer report.
# Sourced by tests/run.sh, and by tests/cli/harness.sh, which proves both checks can fail.
#
# Sanitizer reports are found in two independent ways, so that neither an exit code a test
# expects anyway (1, "a requirement failed") nor a test that ignores exit codes can hide one:
#   - every process the suite starts reports into a fresh directory (log_path): any file
#     there fails the suite, whatever the suite's exit code;
#   - ASan, LSan and UBSan exit with SAN_EXIT, which no yaodian command uses: a suite that
#     ends with it fails as SANITIZER, and tests/cli/lib.sh's run() fails on that code and on
#     a report seen in stderr.
# GCC links UBSan as a separate runtime that ignores log_path (measured: its reports go to
# stderr), so UBSan reports are caught by the exit code and by run()'s look at stderr.

SAN_EXIT=99
export SAN_EXIT

# san_options DIR: prints the options shared by ASAN_OPTIONS and UBSAN_OPTIONS, reporting
# into DIR/report.PID. Harmless for a build without sanitizers (nothing reads them).
san_options() {
	printf 'halt_on_error=1:exitcode=%s:log_path=%s/report' "$SAN_EXIT" "$1"
}

# suite_limit NAME LABEL: the time limit in seconds of suite NAME (a unit test binary or a
# tests/*/NAME.sh script) in build LABEL. Measured on this project's 2-core machine, the
# slowest suite takes 8 s plainly (check.sh, edges.sh) and 13 s under the sanitizers; the
# limits are 60 s and 180 s, so a suite that hangs is stopped within three minutes.
suite_limit() {
	case $2 in
	sanitizers) echo 180 ;;
	*) echo 60 ;;
	esac
}

# suite_run NAME LIMIT CMD...: runs CMD under `timeout LIMIT` (seconds; the whole process
# group is stopped, then killed 10 s later). Prints one line: "ok", or "FAILED", "TIMEOUT" or
# "SANITIZER" with NAME and what happened, followed by the first lines of each report. The suite
# reads nothing: its standard input is /dev/null (so it cannot eat a caller's input, and
# script(1) inside it has something to read).
# Returns 0 only when CMD exited 0 in time with no sanitizer report.
suite_run() {
	_name=$1
	_limit=$2
	shift 2
	_logs=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-san.XXXXXX")
	_start=$(date +%s)
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:$(san_options "$_logs")" \
	UBSAN_OPTIONS="print_stacktrace=1:$(san_options "$_logs")" \
		timeout -k 10 "$_limit" "$@" </dev/null
	_rc=$?
	_secs=$(($(date +%s) - _start))
	_status=0
	if [ "$_rc" -eq 124 ] || [ "$_rc" -eq 137 ]; then
		echo "TIMEOUT: $_name did not finish within its limit of $_limit s and was stopped"
		_status=1
	fi
	if [ -n "$(ls -A "$_logs")" ]; then
		echo "SANITIZER: $_name: $(ls "$_logs" | wc -l) sanitizer report(s) (exit $_rc)"
		for _f in "$_logs"/*; do
			sed -n '1,25s/^/    /p' "$_f"
		done
		_status=1
	elif [ "$_rc" -eq "$SAN_EXIT" ]; then
		echo "SANITIZER: $_name exited with the sanitizers' exit code $SAN_EXIT (report on its stderr)"
		_status=1
	fi
	if [ "$_status" -eq 0 ] && [ "$_rc" -ne 0 ]; then
		echo "FAILED: $_name (exit $_rc, $_secs s)"
		_status=1
	elif [ "$_status" -eq 0 ]; then
		echo "ok: $_name ($_secs s of $_limit s)"
	fi
	rm -rf "$_logs"
	return $_status
}
