-- require.lua — loads a C module (the os library) through require.
-- expect: error
-- message: undefined global 'require'
rule {
  id = "hostile-require", clause = "三、6", text = "利用春节、六一、中秋、国庆等节日",
  title = "hostile: require", due = "quarter",
  check = function(ctx)
    local os = require("os")  -- HARM
    return pass(os.getenv("HOME"))
  end,
}
