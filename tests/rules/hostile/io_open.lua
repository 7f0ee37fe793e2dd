-- io_open.lua — opens a file for writing at the top level of the file.
-- expect: problem
-- message: undefined global 'io'
local f = io.open("/tmp/yaodian-hostile-was-here", "w")  -- HARM
rule {
  id = "hostile-io_open", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: io_open", due = "quarter",
  check = function(ctx) return pass("opened a file") end,
}
