-- top_level_error.lua — fails while loading, before declaring its rule.
-- expect: problem
-- message: attempt to index a nil value
local settings = nil
local threshold = settings.threshold  -- HARM
rule {
  id = "hostile-top_level_error", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: top_level_error", due = "quarter",
  check = function(ctx) return pass("threshold " .. threshold) end,
}
