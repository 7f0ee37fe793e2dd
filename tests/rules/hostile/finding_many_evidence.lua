-- finding_many_evidence.lua — returns a finding with 50,000 evidence refs.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: evidence items, over the limit
rule {  -- HARM
  id = "hostile-finding_many_evidence", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: finding_many_evidence", due = "quarter",
  check = function(ctx)
    local ev = {}
    for i = 1, 50000 do ev[i] = "activities:A1" end
    return pass("plenty", ev)
  end,
}
