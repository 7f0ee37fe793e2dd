#!/bin/sh
# lint.sh — `yaodian lint`: the bundled rules are clean; each kind of mistake in a rule file or
# a config file is one problem, printed as "file:line: field: message", with exit code 3.
. "$(dirname "$0")/lib.sh"

QUOTE="利用春节、六一、中秋、国庆等节日"

run lint --lang en
expect_rc 0 "bundled rules lint clean"
expect_out "66 rules, 12 clauses, 0 problems" "bundled rules: counts"
expect_eq "$(wc -c <"$ERR" | tr -d ' ')" 0 "bundled rules: nothing on stderr"
run lint --rules "$ROOT/rules"
expect_rc 0 "bundled rules by path, in Chinese"
expect_out "66 条规则,12 个条款,0 个问题" "Chinese summary"

# rules NAME BODY: a rules directory $WORK/NAME with the plan and 10_rule.lua holding BODY.
rules() {
	D=$WORK/$1
	mkdir "$D"
	cp "$ROOT/rules/00_plan.lua" "$D/"
	printf '%s\n' "$2" >"$D/10_rule.lua"
}

# rule FIELDS...: a rule{} whose first line is "rule {", then the given field lines, then the
# fields not given (id, clause, text, title, due) and a check.
rule() {
	echo "rule {"
	for f in "$@"; do case $f in -*) ;; *) echo "  $f" ;; esac; done
	for f in 'id = "r1"' 'clause = "三、6"' "text = \"$QUOTE\"" 'title = "t"' 'due = "quarter"'; do
		case " $* " in *" ${f%% =*} ="*|*"-${f%% =*}"*) ;; *) echo "  $f," ;; esac
	done
	echo '  check = function(ctx) return pass("ok") end,'
	echo "}"
}

# expect_problem DIR LINE FIELD MESSAGE WHAT: lint DIR reports exactly one problem, there.
expect_problem() {
	run lint --rules "$1" --lang en
	expect_rc 3 "$5: exit 3"
	expect_err "$1/10_rule.lua:$2: $3: $4" "$5: file:line: field: message"
	expect_out ", 1 problems" "$5: one problem"
	expect_eq "$(grep -c . "$ERR")" 1 "$5: one line on stderr"
}

rules missing "$(rule '-title')"
expect_problem "$WORK/missing" 1 title "missing" "missing field"

rules typo "$(printf '\n%s' "$(rule 'titel = "t",')")"
expect_problem "$WORK/typo" 2 titel "unknown field" "unknown field (typo)"

rules clause "$(rule 'clause = "五、12",')"
expect_problem "$WORK/clause" 1 clause "the plan has no such clause: 五、12" "unknown clause"

rules quote "$(rule 'text = "利用元旦等节日",')"
expect_problem "$WORK/quote" 1 text "quote not found in the text of clause 三、6" "quote not in the clause"

rules due "$(rule 'due = "weekly",')"
expect_problem "$WORK/due" 1 due "must be \"year\", \"half\"" "bad due spelling"

rules festival "$(rule 'due = { festival = "愚人节", before = 3, after = 3 },')"
expect_problem "$WORK/festival" 1 due.festival "no such festival in the calendar data: 愚人节" "unknown festival"

rules severity "$(rule 'severity = "critical",')"
expect_problem "$WORK/severity" 1 severity "must be high, medium or low" "bad severity"

rules params "$(rule 'params = { min = 1, kinds = { "a", "b" } },')"
expect_problem "$WORK/params" 1 params "parameter names must be strings and values numbers, strings or booleans" "params with a table value"

# The calendar fields: remind and prepare are days (0..366), show_window a boolean.
rules prepneg "$(rule 'prepare = -1,')"
expect_problem "$WORK/prepneg" 1 prepare "must be a number from 0 to 366" "prepare below 0"
rules prepstr "$(rule 'prepare = "ten",')"
expect_problem "$WORK/prepstr" 1 prepare "must be a number from 0 to 366" "prepare not a number"
rules remindbig "$(rule 'remind = 400,')"
expect_problem "$WORK/remindbig" 1 remind "must be a number from 0 to 366" "remind above 366"
rules showwin "$(rule 'show_window = "yes",')"
expect_problem "$WORK/showwin" 1 show_window "must be true or false" "show_window not a boolean"
rules calok "$(rule 'remind = 3,' 'prepare = 0,' 'show_window = true,')"
run lint --rules "$WORK/calok" --lang en
expect_rc 0 "remind, prepare and show_window lint clean"

