-- step_limit_pcall.lua — catches the step limit of a runaway query with pcall and keeps querying: once the call's query budget is spent, every later query fails at once, and the
-- finding points where the budget went.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: limit (
rule {
  id = "hostile-step_limit_pcall", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: step_limit_pcall", due = "quarter",
  check = function(ctx)
    local cte = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
    local ok = pcall(db.value, cte)  -- HARM
    local n = db.value("SELECT count(*) FROM units")
    return pass("still querying: " .. tostring(ok) .. " " .. tostring(n))
  end,
}
