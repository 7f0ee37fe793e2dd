-- memory_pcall_storm.lua — a pcall loop of allocations the cap refuses: each refusal would cost a full collection; the call must fail fast instead.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: memory limit
rule {
  id = "hostile-memory_pcall_storm", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: memory_pcall_storm", due = "quarter",
  check = function(ctx)
    local keep = {}
    for i = 1, 1000000000 do
      pcall(function() local s = "x" while true do s = s .. s; keep[i] = s end end)  -- HARM
    end
    return pass("survived")
  end,
}
