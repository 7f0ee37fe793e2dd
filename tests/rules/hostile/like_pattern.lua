-- like_pattern.lua — a LIKE whose pattern is thousands of wildcards over a long string: O(n*m) inside one SQLite opcode, where no progress handler runs.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: too complex
rule {
  id = "hostile-like_pattern", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: like_pattern", due = "quarter",
  check = function(ctx)
    local n = db.value("SELECT ? LIKE ?", string.rep("a", 500000), string.rep("%a", 5000) .. "b")  -- HARM
    return pass("like " .. tostring(n))
  end,
}
