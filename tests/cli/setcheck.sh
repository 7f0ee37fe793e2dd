#!/bin/sh
# setcheck.sh — set-based checks (check_all, issue 12 item 2). The whole findings JSON of the
# bundled sample and of a generated 100-unit department is the same byte for byte whether the
# rules judge a window's units in calls sized to their memory (the default), 500 units a call,
# unit by unit (YAODIAN_SET_BATCH=1: each rule's check(), one query per unit) or in odd batches
# of 7; the query log shows the modes really differ. A rule holding much per unit is judged in
# smaller calls; a call over the memory cap is made again in halves, and rows scale with the
# units, so neither turns units that fit one by one into errors. A check_all that breaks, returns no table, leaves a unit out, names a
# unit it was not asked for or loops gives error findings at its file:line, and the other
# units and rules are judged as usual; lint refuses a check_all that is neither a function
# nor true.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK="--period 2020 --as-of 2021-01-15 --format json"

# modes NAME DB: the check of DB in the four modes, compared; the queries each ran counted.
# "auto" is the default (no YAODIAN_SET_BATCH: the calls' size adapts to their memory).
modes() {
	for b in auto 500 1 7; do
		if [ $b = auto ]; then
			YAODIAN_SQL_LOG=$WORK/$1-$b.sql run check --db "$2" $CHECK --output "$WORK/$1-$b.json"
		else
			YAODIAN_SET_BATCH=$b YAODIAN_SQL_LOG=$WORK/$1-$b.sql run check --db "$2" $CHECK --output "$WORK/$1-$b.json"
		fi
		[ "$RC" -le 1 ] && ok || bad "$1: check with batch $b: exit $RC"
	done
	[ -s "$WORK/$1-500.json" ] && ok || bad "$1: the check wrote no findings"
	for b in auto 1 7; do
		if cmp -s "$WORK/$1-500.json" "$WORK/$1-$b.json"; then ok; else
			bad "$1: the findings JSON of batch $b differs from the set-based one"
			diff "$WORK/$1-500.json" "$WORK/$1-$b.json" | head -6 >&2
		fi
	done
	set_q=$(grep -c ';$' "$WORK/$1-500.sql")
	unit_q=$(grep -c ';$' "$WORK/$1-1.sql")
	[ "$set_q" -gt 0 ] && [ $((set_q * 2)) -lt "$unit_q" ] && ok ||
		bad "$1: set-based mode ran $set_q queries, unit by unit $unit_q: the modes should differ"
	grep -q 'json_each' "$WORK/$1-500.sql" && ok || bad "$1: no query bound to the unit list"
	grep -q 'json_each' "$WORK/$1-1.sql" && bad "$1: unit by unit ran a set-based query" || ok
}

DB=$WORK/sample.db
sample_db "$DB"
modes sample "$DB"
findings=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/sample-500.json")
[ "$findings" -gt 100 ] && ok || bad "the sample's check has only $findings findings"

GEN=$WORK/gen
"$PY" "$ROOT/tests/gendept.py" --units 100 --seed 3 "$GEN" >/dev/null
GDB=$WORK/gen.db
run init --db "$GDB"
for k in $KINDS; do
	[ -f "$GEN/$k.csv" ] || continue
	run import --db "$GDB" "$k" "$GEN/$k.csv"
	expect_rc 0 "import the generated $k"
done
modes gen100 "$GDB"

