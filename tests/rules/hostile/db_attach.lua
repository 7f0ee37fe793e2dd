-- db_attach.lua — attaches another database file through the read-only query API.
-- expect: error
-- message: not authorized
rule {
  id = "hostile-db_attach", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_attach", due = "quarter",
  check = function(ctx)
    db.rows("ATTACH DATABASE '/tmp/yaodian-hostile.db' AS evil")  -- HARM
    return pass("wrote to the database")
  end,
}
