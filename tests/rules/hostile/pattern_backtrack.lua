-- pattern_backtrack.lua — a Lua pattern that backtracks for hours inside one library call,
-- where the instruction count never advances.
-- expect: error
-- message: pattern
rule {
  id = "hostile-pattern_backtrack", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: pattern_backtrack", due = "quarter",
  check = function(ctx)
    local s = string.rep("a", 3000)
    local at = s:find(string.rep("a-", 4) .. "b")  -- HARM
    return pass("searched: " .. tostring(at))
  end,
}
