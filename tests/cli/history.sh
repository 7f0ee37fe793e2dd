#!/bin/sh
# history.sh — saved checks end to end on the sample records: `check --save` for the four
# quarters of 2020, `history` listing each run's scores exactly as that run's JSON gave them,
# `diff` listing exactly the findings whose status changed between two runs' JSON documents,
# and the errors: a run that does not exist, --save on a database that cannot be written.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# ---- the sample database ----
DB=$WORK/records.db
run init --db "$DB"
expect_rc 0 "init"
for kind in units unit_years people activities participants meetings agenda documents posts \
            funds roles offices pairings waivers; do
	run import --db "$DB" "$kind" "$ROOT/tests/sample/$kind.csv"
	expect_rc 0 "import $kind"
done
# The latest schema version and the migrations above 2, from schemas/migrations (other work adds
# migrations; the numbers may have gaps while it is merged).
LATEST=$(ls "$ROOT/schemas/migrations" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -1)
ABOVE2=$(ls "$ROOT/schemas/migrations" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | awk '$1 > 2' | wc -l)
expect_eq "$(sql "$DB" "PRAGMA user_version")" "$LATEST" "init brings the database to the latest version"
expect_eq "$(sql "$DB" "SELECT count(*) FROM runs")" 0 "no runs saved yet"

run history --db "$DB"
expect_rc 0 "history with nothing saved"
expect_out "还没有保存的检查" "history says nothing is saved"

# ---- save the four quarters, as of ten days after each ----
N=0
for q in 1:2020-04-10 2:2020-07-10 3:2020-10-10 4:2021-01-10; do
	N=$((N + 1))
	run check --db "$DB" --period "2020Q${q%%:*}" --as-of "${q#*:}" --format json --save
	if [ "$RC" -le 1 ]; then ok; else bad "check --save 2020Q${q%%:*}: exit $RC"; fi
	expect_err "已保存为第 $N 次检查" "2020Q${q%%:*}: the run id is said on stderr"
	cp "$OUT" "$WORK/run$N.json"
done
expect_eq "$(sql "$DB" "SELECT group_concat(period, ' ') FROM (SELECT period FROM runs ORDER BY id)")" \
	"2020Q1 2020Q2 2020Q3 2020Q4" "four runs saved, in order"
expect_eq "$(sql "$DB" "SELECT count(*) FROM run_findings WHERE run_id = 3")" \
	"$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/run3.json")" \
	"run 3 keeps every finding of its check"
run check --db "$DB" --period 2020Q1 --as-of 2020-04-10 --format html
HASH=$(grep -o '规则集标识 [0-9a-f]*' "$OUT" | head -1 | cut -d' ' -f2)
expect_eq "$(sql "$DB" "SELECT group_concat(DISTINCT rules_hash) FROM runs")" "$HASH" "every run keeps the rule set's hash the report prints"
expect_eq "$(sql "$DB" "SELECT count(*) FROM runs WHERE config_hash IS NULL AND lang = 'zh' AND as_of = '2020-04-10' AND id = 1")" 1 \
	"run 1: no config, Chinese, as of 2020-04-10"

# ---- history: 4 runs × 3 units, each score the run's JSON score ----
run history --db "$DB" --lang en
expect_rc 0 "history"
cp "$OUT" "$WORK/history.txt"
"$PY" - "$WORK/history.txt" "$WORK"/run1.json "$WORK"/run2.json "$WORK"/run3.json "$WORK"/run4.json >"$WORK/hist.err" 2>&1 <<'PYEOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
rows = [l.split() for l in lines if l.strip()]
head, body = rows[0], rows[1:]
assert head[:4] == ["Run", "Period", "As", "of"] or head[:2] == ["Run", "Period"], head
units = head[-3:]
assert len(body) == 4, body
for n, (row, path) in enumerate(zip(body, sys.argv[2:]), 1):
    d = json.load(open(path))
    want = {s["unit"]["id"]: s["score"] for s in d["scores"]["units"]}
    assert sorted(want) == sorted(units), (want, units)
    assert row[0] == str(n) and row[1] == d["period"]["label"] and row[2] == d["as_of"], row
    for u, cell in zip(units, row[-3:]):
        exp = "-" if want[u] is None else "%.1f" % want[u]
        assert cell == exp, (n, u, cell, exp)
