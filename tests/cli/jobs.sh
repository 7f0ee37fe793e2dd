#!/bin/sh
# jobs.sh — `check --jobs N` and `calendar --jobs N` on the sample records: every report format
# and the feeds the same with 1, 2 and 4 worker threads; a hostile rule beside the bundled ones
# on 2 threads still gives its error findings (time through the watchdog and SQLite interrupt,
# memory per rule file) and leaves every other finding as a clean run on 1 thread judges it;
# the whole check's deadline is shared by the threads; bad --jobs values refused, naming the
# option. tests/cli/jobs_dept.sh does the same on a generated 100-unit department.
# Under the sanitizers, for time, the formats of each order findings are read in (check order,
# by rule, by unit, by chapter); the plain run compares every format.
[ "${SANITIZED:-0}" = 1 ] && FORMATS="json junit html text"
. "$(dirname "$0")/lib_jobs.sh"

DB=$WORK/records.db
sample_db "$DB"
YEAR="--period 2020 --as-of 2021-01-15"

# ---- every format, 1, 2 and 4 threads ----
# shellcheck disable=SC2086
same_reports sample "$DB" $YEAR
n=$(grep -c '"rule_id"' "$WORK/sample.1.json")
[ "$n" -gt 200 ] && ok || bad "the sample's year check has only $n findings: the comparison proves little"
# In English, a quarter (not under the sanitizers, for time: the year above covers the threads)
if [ "${SANITIZED:-0}" != 1 ]; then
	# shellcheck disable=SC2086
	same_reports sample-en "$DB" --period 2020Q3 --as-of 2020-10-10 --lang en
fi

# ---- the feeds ----
same_feeds sample "$DB" 2020 2020-10-10

# ---- a hostile rule beside the bundled ones, on 2 threads ----
HOSTILE=$ROOT/tests/rules/hostile
RD=$WORK/rules
cp -r "$ROOT/rules" "$RD"
ARGS="--db $DB --period 2020Q2 --as-of 2020-07-10 --format json --lang en --max-memory 8"
# judged FILE: the findings of the bundled rules, one line each (those of 50_* files left out).
judged() {
	"$PY" - "$1" "$RD/50_" <<'PYEOF'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if not (f.get("source") or "").startswith(sys.argv[2]):
        print(json.dumps([f.get(k) for k in ("rule_id", "unit", "window", "status", "message", "evidence",
                                              "looked_for", "source")], ensure_ascii=False))
PYEOF
}
# shellcheck disable=SC2086
run check --rules "$RD" $ARGS --jobs 1
expect_rc 1 "clean run of the bundled rules on 1 thread"
judged "$OUT" >"$WORK/clean"
[ "$(wc -l <"$WORK/clean")" -gt 50 ] && ok || bad "the clean run judged almost nothing"
# Each with the limit it is about and a roomy other one (a slow build, under ThreadSanitizer,
# takes more than a second to fill 8 MiB): the time limit through the watchdog and SQLite's
# interrupt, then the memory cap of the file.
for spec in "instr_loop 1" "memory_hoard 30"; do
	name=${spec% *}
	f=$HOSTILE/$name.lua
	msg=$(sed -n 's/^-- message: //p' "$f")
	line=$(grep -n -- '-- HARM' "$f" | cut -d: -f1)
	cp "$f" "$RD/50_$name.lua"
	# shellcheck disable=SC2086
	run check --rules "$RD" $ARGS --max-seconds "${spec#* }" --jobs 2
	expect_rc 3 "$name --jobs 2: exit 3"
	got=$("$PY" - "$OUT" "$RD/50_$name.lua:$line" "$msg" <<'PYEOF'
import json, sys
where, msg = sys.argv[2:4]
mine = [f for f in json.load(open(sys.argv[1]))["findings"] if f["source"] == where]
units = {f["unit"]["id"] for f in mine}
print(len(units) == 3 and all(f["status"] == "error" and msg in f["message"] for f in mine))
PYEOF
)
	expect_eq "$got" True "$name --jobs 2: an error finding at its line saying '$msg' for each of the 3 units"
	judged "$OUT" >"$WORK/now"
	if cmp -s "$WORK/clean" "$WORK/now"; then ok; else
		bad "$name --jobs 2: the bundled rules were judged differently from the clean run"
		diff "$WORK/clean" "$WORK/now" | head -5 >&2
	fi
	rm -f "$RD/50_$name.lua"
done

# The whole check's deadline holds for every thread: once spent, the calls of the other rules
# too (not only the hostile one's, 3 findings) are error findings saying so.
cp "$HOSTILE/instr_loop.lua" "$RD/50_instr_loop.lua"
run check --rules "$RD" --db "$DB" --period 2020 --as-of 2021-01-15 --format json --lang en \
	--max-seconds 30 --max-check-seconds 0.5 --jobs 2
expect_rc 3 "--max-check-seconds with --jobs 2: exit 3"
spent=$(grep -c "the whole check's time limit (0.5 s) is spent" "$OUT")
[ "$spent" -gt 3 ] && ok || bad "--max-check-seconds with --jobs 2: only $spent findings say the check's time is spent"
rm -f "$RD/50_instr_loop.lua"

# ---- bad values ----
for v in 0 -1 abc 65 1.5 ''; do
	run check --db "$DB" --period 2020 --jobs "$v" --lang en
	expect_rc 2 "check --jobs '$v' refused"
	expect_err "--jobs must be a whole number of worker threads from 1 to 64" "check --jobs '$v': the message names the option"
	expect_eq "$(wc -c <"$OUT" | tr -d ' ')" 0 "check --jobs '$v': nothing on stdout"
	run calendar --db "$DB" --from 2020 --out "$WORK/nofeeds" --jobs "$v"
	expect_rc 2 "calendar --jobs '$v' refused"
	expect_err "--jobs 应为 1 到 64 之间的整数" "calendar --jobs '$v': the message names the option (zh)"
done
[ -e "$WORK/nofeeds" ] && bad "a refused calendar created its output directory" || ok
run explain --db "$DB" 1.2-office --unit BGS --period 2020Q2 --jobs 2
expect_rc 2 "explain takes no --jobs (it traces every judgement in order, on one thread)"
for cmd in check calendar; do
	run "$cmd" --help
	expect_out "--jobs N" "$cmd --help lists --jobs"
	run "$cmd" --help --lang en
	expect_out "worker threads" "$cmd --help --lang en says what --jobs is"
done
finish
