#!/bin/sh
# jobs_dept2.sh — as tests/cli/jobs_dept.sh, the text and HTML reports and `calendar --jobs N`
# (the feed files) on the 100-unit department. Under the sanitizers only --jobs 1 against 2,
# HTML (findings grouped by unit) and the feeds.
if [ "${SANITIZED:-0}" = 1 ]; then
	JOBS="1 2"
	FORMATS="html"
fi
FORMATS=${FORMATS:-"text html"}
. "$(dirname "$0")/lib_jobs.sh"

DB=$WORK/dept.db
dept_db "$DB"
same_reports dept "$DB" --period 2020 --as-of 2021-01-15
n=$(grep -c '<tr' "$WORK/dept.1.html")
[ "$n" -gt 5000 ] && ok || bad "the department's printed report has only $n rows: the comparison proves little"
same_feeds dept "$DB" 2020 2020-10-10
finish
