-- string_dump_method.lua — reaches string.dump through the string metatable
-- (the methods of ("") are the real string library, not the rule's copy).
-- expect: error
-- message: field 'dump'
rule {
  id = "hostile-string_dump_method", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: string_dump_method", due = "quarter",
  check = function(ctx)
    local code = ("").dump(function() return 1 end)  -- HARM
    return pass("dumped " .. #code .. " bytes")
  end,
}
