-- load_chunk_error.lua — an error inside a chunk built with load(): the finding still names the rule file and line, not "(load):1".
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: attempt to index a nil value (local 'settings') (load() text, line 2)
rule {
  id = "hostile-load_chunk_error", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: load_chunk_error", due = "quarter",
  check = function(ctx)
    local f = assert(load("local settings = nil\nreturn settings.threshold"))
    return pass("threshold " .. f())  -- HARM
  end,
}
