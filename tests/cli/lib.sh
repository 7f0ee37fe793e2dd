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
run() {
	"$YAODIAN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
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

# sql DB QUERY: one value from the database, through the sqlite3 CLI.
sql() { sqlite3 -batch -noheader "$1" "$2"; }

finish() {
	echo "$(basename "$0"): $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
