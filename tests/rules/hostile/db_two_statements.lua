-- db_two_statements.lua — hides a write after a harmless query in one string.
-- expect: error
-- message: one SQL statement per query
rule {
  id = "hostile-db_two_statements", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_two_statements", due = "quarter",
  check = function(ctx)
    db.rows("SELECT 1; DELETE FROM units")  -- HARM
    return pass("wrote to the database")
  end,
}
