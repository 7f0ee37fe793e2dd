-- return_bogus_status.lua — check returns a table with a status the engine does not know.
-- expect: error
-- message: invalid status
rule {  -- HARM
  id = "hostile-return_bogus_status", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: return_bogus_status", due = "quarter",
  check = function(ctx) return { status = "excellent", message = "trust me" } end,
}
