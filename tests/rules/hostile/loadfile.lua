-- loadfile.lua — loads another file as a chunk from inside check.
-- expect: error
-- message: undefined global 'loadfile'
rule {
  id = "hostile-loadfile", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: loadfile", due = "quarter",
  check = function(ctx)
    local f = loadfile("/etc/passwd")  -- HARM
    return pass(tostring(f))
  end,
}
