#!/bin/sh
# setcheck.sh — set-based checks (check_all, issue 12 item 2). The whole findings JSON of the
# bundled sample and of a generated 100-unit department is the same byte for byte whether the
# rules judge a window's units in one call (the default), unit by unit (YAODIAN_SET_BATCH=1:
# each rule's check(), one query per unit) or in odd batches of 7; the query log shows the
# modes really differ. A check_all that breaks, returns no table, leaves a unit out, names a
# unit it was not asked for or loops gives error findings at its file:line, and the other
# units and rules are judged as usual; lint refuses a check_all that is neither a function
# nor true.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK="--period 2020 --as-of 2021-01-15 --format json"

# modes NAME DB: the check of DB in the three modes, compared; the queries each ran counted.
modes() {
	for b in 500 1 7; do
		YAODIAN_SET_BATCH=$b YAODIAN_SQL_LOG=$WORK/$1-$b.sql run check --db "$2" $CHECK --output "$WORK/$1-$b.json"
		[ "$RC" -le 1 ] && ok || bad "$1: check with batch $b: exit $RC"
	done
	[ -s "$WORK/$1-500.json" ] && ok || bad "$1: the check wrote no findings"
	for b in 1 7; do
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
