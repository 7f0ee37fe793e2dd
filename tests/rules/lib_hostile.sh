# lib_hostile.sh — sourced by tests/rules/hostile_*.sh, one suite per class of issue 11 (time and
# loops inside one C call; memory; declarations and findings), each setting FILES: every file
# is run ALONE beside the bundled rules with `check --format json` over the sample records.
# For each: exit 3; one error finding at the hostile file's "-- HARM" line saying its
# "-- message:"; every bundled rule judged exactly as in a clean run (the findings compared);
# the database file unchanged (cksum). A file marked "-- refuses:" (a duplicate rule id) makes
# check refuse the rule set instead: exit 2, the place named on stderr, nothing on stdout.
# Times and memory are not asserted here: tests/hostile_bench.sh reports them (make bench).
. "$(dirname "$0")/../cli/lib.sh"

HOSTILE=$ROOT/tests/rules/hostile
: "${FILES:?set FILES to the hostile files of the suite}"
FILES=${HOSTILE_FILES:-$FILES}
LIMITS="--max-seconds 1 --max-memory 8"
PY=/usr/bin/python3
DB=$WORK/records.db
sample_db "$DB"
ARGS="--db $DB --period 2020Q2 --unit BGS --as-of 2020-07-10 --format json --lang en $LIMITS"

# judged FILE: the findings of the bundled rules (not from a 50_ hostile file), one line each.
judged() {
	"$PY" - "$1" "$RD/50_" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if (f.get("source") or "").startswith(sys.argv[2]):
        continue
    print(json.dumps([f.get(k) for k in ("rule_id", "unit_id", "window_from", "window_to", "status", "message",
                                          "evidence", "looked_for", "source")], ensure_ascii=False))
EOF
}

RD=$WORK/hostile-rules
cp -r "$ROOT/rules" "$RD"
before=$(cksum <"$DB")
# shellcheck disable=SC2086  # ARGS is a list of options
run check --rules "$RD" $ARGS
expect_rc 0 "clean run of the bundled rules for BGS: nothing fails, nothing breaks"
judged "$OUT" | sed "s|$RD/|RULES/|g" >"$WORK/clean"
[ -s "$WORK/clean" ] && ok || bad "the clean run judged nothing"

for name in $FILES; do
	f=$HOSTILE/$name.lua
	[ -f "$f" ] || { bad "no hostile file $f"; continue; }
	msg=$(sed -n 's/^-- message: //p' "$f")
	line=$(grep -n -- '-- HARM' "$f" | cut -d: -f1)
	cp "$f" "$RD/50_$name.lua"
	# shellcheck disable=SC2086
	run check --rules "$RD" $ARGS
	if grep -q '^-- refuses:' "$f"; then
		expect_rc 2 "$name: the rule set is refused"
		expect_err "$RD/50_$name.lua:$line" "$name: the refusal names the file and line"
		expect_err "$msg" "$name: the refusal says '$msg'"
		expect_eq "$(wc -c <"$OUT")" 0 "$name: nothing half-written on stdout"
	else
		expect_rc 3 "$name: exit 3"
		got=$("$PY" - "$OUT" "$RD/50_$name.lua:$line" "$msg" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
where, msg = sys.argv[2:4]
# The plan's bookkeeping asks every rule to judge an obligation and state its interpretation;
# a hostile file beside the bundled rules does neither, and those two load problems (at its
# rule{} line) are not what is tested here.
BOOKKEEPING = ("judges no obligation of", "does not state how it reads the plan's words")
mine = [f for f in d["findings"] if f["source"].startswith(where.rsplit(":", 1)[0] + ":")
        and not any(b in f["message"] for b in BOOKKEEPING)]
print(len(mine) > 0 and all(f["status"] == "error" and f["source"] == where and msg in f["message"] for f in mine))
EOF
)
		expect_eq "$got" True "$name: its findings are errors at its file:line saying '$msg'"
		judged "$OUT" | sed "s|$RD/|RULES/|g" >"$WORK/now"
		if cmp -s "$WORK/clean" "$WORK/now"; then ok; else
			bad "$name: the bundled rules were judged differently from the clean run"
			diff "$WORK/clean" "$WORK/now" | head -5 >&2
		fi
	fi
	expect_eq "$(cksum <"$DB")" "$before" "$name: the database file is unchanged"
	rm -f "$RD/50_$name.lua"
done

[ "${CHECK_DEADLINE:-0}" = 1 ] || { finish; exit $?; }

# The whole check's deadline: once spent, every later rule call is an error finding saying so
# (a loop that each call's own deadline would stop later is stopped by it).
cp "$HOSTILE/instr_loop.lua" "$RD/50_instr_loop.lua"
run check --rules "$RD" --db "$DB" --period 2020Q2 --unit BGS --as-of 2020-07-10 --format json --lang en \
	--max-seconds 30 --max-check-seconds 0.5
expect_rc 3 "--max-check-seconds: exit 3"
expect_out "the whole check's time limit (0.5 s) is spent" "--max-check-seconds: the finding says the check's time is spent"
rm -f "$RD/50_instr_loop.lua"
for bad in 0 -1 abc 1e9; do
	run check --rules "$RD" --db "$DB" --period 2020Q2 --max-seconds "$bad"
	expect_rc 2 "--max-seconds $bad refused"
	run check --rules "$RD" --db "$DB" --period 2020Q2 --max-check-seconds "$bad"
	expect_rc 2 "--max-check-seconds $bad refused"
done
expect_eq "$(cksum <"$DB")" "$before" "the database file is unchanged after all"
finish
