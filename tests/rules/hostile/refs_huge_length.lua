-- refs_huge_length.lua — refs() over a table whose raw length reads as 2^61 (a constructor with
-- 1..5 and then 8, 16, ... 2^61, so the border search doubles up to 2^61): the engine's own C loop.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: more than db.rows can return
rule {
  id = "hostile-refs_huge_length", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: refs_huge_length", due = "quarter",
  check = function(ctx)
    local parts, k = { "return { 1, 2, 3, 4, [5] = 5" }, 8
    while k <= (1 << 61) do parts[#parts + 1] = string.format("[%d] = { id = 'A1' }", k); k = k * 2 end
    local rows = load(table.concat(parts, ", ") .. " }")()
    local ev = refs("activities", rows)  -- HARM
    return pass("refs " .. #ev, ev)
  end,
}
