-- pcall_loop.lua — loops forever, catching the instruction-limit error with pcall each time.
-- expect: error
-- message: instruction limit
rule {
  id = "hostile-pcall_loop", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: pcall_loop", due = "quarter",
  check = function(ctx)
    while true do pcall(function() while true do end end) end  -- HARM
  end,
}
