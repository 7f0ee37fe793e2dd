#!/bin/sh
# replace.sh — deleting and syncing: `import --replace` makes the file the whole truth for its
# kind within the units it holds (a workbook: within the units its units sheet keeps or drops),
# listing every record it deletes and the rows that go with them; `--dry-run` reports and changes
# nothing; records still referred to are not deleted (the whole import refused, saying by
# what); `delete` removes records by id. Both are one transaction: killed with SIGKILL in the
# middle, the database holds the old records or the new ones, never a mix.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SAMPLE=$ROOT/tests/sample
DB=$WORK/r.db
sample_db "$DB"

# ---- CSV: two activities gone from the file ----
grep -v '^ZFZD-A01,\|^ZFZD-A02,' "$SAMPLE/activities.csv" >"$WORK/acts.csv"
expect_eq "$(sql "$DB" "SELECT count(*) FROM participants WHERE activity_id IN ('ZFZD-A01', 'ZFZD-A02')")" 1 "one participant of the two"
dump "$DB" >"$WORK/before.sql"
run import --db "$DB" --replace --dry-run activities "$WORK/acts.csv"
expect_rc 0 "--replace --dry-run"
expect_out "删除 活动 ZFZD-A01" "the first deletion listed"
expect_out "删除 活动 ZFZD-A02" "the second deletion listed"
expect_out "  连同删除 参与人员 1 条" "the participant that goes with them"
expect_out "acts.csv: 读取 15 行,新增 0 条,更新 15 条,删除 2 条" "added / updated / deleted"
expect_out "试运行:以上是将要进行的改动,数据库未改动" "said to be a dry run"
dump "$DB" >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "--dry-run changed the database"; fi
run import --db "$DB" --replace activities "$WORK/acts.csv"
expect_rc 0 "--replace"
expect_out "删除 活动 ZFZD-A02" "listed again for real"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities")" 15 "two activities deleted"
expect_eq "$(sql "$DB" "SELECT count(*) FROM participants WHERE activity_id LIKE 'ZFZD-A0_'")" 0 "their participant too"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activity_tags WHERE activity_id = 'ZFZD-A01'")" 0 "their tags too"

# ---- scope: a file of one unit's rows leaves the other units alone ----
{ head -n 1 "$SAMPLE/activities.csv"; grep '^JYS-' "$SAMPLE/activities.csv" | sed 1d; } >"$WORK/jys.csv"
gone=$(grep '^JYS-' "$SAMPLE/activities.csv" | head -n 1 | cut -d, -f1)
run import --db "$DB" --replace --lang en activities "$WORK/jys.csv"
expect_rc 0 "--replace with one unit's activities"
expect_out "deleted activity $gone" "only the one left out, in English"
expect_out ", 1 deleted" "one deleted"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities WHERE unit_id = 'BGS'")" "$(grep -c '^BGS-' "$SAMPLE/activities.csv")" "BGS's activities untouched"

# ---- refused: a unit still referred to ----
grep -v '^BGS,' "$SAMPLE/units.csv" >"$WORK/units.csv"
dump "$DB" >"$WORK/before.sql"
run import --db "$DB" --replace units "$WORK/units.csv"
expect_rc 2 "--replace of units that others refer to"
expect_err "units.csv: 不能删除:仍有 12 条人员记录的“单位”是要删除的单位(如人员 BGS-" "what refers to it, with an example"
expect_err "请先删除或改掉这些记录,或在同一个工作簿里一并替换它们" "what to do"
expect_err "units.csv: 未导入任何记录,数据库未改动" "nothing imported"
# Refused by yaodian before any row is deleted, not by SQLite's foreign key check halfway.
if grep -q "FOREIGN KEY" "$ERR"; then bad "the refusal came from SQLite's foreign key check: $(grep FOREIGN "$ERR" | head -1)"; else ok; fi
dump "$DB" >"$WORK/after.sql"
if cmp -s "$WORK/before.sql" "$WORK/after.sql"; then ok; else bad "a refused --replace changed the database"; fi

# ---- a workbook without one unit: that unit and everything of it goes, in one go ----
mkdir "$WORK/nozfzd"
for k in $KINDS; do
	{ head -n 1 "$SAMPLE/$k.csv"; sed 1d "$SAMPLE/$k.csv" | grep -v 'ZFZD'; } >"$WORK/nozfzd/$k.csv"
