-- points_nan.lua — declares points as NaN (0/0): every comparison with NaN is false, so it passed the range check and made every unit's score "-".
-- expect: problem
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: must be a number from 0 to 100
rule {  -- HARM
  id = "hostile-points_nan", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: points_nan", due = "quarter", points = 0/0,
  check = function(ctx) return pass("nan points") end,
}
