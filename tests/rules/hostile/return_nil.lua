-- return_nil.lua — check returns nothing.
-- expect: error
-- message: check must return
rule {  -- HARM
  id = "hostile-return_nil", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: return_nil", due = "quarter",
  check = function(ctx) end,
}
