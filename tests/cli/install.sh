#!/bin/sh
# install.sh — `make install` honours DESTDIR and PREFIX, and the installed binary finds its
# rules, calendars and schemas beside itself (PREFIX/share/yaodian); `make uninstall` removes it.
. "$(dirname "$0")/lib.sh"

DEST=$WORK/dest
make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/opt/yd >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "make install DESTDIR=… PREFIX=/opt/yd"
BIN=$DEST/opt/yd/bin/yaodian
if [ -x "$BIN" ]; then ok; else bad "no binary at $BIN"; fi
for f in rules/00_plan.lua rules/lib/common.lua calendars/lunar.tsv calendars/holidays/2020.ics \
         schemas/migrations/001_records.sql; do
	if [ -f "$DEST/opt/yd/share/yaodian/$f" ]; then ok; else bad "missing share/yaodian/$f"; fi
done

# The installed binary, run from elsewhere, uses the installed data (not the source tree's).
cd "$WORK" || exit 1
"$BIN" lint >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "installed lint"
expect_out "个条款" "installed lint counts clauses"
"$BIN" init --db "$WORK/i.db" >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "installed init finds the migrations"
"$BIN" dates --from 2020 >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "installed dates"
expect_out "春节 放假	2020-01-24	2020-02-02" "installed dates reads the holiday notices"

make -s -C "$ROOT" uninstall DESTDIR="$DEST" PREFIX=/opt/yd >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "make uninstall"
if [ -e "$BIN" ] || [ -e "$DEST/opt/yd/share/yaodian" ]; then bad "uninstall left files"; else ok; fi
finish
