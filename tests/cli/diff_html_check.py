#!/usr/bin/python3
"""diff_html_check.py DIFF.json DIFF.html LANG — holds `yaodian diff --format html` against the
JSON of the same diff (tests/cli/history.sh): the title names both periods, each section lists
exactly the JSON's changes of its kind (unit, rule, window, before → after), and the score table
has every unit with its before, after and change. Reads the page with Python's html.parser.
Prints each problem and exits 1 when there is any."""
import html.parser
import json
import sys

LABELS = {
    "zh": {"pass": "通过", "fail": "未通过", "pending": "待完成", "not_applicable": "不适用",
           "waived": "已豁免", "error": "规则错误", None: "-"},
    "en": {"pass": "Pass", "fail": "Fail", "pending": "Pending", "not_applicable": "N/A",
           "waived": "Waived", "error": "Error", None: "-"},
}
HEADINGS = {"zh": ["新增未通过", "已整改", "其他状态变化", "得分变化"],
            "en": ["Newly failing", "Fixed", "Other status changes", "Score changes"]}


class Page(html.parser.HTMLParser):
    """The h1, and per h2 the text rows of the table that follows it."""

    def __init__(self):
        super().__init__()
        self.h1, self.sections, self.cur, self.row, self.cell, self.tag = "", [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        if tag == "h2":
            self.cur = ["", []]
            self.sections.append(self.cur)
        elif tag == "tr" and self.cur is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.cur[1].append(self.row)
            self.row = None
        self.tag = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.tag == "h1":
            self.h1 += data
        elif self.tag == "h2":
            self.cur[0] += data


def main(jpath, hpath, lang):
    problems = []
    d = json.load(open(jpath))
    p = Page()
    p.feed(open(hpath, encoding="utf-8").read())
    lab = LABELS[lang]
    if d["from"]["period"] not in p.h1 or d["to"]["period"] not in p.h1:
        problems.append(f"title {p.h1!r} does not name both periods")
    heads = [s[0] for s in p.sections]
    for i, kind in enumerate(("newly_failing", "fixed", "other")):
        want_head = HEADINGS[lang][i]
        if i >= len(heads) or not heads[i].startswith(want_head) or f"{len(d[kind])}" not in heads[i]:
            problems.append(f"section {i}: heading {heads[i] if i < len(heads) else None!r}, want {want_head} with {len(d[kind])}")
            continue
        got = sorted(tuple(r[:4]) for r in p.sections[i][1][1:])
        want = sorted((c["unit_id"] or "-", c["rule_id"], f'{c["window"]["from"]}..{c["window"]["to"]}',
                       f'{lab[c["before"]]} → {lab[c["after"]]}') for c in d[kind])
        if got != want:
            problems.append(f"{kind}: rows differ: {sorted(set(got) ^ set(want))[:3]}")
    if len(p.sections) < 4 or not heads[3].startswith(HEADINGS[lang][3]):
        problems.append(f"no score section: {heads}")
    else:
        def num(v):
            return "-" if v is None else "%.1f" % v
        got = [tuple(r[:4]) for r in p.sections[3][1][1:]]
        want = [(s["unit_id"], s["unit_name"] or "", num(s["before"]), num(s["after"])) for s in d["scores"]]
        if got != want:
            problems.append(f"scores differ: {got[:3]} vs {want[:3]}")
        for r, s in zip(p.sections[3][1][1:], d["scores"]):
            if s["change"] is not None:
                sign = r[4][:1]
                ok = (sign == "+" if round(s["change"], 1) > 0 else sign == "\u2212" if round(s["change"], 1) < 0 else r[4] == "0.0")
                if not ok or r[4].lstrip("+\u2212") != "%.1f" % abs(round(s["change"], 1)):
                    problems.append(f"change of {s['unit_id']}: {r[4]!r}, JSON {s['change']}")
    for x in problems:
        print(x)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
