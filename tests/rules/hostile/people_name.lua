-- people_name.lua — tries to read people's names (hidden from rules: every read of
-- people.name gives NULL, in the result and in WHERE alike).
-- expect: fail
-- message: name=nil named=0 of=
rule {  -- HARM
  id = "hostile-people_name", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: people_name", due = "quarter",
  check = function(ctx)
    local row = db.one("SELECT * FROM people WHERE unit_id = ? ORDER BY category, id", ctx.unit)
    local named = db.value([[SELECT count(*) FROM people WHERE name IS NOT NULL OR length(name) > 0
                             OR name LIKE ? OR (SELECT group_concat(name) FROM people) IS NOT NULL]], "%")
    local all = db.value("SELECT count(*) FROM people")
    return fail(string.format("id=%s name=%s named=%d of=%d", tostring(row and row.id), tostring(row and row.name),
                              named, all))
  end,
}
