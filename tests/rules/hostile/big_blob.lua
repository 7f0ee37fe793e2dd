-- big_blob.lua — builds a value past SQLite's length limit without printf (zeroblob, then hex
-- of it doubles it): SQLite allocates outside the Lua cap, so SQLITE_LIMIT_LENGTH must refuse it.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: length limit
rule {
  id = "hostile-big_blob", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: big_blob", due = "quarter",
  check = function(ctx)
    local n = db.value("SELECT length(hex(zeroblob(600000000)))")  -- HARM
    return pass("built " .. tostring(n))
  end,
}