# ---- what a call may hold: the size of the calls adapts to their memory ----
# Two rules over the 100 units, the same query each call: "light" holds nothing per unit,
# "heavy" 300 KB per unit until it returns. Left to adapt, heavy is judged in more, smaller
# calls than light (its first call's memory per unit says how many the next may take), and
# the findings are those of unit by unit.
# rules_dir DIR FILE: the bundled plan and lib/ in DIR, with FILE (stdin) as 50_FILE.lua.
rules_dir() {
	mkdir -p "$1"
	cp -R "$ROOT/rules/00_plan.lua" "$ROOT/rules/lib" "$1/"
	cat >"$1/50_$2.lua"
}
# check_modes NAME DB RULES ARGS...: checks DB with RULES left to adapt and unit by unit,
# into $WORK/NAME-auto.json and NAME-1.json (queries in .sql); each exit code in RC_auto, RC_1.
check_modes() {
	_n=$1 _db=$2 _rules=$3
	shift 3
	YAODIAN_SQL_LOG=$WORK/$_n-auto.sql run check --db "$_db" --rules "$_rules" "$@" --output "$WORK/$_n-auto.json"
	RC_auto=$RC
	YAODIAN_SET_BATCH=1 YAODIAN_SQL_LOG=$WORK/$_n-1.sql run check --db "$_db" --rules "$_rules" "$@" --output "$WORK/$_n-1.json"
	RC_1=$RC
	cmp -s "$WORK/$_n-auto.json" "$WORK/$_n-1.json" && ok || bad "$_n: the default calls and unit by unit give other findings"
}

