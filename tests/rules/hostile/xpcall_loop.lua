-- xpcall_loop.lua — like pcall_loop, with a message handler that loops as well.
-- expect: error
-- message: instruction limit
rule {
  id = "hostile-xpcall_loop", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: xpcall_loop", due = "quarter",
  check = function(ctx)
    while true do xpcall(function() while true do end end, function() while true do end end) end  -- HARM
  end,
}