PYEOF
if [ $? -eq 0 ]; then ok; else bad "history scores differ from the runs' JSON"; sed 's/^/    /' "$WORK/hist.err" >&2; fi

run history --db "$DB" --unit BGS
expect_rc 0 "history --unit"
expect_eq "$(head -1 "$OUT" | awk '{print $NF}')" BGS "history --unit BGS: one unit column"

# ---- diff Q3 Q4: exactly the findings whose status changed ----
run diff --db "$DB" 2020Q3 2020Q4 --format json
expect_rc 0 "diff 2020Q3 2020Q4"
cp "$OUT" "$WORK/diff.json"
"$PY" - "$WORK/run3.json" "$WORK/run4.json" "$WORK/diff.json" >"$WORK/diff.err" 2>&1 <<'PYEOF'
import json, sys
a, b, d = (json.load(open(p)) for p in sys.argv[1:])
def keyed(doc):
    return {(f["rule_id"], (f.get("unit") or {}).get("id"), f["window"]["from"], f["window"]["to"]): f["status"]
            for f in doc["findings"]}
ka, kb = keyed(a), keyed(b)
want = {"newly_failing": set(), "fixed": set(), "other": set()}
for k in set(ka) | set(kb):
    x, y = ka.get(k), kb.get(k)
    if x == y:
        continue
    kind = ("newly_failing" if y == "fail" and x != "fail" else
            "fixed" if x == "fail" and y in ("pass", "waived") else "other")
    want[kind].add(k + (x, y))
for kind in want:
    got = {(c["rule_id"], c["unit_id"], c["window"]["from"], c["window"]["to"], c["before"], c["after"])
           for c in d[kind]}
    assert got == want[kind], (kind, sorted(got ^ want[kind])[:5])
    assert len(d[kind]) == len(got), kind
assert sum(len(want[k]) for k in want) > 0, "Q3 and Q4 should differ"
sa = {s["unit"]["id"]: s["score"] for s in a["scores"]["units"]}
sb = {s["unit"]["id"]: s["score"] for s in b["scores"]["units"]}
for s in d["scores"]:
    assert s["before"] == sa.get(s["unit_id"]) and s["after"] == sb.get(s["unit_id"]), s
    if s["before"] is not None and s["after"] is not None:
        assert abs(s["change"] - (s["after"] - s["before"])) < 1e-9, s
assert sorted(s["unit_id"] for s in d["scores"]) == sorted(set(sa) | set(sb))
assert d["from"]["id"] == 3 and d["to"]["id"] == 4
PYEOF
if [ $? -eq 0 ]; then ok; else bad "diff differs from the runs' JSON"; sed 's/^/    /' "$WORK/diff.err" >&2; fi

# Run ids and periods name the same runs; the text names the three lists and the scores.
run diff --db "$DB" 3 4 --format json
expect_rc 0 "diff 3 4"
if cmp -s "$OUT" "$WORK/diff.json"; then ok; else bad "diff 3 4 differs from diff 2020Q3 2020Q4"; fi
run diff --db "$DB" 3 4
expect_rc 0 "diff text"
for w in 新增未通过 已整改 其他状态变化 得分变化 "第 3 次检查" "第 4 次检查"; do expect_out "$w" "diff text shows $w"; done
run diff --db "$DB" 3 4 --lang en
for w in "Newly failing" Fixed "Other status changes" "Score changes"; do expect_out "$w" "diff --lang en shows $w"; done

# A period saved twice means its latest run.
run check --db "$DB" --period 2020Q4 --as-of 2021-01-10 --save
expect_err "已保存为第 5 次检查" "a second 2020Q4 run"
run diff --db "$DB" 4 2020Q4 --format json
expect_rc 0 "diff 4 2020Q4"
expect_eq "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["to"]["id"], len(d["newly_failing"]+d["fixed"]+d["other"]))' "$OUT")" "5 0" \
	"2020Q4 means run 5, and nothing changed between the same check run twice"

