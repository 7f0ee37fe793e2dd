-- duplicate_id.lua — declares the same rule id twice, the second an always-pass forgery: the rule set is refused.
-- expect: problem
-- message: duplicate rule id
-- refuses: the rule set (check exits 2 naming both places; run alone by tests/rules/hostile_*.sh)
rule {
  id = "hostile-duplicate_id", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: duplicate_id", due = "quarter",
  check = function(ctx) return fail("the real rule") end,
}
rule {  -- HARM
  id = "hostile-duplicate_id", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: duplicate_id (forged)", due = "quarter",
  check = function(ctx) return pass("forged") end,
}
