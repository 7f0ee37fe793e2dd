-- memory_rep_pcall.lua — asks string.rep for a gigabyte inside pcall, and then claims to pass.
-- expect: error
-- message: memory limit
rule {
  id = "hostile-memory_rep_pcall", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: memory_rep_pcall", due = "quarter",
  check = function(ctx)
    local ok = pcall(string.rep, "x", 1 << 30)  -- HARM
    return pass("survived the bomb: " .. tostring(ok))
  end,
}
