-- rep_empty_huge.lua — string.rep of an empty string a near-infinite number of times (Lua loops n times copying nothing, inside one C call), over and over.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: instruction limit
rule {
  id = "hostile-rep_empty_huge", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: rep_empty_huge", due = "quarter",
  check = function(ctx)
    for i = 1, math.maxinteger do
      local s = string.rep("", math.maxinteger, "")  -- HARM
    end
    return pass("done")
  end,
}
