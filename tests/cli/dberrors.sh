#!/bin/sh
# dberrors.sh — database trouble is said right: the message names the database file (not a
# line of the file being imported), says in Chinese (English with --lang en) what happened and
# what to do, and the summary never counts "0 problems". A database locked by another program
# past the busy timeout; a read-only database; a file that is not a database; a damaged one;
# a missing one. Also: a 10 MB header cell is shortened in messages like cell values are.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CSV=$ROOT/tests/sample/units.csv
DB=$WORK/records.db
run init --db "$DB"
expect_rc 0 "init"

# ---- locked: another program holds the write lock past the 5 s busy timeout ----
"$PY" -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)' "$DB" "$WORK/locked" &
holder=$!
n=0
while [ ! -e "$WORK/locked" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
run import --db "$DB" units "$CSV"
expect_rc 2 "import into a locked database"
expect_err "$DB: 数据库正被另一个程序使用,等待 5 秒后仍未释放" "the lock is named, on the database"
expect_no_err() { if grep -qE -- "$1" "$ERR"; then bad "$2: stderr matches '$1'"; else ok; fi; }
expect_no_err "units\.csv:[0-9]" "no line of the CSV is blamed"
expect_no_err "0 处问题" "no '0 problems'"
expect_err "units.csv: 未导入任何记录,数据库未改动" "nothing imported"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# ---- read-only: as a user who may not write it ----
if id nobody >/dev/null 2>&1 && command -v su >/dev/null; then
	RO=$WORK/ro
	mkdir "$RO"
	cp "$DB" "$RO/records.db"
	chmod 755 "$WORK" "$RO"
	chmod 644 "$RO/records.db"
	cp "$CSV" "$RO/units.csv"
	chmod 644 "$RO/units.csv"
	su nobody -s /bin/sh -c "\"$YAODIAN\" import --db \"$RO/records.db\" units \"$RO/units.csv\"" >"$OUT" 2>"$ERR"
	RC=$?
	san_check
	expect_rc 2 "a read-only database"
	expect_err "$RO/records.db: 无法打开数据库: 数据库文件是只读的,不能写入(检查文件及所在文件夹的权限)" "read-only, said in Chinese"
	chmod 700 "$WORK"
else
	bad "no user 'nobody' or no su: the read-only case cannot run"
fi

# ---- not a database; damaged; missing ----
head -c 4096 /dev/urandom >"$WORK/junk.db"
run import --db "$WORK/junk.db" units "$CSV"
expect_rc 2 "a file that is not a database"
expect_err "junk.db: 无法打开数据库: 不是 SQLite 数据库文件" "not a database"
run import --lang en --db "$WORK/junk.db" units "$CSV"
expect_err "junk.db: cannot open database: not a SQLite database file" "in English"
cp "$DB" "$WORK/damaged.db"
size=$(wc -c <"$WORK/damaged.db")
# Keep the header page, overwrite the rest: the schema pages are garbage.
dd if=/dev/urandom of="$WORK/damaged.db" bs=1 seek=100 count=$((size - 100)) conv=notrunc 2>/dev/null
run import --db "$WORK/damaged.db" units "$CSV"
expect_rc 2 "a damaged database"
case $(cat "$ERR") in
*"damaged.db: 无法打开数据库: 数据库文件已损坏"* | *"damaged.db: 无法打开数据库: 不是 SQLite 数据库文件"* | *"damaged.db: 不是 SQLite 数据库或已损坏"*) ok ;;
*) bad "a damaged database is not said to be damaged: $(head -2 "$ERR")" ;;
esac
run import --db "$WORK/none.db" units "$CSV"
expect_rc 2 "a missing database"
expect_err "none.db: 数据库不存在(请先运行 yaodian init)" "missing, and what to do"

# ---- a 10 MB header cell is shortened in the message ----
"$PY" -c 'import sys; open(sys.argv[1], "w").write("编号,名称," + "长" * (10 * 1024 * 1024 // 3) + "\nU1,甲,x\n")' "$WORK/wide.csv"
run import --db "$DB" units "$WORK/wide.csv"
expect_rc 2 "a huge header cell"
expect_err "未知的列名" "the unknown column is reported"
if [ "$(wc -c <"$ERR")" -lt 4000 ]; then ok; else bad "the message quotes the huge header: $(wc -c <"$ERR") bytes"; fi
finish