# ---- the change since the previous saved check, in the text and printed reports ----
# Q4 checked again (not saved): the previous saved check is run 3 (2020Q3), the latest run of
# the latest period before Q4; each unit's change is its Q4 score less its Q3 score.
CHANGES=$("$PY" - "$WORK/run3.json" "$WORK/run4.json" <<'PYEOF2'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
sa = {s["unit"]["id"]: s["score"] for s in a["scores"]["units"]}
for s in b["scores"]["units"]:
    x, y = sa.get(s["unit"]["id"]), s["score"]
    if x is None or y is None:
        continue
    d = round((y - x) * 10) / 10
    print(s["unit"]["id"], "+%.1f" % d if d >= 0.05 else "\u2212%.1f" % -d if d <= -0.05 else "0.0")
PYEOF2
)
expect_eq "$(echo "$CHANGES" | grep -c .)" 3 "three units scored in both Q3 and Q4"
run check --db "$DB" --period 2020Q4 --as-of 2021-01-10 --lang en
expect_rc 1 "check 2020Q4 after saved runs"
echo "$CHANGES" | while read -r unit change; do
	name=$(sql "$DB" "SELECT name FROM units WHERE id = '$unit'")
	if grep -qF "Total (vs 2020Q3 $change)" "$OUT" && grep -F "$name" "$OUT" | grep -qF "Total (vs 2020Q3 $change)"; then
		echo ok
	else
		echo "bad $unit $change"
	fi
done >"$WORK/changes.txt"
expect_eq "$(grep -c '^ok' "$WORK/changes.txt")" 3 "the text score table shows each unit's change since 2020Q3 ($(tr '\n' ' ' <"$WORK/changes.txt"))"
run check --db "$DB" --period 2020Q4 --as-of 2021-01-10 --format html
expect_rc 1 "check 2020Q4 --format html"
expect_out '<th class="num">较 2020Q3</th>' "the ranking has a column for the change since 2020Q3"
echo "$CHANGES" | while read -r unit change; do
	if grep -qF "<td class=\"num\">$change</td><td class=\"trend\">" "$OUT"; then echo ok; else echo "bad $unit"; fi
done >"$WORK/changes.txt"
expect_eq "$(grep -c '^ok' "$WORK/changes.txt")" 3 "the ranking shows each unit's change"
# The first quarter has no earlier saved check: no change shown.
run check --db "$DB" --period 2020Q1 --as-of 2020-04-10 --lang en
expect_no_out "(vs " "2020Q1: nothing earlier, no change"
run check --db "$DB" --period 2020Q1 --as-of 2020-04-10 --format html
expect_no_out "较 " "2020Q1 HTML: no change column"

# ---- errors ----
run diff --db "$DB" 3 99
expect_rc 2 "diff with a run that does not exist"
expect_err "没有这次保存的检查(次号或时段): 99" "the missing run is named"
run diff --db "$DB" 2019Q1 4 --lang en
expect_rc 2 "diff with a period never saved"
expect_err "no saved check matches (run id or period): 2019Q1" "the missing period is named"
run diff --db "$DB" 3
expect_rc 2 "diff with one run"
run diff --db "$DB" 3 4 --format csv
expect_rc 2 "diff --format csv"
run history
expect_rc 2 "history without --db"

# --save on a database file that cannot be written (0444). Root writes such a file anyway, so as
# root the commands run as nobody (setpriv); the file's directory stays writable, as a shared
# folder would be, so only the file itself is read-only.
AS=
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
# ro_check ARGS...: run() of check on the read-only copy, through $AS.
ro_check() {
	$AS "$YAODIAN" check --db "$WORK/ro/ro.db" --period 2020Q1 --as-of 2020-04-10 "$@" >"$OUT" 2>"$ERR"
	RC=$?
	san_check check "$@"
}
if [ "$(id -u)" -eq 0 ] && [ -z "$AS" ]; then
	ok   # root without setpriv: nothing here can make a file root cannot write
