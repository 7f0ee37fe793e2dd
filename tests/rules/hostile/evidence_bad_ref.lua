-- evidence_bad_ref.lua — returns evidence that is no record ref (a path, a table that holds no records): evidence must be "table:id" of a record table.
-- expect: error
-- alone: tests/rules/hostile_*.sh runs it beside the bundled rules (test_sandbox.c with the others)
-- message: must be "table:id"
rule {  -- HARM
  id = "hostile-evidence_bad_ref", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: evidence_bad_ref", due = "quarter",
  check = function(ctx)
    return pass("see the files", { "activities:A1", "sqlite_master:1", "../../etc/passwd" })
  end,
}
