-- return_number.lua — check returns a number.
-- expect: error
-- message: check must return
rule {  -- HARM
  id = "hostile-return_number", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: return_number", due = "quarter",
  check = function(ctx) return 42 end,
}