# requires may name the rule's own parameters, {name} or {name:%}; nothing else.
rules reqname "$(rule 'params = { min = 1 },' 'requires = "至少 {min} 次,不少于 {nope} 人",')"
expect_problem "$WORK/reqname" 1 requires "requires refers to {nope}, which is not a parameter of the rule" "requires: unknown parameter"
rules reqnone "$(rule 'requires = "至少 {min} 次",')"
expect_problem "$WORK/reqnone" 1 requires "requires refers to {min}, which is not a parameter of the rule" "requires: a rule without params"
rules reqopen "$(rule 'params = { min = 1 },' 'requires = "至少 {min 次",')"
expect_problem "$WORK/reqopen" 1 requires "requires has a { without its } (write {{ for a literal {)" "requires: unterminated {"
rules reqempty "$(rule 'params = { min = 1 },' 'requires = "至少 {} 次",')"
expect_problem "$WORK/reqempty" 1 requires "requires refers to {}, which is not a parameter of the rule" "requires: empty {}"
rules reqfmt "$(rule 'params = { min = 1 },' 'requires = "至少 {min:x} 次",')"
expect_problem "$WORK/reqfmt" 1 requires "invalid format :x in requires (only :% of a number parameter)" "requires: unknown format"
rules reqpct "$(rule 'params = { who = "甲" },' 'requires = "{who:%}",')"
expect_problem "$WORK/reqpct" 1 requires "invalid format :% in requires (only :% of a number parameter)" "requires: % of a string"
rules reqlong "$(rule 'params = { min = 1 },' "requires = \"{$(printf '%0400d' 0)}\",")"
expect_problem "$WORK/reqlong" 1 requires "requires refers to {" "requires: a 400-byte name"
rules reqok "$(rule 'params = { min = 1, ratio = 0.8, on = true },' 'requires = "{{字面}} {min} {ratio} {ratio:%} {on} {{min}",')"
run lint --rules "$WORK/reqok" --lang en
expect_rc 0 "requires: {{, known names and :% lint clean"

rules points "$(rule 'points = 101,')"
expect_problem "$WORK/points" 1 points "must be a number from 0 to 100" "points out of range"

rules nocheck "$(rule 'check = 42,' | grep -v 'check = function')"
expect_problem "$WORK/nocheck" 1 check "missing check function" "check is not a function"

# Duplicate id: reported at the second declaration, naming the first.
rules dup "$(rule)"
printf '%s\n' "-- another file" "$(rule)" >"$WORK/dup/20_again.lua"
run lint --rules "$WORK/dup" --lang en
expect_rc 3 "duplicate id: exit 3"
expect_err "$WORK/dup/20_again.lua:2: id: duplicate rule id 'r1' (first declared in $WORK/dup/10_rule.lua, line 1)" "duplicate id: both locations"

# A syntax error and a file that fails at the top level: file:line and Lua's message.
rules syntax "$(printf 'rule {\n  id = = "x",\n}')"
run lint --rules "$WORK/syntax" --lang en
expect_rc 3 "syntax error: exit 3"
expect_err "$WORK/syntax/10_rule.lua:2: unexpected symbol near '='" "syntax error at file:line"
rules toplevel "$(printf 'local x = 1\nerror("no rules today")\n')"
run lint --rules "$WORK/toplevel" --lang en
expect_rc 3 "top-level error: exit 3"
expect_err "$WORK/toplevel/10_rule.lua:2: no rules today" "top-level error at file:line"

# Several problems at once: every line of stderr is "file:line: field: message".
rules many "$(rule '-title' 'severity = "urgent",' 'due = "daily",' 'colour = "red",')"
run lint --rules "$WORK/many" --lang en
expect_rc 3 "several problems: exit 3"
expect_out ", 4 problems" "several problems: all four counted"
expect_eq "$(grep -cvE '^[^:]+\.lua:[0-9]+: [a-z_.]+: .+' "$ERR")" 0 "every problem is file:line: field: message"

# A directory without a plan, one without rule files, one that does not exist.
mkdir "$WORK/noplan"
rule >"$WORK/noplan/10_rule.lua"
run lint --rules "$WORK/noplan" --lang en
expect_rc 3 "no plan: exit 3"
expect_err "plan: no plan{...} declared" "no plan reported"
mkdir "$WORK/empty"
run lint --rules "$WORK/empty" --lang en
expect_rc 3 "no rule files: exit 3"
expect_err "no rule files (*.lua)" "empty directory reported"
run lint --rules "$WORK/absent" --lang en
expect_rc 2 "missing rules directory: exit 2"
expect_err "$WORK/absent" "missing directory named"

# ---- config files (--config) ----
cat >"$WORK/good.lua" <<'EOF'
return {
  params = { ["3.6-childrens-day"] = { min_children = 5 } },
  plan = { before_effective = "check" },
}
EOF
run lint --config "$WORK/good.lua" --lang en
expect_rc 0 "a good config lints clean"

cat >"$WORK/bad.lua" <<'EOF'
-- three overrides that cannot apply
return {
  params = {
    ["3.6-childrens-day"] = {
      min_children = "five",
    },
    ["3.6-no-such-rule"] = { min_children = 5 },
    ["3.6-mid-autumn"] = { festivals = "中秋" },
  },
  plan = { before_effective = "sometimes" },
}
EOF
run lint --config "$WORK/bad.lua" --lang en
expect_rc 3 "bad config: exit 3"
expect_err "$WORK/bad.lua:5: params[\"3.6-childrens-day\"].min_children: wrong type: expected number, got string" "config: wrong type"
expect_err "$WORK/bad.lua:7: params[\"3.6-no-such-rule\"]: no rule has this id" "config: unknown rule"
expect_err "$WORK/bad.lua:8: params[\"3.6-mid-autumn\"].festivals: the rule has no such parameter" "config: unknown param"
expect_err "$WORK/bad.lua:10: plan.before_effective: must be \"not_applicable\" or \"check\"" "config: bad plan setting"
expect_out ", 4 problems" "config: four problems"

printf 'return {\n  params = {\n    ["3.6-childrens-day"] = 5,\n  },\n}\n' >"$WORK/shape.lua"
run lint --config "$WORK/shape.lua" --lang en
expect_rc 3 "config: rule entry not a table"
expect_err "$WORK/shape.lua:3: params[\"3.6-childrens-day\"]: must be {name = value}" "config: entry shape"

printf 'return 42\n' >"$WORK/number.lua"
run lint --config "$WORK/number.lua" --lang en
expect_rc 3 "config returning a number"
expect_err "$WORK/number.lua: the config file must return a table" "config must return a table"

printf 'return {\n  params = os.getenv("HOME"),\n}\n' >"$WORK/escape.lua"
run lint --config "$WORK/escape.lua" --lang en
expect_rc 3 "config using os"
expect_err "$WORK/escape.lua:2: undefined global 'os'" "config is sandboxed"

printf 'local loop = function() while true do end end\nreturn setmetatable({}, { __index = loop })\n' >"$WORK/loop.lua"
run lint --config "$WORK/loop.lua" --lang en
expect_rc 0 "config with a looping __index: its metamethods never run"

printf 'while true do end\n' >"$WORK/spin.lua"
run lint --config "$WORK/spin.lua" --lang en --max-instructions 100000
expect_rc 3 "config that never returns"
expect_err "$WORK/spin.lua:1: instruction limit exceeded" "config stopped by the instruction limit"

run lint --config "$WORK/absent.lua" --lang en
expect_rc 3 "missing config file"
expect_err "$WORK/absent.lua: cannot read" "missing config named"

# ---- the obligations file (rules/obligations-*.tsv named by obligations "FILE") ----

# oblig NAME ROWS...: a rules directory $WORK/NAME with the plan, rule r1 (三、6) and an
# obligations file o.tsv holding one excused row per clause but 三、6, then ROWS (a tab is \t).
oblig() {
	D=$WORK/$1
	shift
	mkdir "$D"
	cp "$ROOT/rules/00_plan.lua" "$ROOT/rules/plan-2020.txt" "$D/"
	sed 's/^  source = .*/  source = "plan-2020.txt",/' "$ROOT/rules/00_plan.lua" >"$D/00_plan.lua"
	printf 'obligations "o.tsv"\n' >"$D/01_obligations.lua"
	rule 'interpretation = "测试用的读法。",' >"$D/10_rule.lua"
	{
		printf '# 编号\t条款\t原文\t方式\t依据\n'
		printf 'p0\t序\t全面加强关工委建设\texcused\t总括\n'
		for c in 一、1:切实提高思想认识 一、2:不断强化工作保障 一、3:抓好重点工作衔接 二、4:扎实开展主题教育 \
			 三、5:开展“十个一”实践体验活动 三、7:开展学生家庭教育主题活动 三、8:强化帮扶助困主题活动 \
			 四、9:加强能力建设 四、10:健全制度机制 四、11:抓好宣传总结; do
			printf 'p%s\t%s\t%s\texcused\t仅为测试\n' "${c%%:*}" "${c%%:*}" "${c#*:}"
		done
		for r in "$@"; do printf "$r\n"; done
	} >"$D/o.tsv"
}

# expect_oblig NAME LINE FIELD MESSAGE: lint reports exactly that one problem in o.tsv.
expect_oblig() {
	run lint --rules "$WORK/$1" --lang en
	expect_rc 3 "$1: exit 3"
	expect_err "$WORK/$1/o.tsv:$2: $3: $4" "$1: file:line: field: message"
	expect_out ", 1 problems" "$1: one problem"
}

oblig ob_good 'x1\t三、6\t利用春节、六一、中秋、国庆等节日\tenforced\tr1'
run lint --rules "$WORK/ob_good" --lang en
expect_rc 0 "obligations: a complete file lints clean"
run coverage --rules "$WORK/ob_good" --lang en
expect_out "12 obligations: 1 enforced, 0 self-assessed, 11 excused (with a reason)" "coverage counts the obligations"
expect_out "x1      三、6  enforced 利用春节、六一、中秋、国庆等节日" "coverage lists each obligation with its status"
expect_out "1 obligations: 1 enforced, 0 self-assessed, 0 excused" "coverage counts per clause"

oblig ob_words 'x0\t三、6\t利用春节\tenforced\tr1' 'x1\t三、6\t利用元旦等节日\tenforced\tr1'
expect_oblig ob_words 14 原文 "words not found in the text of clause 三、6"
oblig ob_rule 'x0\t三、6\t利用春节\tenforced\tr1' 'x1\t三、6\t利用春节\tenforced\tr1 nosuch'
expect_oblig ob_rule 14 依据 "no rule has this id: nosuch"
oblig ob_how 'x1\t三、6\t利用春节\tmaybe\tr1'
run lint --rules "$WORK/ob_how" --lang en
expect_rc 3 "ob_how: exit 3"
expect_err "o.tsv:13: 方式: must be enforced, self (self-assessed) or excused" "an unknown how"
expect_err "10_rule.lua:1: id: rule r1 judges no obligation of o.tsv" "so r1 judges nothing"
oblig ob_reason 'x1\t三、6\t利用春节\tenforced\tr1' 'x2\t三、6\t开展为干部职工子女赠书活动\texcused\t'
expect_oblig ob_reason 14 依据 "must give the reason it is not judged"
oblig ob_dup 'x1\t三、6\t利用春节\tenforced\tr1' 'x1\t三、6\t开展为干部职工子女赠书活动\texcused\t理由'
expect_oblig ob_dup 14 编号 "duplicate id 'x1'"
oblig ob_cols 'x1\t三、6\t利用春节\tenforced\tr1' 'x2\t三、6\t利用春节'
run lint --rules "$WORK/ob_cols" --lang en
expect_rc 3 "ob_cols: exit 3"
expect_err "$WORK/ob_cols/o.tsv:14: must be 5 tab-separated columns" "a short row"
expect_out ", 1 problems" "ob_cols: one problem"
oblig ob_none 'x1\t三、6\t利用春节\texcused\t测试'
run lint --rules "$WORK/ob_none" --lang en
expect_rc 3 "a rule judging no obligation: exit 3"
expect_err "$WORK/ob_none/10_rule.lua:1: id: rule r1 judges no obligation of o.tsv" "a rule judging no obligation"
oblig ob_clause 'x1\t三、6\t利用春节\tenforced\tr1'
grep -v '^p四、11' "$WORK/ob_clause/o.tsv" >"$WORK/o.tmp" && mv "$WORK/o.tmp" "$WORK/ob_clause/o.tsv"
run lint --rules "$WORK/ob_clause" --lang en
expect_rc 3 "a clause without obligations: exit 3"
expect_err "o.tsv: 条款: clause 四、11 lists no obligation" "a clause without obligations"
oblig ob_interp 'x1\t三、6\t利用春节\tenforced\tr1'
rule 'interpretation = "第一句。第二句。",' >"$WORK/ob_interp/10_rule.lua"
run lint --rules "$WORK/ob_interp" --lang en
expect_rc 3 "an interpretation of two sentences: exit 3"
expect_err "10_rule.lua:1: interpretation: must be one sentence" "an interpretation is one sentence"
rule >"$WORK/ob_interp/10_rule.lua"
run lint --rules "$WORK/ob_interp" --lang en
expect_rc 3 "a rule without an interpretation: exit 3"
expect_err "10_rule.lua:1: interpretation: rule r1 does not state how it reads the plan's words" "every rule states its interpretation"
expect_out ", 1 problems" "no interpretation: one problem"

# ---- the rules' SQL, tried on an empty database with the schema ----
# sql_rule NAME SQL: a rule whose check runs SQL (one unit parameter) on its third line.
sql_rule() {
	rules "$1" "rule {
  id = \"r1\", clause = \"三、6\", text = \"$QUOTE\", title = \"t\", due = \"quarter\",
  check = function(ctx) local rows = db.rows(\"$2\", ctx.unit)
    return #rows > 0 and pass(\"ok\") or fail(\"none\") end,
}"
}
sql_rule sql_table "SELECT id FROM activitys WHERE unit_id = ?"
expect_problem "$WORK/sql_table" 3 check "rule r1 failed a trial run on an empty database: bad SQL: no such table: activitys" \
	"a misspelled table"
sql_rule sql_column "SELECT id FROM activities WHERE unit_id = ? AND start_dat <= '2020-12-31'"
expect_problem "$WORK/sql_column" 3 check "rule r1 failed a trial run on an empty database: bad SQL: no such column: start_dat" \
	"a misspelled column"
sql_rule sql_good "SELECT id FROM activities WHERE unit_id = ? AND start_date <= '2020-12-31'"
run lint --rules "$WORK/sql_good" --lang en
expect_out ", 0 problems" "the same rule with the column spelled right lints clean"
# A rule file of the bundled set with its table misspelled: caught at its own line, in Chinese too.
cp -R "$ROOT/rules" "$WORK/sql_bundled"
sed -i 's/active("offices", "", ctx)/active("officess", "", ctx)/' "$WORK/sql_bundled/1-2_work-guarantee.lua"
run lint --rules "$WORK/sql_bundled"
expect_rc 3 "a bundled rule with a misspelled table: exit 3"
# The query runs in a helper of lib/ (lib.unit_rows): the problem is placed at the rule file's
# line that asked for the misspelled table, the helper's line named after the message.
expect_err "1-2_work-guarantee.lua:26: check: 规则 1.2-office 在没有记录的空数据库上试运行出错:SQL 有误: no such table: officess(lib/common.lua:" \
	"the misspelled table named at the rule's line that asked for it, with the rule id and the helper's line"
expect_out "1 个问题" "only that rule"

finish
