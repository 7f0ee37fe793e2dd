-- memory_table_pcall.lua — grows a table until memory runs out, inside pcall, and then claims
-- to pass.
-- expect: error
-- message: memory limit
rule {
  id = "hostile-memory_table_pcall", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: memory_table_pcall", due = "quarter",
  check = function(ctx)
    local ok = pcall(function()
      local t = {}
      for i = 1, math.maxinteger do t[i] = { i } end  -- HARM
    end)
    return pass("survived the bomb: " .. tostring(ok))
  end,
}
