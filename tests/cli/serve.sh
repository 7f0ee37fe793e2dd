#!/bin/sh
# serve.sh — `yaodian serve` and `yaodian token` against the bundled sample: the server is
# started on a free port (--listen 127.0.0.1:0) and questioned with curl: 200 then 304 on
# If-None-Match and If-Modified-Since, ETags that change exactly when a feed's bytes change,
# HEAD, gzip, the charset, unit feeds only under their token (a wrong one is 404 and no token
# reaches the log), no write methods. Served feeds are byte for byte the `calendar` files and
# read the same by ical.js and python3-icalendar. The dashboard, loaded in headless chromium
# with JavaScript off, holds every unit and its score from `check --format json`. Hot reload: a
# broken rule file leaves the old verdicts served and the problem shown; mended, the new
# verdicts come without a restart. SIGTERM stops it cleanly. A snapshot judges its year once.
# The server is stopped on every path (trap).
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
FEEDS=$ROOT/tests/cli/feeds
MODULES=${ICALJS_MODULES:-$ROOT/build/npm/node_modules}
ASOF=2020-11-15
LOG=$WORK/server.log
PID=
# The sanitizer build rebuilds several times slower: waits are bounded by WAIT seconds.
WAIT=20
[ "${SANITIZED:-0}" = 1 ] && WAIT=90

trap 'stop_server; rm -rf "$WORK"' EXIT
trap 'exit 2' INT TERM HUP

# ---- --help of serve and token lists the options each takes; another option is refused ----
check_help() {
	_cmd=$1 _refused=$2
	shift 2
	run "$_cmd" --help --lang en
	expect_rc 0 "$_cmd --help"
	for _o in "$@"; do
		if grep -qE -- "(^|[^-a-z])$_o([^-a-z]|\$)" "$OUT"; then ok; else bad "$_cmd --help does not list $_o"; fi
	done
	run "$_cmd" $_refused x --help
	expect_rc 2 "$_cmd refuses $_refused"
}
check_help serve --period --db --listen --base-url --from --to --as-of --rules --config --lang --max-instructions --max-memory
check_help token --rules --db --unit --rotate --lang
run serve --help
expect_out "监听地址" "serve --help in Chinese by default"

# ---- token ----
DB=$WORK/records.db
sample_db "$DB"
run token --db "$DB" --unit ZFZD --lang en
expect_rc 0 "token issues a token"
TOKEN=$(cat "$OUT")
if printf '%s' "$TOKEN" | grep -qE '^[0-9a-f]{40}$'; then ok; else bad "token is not 40 hex digits: $TOKEN"; fi
expect_eq "$(sql "$DB" "SELECT count(*) FROM unit_tokens WHERE unit_id = 'ZFZD' AND hash = '$(printf '%s' "$TOKEN" | sha256sum | cut -c1-64)'")" 1 \
	"the database keeps the token's SHA-256"
expect_eq "$(sql "$DB" "SELECT count(*) FROM unit_tokens WHERE hash LIKE '%$TOKEN%'")" 0 "the database does not keep the token"
run token --db "$DB" --unit ZFZD --lang en
expect_rc 2 "a second token without --rotate"
expect_err "--rotate" "the refusal names --rotate"
[ -s "$OUT" ] && bad "a refused token printed something" || ok
run token --db "$DB" --unit ZFZD --rotate
expect_rc 0 "token --rotate"
OLD=$TOKEN
TOKEN=$(cat "$OUT")
[ "$OLD" != "$TOKEN" ] && ok || bad "--rotate gave the same token"
run token --db "$DB" --unit NOSUCH
expect_rc 2 "token for an unknown unit"
expect_err "NOSUCH" "the refusal names the unit"
run token --db "$DB"
expect_rc 2 "token without --unit"

# ---- the files `calendar` writes, the JSON `check` writes (before the server, same state) ----
cp -R "$ROOT/rules" "$WORK/rules"
RULES=$WORK/rules
run calendar --db "$DB" --from 2020 --out "$WORK/files" --as-of $ASOF --rules "$RULES" --lang en
expect_rc 0 "calendar writes the file versions"
# quarter_json FILE: this quarter's check with the rules in $RULES as JSON in FILE (exit 1:
# the sample has failures).
quarter_json() {
	run check --db "$DB" --period 2020Q4 --as-of $ASOF --rules "$RULES" --lang en --format json --output "$1"
	expect_rc 1 "check --format json of the quarter"
}
quarter_json "$WORK/q4.json"
run check --db "$DB" --period 2020Q3 --as-of 2020-10-10 --rules "$RULES" --save
expect_rc 1 "check --save of 2020Q3"

