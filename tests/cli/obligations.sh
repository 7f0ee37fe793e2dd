#!/bin/sh
# obligations.sh — the plan's obligations through a check of the sample: every finding carries
# the ids of the obligations its rule judges (as rules/obligations-2020.tsv says), the text and
# printed reports group the findings by obligation with the counts the JSON gives, the verdicts
# resting on a self-assessment (自评) say so and are listed apart, and an unapproved or missing
# self-assessment fails.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
DB=$WORK/records.db
sample_db "$DB"
TSV=$ROOT/rules/obligations-2020.tsv

run check --db "$DB" --period 2020 --as-of 2021-01-15 --format json --output "$WORK/y.json"
expect_rc 1 "the year: fails found"
run check --db "$DB" --period 2020 --as-of 2021-01-15
cp "$OUT" "$WORK/y.txt"
run check --db "$DB" --period 2020 --as-of 2021-01-15 --format html --output "$WORK/y.html"
expect_rc 1 "the printed report written"

"$PY" - "$WORK/y.json" "$TSV" "$WORK/y.txt" "$WORK/y.html" >"$WORK/py.err" 2>&1 <<'PYEOF'
import html, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8") if l.strip() and not l.startswith("#")]
text = open(sys.argv[3], encoding="utf-8").read()
page = html.unescape(open(sys.argv[4], encoding="utf-8").read())
want = {}
for ob, clause, words, how, basis in rows:
    if how != "excused":
        for r in basis.split():
            want.setdefault(r, []).append(ob)
bad = []
for f in d["findings"]:
    if f["obligations"] != want.get(f["rule_id"], []):
        bad.append("%s carries %s, the file says %s" % (f["rule_id"], f["obligations"], want.get(f["rule_id"])))
    self_ev = any(e.startswith("self_assessments:") for e in f["evidence"])
    if f["basis"] != ("self_assessment" if self_ev else "records"):
        bad.append("%s/%s: basis %s" % (f["rule_id"], f["unit"]["id"], f["basis"]))
    if f["basis"] == "self_assessment" and f["status"] == "pass" and "依据自评,而非记录" not in f["message"]:
        bad.append("%s: a self-assessed pass does not say so" % f["rule_id"])
# the text report's line per obligation: pass/fail/pending/other as the JSON counts them
section = text.split("按义务")[1].split("依据自评的结论")[0]
for ob, clause, words, how, basis in rows:
    line = next((l for l in section.splitlines() if l.split()[:1] == [ob]), None)
    if line is None:
        bad.append("obligation %s missing from the text report" % ob)
        continue
    if how == "excused":
        if "理由:" + basis not in line:
            bad.append("%s: reason not shown: %s" % (ob, line))
        continue
    c = [0, 0, 0, 0]
    for f in d["findings"]:
        if ob in f["obligations"]:
            s = f["status"]
            c[0 if s == "pass" else 1 if s in ("fail", "error") else 2 if s == "pending" else 3] += 1
    if "%d/%d/%d/%d" % tuple(c) not in line:
        bad.append("%s: counts %s not in %r" % (ob, c, line))
    if ob not in page or words not in page:
        bad.append("%s: not in the printed report" % ob)
n_self = sum(f["basis"] == "self_assessment" for f in d["findings"])
if "依据自评的结论(%d 条" % n_self not in text:
    bad.append("the text report does not count %d self-assessed verdicts" % n_self)
if n_self == 0:
    bad.append("no self-assessed verdict in the sample")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PYEOF
if [ $? -eq 0 ]; then ok; else bad "obligations in the reports: $(head -5 "$WORK/py.err")"; fi