rules_dir "$WORK/adapt" adapt <<'LUA'
local function decl(id, per_unit)
  return { id = id, clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = id, due = "year",
           check_all = function(ctx)
             local hold, out = {}, {}
             for _, r in ipairs(db.rows("SELECT id AS " .. id .. " FROM units WHERE id IN " ..
                                        "(SELECT value FROM json_each(?))", ctx.unit_list)) do
               hold[#hold + 1] = string.rep("x", per_unit)
               out[r[id]] = pass("held " .. #hold[#hold])
             end
             return out
           end }
end
rule(decl("light", 0))
rule(decl("heavy", 300000))
LUA
check_modes adapt "$GDB" "$WORK/adapt" $CHECK
[ "$RC_auto" -le 1 ] && [ "$RC_1" -le 1 ] && ok || bad "adapting rules: exit $RC_auto and $RC_1"
light=$(grep -c 'AS light' "$WORK/adapt-auto.sql")
heavy=$(grep -c 'AS heavy' "$WORK/adapt-auto.sql")
[ "$light" -ge 1 ] && [ "$light" -le 2 ] && ok || bad "light judged 100 units in $light calls (want 1 or 2)"
[ "$heavy" -ge 4 ] && ok || bad "heavy (300 KB a unit) judged 100 units in $heavy calls: its calls did not get smaller"
errors=$("$PY" -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["status"] == "error"))' "$WORK/adapt-auto.json")
expect_eq "$errors" "0" "no error finding from the adapting rules"

# The memory cap is the rule file's, whatever the units of a call: a call that does not fit is
# made again for each half, so units that fit one by one are judged as one by one (--max-memory
# 8: three units holding 3 MB each do not fit in one call, each alone does); a unit that does
# not fit alone is an error finding of its own.
rules_dir "$WORK/mem" mem <<'LUA'
local function decl(id, bytes_of)
  return { id = id, clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = id, due = "year",
           check_all = function(ctx)
             local hold, out = {}, {}
             for _, u in ipairs(ctx.units) do
               hold[u] = string.rep("m", bytes_of(u))
               out[u] = pass(u .. " held " .. #hold[u])
             end
             return out
           end }
end
rule(decl("mem-each-fits", function(u) return 3000000 end))
rule(decl("mem-bgs-too-big", function(u) return u == "BGS" and 12000000 or 1000 end))
LUA
check_modes mem "$DB" "$WORK/mem" --max-memory 8 --period 2020 --as-of 2021-01-15 --format json --lang en
expect_eq "$RC_auto $RC_1" "3 3" "memory rules: exit 3 (BGS's error) in both modes"
got=$("$PY" - "$WORK/mem-auto.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
by = {(f["rule_id"], f["unit"]["id"]): (f["status"], f["message"]) for f in d["findings"] if f["rule_id"].startswith("mem-")}
want = {("mem-each-fits", u): ("pass", u + " held 3000000") for u in ("BGS", "JYS", "ZFZD")}
want.update({("mem-bgs-too-big", u): ("pass", u + " held 1000") for u in ("JYS", "ZFZD")})
bad = [k for k, v in want.items() if by.get(k) != v]
g = by.get(("mem-bgs-too-big", "BGS"))
if not g or g[0] != "error" or "memory" not in g[1]:
    bad.append(("mem-bgs-too-big", "BGS", g))
print(bad or "ok")
PYEOF
)
expect_eq "$got" "ok" "each unit that fits the cap alone passes; BGS, over it alone, is a memory error"

# Rows scale with the units, as steps do: 40,000 rows for each of the three units in one query
# (120,000, over the 100,000 of one unit's call) are the three units' due.
rules_dir "$WORK/rows" rows <<'LUA'
rule { id = "rows-per-unit", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "rows", due = "year",
       check_all = function(ctx)
         local n = {}
         for _, r in ipairs(db.rows("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000) " ..
                                    "SELECT u.value AS unit_id, c.x AS x FROM json_each(?) AS u, c", ctx.unit_list)) do
           n[r.unit_id] = (n[r.unit_id] or 0) + 1
         end
         local out = {}
         for _, u in ipairs(ctx.units) do out[u] = pass(u .. " rows " .. (n[u] or 0)) end
         return out
       end }
LUA
run check --db "$DB" --rules "$WORK/rows" --period 2020 --as-of 2021-01-15 --format json --lang en
expect_rc 0 "120,000 rows for three units in one query: no error"
for u in BGS JYS ZFZD; do expect_out "\"$u rows 40000\"" "$u got its 40,000 rows"; done

# ---- hostile and partial check_all, over the sample's three units (BGS, JYS, ZFZD) ----
RD=$WORK/rules
mkdir -p "$RD"
cp -R "$ROOT/rules/00_plan.lua" "$ROOT/rules/lib" "$RD/"
cat >"$RD/50_set.lua" <<'EOF'
local function decl(id, fn)
  return { id = id, clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = id, due = "year",
           check_all = fn }
end
rule(decl("set-ok", function(ctx)
  local n = {}
  for _, r in ipairs(db.rows("SELECT unit_id, count(*) AS n FROM activities WHERE unit_id IN " ..
                             "(SELECT value FROM json_each(?)) GROUP BY unit_id", ctx.unit_list)) do
    n[r.unit_id] = r.n
  end
  local out = {}
  for _, u in ipairs(ctx.units) do
    out[u] = u == "BGS" and pass(ctx.unit_names[u] .. " " .. (n[u] or 0)) or fail("no " .. u)
  end
  return out
end))
rule(decl("set-error", function(ctx)
  error("broken set")
end))
rule(decl("set-not-table", function(ctx)
  return 42
end))
rule(decl("set-omits", function(ctx)
  return { [ctx.units[1]] = pass("first only") }
end))
rule(decl("set-stranger", function(ctx)
  local out = { NOPE = pass("who?") }
  for _, u in ipairs(ctx.units) do out[u] = pass("ok") end
  return out
end))
rule(decl("set-loop", function(ctx)
  while true do end
end))
rule { id = "set-one-verdict", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "one", due = "year",
       check_all = true, check = function(ctx) return pass("one unit only") end }
EOF
F=$RD/50_set.lua
run check --db "$DB" --rules "$RD" --period 2020 --as-of 2021-01-15 --format json --lang en --max-instructions 1000000
expect_rc 3 "broken check_all rules: exit 3 (errors)"
got=$("$PY" - "$OUT" "$F" "$(sql "$DB" "SELECT name FROM units WHERE id = 'BGS'")" \
	"$(sql "$DB" "SELECT count(*) FROM activities WHERE unit_id = 'BGS'")" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = sys.argv[2]
by = {}
for x in d["findings"]:
    by.setdefault(x["rule_id"], {})[x["unit"]["id"]] = (x["status"], x["message"], x["source"])
text = open(f, encoding="utf-8").read().splitlines()
def line(s): return "%s:%d" % (f, next(i + 1 for i, t in enumerate(text) if s in t))
want = {
    "set-ok": {"BGS": ("pass", None, None), "JYS": ("fail", "no JYS", None), "ZFZD": ("fail", "no ZFZD", None)},
    "set-error": {u: ("error", "broken set", line('error("broken set")')) for u in ("BGS", "JYS", "ZFZD")},
    "set-not-table": {u: ("error", "check_all must return a table", line('"set-not-table"')) for u in ("BGS", "JYS", "ZFZD")},
    "set-omits": {"BGS": ("pass", "first only", None), "JYS": ("error", "check_all gave no verdict for unit JYS", line('"set-omits"')),
                  "ZFZD": ("error", "check_all gave no verdict for unit ZFZD", line('"set-omits"'))},
    "set-stranger": {u: ("error", "unit NOPE, which it was not asked to judge", line('"set-stranger"')) for u in ("BGS", "JYS", "ZFZD")},
    "set-loop": {u: ("error", "instruction limit", None) for u in ("BGS", "JYS", "ZFZD")},
    "set-one-verdict": {u: ("error", "check_all returned one verdict, not one per unit", line('"set-one-verdict"'))
                        for u in ("BGS", "JYS", "ZFZD")},
}
for rule, units in want.items():
    for u, (st, msg, src) in units.items():
        g = by.get(rule, {}).get(u)
        if not g or g[0] != st or (msg and msg not in g[1]) or (src and g[2] != src):
            print("%s %s: got %r, want %r" % (rule, u, g, (st, msg, src)))
# set-ok's message is the unit's name from ctx.unit_names and its count of activities
print("ok" if by["set-ok"]["BGS"][1] == "%s %d" % (sys.argv[3], int(sys.argv[4])) else "set-ok BGS: %r" % (by["set-ok"]["BGS"],))
PYEOF
)
expect_eq "$(echo "$got" | tail -n 1)" "ok" "set-ok names the unit"
expect_eq "$(echo "$got" | sed '$d')" "" "each broken check_all gives the findings expected, at its file:line"

# The instruction limit is per unit: with 1,000,000 for each of the 3 units a loop of 2,000,000
# instructions in one call still fits, and with --unit BGS (one unit) it does not.
cat >"$RD/50_set.lua" <<'EOF'
rule { id = "set-budget", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "budget", due = "year",
       check_all = function(ctx)
         local x = 0
         for i = 1, 1000000 do x = x + i end
         local out = {}
         for _, u in ipairs(ctx.units) do out[u] = pass("summed " .. x) end
         return out
       end }
EOF
run check --db "$DB" --rules "$RD" --period 2020 --as-of 2021-01-15 --format json --lang en --max-instructions 1000000
expect_rc 0 "a check_all within the three units' budget passes"
run check --db "$DB" --rules "$RD" --period 2020 --as-of 2021-01-15 --format json --lang en --max-instructions 1000000 --unit BGS
expect_rc 3 "the same loop over one unit's budget is an error"
expect_out "instruction limit" "the finding says the instruction limit"

# explain judges one unit at a time, through check_all with that unit.
cat >"$RD/50_set.lua" <<'EOF'
rule { id = "set-explain", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "explain", due = "year",
       check_all = function(ctx)
         local out = {}
         for _, u in ipairs(ctx.units) do out[u] = pass("units in the call: " .. #ctx.units) end
         return out
       end }
EOF
run explain --db "$DB" --rules "$RD" set-explain --unit JYS --period 2020 --as-of 2021-01-15 --lang en
expect_rc 0 "explain of a check_all rule"
expect_out "units in the call: 1" "explain judges the one unit"

# lint: check_all must be a function or true, and true needs a check.
for bad_decl in 'check_all = 42' 'check_all = true'; do
	printf 'rule { id = "x", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "x", due = "year", %s }\n' \
		"$bad_decl" >"$RD/50_set.lua"
	run lint --rules "$RD" --lang en
	expect_rc 3 "lint refuses $bad_decl"
	expect_err "50_set.lua:1: check_all:" "lint names the field of $bad_decl"
done
finish
