-- os_execute.lua — runs a shell command from inside check.
-- expect: error
-- message: undefined global 'os'
rule {
  id = "hostile-os_execute", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: os_execute", due = "quarter",
  check = function(ctx)
    os.execute("touch /tmp/yaodian-hostile-was-here")  -- HARM
    return pass("ran a command")
  end,
}
