#!/bin/sh
# serve_dept.sh — `yaodian serve` on a generated department of 60 units, where its checks take
# the default worker threads (the processors, from 50 units on; one on a one-processor
# machine): the dashboard holds every unit and its score from `check --format json --jobs 1`,
# and the served plan feed and a unit's feed are byte for byte the files `calendar --jobs 1`
# wrote before the server started (the same feed state). The server is stopped on every path.
. "$(dirname "$0")/lib_jobs.sh"

FEEDS=$ROOT/tests/cli/feeds
ASOF=2020-11-15
LOG=$WORK/server.log
WAIT=60
[ "${SANITIZED:-0}" = 1 ] && WAIT=150

trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 2' INT TERM HUP

DB=$WORK/dept.db
dept_db "$DB" 60
run token --db "$DB" --unit G0007
expect_rc 0 "token for G0007"
TOKEN=$(cat "$OUT")
run check --db "$DB" --period 2020Q4 --as-of $ASOF --lang en --format json --jobs 1 --output "$WORK/q4.json"
expect_rc 1 "the quarter's check (the department has failures)"
run calendar --db "$DB" --from 2020 --as-of $ASOF --out "$WORK/files" --lang en --jobs 1
expect_rc 0 "calendar writes the file versions"

serve_up "$LOG" --db "$DB" --as-of $ASOF --lang en
U=http://127.0.0.1:$PORT

# get PATH FILE: the body of PATH into FILE; prints the status.
get() { curl -s --max-time 60 -o "$2" -w '%{http_code}' "$U$1"; }

expect_eq "$(get / "$WORK/dash.html")" 200 "GET the dashboard"
"$PY" "$ROOT/tests/cli/dashboard_check.py" "$WORK/dash.html" "$WORK/q4.json" >"$OUT" 2>&1 && ok ||
	{ bad "the dashboard differs from check --format json"; head -5 "$OUT" >&2; }
units=$(grep -c 'class="unit' "$WORK/dash.html")
[ "$units" -ge 60 ] && ok || bad "the dashboard shows $units unit entries, not the department's 60"
expect_eq "$(get /feeds/plan.ics "$WORK/plan.ics")" 200 "GET plan.ics"
cmp -s "$WORK/plan.ics" "$WORK/files/plan.ics" && ok || bad "the served plan feed is not calendar's file"
expect_eq "$(get "/feeds/unit-$TOKEN.ics" "$WORK/unit.ics")" 200 "GET G0007's feed by its token"
cmp -s "$WORK/unit.ics" "$WORK/files/unit-G0007.ics" && ok || bad "the served unit feed is not calendar's file"
grep -q 'BEGIN:VEVENT' "$WORK/unit.ics" && ok || bad "G0007's feed has no event: the comparison proves little"
"$PY" "$FEEDS/pyical_dump.py" "$WORK/unit.ics" >/dev/null 2>"$ERR" && ok || bad "python3-icalendar: $(head -3 "$ERR")"

stop_server
if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|ThreadSanitizer)|runtime error: ' "$LOG"; then
	bad "a sanitizer report from the server: $(grep -m1 -E 'ERROR|runtime error' "$LOG")"
else
	ok
fi
finish
