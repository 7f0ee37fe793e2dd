#!/bin/sh
# run.sh BUILD_DIR LABEL — runs every test against one build: the cmocka unit tests, the
# command-line integration tests and the rule tests. Exits non-zero if any fails.
set -u
BUILD=$1
LABEL=$2
cd "$(dirname "$0")/.."
YAODIAN=$(pwd)/$BUILD/yaodian
export YAODIAN
failed=0
total=0
note() { printf '%s\n' "$*"; }

note "== yaodian tests ($LABEL) =="
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	total=$((total + 1))
	if ! "$t"; then
		failed=$((failed + 1))
		note "FAILED: $t"
	fi
done
for t in tests/cli/*.sh tests/rules/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh) continue ;; esac
	total=$((total + 1))
	if ! sh "$t"; then
		failed=$((failed + 1))
		note "FAILED: $t"
	fi
done
note "$LABEL: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
