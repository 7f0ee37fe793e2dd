-- pollute_top.lua — at the top level, replaces library functions in its own copies, sets a
-- global with rawset, then tries to reach the shared string library through the string
-- metatable. Files loaded after it must see none of this.
-- expect: problem
-- message: attempt to index a nil value
rule {
  id = "hostile-pollute_top", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: pollute_top", due = "quarter",
  check = function(ctx) return pass("polluted at load time") end,
}
string.upper = function() return "PWNED" end
table.insert = function() end
math.floor = nil
rawset(_G, "LEAKED", "from pollute_top")
getmetatable("").__index.upper = function() return "PWNED" end  -- HARM
