# lib.sh — helpers for the command-line integration tests (POSIX sh).
# Each tests/cli/*.sh sources this, runs the binary in $YAODIAN against files in a fresh
# $WORK directory, and calls the expect_* helpers; `finish` prints the tally and sets the exit.
set -u
: "${YAODIAN:?set YAODIAN to the binary under test}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0
OUT="$WORK/out"
ERR="$WORK/err"

# run ARGS...: runs the binary, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
# Whatever the exit code the test then expects, a sanitizer report fails the test here, and a
# JSON document the run wrote is validated against its schema (json_check).
run() {
	"$YAODIAN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	san_check "$@"
	json_check "$@"
}

# san_check [ARGS...]: the last run (of ARGS) exited with the sanitizers' exit code (tests/harness.sh sets it) or
# printed a sanitizer report on stderr (a run outside the harness, which sends reports to files).
san_check() {
	if [ "$RC" -eq "${SAN_EXIT:-99}" ] ||
	   grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|\.[ch]:[0-9]+:[0-9]+: runtime error: |^SUMMARY: [A-Za-z]+Sanitizer' "$ERR"; then
		bad "sanitizer report (exit $RC) from: $YAODIAN $*"
		sed 's/^/    stderr: /' "$ERR" | head -15 >&2
	fi
}

# json_check ARGS...: when ARGS asked for --format json and the run wrote its document (exit 0,
# 1 or 3), validates the document (stdout, or the --output file) against the command's schema
# in schemas/ with a real JSON Schema validator. A command with JSON output but no schema fails.
json_check() {
	_cmd=${1:-} _fmt= _outfile=
	while [ $# -gt 0 ]; do
		case $1 in
		--format) _fmt=${2:-} ;;
		--output) _outfile=${2:-} ;;
		esac
		shift
	done
	[ "$_fmt" = json ] || return 0
	case $RC in 0 | 1 | 3) ;; *) return 0 ;; esac
	case $_cmd in
	check) _schema=$ROOT/schemas/findings.schema.json ;;
	diff) _schema=$ROOT/schemas/diff.schema.json ;;
	*) bad "$_cmd --format json: no schema in schemas/ to validate it against"; return ;;
	esac
	if /usr/bin/python3 "$ROOT/tests/cli/schema_check.py" "$_schema" "${_outfile:-$OUT}" >"$WORK/schema.err" 2>&1; then
		ok
	else
		bad "$_cmd --format json does not match $(basename "$_schema")"
		sed 's/^/    /' "$WORK/schema.err" | head -10 >&2
	fi
}

ok()   { PASSED=$((PASSED + 1)); }
bad()  { FAILED=$((FAILED + 1)); echo "FAIL [$0]: $*" >&2; }

# expect_rc N WHAT: the last run exited with N.
expect_rc() {
	if [ "$RC" -eq "$1" ]; then ok; else bad "$2: exit $RC, expected $1"; sed 's/^/    stderr: /' "$ERR" | head -5 >&2; fi
}

# expect_out TEXT WHAT / expect_err TEXT WHAT: the last run printed TEXT (fixed string).
expect_out() { if grep -qF -- "$1" "$OUT"; then ok; else bad "$2: stdout lacks '$1'"; fi; }
expect_err() { if grep -qF -- "$1" "$ERR"; then ok; else bad "$2: stderr lacks '$1'"; sed 's/^/    stderr: /' "$ERR" | head -5 >&2; fi; }
expect_no_out() { if grep -qF -- "$1" "$OUT"; then bad "$2: stdout has '$1'"; else ok; fi; }

# expect_eq GOT WANT WHAT
expect_eq() { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', expected '$2'"; fi; }

# The record kinds in the order they import (references point backwards).
KINDS="units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers self_assessments"

# sample_db DB [DIR]: a fresh database DB holding the CSV files of DIR (default the bundled
# sample, tests/sample), every kind imported in order; each import must succeed.
sample_db() {
	_dir=${2:-$ROOT/tests/sample}
	run init --db "$1"
	expect_rc 0 "init $(basename "$1")"
	for _k in $KINDS; do
		run import --db "$1" "$_k" "$_dir/$_k.csv"
		expect_rc 0 "import $_k into $(basename "$1")"
	done
}

# named_sample DIR: the bundled sample copied into DIR with one child given a name (BGS-K02,
# 王小明), for the tests that prove names never come out.
named_sample() {
	mkdir -p "$1"
	cp "$ROOT"/tests/sample/*.csv "$1/"
	echo "BGS-K02,BGS,王小明,职工子女,,2012,BGS-P01,,,,,,," >>"$1/people.csv"
}

# dump DB: the records, as SQL INSERT lines, without the schema's bookkeeping (migrations,
# feed state): two databases holding the same records dump the same.
dump() { sqlite3 "$1" .dump | grep '^INSERT' | grep -v 'schema_migrations\|feed_state\|feed_plan'; }

# sql DB QUERY: one value from the database, through the sqlite3 CLI.
sql() { sqlite3 -batch -noheader "$1" "$2"; }

# serve_start LOG ARGS...: `yaodian serve --listen 127.0.0.1:0 ARGS...` in the background, its
# stderr in LOG and its pid in $PID, waiting until it listens, dies or $WAIT seconds (default
# 20) pass; $PORT is then its port, empty when it did not start. stop_server stops it.
PID=
serve_start() {
	_slog=$1
	shift
	: >"$_slog"
	"$YAODIAN" serve --listen 127.0.0.1:0 "$@" 2>"$_slog" &
	PID=$!
	_i=0
	while ! grep -q 'listening on' "$_slog" && [ $_i -lt $((${WAIT:-20} * 10)) ] && kill -0 "$PID" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
	PORT=$(sed -n 's/^yaodian serve: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$_slog" | head -1)
}

# serve_up LOG ARGS...: serve_start, for a suite that cannot go on without the server: when it
# did not start, says so with the head of its log, finishes and exits 1.
serve_up() {
	serve_start "$@"
	if [ -z "$PORT" ]; then
		bad "the server did not start"
		sed 's/^/    log: /' "$1" | head -10 >&2
		finish
		exit 1
	fi
}

# stop_server: stops the server of serve_start (SIGTERM), waiting for it.
stop_server() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		PID=
	fi
}

finish() {
	echo "$(basename "$0"): $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
