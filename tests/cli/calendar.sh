#!/bin/sh
# calendar.sh — `yaodian calendar` and `yaodian dates` end to end on the sample records (with a
# named child added). Every feed, for 2020 and for 2020-2021, passes libical's restriction
# check (test_feed --restrictions) and is read by ical.js (npm, what Thunderbird uses) and by
# python3-icalendar (Debian, /usr/bin/python3); both must agree with each other and with what
# the engine meant to write (test_feed --dump, from its struct feed_event list, and the
# feed_state table) — dates, Chinese text, categories, status, SEQUENCE, the VALARM trigger —
# see feeds/compare.py. Then: no RSCALE and no name in any feed; byte-identical re-runs; an
# override, a rule edit and new records each bump exactly the items they change, once;
# withdrawn rules cancelled once and revived; failed writes that change nothing; `dates`.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
FEEDS=$ROOT/tests/cli/feeds
HELPER=$(dirname "$YAODIAN")/tests/test_feed
MODULES=${ICALJS_MODULES:-$ROOT/build/npm/node_modules}
T0=1700000000            # 2023-11-14T22:13:20Z
T0_STAMP=20231114T221320Z

if ! "$PY" -c 'import icalendar' 2>"$ERR"; then
	bad "python3-icalendar is missing for $PY (make test installs it)"
fi
if ! command -v node >/dev/null || [ ! -f "$MODULES/ical.js/package.json" ]; then
	bad "node or ical.js is missing in $MODULES (make test installs it)"
fi
[ "$FAILED" -eq 0 ] || { finish; exit 1; }

# ---- the sample database, with a named child added ----
named_sample "$WORK/sample"
DB=$WORK/records.db
sample_db "$DB" "$WORK/sample"
expect_eq "$(sql "$DB" "SELECT name FROM people WHERE id = 'BGS-K02'")" "王小明" "the child's name is stored"
NAMES=$WORK/names
cut -d, -f3 "$WORK/sample/people.csv" | sed 1d | grep -v '^$' >"$NAMES"
cp "$DB" "$WORK/clean.db"

# calendar DB OUT EPOCH FROM TO [ARGS...]: one run of the calendar command.
calendar() {
	_db=$1 _out=$2 _epoch=$3 _from=$4 _to=$5
	shift 5
	SOURCE_DATE_EPOCH=$_epoch run calendar --db "$_db" --from "$_from" --to "$_to" --out "$_out" \
		--as-of 2021-01-15 "$@"
}

