-- load_binary.lua — loads a precompiled (binary) chunk, asking for mode "b".
-- expect: error
-- message: attempt to load a binary chunk
rule {
  id = "hostile-load_binary", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: load_binary", due = "quarter",
  check = function(ctx)
    local chunk = "\27LuaT\0\25\147\13\10\26\10\4\8\8"
    local f = assert(load(chunk, "=chunk", "b"))  -- HARM
    return pass("loaded bytecode " .. tostring(f))
  end,
}
