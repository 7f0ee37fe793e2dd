-- db_insert.lua — adds a unit through the read-only query API.
-- expect: error
-- message: not authorized
rule {
  id = "hostile-db_insert", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_insert", due = "quarter",
  check = function(ctx)
    db.rows("INSERT INTO units(id, name) VALUES ('EVIL', 'evil')")  -- HARM
    return pass("wrote to the database")
  end,
}
