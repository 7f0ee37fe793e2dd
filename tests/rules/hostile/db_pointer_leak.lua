-- db_pointer_leak.lua — asks SQLite for the address of a tokenizer module (fts3_tokenizer),
-- an address-space leak and the first step of the known fts3_tokenizer exploits.
-- expect: error
-- message: not authorized
rule {
  id = "hostile-db_pointer_leak", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: db_pointer_leak", due = "quarter",
  check = function(ctx)
    local p = db.value("SELECT hex(fts3_tokenizer(?))", "simple")  -- HARM
    return pass("tokenizer at 0x" .. tostring(p))
  end,
}
