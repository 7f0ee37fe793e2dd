-- dofile.lua — runs another file at the top level.
-- expect: problem
-- message: undefined global 'dofile'
dofile("/etc/passwd")  -- HARM
rule {
  id = "hostile-dofile", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: dofile", due = "quarter",
  check = function(ctx) return pass("ran a file") end,
}
