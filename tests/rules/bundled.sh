#!/bin/sh
# bundled.sh — the rule tests of the bundled plan: every test in rules/*_test.lua passes (the
# rules judging each window's units in one call, check_all, and unit by unit, check),
# every requirement has a passing and a failing test, and every clause of the plan is covered
# by a rule (or its gap explained). Run by tests/run.sh with the other integration tests.
. "$(dirname "$0")/../cli/lib.sh"

run test --lang en
expect_rc 0 "yaodian test: every bundled rule test passes and every rule has both kinds"
tail -n 1 "$OUT" | grep -Eq '^[0-9]+ passed, 0 failed$' && ok || bad "last line is 'N passed, 0 failed': $(tail -n 1 "$OUT")"
if grep -q "no passing test\|no failing test" "$OUT"; then bad "a rule lacks a test"; else ok; fi
expect_eq "$(grep -c '^FAIL' "$OUT")" 0 "no FAIL lines"
passed=$(tail -n 1 "$OUT")

# The same tests judged unit by unit (each rule's check(), not check_all): both forms of every
# bundled rule meet every expectation.
YAODIAN_SET_BATCH=1 run test --lang en
expect_rc 0 "yaodian test unit by unit (YAODIAN_SET_BATCH=1)"
expect_eq "$(tail -n 1 "$OUT")" "$passed" "unit by unit: the same tests pass"

run coverage --lang en
expect_rc 0 "yaodian coverage: every clause covered or explained"

run lint
expect_rc 0 "the bundled rules lint clean"
finish
