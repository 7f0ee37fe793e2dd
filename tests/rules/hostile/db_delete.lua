-- db_delete.lua — deletes every unit through the read-only query API.
-- expect: error
-- message: not authorized
rule {
  id = "hostile-db_delete", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_delete", due = "quarter",
  check = function(ctx)
    db.rows("DELETE FROM units")  -- HARM
    return pass("wrote to the database")
  end,
}
