#!/bin/sh
# jobs_dept.sh — `check --jobs N` on a generated department of 100 units (tests/gendept.py,
# seed 1), where each (rule, window) block holds 100 units' findings: the JSON, CSV and JUnit
# reports and the workbook (its cells) the same with 1, 2 and 4 worker threads
# (tests/cli/jobs_dept2.sh: text, HTML and the feeds). Under the sanitizers (8 s a check here)
# only --jobs 1 against 2 in JSON: the threads change only what is judged and in what order,
# which every format reads from the same spool; the plain run compares every format.
if [ "${SANITIZED:-0}" = 1 ]; then
	JOBS="1 2"
	FORMATS="json"
fi
FORMATS=${FORMATS:-"json csv junit xlsx"}
. "$(dirname "$0")/lib_jobs.sh"

DB=$WORK/dept.db
dept_db "$DB"
same_reports dept "$DB" --period 2020 --as-of 2021-01-15
n=$(grep -c '"rule_id"' "$WORK/dept.1.json")
[ "$n" -gt 5000 ] && ok || bad "the department's year check has only $n findings: the comparison proves little"
finish
