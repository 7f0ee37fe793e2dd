-- pollute_check.lua — inside check, replaces library functions in its own copies and sets a
-- global with rawset (all allowed: they are this file's own tables), then shows that string
-- methods still use the untouched library. Rules checked after it must see none of this.
-- expect: pass
-- message: method upper gives X
rule {  -- HARM
  id = "hostile-pollute_check", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: pollute_check", due = "quarter",
  check = function(ctx)
    string.upper = function() return "PWNED" end
    table.insert = function() end
    rawset(_G, "LEAKED", "from pollute_check")
    setmetatable(string, { __index = function() return function() return "PWNED" end end })
    return pass("method upper gives " .. ("x"):upper())
  end,
}