# The sample's stories: BGS self-assessed every such obligation and had each approved; JYS had
# half approved (an unapproved one is named, not relied on); ZFZD wrote none.
json() { "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
SELF="[f for f in d['findings'] if f['rule_id'].startswith('self-')]"
expect_eq "$(json "$WORK/y.json" "sorted(set(f['status'] for f in $SELF if f['unit']['id'] == 'BGS'))")" "['pass']" "BGS: every self-assessed obligation passes"
expect_eq "$(json "$WORK/y.json" "len([f for f in $SELF if f['unit']['id'] == 'JYS' and f['status'] == 'fail' and '尚未批准' in f['message']])")" 9 "JYS: nine self-assessments not yet approved fail"
expect_eq "$(json "$WORK/y.json" "len([f for f in $SELF if f['unit']['id'] == 'ZFZD' and f['status'] == 'fail' and f['basis'] == 'records'])")" 18 "ZFZD: no self-assessment, eighteen fails"
expect_eq "$(json "$WORK/y.json" "int(sum(f['points'] for f in $SELF))")" 0 "self-assessed obligations are worth no points"

# English labels.
run check --db "$DB" --period 2020 --as-of 2021-01-15 --lang en
expect_out "By obligation (each thing the plan asks; pass/fail/pending/other):" "English heading"
expect_out "Verdicts resting on a self-assessment (" "English self-assessment heading"

# A self-assessment is a record kind like the others: exported, and imported back the same.
run export --db "$DB" self_assessments
expect_rc 0 "export self_assessments"
cp "$OUT" "$WORK/sa.csv"
expect_eq "$(sed 1d "$WORK/sa.csv" | grep -c .)" 36 "every self-assessment exported"
run init --db "$WORK/two.db"
for k in units self_assessments; do
	[ $k = units ] && F=$ROOT/tests/sample/units.csv || F=$WORK/sa.csv
	run import --db "$WORK/two.db" $k "$F"
	expect_rc 0 "re-import $k"
done
expect_eq "$(sql "$WORK/two.db" "SELECT group_concat(id || obligation || coalesce(approved_by, '-'), ',') FROM (SELECT * FROM self_assessments ORDER BY id)")" \
	"$(sql "$DB" "SELECT group_concat(id || obligation || coalesce(approved_by, '-'), ',') FROM (SELECT * FROM self_assessments ORDER BY id)")" \
	"exported self-assessments import back the same"
printf '编号,单位,义务,日期,自评内容,佐证,批准人\nS1,BGS,1.2.2,2020-13-01,做了,,\n' >"$WORK/bad.csv"
run import --db "$WORK/two.db" self_assessments "$WORK/bad.csv"
expect_rc 2 "a bad date refused"
expect_err "bad.csv:2: 日期:" "file, line and column named"

# Every interpretation is stated where a reader meets the rule: explain, the printed report
# (for a failed requirement) and the calendar feeds' descriptions.
WORDS="计划没有规定细化工作方案的期限"
run explain --db "$DB" 1.3-work-plan --unit ZFZD --period 2020 --as-of 2021-01-15
expect_out "对计划的解读:$WORDS" "explain states the interpretation"
run explain --db "$DB" 1.3-work-plan --unit ZFZD --period 2020 --as-of 2021-01-15 --lang en
expect_out "how the plan is read: $WORDS" "explain in English labels it"
expect_eq "$(json "$WORK/y.json" "sorted(set(f['rule_id'] for f in d['findings'] if not f['interpretation']))")" "[]" \
	"every bundled rule states its interpretation"
"$PY" - "$WORK/y.json" "$WORK/y.html" >"$WORK/interp.err" 2>&1 <<'PYEOF2'
import html, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
bad = [f["rule_id"] for f in d["findings"] if f["status"] == "fail" and f["interpretation"]
       and f["interpretation"] not in page]
if not any(f["interpretation"] for f in d["findings"] if f["status"] == "fail"):
    bad.append("no failed finding with an interpretation in the sample")
print(bad)
sys.exit(1 if bad else 0)
PYEOF2
if [ $? -eq 0 ]; then ok; else bad "the printed report states each failed requirement's interpretation: $(cat "$WORK/interp.err")"; fi
run calendar --db "$DB" --from 2020 --out "$WORK/feeds" --as-of 2021-01-15
expect_rc 0 "calendar written"
# iCalendar folds long lines: unfold before looking
if sed ':a;N;$!ba;s/\r\n //g' "$WORK/feeds/plan.ics" | grep -qF "解读:$WORDS"; then ok; else bad "the plan feed states the interpretation"; fi

# One 制度 document may set up several 制度: each part of its 子类 is checked against the list.
printf '编号,单位,类别,子类,标题,日期\nS1,BGS,制度,工作;学习、服务,t,2020-05-01\n' >"$WORK/list.csv"
run import --db "$WORK/two.db" documents "$WORK/list.csv"
expect_rc 0 "a 子类 listing three 制度 imports"
expect_eq "$(sql "$WORK/two.db" "SELECT subkind FROM documents WHERE id = 'S1'")" "工作;学习、服务" "stored as written"
printf '编号,单位,类别,子类,标题,日期\nS2,BGS,制度,工作;娱乐,t,2020-05-01\n' >"$WORK/list2.csv"
run import --db "$WORK/two.db" documents "$WORK/list2.csv"
expect_rc 2 "a 子类 with one unknown part is refused"
expect_err "list2.csv:2: 子类: “娱乐”不是允许的值" "the bad part is named"

finish
