-- infinite_loop.lua — never returns.
-- expect: error
-- message: instruction limit
rule {
  id = "hostile-infinite_loop", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: infinite_loop", due = "quarter",
  check = function(ctx)
    while true do end  -- HARM
  end,
}