# ---- start ----
run serve --db "$WORK/none.db" --listen 127.0.0.1:0
expect_rc 2 "serve refuses a missing database"
run serve --db "$DB" --listen nonsense
expect_rc 2 "serve refuses a --listen without a port"
expect_err "--listen" "the refusal names --listen"

serve_up "$LOG" --db "$DB" --rules "$RULES" --as-of $ASOF --lang en
U=http://127.0.0.1:$PORT

# fetch NAME PATH [CURL ARGS...]: body into $WORK/NAME.body, headers into $WORK/NAME.head,
# status into $STATUS.
fetch() {
	_n=$1 _p=$2
	shift 2
	: >"$WORK/$_n.body"
	STATUS=$(curl -s --max-time 20 -D "$WORK/$_n.head" -o "$WORK/$_n.body" -w '%{http_code}' "$@" "$U$_p")
}
# header NAME FIELD: the value of FIELD in $WORK/NAME.head (first one, CR removed).
header() { grep -i "^$2:" "$WORK/$1.head" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'; }

# ---- 200, 304, headers ----
fetch plan /feeds/plan.ics
expect_eq "$STATUS" 200 "GET plan.ics"
expect_eq "$(header plan Content-Type)" "text/calendar; charset=utf-8" "plan.ics Content-Type"
ETAG=$(header plan ETag)
if printf '%s' "$ETAG" | grep -qE '^"[0-9a-f]{32}"$'; then ok; else bad "plan.ics ETag is not strong: $ETAG"; fi
LM=$(header plan Last-Modified)
[ -n "$LM" ] && ok || bad "plan.ics has no Last-Modified"
case $(header plan Cache-Control) in *max-age=*) ok ;; *) bad "plan.ics Cache-Control: $(header plan Cache-Control)" ;; esac
expect_eq "$(header plan Vary)" "Accept-Encoding" "plan.ics Vary"
fetch plan2 /feeds/plan.ics -H "If-None-Match: $ETAG"
expect_eq "$STATUS" 304 "If-None-Match with the ETag"
expect_eq "$(wc -c <"$WORK/plan2.body")" 0 "a 304 has no body"
expect_eq "$(header plan2 ETag)" "$ETAG" "a 304 carries the ETag"
fetch plan3 /feeds/plan.ics -H 'If-None-Match: "0000", W/'"$ETAG"
expect_eq "$STATUS" 304 "If-None-Match with a list holding the ETag (weak form)"
fetch plan4 /feeds/plan.ics -H 'If-None-Match: "00000000000000000000000000000000"'
expect_eq "$STATUS" 200 "If-None-Match with another ETag"
fetch plan5 /feeds/plan.ics -H "If-Modified-Since: $LM"
expect_eq "$STATUS" 304 "If-Modified-Since the Last-Modified"
fetch plan6 /feeds/plan.ics -H "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT"
expect_eq "$STATUS" 200 "If-Modified-Since long before"
fetch plan7 /feeds/plan.ics -H 'If-None-Match: "00000000000000000000000000000000"' -H "If-Modified-Since: $LM"
expect_eq "$STATUS" 200 "If-None-Match decides over If-Modified-Since"

# ---- HEAD ----
STATUS=$(curl -s --max-time 20 -I -D "$WORK/head.head" -o /dev/null -w '%{http_code} %{size_download}' "$U/feeds/plan.ics")
expect_eq "$STATUS" "200 0" "HEAD plan.ics: 200 and no body"
expect_eq "$(header head Content-Length)" "$(wc -c <"$WORK/plan.body")" "HEAD's Content-Length is the body's"
expect_eq "$(header head ETag)" "$ETAG" "HEAD's ETag is GET's"

# ---- gzip ----
fetch gz /feeds/plan.ics -H 'Accept-Encoding: gzip'
expect_eq "$(header gz Content-Encoding)" gzip "gzip when accepted"
if gzip -dc <"$WORK/gz.body" | cmp -s - "$WORK/plan.body"; then ok; else bad "the gzip body is not the feed"; fi
GZETAG=$(header gz ETag)
[ -n "$GZETAG" ] && [ "$GZETAG" != "$ETAG" ] && ok || bad "the gzip form has the plain form's ETag ($GZETAG)"
fetch gz2 /feeds/plan.ics -H 'Accept-Encoding: gzip' -H "If-None-Match: $GZETAG"
expect_eq "$STATUS" 304 "If-None-Match with the gzip ETag"
fetch gz3 /feeds/plan.ics -H 'Accept-Encoding: gzip;q=0, identity'
expect_eq "$(header gz3 Content-Encoding)" "" "no gzip when q=0"
if cmp -s "$WORK/gz3.body" "$WORK/plan.body"; then ok; else bad "gzip;q=0 got another body"; fi

