-- return_looping_index.lua — check returns a table whose metatable loops forever on every
-- lookup, length or conversion, hoping the engine reads it outside the limits.
-- expect: error
-- message: invalid status
rule {  -- HARM
  id = "hostile-return_looping_index", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: return_looping_index", due = "quarter",
  check = function(ctx)
    local loop = function() while true do end end
    return setmetatable({}, { __index = loop, __len = loop, __tostring = loop, __pairs = loop, __eq = loop })
  end,
}
