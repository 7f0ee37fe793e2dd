#!/bin/sh
# jobs_dept.sh — `check --jobs N` and `calendar --jobs N` on a generated department of 100
# units (tests/gendept.py, seed 1): every report format and the feeds the same with 1, 2 and 4
# worker threads, where each (rule, window) block holds 100 units' findings. Under the
# sanitizers (8 s a check here) only --jobs 1 against 2, in JSON (check order) and HTML (by
# unit): the threads change only what is judged and in what order, which every format reads
# from the same spool; the plain run compares every format.
if [ "${SANITIZED:-0}" = 1 ]; then
	JOBS="1 2"
	FORMATS="json html"
fi
. "$(dirname "$0")/lib_jobs.sh"

KINDS_DEPT="units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers"
D=$WORK/dept
"$PY" "$ROOT/tests/gendept.py" --units 100 --seed 1 "$D" >/dev/null || bad "gendept.py failed"
DB=$WORK/dept.db
run init --db "$DB"
for k in $KINDS_DEPT; do
	run import --db "$DB" "$k" "$D/$k.csv"
	expect_rc 0 "import $k of the 100-unit department"
done
expect_eq "$(sql "$DB" 'SELECT count(*) FROM units')" 100 "100 units imported"

same_reports dept "$DB" --period 2020 --as-of 2021-01-15
n=$(grep -c '"rule_id"' "$WORK/dept.1.json")
[ "$n" -gt 5000 ] && ok || bad "the department's year check has only $n findings: the comparison proves little"
same_feeds dept "$DB" 2020 2020-10-10
finish
