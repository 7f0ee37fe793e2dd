-- memory_string.lua — doubles a string until memory runs out.
-- expect: error
-- message: memory limit
rule {
  id = "hostile-memory_string", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: memory_string", due = "quarter",
  check = function(ctx)
    local s = "x"
    while true do s = s .. s end  -- HARM
  end,
}
