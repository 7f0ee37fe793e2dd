-- memory_hoard.lua — keeps what each call builds in a table of the file, until the file holds its whole memory cap: the file that filled it is named, not the rules that run after it.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: memory limit exceeded by rule file
-- holds: memory
local hoard = {}
rule {
  id = "hostile-memory_hoard", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: memory_hoard", due = "quarter",
  check = function(ctx)
    for i = 1, 1000000000 do
      hoard[#hoard + 1] = string.rep("h", 100000) .. i  -- HARM
    end
    return pass("hoarded " .. #hoard)
  end,
}
