-- instr_loop.lua — instr() over long strings, again and again: each call one opcode (O(n*m) in SQLite's own instr), each query short; only the call's deadline stops the loop.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: time limit
rule {
  id = "hostile-instr_loop", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: instr_loop", due = "quarter",
  check = function(ctx)
    local hay, needle = string.rep("a", 900000), string.rep("a", 450000) .. "b"
    local found = 0
    for i = 1, 1000000000 do
      found = found + db.value("SELECT instr(?, ?)", hay, needle)  -- HARM
    end
    return pass("found " .. found)
  end,
}
