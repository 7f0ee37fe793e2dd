-- sql_big_string.lua — asks SQLite for a 999,999,998-byte string: SQLite allocates outside the Lua cap and its printf loops per character inside one opcode, so
-- printf is refused (SQLITE_LIMIT_LENGTH bounds every other way of building a value: big_blob).
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: not authorized
rule {
  id = "hostile-sql_big_string", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: sql_big_string", due = "quarter",
  check = function(ctx)
    local n = db.value("SELECT length(printf('%.*c', 999999998, 'x'))")  -- HARM
    return pass("built " .. tostring(n))
  end,
}
