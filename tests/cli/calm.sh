#!/bin/sh
# calm.sh — calm feeds (issue 9): what `yaodian calendar` publishes changes only when what a
# person sees changes. Two consecutive as-of days (and clocks) with no record changed write the
# same bytes, keep every file's mtime and every SEQUENCE, although the 六一 window is open and
# the rules' own messages name the as-of day; a day on which a status changes raises SEQUENCE
# of exactly the items whose status changed. Feed state is per plan: another plan's rules are
# refused unless --new-plan, never cancel the first plan's items, and switching back gives the
# first plan's bytes again. --open-only leaves done items out of the unit feeds without
# cancelling them; --windows adds the window items. Migration 004 keeps old feed state.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
FEEDS=$ROOT/tests/cli/feeds
HELPER=$(dirname "$YAODIAN")/tests/test_feed
T0=1700000000

DB=$WORK/records.db
sample_db "$DB"
cp "$DB" "$WORK/clean.db"

# calendar EPOCH AS_OF OUT [ARGS...]
calendar() {
	_epoch=$1 _asof=$2 _out=$3
	shift 3
	SOURCE_DATE_EPOCH=$_epoch run calendar --db "$DB" --from 2020 --out "$_out" --as-of "$_asof" "$@"
}
# state: every row of feed_state, what a subscriber's client would see change.
state() { sql "$DB" "SELECT group_concat(plan_id || ' ' || feed || ' ' || uid || ' ' || sequence || ' ' || last_modified || ' ' || cancelled || ' ' || digest, char(10)) FROM (SELECT * FROM feed_state ORDER BY 1, 2, 3)"; }
# stamps DIR: each feed's name, size and mtime (to the nanosecond).
stamps() { (cd "$1" && stat -c '%n %s %.9Y' *.ics); }
# pydump DIR TAG: python3-icalendar's reading of DIR/*.ics into $WORK/TAG.json.
pydump() {
	"$PY" "$FEEDS/pyical_dump.py" "$1"/*.ics >"$WORK/$2.json" 2>"$ERR" || bad "$2: python3-icalendar could not parse: $(head -3 "$ERR")"
}

# ---- two consecutive days, nothing changed: same bytes, same mtimes, same SEQUENCE ----
F=$WORK/feeds
calendar $T0 2020-05-30 "$F"
expect_rc 0 "calendar as of 2020-05-30"
cp -Rp "$F" "$WORK/day1"
STATE1=$(state)
STAMPS1=$(stamps "$F")
# The rules' words do name the as-of day while a window is open (what made feeds churn): the
# check's own message for an open 六一 window differs between the two days.
run check --db "$DB" --period 2020 --as-of 2020-05-30 --format json
grep -o '"message": *"[^"]*2020-05-30[^"]*"' "$OUT" | head -1 >"$WORK/msg1"
if [ -s "$WORK/msg1" ]; then ok; else bad "no check message names the as-of day 2020-05-30: the test proves nothing"; fi
sleep 1   # a rewrite would show in the mtime
calendar $((T0 + 86400)) 2020-05-31 "$F"
expect_rc 0 "calendar as of 2020-05-31, a day later"
if diff -r "$WORK/day1" "$F" >"$WORK/diff"; then ok; else bad "the next day changed the feeds: $(head -5 "$WORK/diff")"; fi
expect_eq "$(stamps "$F")" "$STAMPS1" "the next day rewrote no file (mtimes kept)"
expect_eq "$(state)" "$STATE1" "the next day changed no SEQUENCE, LAST-MODIFIED or digest"
expect_eq "$(grep -c '^DTSTAMP:20231115' "$F"/*.ics | awk -F: '{ s += $2 } END { print s }')" 0 "no DTSTAMP of the second run"
expect_eq "$(grep -l '2020-05-3[01]' "$F"/*.ics | wc -l | tr -d ' ')" 0 "no feed names the as-of day"
expect_eq "$(grep -c '^METHOD:' "$F"/plan.ics)" 0 "no METHOD: DTSTAMP is the last revision"
# DTSTAMP is each item's LAST-MODIFIED.
pydump "$WORK/day1" day1
expect_eq "$("$PY" -c 'import json, sys
ev = [r for r in map(json.loads, open(sys.argv[1])) if r["kind"] == "event"]
print(len(ev) > 0 and all(e["dtstamp"] == e["last_modified"] for e in ev))' "$WORK/day1.json")" True "DTSTAMP = LAST-MODIFIED on every item"

# ---- a status changes: exactly those items get SEQUENCE + 1 ----
calendar $((T0 + 8 * 86400)) 2020-06-07 "$F"
expect_rc 0 "calendar as of 2020-06-07, after the 六一 deadline"
pydump "$F" day8
if "$PY" "$FEEDS/compare.py" changes "$WORK/day1.json" "$WORK/day8.json" 20231122T221320Z >"$WORK/changes" 2>"$ERR"; then ok; else
	bad "changed items not bumped once with the new stamps"; head -5 "$ERR" >&2; fi
"$PY" -c 'import json, sys
def load(p):
    return {(r["file"], r["uid"]): r for r in map(json.loads, open(p)) if r["kind"] == "event"}
a, b = load(sys.argv[1]), load(sys.argv[2])
status = lambda e: e["summary"].split("]")[0] if e["summary"].startswith("[") else None
for k in sorted(a):
    if k in b and status(a[k]) != status(b[k]):
        print("changed %s %s" % k)' "$WORK/day1.json" "$WORK/day8.json" >"$WORK/status_changed"
grep '^changed ' "$WORK/changes" >"$WORK/changed"
if [ -s "$WORK/status_changed" ]; then ok; else bad "no status changed from 05-30 to 06-07: the test proves nothing"; fi
# Every item whose status changed is re-sequenced (compare.py changes has checked that every
# other item is unchanged to the byte, SEQUENCE included, unless what it shows changed: here,
# records dated 05-31..06-07 now counted as evidence).
expect_eq "$(comm -13 "$WORK/changed" "$WORK/status_changed")" "" "every status change raised SEQUENCE"
expect_eq "$(grep -c 'childrens-day/2020-05-22/ZFZD@' "$WORK/status_changed")" 1 "ZFZD's 六一 item changed status at the deadline"

# ---- another plan's rules: refused, then --new-plan, never cancelling the first plan ----
cp -R "$ROOT/rules" "$WORK/rules2"
sed -i 's/id = "sn-amr-gxxyd-2020"/id = "sn-amr-gxxyd-2020-b"/' "$WORK/rules2/00_plan.lua"
expect_eq "$(grep -c 'sn-amr-gxxyd-2020-b' "$WORK/rules2/00_plan.lua")" 1 "the second plan's id"
cp -Rp "$F" "$WORK/plan1"
STATE8=$(state)
calendar $((T0 + 9 * 86400)) 2020-06-07 "$F" --rules "$WORK/rules2"
expect_rc 2 "another plan's rules refused"
expect_err "$WORK/rules2/00_plan.lua:" "the refusal names the rules' plan declaration"
expect_err "plan.id" "the refusal names the field"
expect_err "sn-amr-gxxyd-2020-b" "the refusal names the new plan"
expect_err "--new-plan" "the refusal says how to go on"
if diff -r "$WORK/plan1" "$F" >/dev/null; then ok; else bad "a refused run changed the feeds"; fi
expect_eq "$(stamps "$F")" "$(stamps "$WORK/plan1")" "a refused run touched no file"
expect_eq "$(state)" "$STATE8" "a refused run changed no feed state"
run calendar --db "$DB" --from 2020 --out "$F" --as-of 2020-06-07 --rules "$WORK/rules2" --lang en
expect_err "to publish the new plan instead, add --new-plan" "the refusal in English"

calendar $((T0 + 9 * 86400)) 2020-06-07 "$F" --rules "$WORK/rules2" --new-plan
expect_rc 0 "--new-plan publishes the second plan"
expect_eq "$(sql "$DB" "SELECT plan_id FROM feed_plan")" "sn-amr-gxxyd-2020-b" "the database now publishes the second plan"
expect_eq "$(grep -c 'STATUS:CANCELLED' "$F"/*.ics | awk -F: '{ s += $2 } END { print s }')" 0 "nothing cancelled in the second plan's feeds"
expect_eq "$(sql "$DB" "SELECT count(*) FROM feed_state WHERE plan_id = 'sn-amr-gxxyd-2020' AND cancelled")" 0 "no item of the first plan cancelled"
expect_eq "$(state | grep '^sn-amr-gxxyd-2020 ')" "$STATE8" "the first plan's state untouched"
expect_eq "$(grep -c '@sn-amr-gxxyd-2020-b.yaodian' "$F/plan.ics")" "$(grep -c '^BEGIN:VEVENT' "$F/plan.ics")" "plan.ics holds the second plan's items only"
calendar $((T0 + 10 * 86400)) 2020-06-07 "$F"
expect_rc 2 "the first plan's rules are now the other plan"
calendar $((T0 + 10 * 86400)) 2020-06-07 "$F" --new-plan
expect_rc 0 "--new-plan back to the first plan"
if diff -r "$WORK/plan1" "$F" >/dev/null; then ok; else bad "back to the first plan, its feeds differ: $(diff -r "$WORK/plan1" "$F" | head -3)"; fi
expect_eq "$(state | grep '^sn-amr-gxxyd-2020 ')" "$STATE8" "back to the first plan: no SEQUENCE raised"

# ---- --open-only: done items left out of the unit feeds, not cancelled ----
O=$WORK/open
calendar $((T0 + 11 * 86400)) 2021-01-15 "$O"
expect_rc 0 "calendar as of 2021-01-15"
cp -Rp "$O" "$WORK/all"
DONE=$(cat "$O"/unit-*.ics | tr -d '\r' | grep -cE '^SUMMARY:\[(通过|已豁免|不适用)\]')
ALL=$(cat "$O"/unit-*.ics | grep -c '^BEGIN:VEVENT')
if [ "$DONE" -gt 0 ]; then ok; else bad "no done items in the unit feeds: the test proves nothing"; fi
calendar $((T0 + 12 * 86400)) 2021-01-15 "$O" --open-only
expect_rc 0 "calendar --open-only"
expect_eq "$(cat "$O"/unit-*.ics | tr -d '\r' | grep -cE '^SUMMARY:\[(通过|已豁免|不适用)\]')" 0 "--open-only: no done item"
expect_eq "$(cat "$O"/unit-*.ics | grep -c '^BEGIN:VEVENT')" $((ALL - DONE)) "--open-only: every open item kept"
expect_eq "$(cat "$O"/unit-*.ics | grep -c 'STATUS:CANCELLED')" 0 "--open-only: hidden items are not cancelled"
if cmp -s "$O/plan.ics" "$WORK/all/plan.ics"; then ok; else bad "--open-only changed plan.ics"; fi
(cd "$ROOT" && "$HELPER" --dump "$DB" "$ROOT/rules" 2020 2020 2021-01-15 --open-only) >"$WORK/open.dump" 2>"$ERR" || bad "test_feed --dump --open-only failed"
pydump "$O" open
if "$PY" "$FEEDS/compare.py" agree "$WORK/open.dump" "$DB" 2020 2020 "$WORK/open.json" "$WORK/open.json" >"$OUT" 2>"$ERR"; then ok; else
	bad "--open-only feeds not as meant"; head -10 "$ERR" >&2; fi
calendar $((T0 + 13 * 86400)) 2021-01-15 "$O"
expect_rc 0 "calendar without --open-only again"
if diff -r "$WORK/all" "$O" >/dev/null; then ok; else bad "the done items came back changed: $(diff -r "$WORK/all" "$O" | head -3)"; fi

# ---- --windows: each long window also as an item of its own ----
W=$WORK/windows
calendar $((T0 + 14 * 86400)) 2021-01-15 "$W" --windows
expect_rc 0 "calendar --windows"
L=1.3-ledger/2020-01-01
expect_eq "$(tr -d '\r' <"$W/plan.ics" | grep -A2 "^UID:$L/window@" | grep -c '^DTSTART;VALUE=DATE:20200101$')" 1 "--windows: the ledger's window item from 01-01"
expect_eq "$(grep -c "^UID:$L@" "$W/plan.ics")" 1 "--windows: and its deadline item"
expect_eq "$(grep -c '^BEGIN:VEVENT' "$W/plan.ics")" $(($(grep -c '^BEGIN:VEVENT' "$WORK/all/plan.ics") + $(grep -c '^SUMMARY:截止:' "$WORK/all/plan.ics"))) \
	"--windows: one window item per deadline item"
(cd "$ROOT" && "$HELPER" --dump "$DB" "$ROOT/rules" 2020 2020 2021-01-15 --windows) >"$WORK/win.dump" 2>"$ERR" || bad "test_feed --dump --windows failed"
pydump "$W" win
if "$PY" "$FEEDS/compare.py" agree "$WORK/win.dump" "$DB" 2020 2020 "$WORK/win.json" "$WORK/win.json" >"$OUT" 2>"$ERR"; then ok; else
	bad "--windows feeds not as meant"; head -10 "$ERR" >&2; fi

# ---- migration 004: feed state written before it keeps its items, under the UID's plan ----
OLD=$WORK/old.db
for m in 001 002 003; do sqlite3 "$OLD" <"$(ls "$ROOT"/schemas/migrations/${m}_*.sql)"; done
sqlite3 "$OLD" "PRAGMA user_version = 3;
INSERT INTO feed_state VALUES ('plan.ics', 'r/2020-01-01@p@x.yaodian', 'd', 2, '20200101T000000Z', '20200301T000000Z', 0, '2020-01-01', '2020-03-31', 's', NULL, NULL, 7);
INSERT INTO feed_state VALUES ('unit-A.ics', 'r/2020-01-01/A@other.yaodian', 'd', 1, '20200101T000000Z', '20200201T000000Z', 1, '2020-01-01', '2020-03-31', 's', NULL, NULL, 7);"
run init --db "$OLD"
expect_rc 0 "init upgrades a version 3 database"
expect_eq "$(sql "$OLD" "SELECT group_concat(plan_id || '|' || feed || '|' || sequence || '|' || cancelled, ' ') FROM (SELECT * FROM feed_state ORDER BY feed)")" \
	"x|plan.ics|2|0 other|unit-A.ics|1|1" "004: each item's plan from its UID, state kept"
expect_eq "$(sql "$OLD" "SELECT plan_id FROM feed_plan")" "x" "004: the database publishes the plan it published last"

# ---- the options: listed in calendar --help (both languages), refused by other commands ----
for l in zh en; do
	run calendar --help --lang $l
	expect_rc 0 "calendar --help --lang $l"
	for opt in --windows --open-only --new-plan; do expect_out "$opt" "calendar --help ($l) lists $opt"; done
done
run check --db "$DB" --period 2020 --open-only
expect_rc 2 "check refuses --open-only"

finish
