-- runaway_cte.lua — a recursive query that never ends.
-- expect: error
-- message: limit (
rule {
  id = "hostile-runaway_cte", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: runaway_cte", due = "quarter",
  check = function(ctx)
    local n = db.value("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")  -- HARM
    return pass("counted " .. tostring(n))
  end,
}
