#!/bin/sh
# check.sh — `yaodian check` end to end on the sample records (tests/sample/, imported the way
# tests/demo.sh does, plus one child given a name): exit codes, the five statuses, waiver
# expiry, text and JSON agreeing, --lang en, --output written atomically, names never
# printed, every hostile rule file contained while a good rule beside it still judges, and
# --help listing every option each command accepts.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
HOSTILE=$ROOT/tests/rules/hostile
LIMITS="--max-instructions 2000000 --max-memory 4"

# ---- the sample database, with a named child added ----
named_sample "$WORK/sample"
DB=$WORK/records.db
sample_db "$DB" "$WORK/sample"
# Every name in people.csv (column 3), the added child's included.
NAMES=$WORK/names
cut -d, -f3 "$WORK/sample/people.csv" | sed 1d | grep -v '^$' >"$NAMES"
expect_eq "$(grep -c . "$NAMES")" 18 "names in the sample (seventeen adults and the child)"
expect_eq "$(sql "$DB" "SELECT name FROM people WHERE id = 'BGS-K02'")" "王小明" "the child's name is stored"

# no_names FILE WHAT: no name from the sample appears in FILE.
no_names() {
	if grep -qF -f "$NAMES" "$1"; then bad "$2: prints a name: $(grep -oF -f "$NAMES" "$1" | head -1)"; else ok; fi
}

