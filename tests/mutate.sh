#!/bin/sh
# mutate.sh [ID...] — mutation testing (`make mutate`): applies each one-line mutation listed
# in tests/mutations.tsv to a copy of the tree, rebuilds it (plain build), runs every suite the
# line names under that suite's time limit (tests/harness.sh), and reports which suites caught
# it. A mutation is caught when every named suite fails on it; survived when any passes.
# Exits 0 when every mutation was caught by every suite named for it, 1 otherwise, 2 when a
# mutation cannot be applied (its sed expression changes no line, or more than one) or does
# not compile. Not part of `make test`: run it before resolving an issue that touches the
# engine's core. With IDs, runs only those mutations.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/harness.sh"
LIST=$ROOT/tests/mutations.tsv
COPY=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-mutate.XXXXXX")
trap 'rm -rf "$COPY"' EXIT

# The working tree as it is (uncommitted changes included), without build outputs; ical.js
# (build/npm) is shared with the real tree for calendar.sh.
(cd "$ROOT" && tar --exclude=./build --exclude=./.git -cf - .) | (cd "$COPY" && tar -xf -)
mkdir -p "$COPY/build"
[ -d "$ROOT/build/npm" ] && ln -s "$ROOT/build/npm" "$COPY/build/npm"
echo "mutate: building the unmutated copy in $COPY"
if ! make -C "$COPY" --no-print-directory -s build >"$COPY/build.log" 2>&1; then
	cat "$COPY/build.log" >&2
	echo "mutate: the unmutated tree does not build" >&2
	exit 2
fi

# run_suite SPEC: runs one suite (unit:NAME, cli:NAME or rules:NAME) on the mutated copy;
# returns 0 when it passed.
run_suite() {
	_kind=${1%%:*}
	_name=${1#*:}
	case $_kind in
	unit) set -- "$COPY/build/tests/$_name" ;;
	cli | rules) set -- sh "$COPY/tests/$_kind/$_name" ;;
	*) echo "mutate: unknown suite $1" >&2; return 2 ;;
	esac
	(cd "$COPY" && YAODIAN=$COPY/build/yaodian suite_run "$_name" "$(suite_limit "$_name" plain)" "$@") \
		>"$COPY/suite.log" 2>&1
}

TAB=$(printf '\t')
caught=0
survived=0
broken=0
report=$COPY/report
: >"$report"
while IFS="$TAB" read -r id file expr suites what; do
	case $id in '#'* | '') continue ;; esac
	if [ $# -gt 0 ]; then
		case " $* " in *" $id "*) ;; *) continue ;; esac
	fi
	src=$COPY/$file
	cp "$src" "$COPY/original"
	sed -e "$expr" "$COPY/original" >"$src"
	changed=$(diff "$COPY/original" "$src" | grep -c '^<')
	if [ "$changed" -ne 1 ]; then
		echo "BROKEN    $id: the expression changes $changed lines of $file, not 1" | tee -a "$report"
		broken=$((broken + 1))
		cp "$COPY/original" "$src"
		continue
	fi
	if ! make -C "$COPY" --no-print-directory -s build >"$COPY/build.log" 2>&1; then
		echo "BROKEN    $id: the mutated $file does not compile" | tee -a "$report"
		broken=$((broken + 1))
	else
		by= missed=
		for s in $suites; do
			if run_suite "$s"; then missed="$missed $s"; else by="$by $s"; fi
		done
		if [ -z "$missed" ]; then
			echo "caught    $id: by$by" | tee -a "$report"
			caught=$((caught + 1))
		else
			echo "SURVIVED  $id ($what): passed$missed${by:+; caught by$by}" | tee -a "$report"
			survived=$((survived + 1))
		fi
	fi
	cp "$COPY/original" "$src"
	touch "$src"
done <"$LIST"
echo "mutate: $caught caught, $survived survived, $broken broken"
[ "$broken" -gt 0 ] && exit 2
[ "$survived" -eq 0 ]
