-- rule_in_check.lua — declares more rules while the check is running (the engine is
-- iterating over its rule list at that moment).
-- expect: error
-- message: rule{}
rule {
  id = "hostile-rule_in_check", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: rule_in_check", due = "quarter",
  check = function(ctx)
    for i = 1, 100 do
      rule { id = "spawned-" .. i, clause = "三、6", text = "利用春节、六一、中秋、国庆等节日", title = "spawned", due = "quarter", check = function() return pass("") end }  -- HARM
    end
    return pass("declared 100 more rules")
  end,
}
