-- string_dump.lua — turns a function into bytecode with string.dump.
-- expect: error
-- message: field 'dump'
rule {
  id = "hostile-string_dump", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: string_dump", due = "quarter",
  check = function(ctx)
    local code = string.dump(function() return 1 end)  -- HARM
    return pass("dumped " .. #code .. " bytes")
  end,
}
