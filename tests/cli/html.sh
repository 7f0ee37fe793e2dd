#!/bin/sh
# html.sh — `yaodian check --format html`, the printed report, on the sample records (imported
# as check.sh does): every unit and every failed or pending finding of the JSON is in it, in
# its unit's section; nothing external and no script; a hostile rule's text comes out as text.
# Then in a real browser (headless chromium, plain build only): printed to PDF it uses a CJK
# font and carries the plan's title and a unit; at the A4 content width nothing is wider than
# the page.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHECK=$ROOT/tests/cli/html_check.py

DB=$WORK/records.db
sample_db "$DB"

HTML=$WORK/report.html
run check --db "$DB" --period 2020 --as-of 2021-01-15 --format html --output "$HTML"
expect_rc 1 "html report: fails found"
run check --db "$DB" --period 2020 --as-of 2021-01-15 --format json --output "$WORK/report.json"
expect_rc 1 "json report"
if "$PY" "$CHECK" "$HTML" "$WORK/report.json" >"$WORK/py.out" 2>&1; then ok; else
	bad "html report does not hold what the JSON holds"; sed 's/^/    /' "$WORK/py.out" >&2; fi
if grep -qiE 'https?:|<script|src=|href=' "$HTML"; then bad "html report refers outside or has a script"; else ok; fi
TITLE=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["plan"]["title"])' "$WORK/report.json")
UNIT=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["scores"]["units"][0]["unit"]["name"])' "$WORK/report.json")
if grep -qF "<h1>$TITLE</h1>" "$HTML"; then ok; else bad "html report: no title '$TITLE'"; fi
if grep -qF '<html lang="zh-CN">' "$HTML" && grep -qF '单位得分排名' "$HTML"; then ok; else bad "html report is not Chinese by default"; fi
if grep -qF 'display: table-header-group' "$HTML" && grep -qF 'size: A4' "$HTML"; then ok; else bad "html report lacks its print CSS"; fi

run check --db "$DB" --period 2020 --as-of 2021-01-15 --format html --lang en
expect_rc 1 "html report in English"
expect_out '<html lang="en">' "html --lang en"
expect_out 'Units ranked by score' "html --lang en"
expect_no_out '单位得分排名' "html --lang en is English"

run check --db "$DB" --period 2020 --format pdf
expect_rc 2 "--format pdf refused"
expect_err "html" "the error names the formats"

# A failed run leaves no file behind (outfile): an unreadable database.
run check --db "$WORK/none.db" --period 2020 --format html --output "$WORK/none.html"
expect_rc 2 "missing database"
if [ -e "$WORK/none.html" ]; then bad "a failed html run left a file"; else ok; fi

# ---- a hostile rule: markup, quotes, control characters and invalid UTF-8 in its text ----
R=$WORK/rules
mkdir "$R"
cp "$ROOT/rules/00_plan.lua" "$ROOT/rules/plan-2020.txt" "$R/"
cat >"$R/10_hostile.lua" <<'EOF'
rule {
  id = "hostile",
  clause = "三、6",
  text = "利用春节、六一、中秋、国庆等节日",
  title = "<b onclick=\"x\">标题</b>",
  due = { festival = "六一", before = 10, after = 5 },
  points = 4,
  check = function(ctx)
    return fail("<script>alert(1)</script> \"q\" 'a' & \1\27[31m \255 end",
                { looked_for = "<img src=x onerror=alert(2)>" })
  end,
}
EOF
run check --db "$DB" --rules "$R" --period 2020 --as-of 2021-01-15 --format html --output "$WORK/hostile.html"
expect_rc 1 "hostile rule fails"
if "$PY" "$CHECK" "$WORK/hostile.html" --hostile '<script>alert(1)</script> "q" '"'a'"' & ' >"$WORK/py.out" 2>&1; then ok; else
	bad "hostile text not escaped"; sed 's/^/    /' "$WORK/py.out" >&2; fi
