-- load_global.lua — compiles text with load() that assigns globals (one new, one a library
-- function) and names the chunk after another file, so the error would seem to come from there.
-- expect: error
-- message: assignment to undeclared global 'LEAKED'
rule {
  id = "hostile-load_global", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: load_global", due = "quarter",
  check = function(ctx)
    local f = assert(load("LEAKED = true; string.upper = nil", "@/etc/passwd"))
    f()  -- HARM
    return pass("set a global")
  end,
}
