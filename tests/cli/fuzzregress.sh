#!/bin/sh
# fuzzregress.sh — the fuzz harnesses (tests/fuzz/) without libFuzzer: each harness's driver
# build (build/tests/fuzz_NAME, a plain main(), under the sanitizers in the sanitizer build)
# replays its seed corpus (tests/fuzz/seeds.sh) and every input libFuzzer once crashed on
# (tests/fuzz/regress/NAME/), so a fixed crash stays fixed and `make test` needs no clang.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 2

sh tests/fuzz/seeds.sh "$WORK/seeds"
for name in csv rules ics dates xlsx; do
	n=$(ls "$WORK/seeds/$name" | wc -l)
	[ "$n" -gt 0 ] && ok || bad "$name: no seeds"
	dirs="$WORK/seeds/$name"
	if [ -d "tests/fuzz/regress/$name" ]; then
		dirs="$dirs tests/fuzz/regress/$name"
		n=$((n + $(ls "tests/fuzz/regress/$name" | wc -l)))
	fi
	# shellcheck disable=SC2086
	"$ROOT/$BUILD/tests/fuzz_$name" $dirs >"$OUT" 2>"$ERR"
	RC=$?
	san_check "fuzz_$name"
	expect_rc 0 "fuzz_$name replays its seeds and regression inputs"
	expect_out "$n inputs" "fuzz_$name ran every input"
done

# An input the driver cannot read is refused (exit 2, naming it), not skipped.
"$ROOT/$BUILD/tests/fuzz_dates" "$WORK/no-such-input" >"$OUT" 2>"$ERR"
RC=$?
expect_rc 2 "a missing input is refused"
expect_err "no-such-input" "the missing input is named"

finish
