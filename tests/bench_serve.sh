#!/bin/sh
# bench_serve.sh YAODIAN — `yaodian serve` under load, as a ratio against a static server
# (python3 -m http.server) serving the same feed files in the same run. wrk drives each for
# BENCH_SECONDS (default 20) at 64 connections with a Lua script that cycles through the
# feeds (plan, work points, a unit's), every other request a revalidation (If-None-Match with
# the feed's ETag for yaodian; If-Modified-Since with its Last-Modified for the static server,
# which sends no ETag) and the rest full fetches. Reports requests/s, p99 latency and errors
# (socket errors and answers other than 2xx/3xx) of both, and the ratios. Asserts nothing.
set -eu
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${BENCH_SECONDS:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yaodian-bench-serve.XXXXXX")
SPID= PPID_STATIC=
cleanup() {
	[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null || true
	[ -n "$PPID_STATIC" ] && kill -TERM "$PPID_STATIC" 2>/dev/null && wait "$PPID_STATIC" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

DB=$WORK/records.db
"$BIN" init --db "$DB" >/dev/null
for k in units unit_years people activities participants meetings agenda documents posts funds roles offices pairings waivers; do
	"$BIN" import --db "$DB" "$k" "$ROOT/tests/sample/$k.csv" >/dev/null
done
TOKEN=$("$BIN" token --db "$DB" --unit BGS)

# wait_port LOG PATTERN: the port a server wrote in LOG (sed expression PATTERN), within 60 s.
wait_port() {
	_i=0
	while [ $_i -lt 600 ]; do
		_p=$(sed -n "$2" "$1" | head -1)
		[ -n "$_p" ] && { echo "$_p"; return 0; }
		sleep 0.1
		_i=$((_i + 1))
	done
	echo "bench_serve: a server did not start: $(head -3 "$1")" >&2
	return 1
}

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --as-of 2020-11-15 --lang en 2>"$WORK/serve.log" &
SPID=$!
YPORT=$(wait_port "$WORK/serve.log" 's/^yaodian serve: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p')

# The same bytes for the static server.
mkdir "$WORK/static" "$WORK/static/feeds"
PATHS="/feeds/plan.ics /feeds/point-3-6.ics /feeds/point-1-2.ics /feeds/point-4-11.ics /feeds/unit-$TOKEN.ics"
for p in $PATHS; do
	curl -sf -o "$WORK/static$p" "http://127.0.0.1:$YPORT$p"
done
(cd "$WORK/static" && exec /usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1) >"$WORK/static.log" 2>&1 &
PPID_STATIC=$!
PPORT=$(wait_port "$WORK/static.log" 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p')

# script FILE PORT HEADER: a wrk script cycling through PATHS, every other request with
# HEADER set to the path's validator (the response header of that name, asked with curl).
script() {
	{
		echo 'local reqs, i = {}, 0'
		for p in $PATHS; do
			v=$(curl -sI "http://127.0.0.1:$2$p" | grep -i "^$4:" | sed 's/^[^:]*: *//' | tr -d '\r' | sed 's/\\/\\\\/g; s/"/\\"/g')
			echo "table.insert(reqs, wrk.format('GET', '$p'))"
			echo "table.insert(reqs, wrk.format('GET', '$p', { ['$3'] = \"$v\" }))"
		done
		echo 'request = function() i = i % #reqs + 1; return reqs[i] end'
	} >"$1"
}
script "$WORK/y.lua" "$YPORT" If-None-Match ETag
script "$WORK/p.lua" "$PPORT" If-Modified-Since Last-Modified
# check that revalidations are answered 304 by both, or the mix is not what it claims
for s in "$YPORT If-None-Match ETag" "$PPORT If-Modified-Since Last-Modified"; do
	set -- $s
	v=$(curl -sI "http://127.0.0.1:$1/feeds/plan.ics" | grep -i "^$3:" | sed 's/^[^:]*: *//' | tr -d '\r')
	c=$(curl -s -o /dev/null -w '%{http_code}' -H "$2: $v" "http://127.0.0.1:$1/feeds/plan.ics")
	[ "$c" = 304 ] || echo "bench_serve: port $1 answered $c to a revalidation" >&2
done

# run NAME PORT SCRIPT: wrk's report into $WORK/NAME.out
run() { wrk -t2 -c64 -d"${SECS}s" --latency -s "$3" "http://127.0.0.1:$2/" >"$WORK/$1.out" 2>&1 || true; }
run yaodian "$YPORT" "$WORK/y.lua"
run static "$PPORT" "$WORK/p.lua"

# stats NAME: "requests/s p99_ms errors"
stats() {
	awk '
	/^Requests\/sec:/ { rps = $2 }
	$1 == "99%" { v = $2; ms = v + 0; if (v ~ /us$/) ms /= 1000; else if (v ~ /ms$/) ms += 0; else if (v ~ /s$/) ms *= 1000; p99 = ms }
	/Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
	/Non-2xx or 3xx responses:/ { err += $5 }
	END { printf "%s %s %d\n", rps + 0, p99 + 0, err }' "$WORK/$1.out"
}
set -- $(stats yaodian) $(stats static)
awk -v yr="$1" -v yp="$2" -v ye="$3" -v pr="$4" -v pp="$5" -v pe="$6" -v secs="$SECS" 'BEGIN {
	printf "serve: wrk %ss, 64 connections, half revalidations (304) and half full fetches of 5 feeds\n", secs;
	printf "  yaodian serve:          %9.0f requests/s, p99 %8.2f ms, %d errors\n", yr, yp, ye;
	printf "  python3 -m http.server: %9.0f requests/s, p99 %8.2f ms, %d errors\n", pr, pp, pe;
	if (pr > 0 && yp > 0) printf "  yaodian serve vs. the static server: %.1fx the requests/s, %.2fx the p99 latency\n", yr / pr, yp / pp;
}'
if [ "$1" = 0 ]; then sed 's/^/  wrk: /' "$WORK/yaodian.out" | head -20; fi
