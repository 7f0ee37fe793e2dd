-- query_loop.lua — many queries, each well under the step limit, in a loop: the limit is for
-- the whole call, so the loop is stopped, not just each query.
-- expect: error
-- message: limit (
rule {
  id = "hostile-query_loop", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: query_loop", due = "quarter",
  check = function(ctx)
    local total = 0
    for i = 1, 100000 do
      total = total + db.value("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200000) SELECT count(*) FROM c")  -- HARM
    end
    return pass("counted " .. tostring(total))
  end,
}
