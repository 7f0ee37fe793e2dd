#!/bin/sh
# run.sh BUILD_DIR LABEL — runs every test against one build: the cmocka unit tests, the
# command-line integration tests and the rule tests, each as a suite with a time limit, failed
# by any sanitizer report (tests/harness.sh). Exits non-zero if any suite fails.
set -u
BUILD=$1
LABEL=$2
cd "$(dirname "$0")/.."
. tests/harness.sh
YAODIAN=$(pwd)/$BUILD/yaodian
SANITIZED=0
[ "$LABEL" = sanitizers ] && SANITIZED=1
export YAODIAN BUILD SANITIZED
failed=0
total=0

# suite NAME CMD...: runs one suite and counts it.
suite() {
	_n=$1
	shift
	total=$((total + 1))
	suite_run "$_n" "$(suite_limit "$_n" "$LABEL")" "$@" || failed=$((failed + 1))
}

echo "== yaodian tests ($LABEL) =="
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	suite "$(basename "$t")" "$t"
done
for t in tests/cli/*.sh tests/rules/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh | */lib_*.sh) continue ;; esac
	suite "$(basename "$t")" sh "$t"
done
echo "$LABEL: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
