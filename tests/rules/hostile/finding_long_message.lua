-- finding_long_message.lua — returns a finding whose message is 200,000 bytes: a finding's size is bounded, and the error names the rule.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: over the limit
rule {  -- HARM
  id = "hostile-finding_long_message", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: finding_long_message", due = "quarter",
  check = function(ctx)
    return fail(string.rep("long ", 40000))
  end,
}