# ---- unit feeds: only under their token ----
fetch unit "/feeds/unit-$TOKEN.ics"
expect_eq "$STATUS" 200 "the unit feed under its token"
case $(header unit Cache-Control) in private*) ok ;; *) bad "a unit feed is cached publicly: $(header unit Cache-Control)" ;; esac
WRONG=0123456789abcdef0123456789abcdef01234567
fetch wrong "/feeds/unit-$WRONG.ics"
expect_eq "$STATUS" 404 "a wrong token"
fetch old "/feeds/unit-$OLD.ics"
expect_eq "$STATUS" 404 "the rotated-out token"
fetch byid /feeds/unit-ZFZD.ics
expect_eq "$STATUS" 404 "a unit feed by its file name"
fetch dots /feeds/../records.db
expect_eq "$STATUS" 404 "a path outside the feeds"
fetch post /feeds/plan.ics -X POST -d x=1
expect_eq "$STATUS" 405 "POST"
fetch put /feeds/plan.ics -X PUT -d x=1
expect_eq "$STATUS" 405 "PUT"
if grep -qF -e "$TOKEN" -e "$WRONG" -e "$OLD" "$LOG"; then bad "a token is in the log"; else ok; fi
if grep -qE '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [-+][0-9]{4}\] "GET /feeds/plan.ics HTTP/1.1" 200 [0-9]+$' "$LOG"; then
	ok; else bad "no common log format line for GET plan.ics"; fi
if grep -qF '"GET /feeds/unit-(token).ics HTTP/1.1" 404 ' "$LOG"; then ok; else bad "the wrong token's 404 is not logged"; fi

# ---- served = the file version, byte for byte and to both parsers ----
mkdir -p "$WORK/served"
for f in "$WORK/files"/plan.ics "$WORK/files"/point-*.ics; do
	n=$(basename "$f")
	curl -s --max-time 20 -o "$WORK/served/$n" "$U/feeds/$n"
