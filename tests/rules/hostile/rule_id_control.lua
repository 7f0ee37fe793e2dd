-- rule_id_control.lua — declares a rule id with a control character and a NUL in it.
-- expect: problem
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: a rule id is letters, digits
rule {  -- HARM
  id = "hostile-rule_id\n\0control", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: rule_id_control", due = "quarter",
  check = function(ctx) return pass("odd id") end,
}