done
"$PY" "$ROOT/tests/cli/make_book.py" "$WORK/nozfzd.xlsx" "$WORK/nozfzd" || bad "make_book.py failed"
sample_db "$WORK/wb.db"
run import --db "$WORK/wb.db" --replace "$WORK/nozfzd.xlsx"
expect_rc 0 "--replace with a workbook that dropped ZFZD"
expect_out "删除 单位 ZFZD" "the unit is listed"
expect_out "删除 活动 ZFZD-A01" "its activities are listed"
run init --db "$WORK/wb2.db"
run import --db "$WORK/wb2.db" "$WORK/nozfzd.xlsx"
if [ "$(dump "$WORK/wb.db")" = "$(dump "$WORK/wb2.db")" ]; then ok; else
	bad "replace-with-workbook differs from a fresh import of it: $(dump "$WORK/wb.db" | diff - "$WORK/wb2.db" 2>/dev/null | head -2)"
fi
expect_eq "$(sql "$WORK/wb.db" "SELECT count(*) FROM people WHERE unit_id = 'ZFZD'")" 0 "ZFZD's people gone"

# ---- delete by id ----
run delete --db "$DB" --dry-run activities BGS-A01
expect_rc 0 "delete --dry-run"
expect_out "删除 活动 BGS-A01" "listed"
expect_out "(试运行,数据库未改动)" "a dry run"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities WHERE id = 'BGS-A01'")" 1 "still there after the dry run"
run delete --db "$DB" activities BGS-A01 NOPE
expect_rc 2 "an id that does not exist"
expect_err "没有这条活动记录:NOPE" "the missing id named"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities WHERE id = 'BGS-A01'")" 1 "nothing deleted when one id is wrong"
run delete --db "$DB" people BGS-P01
expect_rc 2 "a person still referred to"
expect_err "条职责记录的“人员编号”是要删除的人员" "by what"
run delete --db "$DB" participants x
expect_rc 2 "a kind without single ids"
expect_err "参与人员没有单独的编号,不能按编号删除" "said so"
run delete --db "$DB" activities BGS-A01
expect_rc 0 "delete"
expect_out "删除 1 条记录" "the count"
expect_eq "$(sql "$DB" "SELECT count(*) FROM activities WHERE id = 'BGS-A01'")" 0 "gone"
run delete --help
for o in --db --dry-run --lang --help; do expect_out "$o" "delete --help lists $o"; done
run import --help
for o in --replace --dry-run --encoding; do expect_out "$o" "import --help lists $o"; done

# ---- SIGKILL in the middle: old state or new, never a mix ----
BIG=$WORK/big
mkdir "$BIG"
# Fewer rows under the sanitizers, which run the importer about three times slower.
N=60000
[ "${SANITIZED:-0}" = 1 ] && N=20000
"$PY" - "$BIG" "$N" <<'PYTHON'
import sys
d, n = sys.argv[1], int(sys.argv[2])
head = "编号,单位,标题,开始日期,类别,儿童人数\n"
for name, prefix in (("old.csv", "OLD"), ("new.csv", "NEW")):
    with open(f"{d}/{name}", "w", encoding="utf-8") as f:
        f.write(head)
        for i in range(n):
            f.write(f"{prefix}-{i:06d},BGS,活动 {i},2020-{i % 12 + 1:02d}-{i % 28 + 1:02d},慰问;六一,{i % 50}\n")
PYTHON
K=$WORK/kill.db
run init --db "$K"
run import --db "$K" units "$SAMPLE/units.csv"
start=$(date +%s%N)
run import --db "$K" activities "$BIG/old.csv"
expect_rc 0 "$N activities"
full_ms=$((($(date +%s%N) - start) / 1000000))
kept_old=0 got_new=0
for frac in 10 30 50 70 90 150 400; do
	ms=$((full_ms * frac / 100 + 1))
	timeout -s KILL "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')" \
		"$YAODIAN" import --db "$K" --replace activities "$BIG/new.csv" >/dev/null 2>&1
	state=$(sql "$K" "SELECT (SELECT count(*) FROM activities WHERE id LIKE 'OLD-%') || ' ' || (SELECT count(*) FROM activities WHERE id LIKE 'NEW-%') || ' ' || (SELECT count(*) FROM activity_tags)")
	case $state in
	"$N 0 $((2 * N))") ok; kept_old=$((kept_old + 1)) ;;
	"0 $N $((2 * N))") ok; got_new=$((got_new + 1)) ;;
	*) bad "killed after ${ms} ms (${frac}% of a full import): old/new/tags = $state" ;;
	esac
	expect_eq "$(sql "$K" "PRAGMA integrity_check")" ok "integrity after a kill at ${frac}%"
	# Back to the old state for the next round.
	run import --db "$K" --replace activities "$BIG/old.csv"
done
echo "replace.sh: a full import of $N rows took $full_ms ms; killed runs left the old state $kept_old times, the new $got_new times" >&2
if [ "$kept_old" -gt 0 ]; then ok; else bad "no kill landed before the commit: the test proved nothing"; fi
finish
