-- slow_copies.lua — copies a 500 kB string millions of times: few instructions, much work in each C call; only the call's deadline stops it.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: time limit
rule {
  id = "hostile-slow_copies", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: slow_copies", due = "quarter",
  check = function(ctx)
    local n = 0
    for i = 1, 1000000000 do
      n = n + #string.rep("x", 500000)  -- HARM
    end
    return pass("copied " .. n)
  end,
}
