-- gc_finalizer.lua — leaves behind a table whose finalizer loops forever, to run when the
-- engine collects garbage or closes the state, outside any rule call and its limits.
-- expect: error
-- message: __gc
rule {
  id = "hostile-gc_finalizer", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: gc_finalizer", due = "quarter",
  check = function(ctx)
    setmetatable({}, { __gc = function() while true do end end })  -- HARM
    return pass("finalizer armed")
  end,
}
