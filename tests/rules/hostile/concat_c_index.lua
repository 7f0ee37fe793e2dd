-- concat_c_index.lua — table.concat over a table whose __len claims 2^61 elements and whose __index is a C function: one C call that would loop for ever.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: beyond the limit
rule {
  id = "hostile-concat_c_index", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: concat_c_index", due = "quarter",
  check = function(ctx)
    local t = setmetatable({}, { __index = rawlen, __len = function() return 1 << 61 end })
    local s = table.concat(t, ",")  -- HARM
    return pass("joined " .. #s)
  end,
}