else
	mkdir "$WORK/ro"
	chmod 0755 "$WORK"
	chmod 0777 "$WORK/ro"
	cp "$DB" "$WORK/ro/ro.db"
	chmod 0444 "$WORK/ro/ro.db"
	ro_check --save
	expect_rc 2 "--save on a read-only database file"
	expect_err "ro.db: 数据库文件只读,无法用 --save 保存检查" "--save says the file is read-only"
	ro_check
	expect_rc 0 "without --save a read-only database is still checked (2020Q1 has no fail)"
	expect_eq "$(sql "$WORK/ro/ro.db" "SELECT count(*) FROM runs")" 5 "nothing saved in the read-only file"
fi

# ---- a version-2 database is refused by check and upgraded by init ----
V2=$WORK/v2.db
run init --db "$V2"
sqlite3 "$V2" "DROP TABLE run_scores; DROP TABLE run_findings; DROP TABLE runs; DROP TABLE IF EXISTS unit_tokens; PRAGMA user_version = 2"
run check --db "$V2" --period 2020Q1 --as-of 2020-04-10
expect_rc 2 "check on a version-2 database"
expect_err "请运行 yaodian init 升级到 $LATEST" "check asks for init"
run init --db "$V2"
expect_rc 0 "init upgrades a version-2 database"
expect_out "本次升级 $ABOVE2 步" "the migrations above 2 applied"
expect_eq "$(sql "$V2" "SELECT count(*) FROM sqlite_master WHERE name IN ('runs','run_findings','run_scores')")" 3 \
	"the history tables exist after the upgrade"

# ---- the HTML report draws each unit's trend over the saved quarters, no script ----
run check --db "$DB" --period 2020Q4 --as-of 2021-01-10 --format html --output "$WORK/q4.html"
"$PY" - "$WORK/q4.html" "$WORK"/run1.json "$WORK"/run2.json "$WORK"/run3.json "$WORK"/run4.json >"$WORK/trend.err" 2>&1 <<'PYEOF3'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
runs = [json.load(open(p)) for p in sys.argv[2:]]
titles = re.findall(r'<td class="trend"><svg [^>]*><title>([^<]*)</title><polyline [^>]*points="([^"]*)"', html)
problems = []
if len(titles) != 3:
    problems.append(f"{len(titles)} trend lines, expected 3")
for u in runs[3]["scores"]["units"]:
    want = [f"{r['period']['label']} {s['score']:.1f}" for r in runs for s in r["scores"]["units"]
            if s["unit"]["id"] == u["unit"]["id"] and s["score"] is not None]
    got = [t for t in titles if t[0] == ", ".join(want)]
    if len(got) != 1:
        problems.append(f"{u['unit']['id']}: no trend titled {', '.join(want)!r}")
    elif len(got[0][1].split()) != len(want):
        problems.append(f"{u['unit']['id']}: {len(got[0][1].split())} points for {len(want)} scores")
if "<script" in html:
    problems.append("a script in the report")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PYEOF3
if [ $? -eq 0 ]; then ok; else bad "trend lines: $(head -3 "$WORK/trend.err")"; fi

# ---- a failure that a new waiver covers counts as fixed ----
printf '编号,单位,规则,开始日期,结束日期,理由,有效期至\nW-Q4,ZFZD,1.2-staff,2020-10-01,2020-12-31,人员调整,2021-06-30\n' >"$WORK/w.csv"
run import --db "$DB" waivers "$WORK/w.csv"
expect_rc 0 "a waiver for ZFZD's 1.2-staff in Q4"
run check --db "$DB" --period 2020Q4 --as-of 2021-01-10 --save
last=$(sed -n 's/^.*已保存为第 \([0-9]*\) 次检查.*$/\1/p' "$ERR")
run diff --db "$DB" $((last - 1)) "$last" --format json
expect_eq "$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(sorted((c["rule_id"], c["unit_id"], c["before"], c["after"]) for c in d["fixed"]))' "$OUT")" \
	"[('1.2-staff', 'ZFZD', 'fail', 'waived')]" "fail → waived is fixed"

finish