# parse DIR TAG: both parsers over DIR/*.ics into $WORK/TAG.icaljs and $WORK/TAG.pyical.
parse() {
	node "$FEEDS/icaljs_dump.mjs" "$MODULES" "$1"/*.ics >"$WORK/$2.icaljs" 2>"$ERR" ||
		bad "$2: ical.js could not parse: $(head -3 "$ERR")"
	"$PY" "$FEEDS/pyical_dump.py" "$1"/*.ics >"$WORK/$2.pyical" 2>"$ERR" ||
		bad "$2: python3-icalendar could not parse: $(head -3 "$ERR")"
}

# verify DB DIR FROM TO TAG [RULES [CONFIG]]: the feeds in DIR pass libical's check, and both
# parsers read exactly what the engine meant (compare.py agree).
verify() {
	_rules=${6:-$ROOT/rules}
	_config=${7:-}
	if (cd "$ROOT" && "$HELPER" --restrictions "$2"/*.ics) 2>"$ERR"; then ok; else
		bad "$5: libical's restriction check failed"; head -5 "$ERR" >&2; fi
	(cd "$ROOT" && "$HELPER" --dump "$1" "$_rules" "$3" "$4" 2021-01-15 $_config) >"$WORK/$5.dump" 2>"$ERR" ||
		bad "$5: test_feed --dump failed: $(head -3 "$ERR")"
	parse "$2" "$5"
	if "$PY" "$FEEDS/compare.py" agree "$WORK/$5.dump" "$1" "$3" "$4" "$WORK/$5.icaljs" "$WORK/$5.pyical" \
		>"$OUT" 2>"$ERR"; then ok; else bad "$5: the parsers did not read what the engine meant"; head -20 "$ERR" >&2; fi
	echo "  $5: $(cat "$OUT")"
	if grep -l RSCALE "$2"/*.ics >/dev/null; then bad "$5: RSCALE in $(grep -l RSCALE "$2"/*.ics)"; else ok; fi
	if cat "$2"/*.ics | grep -qF -f "$NAMES"; then
		bad "$5: a feed names a person: $(cat "$2"/*.ics | grep -oF -f "$NAMES" | head -1)"; else ok; fi
	if ls -A "$2" | grep -q tmp; then bad "$5: temporary file left: $(ls -A "$2" | grep tmp)"; else ok; fi
}

# q TAG EXPR: evaluates EXPR over the ical.js records of TAG (ev = events, cal = calendars).
q() {
	"$PY" -c 'import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
ev = [r for r in recs if r["kind"] == "event"]
cal = {r["file"]: r for r in recs if r["kind"] == "calendar"}
print(eval(sys.argv[2]))' "$WORK/$1.icaljs" "$2"
}

# ---- 2020: every feed checked and read exactly ----
F=$WORK/feeds
calendar "$DB" "$F" $T0 2020 2020
expect_rc 0 "calendar 2020"
expect_out "$F" "calendar names its output directory"
expect_eq "$(ls "$F" | grep -c '^plan\.ics$')" 1 "plan.ics"
expect_eq "$(ls "$F" | grep -c '^point-3-6\.ics$')" 1 "point-3-6.ics (三、6)"
expect_eq "$(ls "$F" | grep -c '^unit-.*\.ics$')" 3 "one feed per unit"
verify "$DB" "$F" 2020 2020 y2020
P=3.6-childrens-day/2020-05-22@sn-amr-gxxyd-2020.yaodian
expect_eq "$(q y2020 "[(e['dtstart'], e['dtend'], e['summary'], e['sequence'], e['status']) for e in ev if e['file'] == 'plan.ics' and e['uid'] == '$P']")" \
	"[('2020-05-22', '2020-06-07', '六一关爱活动', 0, 'CONFIRMED')]" "六一 window by hand: 05-22..06-06, DTEND exclusive"
expect_eq "$(q y2020 "sorted(e['summary'] for e in ev if e['file'] == 'plan.ics' and e['dtstart'] <= '2020-10-01' < e['dtend'] and e['summary'][:2] in ('中秋', '国庆'))")" \
	"['中秋关爱活动', '国庆关爱活动']" "中秋 and 国庆 windows both contain 2020-10-01"
expect_eq "$(q y2020 "[sorted((a['trigger']['related'] or 'START', a['trigger']['seconds'] // 86400) for a in e['alarms']) for e in ev if e['file'] == 'plan.ics' and e['uid'] == '$P']")" \
	"[[('END', -11), ('START', -10)]]" "六一 reminders: 10 days before the deadline 06-06 (11 before DTEND), 10 before it opens (prepare)"
# A window of more than a month is one item on its deadline day: the year's ledger (一、3) on 12-31.
L=1.3-ledger/2020-01-01@sn-amr-gxxyd-2020.yaodian
expect_eq "$(q y2020 "[(e['dtstart'], e['dtend'], e['summary'], [(a['trigger']['related'], a['trigger']['seconds'] // 86400) for a in e['alarms']]) for e in ev if e['file'] == 'plan.ics' and e['uid'] == '$L']")" \
	"[('2020-12-31', '2021-01-01', '截止:职工子女和联系点儿童关爱帮扶台账', [(None, -7)])]" "a year-long window: one item on 12-31, reminded 7 days before"
D1='__import__("datetime").date.fromisoformat'
expect_eq "$(q y2020 "sorted(set($D1(e['dtend']).toordinal() - $D1(e['dtstart']).toordinal() for e in ev if e['summary'].split('] ')[-1].startswith('截止:')))")" "[1]" "deadline items (plan, points, units) last one day"
expect_eq "$(q y2020 "sorted(set(e['summary'][:3] == '截止:' for e in ev if e['file'] == 'plan.ics' and not e['uid'].startswith('3.6-')))")" "[True]" "every long window of plan.ics is a deadline item"
expect_eq "$(q y2020 "all(',' in e['description'] and '\n' in e['description'] for e in ev)")" True "descriptions with commas and newlines"
expect_eq "$(q y2020 "any(';' in e['description'] for e in ev)")" True "a description with a semicolon"
expect_eq "$(q y2020 "cal['plan.ics']['x_wr_calname']")" "遂宁市市场监督管理局《2020年关心下一代工作要点》 工作安排" "plan.ics X-WR-CALNAME"
expect_eq "$(q y2020 "sorted(set((c['refresh_interval'], c['x_published_ttl']) for c in cal.values()))")" "[('P1D', 'P1D')]" "REFRESH-INTERVAL and X-PUBLISHED-TTL"
expect_eq "$(q y2020 "len([e for e in ev if e['file'] == 'unit-BGS.ics' and e['summary'].startswith('[')])")" \
	"$(q y2020 "len([e for e in ev if e['file'] == 'plan.ics'])")" "each unit feed holds every plan item, with its status"
# Long lines are folded by libical in the middle of Chinese text, and read back whole.
if LC_ALL=C grep -q "$(printf '[\200-\277]\r$')" "$F/plan.ics" && LC_ALL=C grep -q "$(printf '^ [\344-\351]')" "$F/plan.ics"; then ok; else
	bad "plan.ics has no line folded between two Chinese characters"; fi
expect_eq "$(q y2020 "any('做到与其他业务工作同研究、同安排、同检查、同奖惩' in e['description'] for e in ev)")" True "a folded clause text read back whole"

# The awkward-text feed (backslashes, tabs, 4-byte characters, one-day and leap-day windows,
# a name with ',' and ';', an empty description, no reminder).
(cd "$ROOT" && "$HELPER" --tricky "$WORK/tricky") >"$WORK/tricky.dump" 2>"$ERR" || bad "test_feed --tricky: $(head -3 "$ERR")"
parse "$WORK/tricky" tricky
if "$PY" "$FEEDS/compare.py" agree "$WORK/tricky.dump" "$WORK/tricky/tricky.db" 0 9999 "$WORK/tricky.icaljs" \
	"$WORK/tricky.pyical" >"$OUT" 2>"$ERR"; then ok; else bad "tricky.ics read differently"; head -10 "$ERR" >&2; fi

# ---- 2020-2021, from a fresh database ----
cp "$WORK/clean.db" "$WORK/two.db"
calendar "$WORK/two.db" "$WORK/two" $T0 2020 2021
expect_rc 0 "calendar 2020-2021"
verify "$WORK/two.db" "$WORK/two" 2020 2021 y2021
expect_eq "$(q y2021 "len([e for e in ev if e['file'] == 'plan.ics'])")" "$(($(q y2020 "len([e for e in ev if e['file'] == 'plan.ics'])") * 2))" "two years, twice the plan items"
expect_eq "$(q y2021 "[(e['dtstart'], e['dtend']) for e in ev if e['file'] == 'plan.ics' and e['uid'].startswith('3.6-childrens-day/2021')]")" \
	"[('2021-05-22', '2021-06-07')]" "2021 六一 window"

# ---- stability: the same data an hour later gives the same bytes ----
cp -R "$F" "$WORK/first"
STATE0=$(sql "$DB" "SELECT group_concat(feed || uid || sequence || last_modified || cancelled, ' ') FROM feed_state")
calendar "$DB" "$F" $((T0 + 3600)) 2020 2020
expect_rc 0 "calendar again"
if diff -r "$WORK/first" "$F" >/dev/null; then ok; else bad "a re-run changed the feeds: $(diff -r "$WORK/first" "$F" | head -3)"; fi
expect_eq "$(sql "$DB" "SELECT group_concat(feed || uid || sequence || last_modified || cancelled, ' ') FROM feed_state")" "$STATE0" "a re-run changed feed_state"

# changes OLD NEW EPOCH-STAMP: compare.py changes, its output in $WORK/changes.
changes() {
	if "$PY" "$FEEDS/compare.py" changes "$WORK/$1.icaljs" "$WORK/$2.icaljs" "$3" >"$WORK/changes" 2>"$ERR"; then ok; else
		bad "$2: an item changed wrongly"; head -10 "$ERR" >&2; fi
}
# nchanged PATTERN: how many changed items match the extended regex PATTERN.
nchanged() { grep -E "^changed $1" "$WORK/changes" | wc -l | tr -d ' '; }

# ---- a parameter override: only the unit items it changes ----
cat >"$WORK/override.lua" <<'EOF'
return { params = { ["3.6-childrens-day"] = { min_children = 1000 } } }
EOF
calendar "$DB" "$F" $((T0 + 7200)) 2020 2020 --config "$WORK/override.lua"
expect_rc 0 "calendar with an override"
parse "$F" override   # (checked in full after the next runs)
changes y2020 override 20231115T001320Z
expect_eq "$(nchanged 'unit-(BGS|ZFZD)\.ics 3\.6-childrens-day/2020-05-22/')" 2 "override: BGS's and ZFZD's 六一 now fail"
# The requirement names the overridden parameter ({min_children}), so every 六一 item says 1000.
expect_eq "$(nchanged 'unit-[A-Z]+\.ics 3\.6-childrens-day/2020-05-22/')" 3 "override: every unit's 六一 item (its requirement)"
expect_eq "$(nchanged '(plan|point-3-6)\.ics 3\.6-childrens-day/2020-05-22@')" 2 "override: the 六一 item of plan.ics and point-3-6.ics"
expect_eq "$(grep -c . "$WORK/changes")" 5 "override: nothing else changed"
expect_eq "$(q y2020 "[e['description'].count('参加儿童人数不少于 1\n') for e in ev if e['file'] == 'plan.ics' and e['uid'] == '$P']")" "[1]" "the requirement with the default: 1"
expect_eq "$(q override "[e['description'].count('参加儿童人数不少于 1000\n') for e in ev if e['file'] in ('plan.ics', 'unit-BGS.ics') and e['uid'].startswith('3.6-childrens-day/2020-05-22')]")" "[1, 1]" "override: the requirement says 1000"
expect_eq "$(q override "[e['summary'] for e in ev if e['uid'].startswith('3.6-childrens-day/2020-05-22/BGS')]")" "['[未通过] 六一关爱活动']" "override: the new status"

# ---- a rule edit in a copy of rules/: the reminder of the festival rules ----
cp -R "$ROOT/rules" "$WORK/rules"
if grep -q '^    remind = 10,$' "$WORK/rules/3-6_festivals.lua"; then ok; else bad "3-6_festivals.lua: no 'remind = 10,' to edit"; fi
sed -i 's/^    remind = 10,$/    remind = 12,/' "$WORK/rules/3-6_festivals.lua"
calendar "$DB" "$F" $((T0 + 10800)) 2020 2020 --config "$WORK/override.lua" --rules "$WORK/rules"
expect_rc 0 "calendar with an edited rule"
verify "$DB" "$F" 2020 2020 remind "$WORK/rules" "$WORK/override.lua"
changes override remind 20231115T011320Z
FEST='(spring-festival|childrens-day|mid-autumn|national-day)/2020-[0-9-]+'
expect_eq "$(nchanged "plan\.ics 3\.6-$FEST@")" 4 "remind: the four festival items of plan.ics"
expect_eq "$(nchanged "point-3-6\.ics 3\.6-$FEST@")" 4 "remind: and of point-3-6.ics"
expect_eq "$(nchanged "unit-[A-Z]+\.ics 3\.6-$FEST/")" 12 "remind: and of the three units"
expect_eq "$(grep -c . "$WORK/changes")" 20 "remind: nothing else changed"
expect_eq "$(q remind "[(e['sequence'], sorted((a['trigger']['related'] or 'START', a['trigger']['seconds'] // 86400) for a in e['alarms'])) for e in ev if e['file'] == 'plan.ics' and e['uid'] == '$P']")" \
	"[(2, [('END', -13), ('START', -10)])]" "remind: SEQUENCE 2 (1 after the override), 12 days before the deadline"

# ---- new records: JYS's 中秋 activity turns its 中秋 item from fail to pass ----
grep -v '^JYS-' "$WORK/sample/activities.csv" | head -1 >"$WORK/more.csv"
echo 'JYS-A99,JYS,中秋慰问联系点儿童,2020-09-30,2020-09-30,传承红色基因,老少牵手,中秋;慰问,联系点,6,2,3,照片2张,' >>"$WORK/more.csv"
expect_eq "$(q remind "[e['summary'] for e in ev if e['uid'].startswith('3.6-mid-autumn/2020-09-21/JYS')]")" "['[未通过] 中秋关爱活动']" "JYS 中秋 failed before"
run import --db "$DB" activities "$WORK/more.csv"
expect_rc 0 "import one more activity"
calendar "$DB" "$F" $((T0 + 14400)) 2020 2020 --config "$WORK/override.lua" --rules "$WORK/rules"
expect_rc 0 "calendar after new records"
parse "$F" records
changes remind records 20231115T021320Z
expect_eq "$(nchanged 'unit-JYS\.ics 3\.6-mid-autumn/2020-09-21/JYS@')" 1 "records: JYS's 中秋 item changed"
expect_eq "$(grep -v '^changed unit-JYS\.ics ' "$WORK/changes" | grep -c .)" 0 "records: nothing outside unit-JYS.ics changed"
expect_eq "$(q records "[(e['summary'], e['sequence']) for e in ev if e['uid'].startswith('3.6-mid-autumn/2020-09-21/JYS')]")" "[('[通过] 中秋关爱活动', 2)]" "records: passes, SEQUENCE + 1 (it was 1 after the rule edit)"

# ---- a rule withdrawn: cancelled once; kept cancelled; revived ----
cp "$WORK/rules/3-6_festivals.lua" "$WORK/festivals.lua"
if grep -q '^festival_rule("国庆"' "$WORK/rules/3-6_festivals.lua"; then ok; else bad "3-6_festivals.lua: no 国庆 rule to remove"; fi
sed -i '/^festival_rule("国庆"/d' "$WORK/rules/3-6_festivals.lua"
cp "$WORK/rules/obligations-2020.tsv" "$WORK/obligations.tsv"
sed -i 's/ 3\.6-national-day//' "$WORK/rules/obligations-2020.tsv"   # no longer a rule that judges 3.6.1, 3.6.2
NAT='3\.6-national-day/2020-09-24'
calendar "$DB" "$F" $((T0 + 18000)) 2020 2020 --config "$WORK/override.lua" --rules "$WORK/rules"
expect_rc 0 "calendar without the 国庆 rule"
verify "$DB" "$F" 2020 2020 withdrawn "$WORK/rules" "$WORK/override.lua"
changes records withdrawn 20231115T031320Z
expect_eq "$(nchanged "[A-Za-z0-9-]+\.ics $NAT")" 5 "withdrawn: the 国庆 item of plan, point-3-6 and each unit"
expect_eq "$(grep -c . "$WORK/changes")" 5 "withdrawn: nothing else changed"
expect_eq "$(q withdrawn "sorted(set((e['status'], e['sequence'], len(e['alarms'])) for e in ev if e['uid'].startswith('3.6-national-day/')))")" \
	"[('CANCELLED', 2, 0)]" "withdrawn: CANCELLED, SEQUENCE + 1, no alarm"
cp -R "$F" "$WORK/cancelled"
calendar "$DB" "$F" $((T0 + 86400)) 2020 2020 --config "$WORK/override.lua" --rules "$WORK/rules"
expect_rc 0 "calendar still without the 国庆 rule"
if diff -r "$WORK/cancelled" "$F" >/dev/null; then ok; else bad "withdrawn items bumped again: $(diff -r "$WORK/cancelled" "$F" | head -3)"; fi
cp "$WORK/festivals.lua" "$WORK/rules/3-6_festivals.lua"
cp "$WORK/obligations.tsv" "$WORK/rules/obligations-2020.tsv"
calendar "$DB" "$F" $((T0 + 90000)) 2020 2020 --config "$WORK/override.lua" --rules "$WORK/rules"
expect_rc 0 "calendar with the 国庆 rule back"
verify "$DB" "$F" 2020 2020 revived "$WORK/rules" "$WORK/override.lua"
changes withdrawn revived 20231115T231320Z
expect_eq "$(nchanged "[A-Za-z0-9-]+\.ics $NAT")" 5 "revived: the five 国庆 items"
expect_eq "$(grep -c . "$WORK/changes")" 5 "revived: nothing else changed"
expect_eq "$(q revived "sorted(set((e['status'], e['sequence']) for e in ev if e['uid'].startswith('3.6-national-day/')))")" \
	"[('CONFIRMED', 3)]" "revived: CONFIRMED, SEQUENCE + 1"

# ---- writes that fail change nothing ----
STATE1=$(sql "$DB" "SELECT group_concat(feed || uid || digest || sequence || last_modified || cancelled, ' ') FROM feed_state")
echo "a file, not a directory" >"$WORK/plainfile"
calendar "$DB" "$WORK/plainfile/feeds" $((T0 + 99999)) 2020 2020 --config "$WORK/override.lua"
expect_rc 2 "--out under a regular file"
expect_err "$WORK/plainfile/feeds" "the failure names the path"
expect_eq "$(sql "$DB" "SELECT group_concat(feed || uid || digest || sequence || last_modified || cancelled, ' ') FROM feed_state")" "$STATE1" "feed_state unchanged after a failed run"
# A feed whose file cannot be replaced (a directory in its place), in a run that would change
# it (the festival reminders back to 10 days): exit 2, no state changed, no temporary file, and
# no feed written, before or after it: a run replaces the whole set or nothing.
cp -R "$F" "$WORK/blocked"
rm "$WORK/blocked/point-3-6.ics"
mkdir "$WORK/blocked/point-3-6.ics"
PT36=$(sql "$DB" "SELECT group_concat(uid || digest || sequence || last_modified || cancelled, ' ') FROM feed_state WHERE feed = 'point-3-6.ics'")
calendar "$DB" "$WORK/blocked" $((T0 + 99999)) 2020 2020 --config "$WORK/override.lua"
expect_rc 2 "a feed that cannot be replaced"
expect_err "$WORK/blocked/point-3-6.ics" "the failure names the feed"
expect_eq "$(sql "$DB" "SELECT group_concat(uid || digest || sequence || last_modified || cancelled, ' ') FROM feed_state WHERE feed = 'point-3-6.ics'")" "$PT36" "its feed_state unchanged"
if [ -d "$WORK/blocked/point-3-6.ics" ]; then ok; else bad "the blocking directory was replaced"; fi
if ls -A "$WORK/blocked" | grep -q tmp; then bad "temporary file left after a failure: $(ls -A "$WORK/blocked" | grep tmp)"; else ok; fi
expect_eq "$(sql "$DB" "SELECT group_concat(feed || uid || digest || sequence || last_modified || cancelled, ' ') FROM feed_state")" "$STATE1" "no feed_state changed by the failed run"
for f in "$F"/*.ics; do
	case $f in */point-3-6.ics) continue ;; esac
	if cmp -s "$f" "$WORK/blocked/$(basename "$f")"; then ok; else bad "$(basename "$f") changed by a run that failed"; fi