if "$PY" "$CHECK" "$WORK/hostile.html" --hostile '<img src=x onerror=alert(2)>' >"$WORK/py.out" 2>&1; then ok; else
	bad "hostile looked_for not escaped"; sed 's/^/    /' "$WORK/py.out" >&2; fi
expect_eq "$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp; ' "$WORK/hostile.html")" \
	"$(grep -c 'class="item fail"' "$WORK/hostile.html")" "every hostile message escaped, once per item"
if LC_ALL=C grep -q "$(printf '[\001\033]')" "$WORK/hostile.html"; then bad "control characters reach the page"; else ok; fi
if iconv -f UTF-8 -t UTF-8 "$WORK/hostile.html" >/dev/null 2>&1; then ok; else bad "the page is not valid UTF-8"; fi

# ---- a real browser (plain build only: chromium is not what the sanitizers test) ----
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ "${SANITIZED:-0}" = 1 ]; then
	:
elif [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
	bad "chromium or poppler-utils missing (make deps installs them)"
else
	# browser ARGS...: headless chromium with no network, sync or profile of its own.
	browser() {
		timeout 40 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
			--disable-component-update --disable-sync --no-first-run \
			--user-data-dir="$(mktemp -d "$WORK/profile.XXXXXX")" "$@" 2>"$WORK/browser.err"
	}
	browser --no-pdf-header-footer --print-to-pdf="$WORK/report.pdf" "file://$HTML" >/dev/null
	if [ -s "$WORK/report.pdf" ]; then ok; else bad "chromium printed no PDF"; sed 's/^/    /' "$WORK/browser.err" | head -5 >&2; fi
	# Skia embeds OpenType CFF fonts (Noto CJK is CFF) as Type 3, which pdffonts lists without a
	# name; their font descriptors still name the font.
	if pdffonts "$WORK/report.pdf" | grep -qE 'Noto ?(Sans|Serif) ?CJK' ||
	   strings "$WORK/report.pdf" | grep -qE '/FontName /[A-Z]+\+Noto(Sans|Serif)CJK'; then ok; else
		bad "the PDF uses no CJK font"; pdffonts "$WORK/report.pdf" | head -5 >&2; fi
	pdftotext "$WORK/report.pdf" "$WORK/report.txt"
	if grep -qF "$TITLE" "$WORK/report.txt"; then ok; else bad "the PDF text lacks the plan's title"; fi
	if grep -qF "$UNIT" "$WORK/report.txt"; then ok; else bad "the PDF text lacks unit $UNIT"; fi
	if pdftotext -f 2 -l 2 "$WORK/report.pdf" - | grep -qE '^2 / [0-9]+'; then ok; else bad "no page number in the footer of page 2"; fi

	# Overflow: a copy with a measuring script, at the width of A4 less its margins (190 mm at
	# 96 dpi = 718 px): the page and its widest element must fit.
	sed 's#</body>#<script>var r = 0, who = "";\
document.querySelectorAll("body *").forEach(function (e) { var b = e.getBoundingClientRect().right;\
if (b > r) { r = b; who = e.tagName + "." + e.className; } });\
var p = document.createElement("p"); p.textContent = "MEASURE " + document.documentElement.scrollWidth + " " + Math.ceil(r) + " " + who;\
document.body.appendChild(p);</script></body>#' "$HTML" >"$WORK/measure.html"
	browser --window-size=718,1000 --hide-scrollbars --dump-dom "file://$WORK/measure.html" >"$WORK/dom.html"
	set -- $(grep -o 'MEASURE [0-9]* [0-9]* [^<]*' "$WORK/dom.html") x x x
	if [ "$1" = MEASURE ] && [ "$2" -le 718 ] && [ "$3" -le 718 ]; then ok; else
		bad "the page is wider than A4's content width (718 px): $*"; fi
fi

finish
