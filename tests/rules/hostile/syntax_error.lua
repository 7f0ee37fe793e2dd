-- syntax_error.lua — not valid Lua.
-- expect: problem
-- message: unexpected symbol near '='
rule {
  id = "hostile-syntax_error", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: syntax_error", due = "quarter",
  severity = = "high",  -- HARM
  check = function(ctx) return pass("") end,
}