done

# ---- dates ----
run dates --from 2020
expect_rc 0 "dates 2020"
cp "$OUT" "$WORK/dates"
expect_eq "$(awk -F'\t' 'NF != 3' "$WORK/dates" | wc -l | tr -d ' ')" 0 "dates: three tab-separated columns on every line"
expect_eq "$(awk -F'\t' '$2 > $3' "$WORK/dates" | wc -l | tr -d ' ')" 0 "dates: no line ends before it starts"
if cut -f2 "$WORK/dates" | sort -c 2>/dev/null; then ok; else bad "dates: not sorted by start date"; fi
expect_eq "$(awk -F'\t' '$2 < "2020-01-01" || $2 > "2020-12-31"' "$WORK/dates" | wc -l | tr -d ' ')" 0 "dates: only 2020"
for line in '春节	2020-01-25	2020-01-25' '中秋	2020-10-01	2020-10-01' '国庆	2020-10-01	2020-10-01' \
            '春节 放假	2020-01-24	2020-02-02' '春节 调休上班	2020-01-19	2020-01-19' \
            '六一关爱活动 [3.6-childrens-day]	2020-05-22	2020-06-06' '六一	2020-06-01	2020-06-01'; do
	if grep -qxF "$line" "$WORK/dates"; then ok; else bad "dates: no line '$line'"; fi
done
expect_eq "$(grep -c '2020-02-01' "$WORK/dates")" 0 "dates: 2020-02-01 is no longer a make-up working day"
run dates --from 2020 --to 2021 --lang en
expect_rc 0 "dates 2020-2021 --lang en"
expect_eq "$(grep -c "$(printf '\t2021-05-22\t2021-06-06$')" "$OUT")" 1 "dates: the 2021 六一 window"
expect_out "holiday	2020-01-24	2020-02-02" "dates --lang en: holidays in English"
expect_out "make-up working day	2020-01-19	2020-01-19" "dates --lang en: make-up working days in English"
expect_no_out "放假" "dates --lang en: no Chinese holiday label"
run dates --from 2021 --to 2020
expect_rc 2 "dates: --to before --from"
expect_err "--to" "dates: --to before --from explained"
run dates --to 2020
expect_rc 2 "dates: --from missing"
expect_err "--from" "dates: missing --from explained"

finish
