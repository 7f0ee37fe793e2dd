#!/bin/sh
# plans.sh — every query the bundled rules run is a search by index, never a full scan of a
# record table: a check costs one indexed lookup per unit and window, not one pass over the
# table per unit (issue 12: a missing index made the year's check grow with the square of the
# units). The queries are the ones `explain` traces (their values bound) for every rule and
# every unit of the sample; SQLite's EXPLAIN QUERY PLAN of each must have no SCAN line.
. "$(dirname "$0")/lib.sh"

DB=$WORK/p.db
sample_db "$DB"

# The rules, as the year's check names them.
run check --db "$DB" --period 2020 --as-of 2021-01-15 --format json
rules=$(/usr/bin/python3 -c '
import json, sys
print("\n".join(sorted({f["rule_id"] for f in json.load(open(sys.argv[1]))["findings"]})))' "$OUT")
run lint --lang en
declared=$(sed -n 's/^\([0-9][0-9]*\) rules, .*/\1/p' "$OUT")
expect_eq "$(echo "$rules" | wc -l)" "$declared" "the year's check runs every bundled rule (as many as lint counts)"

: >"$WORK/queries"
for r in $rules; do
	for u in BGS JYS ZFZD; do
		run explain --db "$DB" "$r" --unit "$u" --period 2020 --as-of 2021-01-15 --lang en
		[ "$RC" -eq 0 ] || bad "explain $r --unit $u: exit $RC"
		sed -n 's/^    query: //p' "$OUT" >>"$WORK/queries"
	done
done
# The set-based queries (check_all: every unit of a window in one query, bound to the unit
# list) run in the check, not in explain: taken from the check's own query log.
YAODIAN_SQL_LOG=$WORK/set.sql "$YAODIAN" check --db "$DB" --period 2020 --as-of 2021-01-15 --format json >/dev/null 2>&1
/usr/bin/python3 -c '
import sys
for q in open(sys.argv[1], encoding="utf-8").read().split(";\n"):
    if "json_each" in q:
        print(" ".join(q.split()))' "$WORK/set.sql" | sort -u >"$WORK/set"
nset=$(wc -l <"$WORK/set")
[ "$nset" -ge 10 ] && ok || bad "only $nset distinct set-based queries in the check's log; are check_all rules still judged set-based?"
cat "$WORK/set" >>"$WORK/queries"
sort -u "$WORK/queries" >"$WORK/distinct"
n=$(wc -l <"$WORK/distinct")
[ "$n" -ge 100 ] && ok || bad "only $n distinct queries traced; explain's trace format changed?"

# scans DB: each traced query whose plan on DB scans a table, with the plan's SCAN lines
# (SQLite's own planner through python3's sqlite3 module, in one process).
scans() {
	/usr/bin/python3 - "$1" "$WORK/distinct" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for q in open(sys.argv[2], encoding="utf-8").read().splitlines():
    try:
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + q)]
    except sqlite3.Error as e:
        print("cannot plan: %s\n    %s" % (q, e))
        continue
    # the unit list a set-based query (check_all) is bound to is read whole, as it should be
    bad = [p for p in plan if p.startswith("SCAN ") and not p.startswith("SCAN json_each VIRTUAL TABLE")]
    if bad:
        print(q)
        for p in bad:
            print("    " + p)
PYEOF
}

scans "$DB" >"$WORK/scans"
if [ -s "$WORK/scans" ]; then
	bad "bundled rules' queries scan a record table (add an index in a migration):"
	sed 's/^/    /' "$WORK/scans" | head -30 >&2
else
	ok
fi

# The check above can fail: without the index on participants(person_id) the query of who
# took part scans participants, and is named.
cp "$DB" "$WORK/noidx.db"
sqlite3 "$WORK/noidx.db" "DROP INDEX participants_person"
scans "$WORK/noidx.db" >"$WORK/scans2"
grep -q 'FROM participants x' "$WORK/scans2" && ok || bad "a dropped index is not noticed"
grep -q '    .*SCAN x' "$WORK/scans2" && ok || bad "the scan of participants is not shown"

finish
