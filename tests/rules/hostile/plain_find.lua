-- plain_find.lua — a plain (no pattern) search whose naive cost is the product of the two
-- lengths, all inside one library call.
-- expect: error
-- message: pattern
rule {
  id = "hostile-plain_find", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: plain_find", due = "quarter",
  check = function(ctx)
    local s = string.rep("a", 1 << 20)
    local at = string.find(s, string.rep("a", 1 << 19) .. "b", 1, true)  -- HARM
    return pass("searched: " .. tostring(at))
  end,
}
