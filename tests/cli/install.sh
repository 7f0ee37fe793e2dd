#!/bin/sh
# install.sh — `make install` honours DESTDIR and PREFIX, and the installed binary finds its
# rules, calendars and schemas beside itself (PREFIX/share/yaodian); the man pages yaodian(1)
# (every command and every option its --help lists) and yaodian-rules(5) render without a
# warning, bash completion completes commands and options, the systemd unit runs the installed
# binary; `make uninstall` removes it all.
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

# ---- man pages, completion, systemd unit ----
SH=$DEST/opt/yd/share
for f in man/man1/yaodian.1 man/man5/yaodian-rules.5 bash-completion/completions/yaodian; do
	if [ -f "$SH/$f" ]; then ok; else bad "missing share/$f"; fi
done
for m in "$SH/man/man1/yaodian.1" "$SH/man/man5/yaodian-rules.5"; do
	if LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$m" 2>"$ERR" && [ ! -s "$ERR" ]; then ok; else
		bad "groff warns on $(basename "$m"): $(head -3 "$ERR")"; fi
done
# Every command the main help lists is in yaodian(1), with every option its --help lists
# (written \-\-name in roff).
CMDS=$("$BIN" --help --lang en | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$CMDS" ] && ok || bad "no commands in the main help"
for c in $CMDS; do
	if grep -q "^\.SS \"$c " "$SH/man/man1/yaodian.1"; then ok; else bad "yaodian(1) lacks the command $c"; fi
	for o in $("$BIN" "$c" --help --lang en | grep -oE '^ +--[a-z-]+' | tr -d ' '); do
		if grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$SH/man/man1/yaodian.1"; then ok; else
			bad "yaodian(1) lacks $c's option $o"; fi
	done
done
for w in "plan {" "rule {" "check(ctx)" "db.rows" "not_applicable"; do
	if grep -qF -- "$w" "$SH/man/man5/yaodian-rules.5"; then ok; else bad "yaodian-rules(5) lacks $w"; fi
done
# bash completion, with the installed yaodian first on PATH
complete_words() {
	PATH=$DEST/opt/yd/bin:$PATH bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _yaodian; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$SH/bash-completion/completions/yaodian" "$@"
}
expect_eq "$(complete_words yaodian ser)" serve "completion of a command"
expect_eq "$(complete_words yaodian serve --lis)" --listen "completion of serve's option"
expect_eq "$(complete_words yaodian token --ro)" --rotate "completion of token's option"
expect_eq "$(complete_words yaodian check --format ht)" html "completion of a --format value"
expect_eq "$(complete_words yaodian calendar --jo)" --jobs "completion of calendar's --jobs"
expect_eq "$(complete_words yaodian check --jobs 4)" 4 "completion of a --jobs value"
UNITF=$DEST/opt/yd/lib/systemd/system/yaodian-serve.service
if [ -f "$UNITF" ]; then ok; else bad "missing lib/systemd/system/yaodian-serve.service"; fi
if grep -q '^ExecStart=/opt/yd/bin/yaodian serve ' "$UNITF"; then ok; else bad "the unit does not run the installed binary: $(grep ExecStart "$UNITF")"; fi
if grep -q '^ExecReload=.*-HUP' "$UNITF"; then ok; else bad "the unit's reload does not send SIGHUP"; fi

make -s -C "$ROOT" uninstall DESTDIR="$DEST" PREFIX=/opt/yd >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "make uninstall"
if [ -e "$BIN" ] || [ -e "$DEST/opt/yd/share/yaodian" ]; then bad "uninstall left files"; else ok; fi
LEFT=$(find "$DEST" -type f | head -3)
[ -z "$LEFT" ] && ok || bad "uninstall left $LEFT"
finish