# json FILE EXPR: evaluates the Python expression EXPR with d = the parsed JSON document.
json() { "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# ---- the quarter: as of 2020-07-10, just after it ----
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10 --format json
expect_rc 1 "2020Q2: fails found"
cp "$OUT" "$WORK/q2.json"
if "$PY" -c 'import json, sys; json.load(sys.stdin)' <"$WORK/q2.json"; then ok; else bad "2020Q2 JSON does not parse"; fi
for st in pass fail pending waived; do
	n=$(json "$WORK/q2.json" "d['counts']['$st']")
	if [ "$n" -gt 0 ]; then ok; else bad "2020Q2: no $st finding"; fi
done
expect_eq "$(json "$WORK/q2.json" "sum(d['counts'].values()) == len(d['findings'])")" True "2020Q2 counts add up"
expect_eq "$(json "$WORK/q2.json" "d['counts']['error']")" 0 "2020Q2: no rule errors"
expect_eq "$(json "$WORK/q2.json" "[f['status'] for f in d['findings'] if f['rule_id'] == '1.2-office' and f['unit']['id'] == 'ZFZD' and f['window']['from'] == '2020-04-01']")" "['waived']" "W-2020-02 waives ZFZD's office in 2020Q2"
expect_eq "$(json "$WORK/q2.json" "[f['waiver'] for f in d['findings'] if f['status'] == 'waived' and f['unit']['id'] == 'ZFZD']")" "['W-2020-02']" "the waiver is named"
no_names "$WORK/q2.json" "2020Q2 JSON"
if grep -qF "局机关办公室" "$WORK/q2.json"; then ok; else bad "JSON escapes non-ASCII text, so the name checks would prove nothing"; fi

# Text and JSON agree: the English summary line carries the same counts.
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10 --lang en
expect_rc 1 "2020Q2 text"
cp "$OUT" "$WORK/q2.txt"
expect_out "Total $(json "$WORK/q2.json" "len(d['findings'])"): Pass $(json "$WORK/q2.json" "d['counts']['pass']"), Fail $(json "$WORK/q2.json" "d['counts']['fail']"), Pending $(json "$WORK/q2.json" "d['counts']['pending']"), Waived $(json "$WORK/q2.json" "d['counts']['waived']")" "text summary = JSON counts"
expect_eq "$(grep -c '  Pass  ' "$WORK/q2.txt")" "$(json "$WORK/q2.json" "d['counts']['pass']")" "text rows marked Pass = JSON pass count"
expect_out "Waived" "--lang en: English status labels"
expect_eq "$(grep -c '^合计' "$WORK/q2.txt")" 0 "--lang en: no Chinese summary"
expect_no_out "未通过" "--lang en: no Chinese status label"
no_names "$WORK/q2.txt" "2020Q2 text (en)"
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10
expect_rc 1 "2020Q2 text, Chinese"
expect_out "合计 $(json "$WORK/q2.json" "len(d['findings'])") 项" "Chinese by default"
expect_out "已豁免" "Chinese status label"
no_names "$OUT" "2020Q2 text (zh)"

# ---- the year: as of 2021-01-15 ----
run check --db "$DB" --period 2020 --as-of 2021-01-15 --format json
expect_rc 1 "2020: fails found"
cp "$OUT" "$WORK/year.json"
for st in pass fail not_applicable; do
	n=$(json "$WORK/year.json" "d['counts']['$st']")
	if [ "$n" -gt 0 ]; then ok; else bad "2020: no $st finding"; fi
done
# W-2020-02 expired on 2020-09-30: as of 2021-01-15 the same quarter is judged, and fails.
expect_eq "$(json "$WORK/year.json" "[f['status'] for f in d['findings'] if f['rule_id'] == '1.2-office' and f['unit']['id'] == 'ZFZD' and f['window']['from'] == '2020-04-01']")" "['fail']" "expired W-2020-02 no longer waives"
expect_eq "$(json "$WORK/year.json" "[f['waiver'] for f in d['findings'] if f['unit']['id'] == 'ZFZD' and f['waiver']]")" "[]" "no ZFZD finding cites the expired waiver"
no_names "$WORK/year.json" "2020 JSON"
# The scores, recomputed from the findings by the rule the schema states (waived windows earn
# their points; pending and not_applicable ones count for neither), in Python.
for doc in q2 year; do
	if "$PY" "$ROOT/tests/cli/scores_check.py" "$WORK/$doc.json" >"$WORK/scores.out"; then ok; else
		bad "$doc: the scores differ from the findings"; head -5 "$WORK/scores.out" >&2
	fi
done
expect_eq "$(json "$WORK/q2.json" "sum(1 for f in d['findings'] if f['status'] == 'waived' and f['points'] > 0) > 0")" True "2020Q2 has a waived finding worth points, so the recomputation covers waivers"
run check --db "$DB" --period 2020 --as-of 2021-01-15 --lang en
expect_rc 1 "2020 text"
expect_out "  N/A  " "2020 text: not applicable label"
no_names "$OUT" "2020 text"

# ---- --output: written whole, atomically ----
mkdir "$WORK/outdir"
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10 --format json --output "$WORK/outdir/q2.json"
expect_rc 1 "--output: same exit code"
expect_eq "$(wc -c <"$OUT" | tr -d ' ')" 0 "--output: nothing on stdout"
if cmp -s "$WORK/outdir/q2.json" "$WORK/q2.json"; then ok; else bad "--output: file differs from stdout output"; fi
expect_eq "$(ls -A "$WORK/outdir")" "q2.json" "--output: no temporary file left"
echo "previous contents" >"$WORK/outdir/keep.txt"
run check --db "$WORK/absent.db" --period 2020Q2 --output "$WORK/outdir/keep.txt"
expect_rc 2 "--output with a missing database"
expect_eq "$(cat "$WORK/outdir/keep.txt")" "previous contents" "--output: old file untouched when the check cannot run"
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10 --output "$WORK/no-such-dir/q2.txt"
expect_rc 2 "--output into a missing directory"
expect_err "$WORK/no-such-dir/q2.txt" "--output failure names the file"
if [ -e "$WORK/no-such-dir" ]; then bad "--output created the missing directory"; else ok; fi
expect_eq "$(ls -A "$WORK/outdir" | sort | tr '\n' ' ')" "keep.txt q2.json " "--output: no stray files after failures"

# ---- exit 2: the check cannot run ----
run check --db "$WORK/absent.db" --period 2020Q2
expect_rc 2 "missing database"
expect_err "$WORK/absent.db" "missing database named"
if [ -e "$WORK/absent.db" ]; then bad "check created the missing database"; else ok; fi
printf 'this is not a database, just some text\n%.0s' 1 2 3 4 5 6 7 8 9 10 >"$WORK/garbage.db"
run check --db "$WORK/garbage.db" --period 2020Q2
expect_rc 2 "corrupted database"
expect_err "$WORK/garbage.db" "corrupted database named"
cp "$DB" "$WORK/torn.db"
yes 'garbage over the schema pages' | head -c 16384 | dd of="$WORK/torn.db" bs=1024 seek=1 conv=notrunc 2>/dev/null
run check --db "$WORK/torn.db" --period 2020Q2 --as-of 2020-07-10
if [ "$RC" -eq 2 ] || [ "$RC" -eq 3 ]; then ok; else bad "database with garbage pages: exit $RC, expected 2 (or 3 for a rule query that failed)"; fi
sqlite3 "$WORK/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
run check --db "$WORK/other.db" --period 2020Q2 --lang en
expect_rc 2 "a SQLite file that is not a yaodian database"
expect_err "not a yaodian database" "non-yaodian database explained"
run check --db "$DB" --period 2020Q2 --unit NOPE
expect_rc 2 "unknown --unit"
expect_err "NOPE" "unknown unit named"
for p in 2020Q5 2020-02-30..2020-03-01 2020-13 20 2020-03-01..2020-02-01; do
	run check --db "$DB" --period "$p"
	expect_rc 2 "bad --period $p"
	expect_err "$p" "bad --period $p named"
done
run check --db "$DB" --period 2020Q2 --format xml
expect_rc 2 "bad --format"
expect_err "xml" "bad --format named"
run check --db "$DB" --period 2020Q2 --as-of 2020-02-30
expect_rc 2 "bad --as-of"
run check --db "$DB" --period 2020Q2 --frobnicate
expect_rc 2 "unknown option"
expect_err "--frobnicate" "unknown option named"
run check --db "$DB"
expect_rc 2 "missing --period"
run check --db "$DB" --period 2020Q2 --max-instructions 10
expect_rc 2 "--max-instructions below the minimum"
run check --db "$DB" --period 2020Q2 extra-argument
expect_rc 2 "stray argument"
sql "$DB" "SELECT count(*) FROM units" >/dev/null
expect_eq "$(sql "$DB" "SELECT count(*) FROM units")" 3 "the database is intact after all that"

# ---- hostile rules: exit 3, each contained, the canary beside them still judging ----
HD=$WORK/hostile-rules
mkdir "$HD"
cp "$ROOT/rules/00_plan.lua" "$HD/"
# A file that refuses the whole rule set (a duplicate rule id), and the files of issue 11 ("-- alone:"),
# are tried alone beside the bundled rules in tests/rules/hostile_*.sh (and all together in test_sandbox).
for f in "$HOSTILE"/*.lua; do grep -q '^-- refuses:\|^-- alone:' "$f" || cp "$f" "$HD/50_$(basename "$f")"; done
cat >"$HD/zz_canary.lua" <<'EOF'
rule {
  id = "canary", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "canary", due = "quarter", params = { tag = "六一" },
  check = function(ctx)
    local bad = {}
    if string.upper("abc") ~= "ABC" or ("abc"):upper() ~= "ABC" then bad[#bad + 1] = "upper" end
    local t = {}
    table.insert(t, "x")
    if t[1] ~= "x" then bad[#bad + 1] = "table.insert" end
    if math.floor(2.5) ~= 2 then bad[#bad + 1] = "math.floor" end
    if rawget(_G, "LEAKED") ~= nil or pcall(function() return LEAKED end) then bad[#bad + 1] = "LEAKED" end
    if #bad > 0 then return fail("POLLUTED: " .. table.concat(bad, ", ")) end
    local n = db.value([[SELECT count(*) FROM activities a JOIN activity_tags t
      ON t.activity_id = a.id AND t.tag = ? WHERE a.unit_id = ?]], ctx.params.tag, ctx.unit)
    if n > 0 then return pass("canary ok: " .. n .. " activity") end
    return fail("canary: no activity")
  end,
}
EOF
before=$(cksum <"$DB")
run check --db "$DB" --rules "$HD" --period 2020Q2 --as-of 2020-07-10 --unit BGS --format json --lang en $LIMITS --max-seconds 1
expect_rc 3 "hostile rules: exit 3"
cp "$OUT" "$WORK/hostile.json"
no_names "$WORK/hostile.json" "hostile run"
expect_eq "$(json "$WORK/hostile.json" "[(f['status'], f['message']) for f in d['findings'] if f['rule_id'] == 'canary']")" "[('pass', 'canary ok: 1 activity')]" "canary passes for BGS beside the hostile rules"
for f in "$HOSTILE"/*.lua; do
	grep -q '^-- refuses:\|^-- alone:' "$f" && continue
	name=$(basename "$f" .lua)
	kind=$(sed -n 's/^-- expect: //p' "$f")
	msg=$(sed -n 's/^-- message: //p' "$f")
	line=$(grep -n -- '-- HARM' "$f" | cut -d: -f1)
	case $kind in
	error|problem) want="$HD/50_$name.lua:$line" st=error ;;
	*) want="" st=$kind ;;
	esac
	got=$("$PY" - "$WORK/hostile.json" "hostile-$name" "$st" "$msg" "$want" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rule, status, msg, where = sys.argv[2:6]
hits = [f for f in d["findings"] if f["status"] == status and msg in f["message"]
        and (f["source"] == where if where else f["rule_id"] == rule)]
print(len(hits))
EOF
)
	expect_eq "$got" 1 "hostile $name: one $st finding at ${want:-its rule} saying '$msg'"
done
expect_eq "$(cksum <"$DB")" "$before" "hostile rules changed nothing in the database file"
expect_eq "$(sql "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'evil'")" 0 "nothing attached or created"
if [ -e /tmp/yaodian-hostile-was-here ]; then bad "a hostile rule wrote a file"; else ok; fi
# The same in text: file:line and message on the same row; the canary fails normally for JYS.
run check --db "$DB" --rules "$HD" --period 2020Q2 --as-of 2020-07-10 --unit JYS --lang en $LIMITS --max-seconds 1
expect_rc 3 "hostile rules (text): exit 3"
expect_out "canary: no activity" "canary fails for JYS beside the hostile rules"
expect_no_out "POLLUTED" "no pollution seen by the canary"
line=$(grep -n -- '-- HARM' "$HOSTILE/os_execute.lua" | cut -d: -f1)
expect_out "undefined global 'os' (rules may use only what the sandbox provides) [$HD/50_os_execute.lua:$line]" "text row: message and file:line"
no_names "$OUT" "hostile run (text)"

# A bad rule file and a good one: exit 3 even though the good rule fails (error outranks fail).
run lint --rules "$HD" --lang en $LIMITS
expect_rc 3 "lint of the hostile rules"
line=$(grep -n -- '-- HARM' "$HOSTILE/syntax_error.lua" | cut -d: -f1)
expect_err "$HD/50_syntax_error.lua:$line: unexpected symbol near '='" "lint: syntax error at file:line"

# ---- --help lists every option each command accepts ----
run --help
expect_rc 0 "--help"
for w in init import check lint history diff --lang --help --version; do expect_out "$w" "yaodian --help mentions $w"; done
run
expect_rc 2 "no command"
run frobnicate
expect_rc 2 "unknown command"
for cmd in init import check lint history diff; do
	run "$cmd" --help
	expect_rc 0 "$cmd --help"
	cp "$OUT" "$WORK/help-$cmd"
	for opt in "--db x" "--rules x" "--config x" "--period 2020" "--unit x" "--format text" "--as-of 2020-01-01" \
	           "--lang en" "--output x" "--max-instructions 1000" "--max-memory 1" "--save" "-h" "--help"; do
		# shellcheck disable=SC2086  # opt is an option and its value
		run "$cmd" $opt --help
		name=${opt%% *}
		if [ "$RC" -eq 0 ]; then
			if grep -qE -- "(^|[^-a-z])$name([^-a-z]|\$)" "$WORK/help-$cmd"; then ok; else bad "$cmd accepts $name but its --help does not list it"; fi
		else
			expect_rc 2 "$cmd refuses $name"
		fi
	done
done
run --version
expect_rc 0 "--version"
expect_out "yaodian " "--version prints the name"

# ---- progress: on a terminal only ----
# script(1) gives the run a terminal; the progress line ends at 100% with the number of units.
script -qec "\"$YAODIAN\" check --db \"$DB\" --period 2020Q2 --as-of 2020-07-10 >/dev/null" /dev/null </dev/null | tr '\r' '\n' >"$WORK/tty.out"
if grep -q "^检查:规则 \([0-9]*\)/\1(100%),单位 3 个,已用 [0-9]* 秒" "$WORK/tty.out"; then ok; else bad "no progress line on a terminal: $(tail -2 "$WORK/tty.out")"; fi
run check --db "$DB" --period 2020Q2 --as-of 2020-07-10
if grep -q "检查:规则" "$ERR"; then bad "progress printed when stderr is not a terminal"; else ok; fi
finish
