-- db_pragma.lua — makes the schema writable through the read-only query API.
-- expect: error
-- message: not authorized
rule {
  id = "hostile-db_pragma", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_pragma", due = "quarter",
  check = function(ctx)
    db.rows("PRAGMA writable_schema=1")  -- HARM
    return pass("wrote to the database")
  end,
}
