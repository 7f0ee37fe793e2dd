#!/bin/sh
# import.sh — `yaodian import`: every kind's good file loads in order, importing again updates
# instead of duplicating, and bad files exit 2 with "file:line: column: problem" on stderr while
# the database stays exactly as it was.
. "$(dirname "$0")/lib.sh"

DB="$WORK/records.db"
GOOD="$ROOT/tests/data/csv/good"
BAD="$ROOT/tests/data/csv/bad"

# One line with the row count of every records table.
counts() {
	sql "$DB" "SELECT (SELECT count(*) FROM units) || ' ' || (SELECT count(*) FROM unit_years) || ' ' ||
	  (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM activities) || ' ' ||
	  (SELECT count(*) FROM activity_tags) || ' ' || (SELECT count(*) FROM participants) || ' ' ||
	  (SELECT count(*) FROM meetings) || ' ' || (SELECT count(*) FROM agenda_items) || ' ' ||
	  (SELECT count(*) FROM documents) || ' ' || (SELECT count(*) FROM posts) || ' ' ||
	  (SELECT count(*) FROM funds) || ' ' || (SELECT count(*) FROM roles) || ' ' ||
	  (SELECT count(*) FROM offices) || ' ' || (SELECT count(*) FROM pairings) || ' ' ||
	  (SELECT count(*) FROM waivers)"
}

# import_bad KIND FILE WANT...: the import exits 2, stderr has every WANT, and nothing changed.
import_bad() {
	kind=$1 file=$2
	shift 2
	sqlite3 "$DB" .dump >"$WORK/before.sql"
	run import --db "$DB" "$kind" "$file"
	expect_rc 2 "import $kind $(basename "$file")"
	for want in "$@"; do
		expect_err "$want" "import $kind $(basename "$file")"
	done
	sqlite3 "$DB" .dump >"$WORK/after.sql"
	if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "import $kind $(basename "$file") changed the database"; fi
}

run init --db "$DB"
expect_rc 0 "init"

# Every kind, in the order references need.
for k in $KINDS; do
	run import --db "$DB" "$k" "$GOOD/$k.csv"
	expect_rc 0 "import $k"
done
FULL="4 3 5 3 7 3 2 3 3 2 3 2 1 1 1"
expect_eq "$(counts)" "$FULL" "row counts after the good imports"
expect_eq "$(sql "$DB" "SELECT start_date || '..' || end_date FROM activities WHERE id = 'A001'")" \
	"2020-01-20..2020-01-22" "dates normalised"
expect_eq "$(sql "$DB" "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM activity_tags WHERE activity_id = 'A001' ORDER BY tag)")" \
	"帮扶 慰问 春节" "activity tags"
expect_eq "$(sql "$DB" "SELECT amount_fen FROM funds WHERE id = 'F002'")" "150050" "amount in fen"
expect_eq "$(sql "$DB" "SELECT name FROM units WHERE id = 'SJ'")" "遂宁市市场监督管理局" "BOM + CRLF file"

# Importing again changes nothing; the Chinese kind name works too.
for k in $KINDS; do
	run import --db "$DB" "$k" "$GOOD/$k.csv"
	expect_rc 0 "re-import $k"
done
run import --db "$DB" 活动 "$GOOD/activities.csv"
expect_rc 0 "re-import as 活动"
expect_eq "$(counts)" "$FULL" "row counts after re-import"

# A changed record is updated in place and its tags replaced.
printf '编号,单位,标题,开始日期,类别\nA001,SJ,春节慰问(改),2020-01-21,国庆\n' >"$WORK/change.csv"
run import --db "$DB" activities "$WORK/change.csv"
expect_rc 0 "import a changed activity"
expect_eq "$(sql "$DB" "SELECT title || ' ' || end_date FROM activities WHERE id = 'A001'")" \
	"春节慰问(改) 2020-01-21" "activity updated"
expect_eq "$(sql "$DB" "SELECT group_concat(tag) FROM activity_tags WHERE activity_id = 'A001'")" "国庆" "tags replaced"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities")" "3" "no duplicate activity"

# Bad files: right line and column, exit 2, nothing written (not even their good rows).
BEFORE_BAD=$(counts)
import_bad activities "$BAD/activities_values.csv" \
	"activities_values.csv:3: 开始日期: 日期不存在:2020-02-30" \
	"activities_values.csv:4: 结束日期: 2020-01-01 早于开始日期 2020-02-01" \
	"activities_values.csv:5: 儿童人数: 不能为负数:-3" \
	"activities_values.csv:6: 单位: 找不到单位:NOPE" \
	"activities_values.csv:6: 儿童人数: 不是整数:x"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities WHERE id = 'B001'")" "0" "good row of a bad file not written"
import_bad activities "$BAD/activities_quote.csv" "activities_quote.csv:3: CSV 格式错误"
import_bad people "$BAD/people_idcard.csv" "people_idcard.csv:3: 备注: 疑似身份证号码"
import_bad people "$BAD/people_id_header.csv" "people_id_header.csv:1: 身份证号: 不保存身份证号码"
import_bad units "$BAD/units_header.csv" \
	"units_header.csv:1: 编号: 列名重复" "units_header.csv:1: 颜色: 未知的列名" "units_header.csv:1: 名称: 缺少必填列"
import_bad funds "$BAD/funds_amount.csv" \
	"funds_amount.csv:2: 金额: 金额不能为负数:-5" "funds_amount.csv:3: 金额: 金额格式不对:12.345" \
	"funds_amount.csv:4: 类型: “报销”不是允许的值"
import_bad meetings "$BAD/meetings_rows.csv" \
	"meetings_rows.csv:3: 编号: 与第 2 行重复" "meetings_rows.csv:4: 会议类型: “茶话会”不是允许的值" \
	"meetings_rows.csv:5: 本行有 3 列,表头有 4 列"
import_bad posts "$BAD/posts_gbk.csv" "posts_gbk.csv:2: 标题: 不是有效的 UTF-8 文本"
import_bad widgets "$GOOD/units.csv" "units.csv: 未知的记录类型:widgets"
import_bad units "$WORK/no-such.csv" "no-such.csv: 无法打开文件"
expect_eq "$(counts)" "$BEFORE_BAD" "row counts after the bad imports"

# English diagnostics on request.
run import --lang en --db "$DB" activities "$BAD/activities_values.csv"
expect_rc 2 "import --lang en"
expect_err "activities_values.csv:3: 开始日期: no such date: 2020-02-30" "English diagnostic"

# The layout help lists every kind.
run import --help
expect_rc 0 "import --help"
expect_out "waivers (豁免)" "import --help lists the kinds"
expect_out "涉及关心下一代工作" "import --help lists the columns"

finish