done
cp "$WORK/unit.body" "$WORK/served/unit-ZFZD.ics"
cp "$WORK/files/unit-ZFZD.ics" "$WORK/fileunit.ics"
rm -f "$WORK/files"/unit-*.ics
cp "$WORK/fileunit.ics" "$WORK/files/unit-ZFZD.ics"
if diff -r "$WORK/files" "$WORK/served" >/dev/null; then ok; else bad "served feeds differ from calendar's files: $(diff -rq "$WORK/files" "$WORK/served" | head -3)"; fi
if [ -f "$MODULES/ical.js/package.json" ] && command -v node >/dev/null; then
	node "$FEEDS/icaljs_dump.mjs" "$MODULES" "$WORK/files"/*.ics >"$WORK/files.icaljs" 2>"$ERR" || bad "ical.js: files: $(head -3 "$ERR")"
	node "$FEEDS/icaljs_dump.mjs" "$MODULES" "$WORK/served"/*.ics >"$WORK/served.icaljs" 2>"$ERR" || bad "ical.js: served: $(head -3 "$ERR")"
	[ -s "$WORK/served.icaljs" ] && cmp -s "$WORK/files.icaljs" "$WORK/served.icaljs" && ok || bad "ical.js reads the served feeds differently"
else
	bad "node or ical.js is missing in $MODULES (make test installs it)"
fi
"$PY" "$FEEDS/pyical_dump.py" "$WORK/files"/*.ics >"$WORK/files.pyical" 2>"$ERR" || bad "python3-icalendar: files: $(head -3 "$ERR")"
"$PY" "$FEEDS/pyical_dump.py" "$WORK/served"/*.ics >"$WORK/served.pyical" 2>"$ERR" || bad "python3-icalendar: served: $(head -3 "$ERR")"
[ -s "$WORK/served.pyical" ] && cmp -s "$WORK/files.pyical" "$WORK/served.pyical" && ok || bad "python3-icalendar reads the served feeds differently"

# ---- saved reports ----
fetch rep /report/2020Q3.html
expect_eq "$STATUS" 200 "the saved period's report"
expect_eq "$(header rep Content-Type)" "text/html; charset=utf-8" "report Content-Type"
if grep -qF '2020Q3' "$WORK/rep.body" && grep -qF '食品药品检验所' "$WORK/rep.body"; then ok; else bad "the report lacks its period or a unit"; fi
fetch rep2 /report/2020Q1.html
expect_eq "$STATUS" 404 "a period never saved"

# ---- the dashboard, in a real browser with no script ----
# Chromium 156 loads nothing at all with --blink-settings=scriptEnabled=false (measured: an
# empty DOM even for a file:// page) and ignores javascriptEnabled=false; the dashboard's own
# Content-Security-Policy (script-src falls back to default-src 'none') is what keeps every
# script from running in the browser here.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
# dom FILE: the dashboard's DOM as headless chromium (no script) builds it, into FILE.
dom() {
	timeout 30 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run \
		--user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" --dump-dom "$U/" >"$1" 2>"$WORK/browser.err"
}
fetch dash /
expect_eq "$STATUS" 200 "GET /"
expect_eq "$(header dash Content-Type)" "text/html; charset=utf-8" "dashboard Content-Type"
if grep -qF "webcal://127.0.0.1:$PORT/feeds/plan.ics" "$WORK/dash.body" && grep -qF "href=\"$U/feeds/plan.ics\"" "$WORK/dash.body"; then
	ok; else bad "the dashboard lacks plan.ics's webcal:// and http links"; fi
if grep -qF 'href="/report/2020Q3.html"' "$WORK/dash.body"; then ok; else bad "the dashboard does not link the saved report"; fi
if grep -qi '<script' "$WORK/dash.body"; then bad "the dashboard has a script"; else ok; fi
case $(header dash Content-Security-Policy) in "default-src 'none';"*) ok ;; *) bad "the dashboard does not forbid scripts: $(header dash Content-Security-Policy)" ;; esac
if grep -qF "$TOKEN" "$WORK/dash.body"; then bad "the dashboard shows a token"; else ok; fi
if [ "${SANITIZED:-0}" = 1 ]; then
	:   # chromium is not what the sanitizers test; the checker runs on the page as served
	"$PY" "$ROOT/tests/cli/dashboard_check.py" "$WORK/dash.body" "$WORK/q4.json" >"$OUT" 2>&1 && ok ||
		{ bad "the dashboard's ranking differs from the JSON"; head -5 "$OUT" >&2; }
elif [ -z "$CHROMIUM" ]; then
	bad "chromium missing (make deps installs it)"
else
	dom "$WORK/dom1.html"
	"$PY" "$ROOT/tests/cli/dashboard_check.py" "$WORK/dom1.html" "$WORK/q4.json" >"$OUT" 2>&1 && ok ||
		{ bad "the dashboard in chromium: ranking differs from the JSON"; head -5 "$OUT" >&2; sed 's/^/    /' "$WORK/browser.err" | head -3 >&2; }
fi

# wait_change PATH ETAG: waits (up to WAIT s) until PATH's ETag is no longer ETAG; fetches it
# into $WORK/changed.*.
wait_change() {
	_i=0
	while [ $_i -lt $((WAIT * 2)) ]; do
		fetch changed "$1"
		[ "$(header changed ETag)" != "$2" ] && return 0
		sleep 0.5
		_i=$((_i + 1))
	done
	return 1
}

# ---- the ETag changes exactly when the bytes change ----
UNIT_ETAG=$(header unit ETag)
run delete --db "$DB" activities ZFZD-A02
expect_rc 0 "delete an activity the unit's feed counts"
if wait_change "/feeds/unit-$TOKEN.ics" "$UNIT_ETAG"; then ok; else bad "the unit feed's ETag did not change after a record change"; fi
if cmp -s "$WORK/changed.body" "$WORK/unit.body"; then bad "the ETag changed, the bytes did not"; else ok; fi
fetch plan8 /feeds/plan.ics
expect_eq "$(header plan8 ETag)" "$ETAG" "plan.ics keeps its ETag (nothing in it changed)"
if cmp -s "$WORK/plan8.body" "$WORK/plan.body"; then ok; else bad "plan.ics bytes changed, ETag did not"; fi
expect_eq "$(header plan8 Last-Modified)" "$LM" "plan.ics keeps its Last-Modified"
fetch plan9 /feeds/plan.ics -H "If-None-Match: $ETAG"
expect_eq "$STATUS" 304 "plan.ics still 304 after the rebuild"
quarter_json "$WORK/q4a.json"

# ---- hot reload: broken rules keep the old verdicts; mended, new ones without a restart ----
F=$RULES/4-11_publicity.lua
cp "$F" "$WORK/publicity.orig"
printf '\nrule { id = "broken"\n' >>"$F"
i=0
while [ $i -lt $((WAIT * 2)) ] && ! grep -q 'still using the last good rules' "$LOG"; do sleep 0.5; i=$((i + 1)); done
if grep -q 'still using the last good rules' "$LOG"; then ok; else bad "the broken rules were not reported in the log"; fi
if grep -qF '4-11_publicity.lua:' "$LOG"; then ok; else bad "the log does not name the broken file:line"; fi
fetch plan10 /feeds/plan.ics
expect_eq "$(header plan10 ETag)" "$ETAG" "the broken rules left the feed as it was"
fetch dash2 /
if grep -qF '4-11_publicity.lua:' "$WORK/dash2.body"; then ok; else bad "the dashboard does not show the problem"; fi
"$PY" "$ROOT/tests/cli/dashboard_check.py" "$WORK/dash2.body" "$WORK/q4a.json" "4-11_publicity.lua:" >"$OUT" 2>&1 && ok ||
	{ bad "the dashboard does not show the problem beside the old verdicts"; head -5 "$OUT" >&2; }
# mended, with the publicity rule asking 99 posts instead of 1: new verdicts (a pass becomes
# pending), a new plan feed (its requirement text), the problem gone
sed 's/params = { min = 1, channels = /params = { min = 99, channels = /' "$WORK/publicity.orig" >"$F"
grep -q 'min = 99' "$F" && ok || bad "the mend did not apply"
if wait_change /feeds/plan.ics "$ETAG"; then ok; else bad "the mended rules were not taken"; fi
if grep -qF '99' "$WORK/changed.body"; then ok; else bad "the new feed lacks the mended requirement"; fi
fetch dash3 /
if grep -qF 'id="problems"' "$WORK/dash3.body"; then bad "the problem is still shown after the mend"; else ok; fi
quarter_json "$WORK/q4b.json"
if cmp -s "$WORK/q4a.json" "$WORK/q4b.json"; then bad "the mend changed no verdict (the test proves nothing)"; else ok; fi
"$PY" "$ROOT/tests/cli/dashboard_check.py" "$WORK/dash3.body" "$WORK/q4b.json" >"$OUT" 2>&1 && ok ||
	{ bad "the dashboard after the mend differs from the new JSON"; head -5 "$OUT" >&2; }
# SIGHUP reloads as well (nothing changed: the same bytes)
NEW_ETAG=$(header changed ETag)
kill -HUP "$PID"
sleep 1
fetch plan11 /feeds/plan.ics
expect_eq "$(header plan11 ETag)" "$NEW_ETAG" "SIGHUP with nothing changed keeps the ETag"
kill -0 "$PID" 2>/dev/null && ok || bad "SIGHUP stopped the server"

# ---- SIGTERM: a clean stop ----
kill -TERM "$PID"
wait "$PID"
RC=$?
PID=
expect_eq "$RC" 0 "SIGTERM stops the server with 0"
if grep -q 'yaodian serve: stopped' "$LOG"; then ok; else bad "no clean stop in the log"; fi
san_grep=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: ' "$LOG")
expect_eq "$san_grep" 0 "no sanitizer report from the server"

# ---- one snapshot judges its year once: the rule queries of the first snapshot (no saved
# checks) are those of the year's check and the quarter's, not the year's twice (the unit
# feeds and the dashboard's open items share one check) ----
DB1=$WORK/once.db
sample_db "$DB1"
YAODIAN_SQL_LOG=$WORK/year.sql "$YAODIAN" check --db "$DB1" --period 2020 --as-of $ASOF >/dev/null 2>&1
YAODIAN_SQL_LOG=$WORK/quarter.sql "$YAODIAN" check --db "$DB1" --period 2020Q4 --as-of $ASOF >/dev/null 2>&1
YAODIAN_SQL_LOG=$WORK/serve.sql serve_start "$LOG" --db "$DB1" --as-of $ASOF --lang en
grep -q 'listening on' "$LOG" && ok || bad "the server on $DB1 did not start"
stop_server
year_q=$(grep -c ';$' "$WORK/year.sql")
quarter_q=$(grep -c ';$' "$WORK/quarter.sql")
[ "$year_q" -gt 0 ] && [ "$quarter_q" -gt 0 ] && ok || bad "the checks logged no query ($year_q, $quarter_q)"
expect_eq "$(grep -c ';$' "$WORK/serve.sql")" $((year_q + quarter_q)) "a snapshot runs the year's and the quarter's rule queries once each"

finish
