#!/bin/sh
# lunar.sh — the engine's lunar calendar against independent tables: the engine's lunar date of
# every day 1950-01-01..2100-12-31 (`test_lunar --dump`, built beside the binary) and every
# month of calendars/lunar.tsv, held against Debian's python3-lunardate (to 2099) and
# liblunar-date (to 2100) by lunar_check.py, which lists each known disagreement with its reason.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DUMPER=$(dirname "$YAODIAN")/tests/test_lunar

if ! "$PY" -c 'import lunardate, gi; gi.require_version("LunarDate", "3.0")' 2>"$ERR"; then
	bad "python3-lunardate or gir1.2-lunardate-3.0 is missing (make deps installs them)"
	finish
	exit 1
fi

(cd "$ROOT" && "$DUMPER" --dump) >"$WORK/engine.tsv" 2>"$ERR"
RC=$?
san_check
expect_rc 0 "test_lunar --dump"
expect_eq "$(wc -l <"$WORK/engine.tsv" | tr -d ' ')" 55152 "one line per day 1950-01-01..2100-12-31"
expect_eq "$(grep -c '	-	' "$WORK/engine.tsv")" 0 "every day has a lunar date"

"$PY" "$ROOT/tests/cli/lunar_check.py" "$WORK/engine.tsv" "$ROOT/calendars/lunar.tsv" >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "lunar_check.py: disagreements with lunardate / liblunar-date"
grep -v '^  ' "$OUT"
expect_out "lunardate: 1868 months" "lunardate compared over 1949..2099"
expect_out "liblunar-date: 1880 months" "liblunar-date compared over 1949..2100"

finish
