# lib_jobs.sh — sourced by tests/cli/jobs.sh, jobs_dept.sh and jobs_dept2.sh: the reports and
# feeds of `--jobs 1`, `--jobs 2` and `--jobs 4` compared.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
JOBS=${JOBS:-"1 2 4"}
FORMATS=${FORMATS:-"text json csv junit html xlsx"}
# The printed report and the feeds carry the time of the run: fixed, so bytes can be compared.
SOURCE_DATE_EPOCH=1600000000
export SOURCE_DATE_EPOCH

# cells BOOK: every cell value of every sheet, sheet by sheet, row by row (the workbook's zip
# entries carry times of their own, so workbooks are compared by what they hold).
cells() {
	"$PY" -c 'import openpyxl, sys
for ws in openpyxl.load_workbook(sys.argv[1]):
    print("== " + ws.title)
    for row in ws.iter_rows(values_only=True):
        print("\t".join("" if v is None else str(v) for v in row))' "$1"
}

# same_reports LABEL DB CHECK-ARGS...: the check in every format (FORMATS) with --jobs 1, 2 and 4 (JOBS): the
# same exit code and the same bytes (a workbook: the same cells). Leaves the JSON report of
# --jobs 1 in $WORK/LABEL.1.json.
same_reports() {
	_label=$1 _db=$2
	shift 2
	for _fmt in $FORMATS; do
		for _j in $JOBS; do
			run check --db "$_db" "$@" --format "$_fmt" --jobs "$_j" --output "$WORK/$_label.$_j.$_fmt"
			echo "$RC" >"$WORK/$_label.$_j.$_fmt.rc"
			[ "$_fmt" = xlsx ] && cells "$WORK/$_label.$_j.xlsx" >"$WORK/$_label.$_j.xlsx.cells"
		done
		_ext=$_fmt
		[ "$_fmt" = xlsx ] && _ext=xlsx.cells
		[ -s "$WORK/$_label.1.$_ext" ] && ok || bad "$_label $_fmt: --jobs 1 wrote nothing"
		for _j in $JOBS; do
			[ "$_j" = 1 ] && continue
			expect_eq "$(cat "$WORK/$_label.$_j.$_fmt.rc")" "$(cat "$WORK/$_label.1.$_fmt.rc")" \
				"$_label $_fmt: --jobs $_j exits as --jobs 1"
			if cmp -s "$WORK/$_label.1.$_ext" "$WORK/$_label.$_j.$_ext"; then ok; else
				bad "$_label $_fmt: --jobs $_j differs from --jobs 1"
				diff "$WORK/$_label.1.$_ext" "$WORK/$_label.$_j.$_ext" | head -5 >&2
			fi
		done
	done
}

# same_feeds LABEL DB FROM AS-OF: `calendar` with --jobs 1, 2 and 4, each on its own copy of DB
# (the feeds' state is kept in it): the same feed files, byte for byte.
same_feeds() {
	for _j in $JOBS; do
		cp "$2" "$WORK/$1.cal$_j.db"
		run calendar --db "$WORK/$1.cal$_j.db" --from "$3" --as-of "$4" --out "$WORK/$1.feeds$_j" --jobs "$_j"
		expect_rc 0 "$1 calendar --jobs $_j"
	done
	_n=$(ls "$WORK/$1.feeds1" | grep -c '^unit-')
	[ "$_n" -gt 0 ] && ok || bad "$1 calendar: no unit feeds written"
	for _j in $JOBS; do
		[ "$_j" = 1 ] && continue
		if diff -r "$WORK/$1.feeds1" "$WORK/$1.feeds$_j" >"$WORK/feeds.diff"; then ok; else
			bad "$1 calendar --jobs $_j: the feeds differ from --jobs 1"
			head -5 "$WORK/feeds.diff" >&2
		fi
	done
}

# dept_db DB [UNITS]: a generated department of UNITS units (default 100; tests/gendept.py,
# seed 1) imported into DB.
dept_db() {
	_units=${2:-100}
	"$PY" "$ROOT/tests/gendept.py" --units "$_units" --seed 1 "$WORK/dept" >/dev/null || bad "gendept.py failed"
	run init --db "$1"
	for _k in units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers; do
		run import --db "$1" "$_k" "$WORK/dept/$_k.csv"
		expect_rc 0 "import $_k of the $_units-unit department"
	done
	expect_eq "$(sql "$1" 'SELECT count(*) FROM units')" "$_units" "$_units units imported"
}
