#!/usr/bin/python3
"""formats_check.py — holds the csv, junit and xlsx reports of a `yaodian check` run against the
JSON report of the same run (tests/cli/formats.sh).

  formats_check.py agree JSON CSV JUNIT XLSX LANG   same findings, evidence, scores, headers
  formats_check.py guard JSON CSV JUNIT RULE        RULE's formula-like message guarded in CSV,
                                                    and the JUnit document still valid
Prints each problem and exits 1 when there is any."""
import collections
import csv
import io
import json
import sys
import xml.etree.ElementTree as ET

import openpyxl

HEADERS = {
    "zh": ["单位编号", "单位名称", "条款", "规则", "规则名称", "要求", "义务", "状态", "窗口开始", "窗口结束", "截止",
           "说明", "佐证", "查找了", "豁免", "分值", "来源"],
    "en": ["Unit id", "Unit name", "Clause", "Rule", "Rule title", "Requirement", "Obligations", "Status", "Window from",
           "Window to", "Due", "Message", "Evidence", "Looked for", "Waiver", "Points", "Source"],
}
LABELS = {
    "zh": {"通过": "pass", "未通过": "fail", "待完成": "pending", "不适用": "not_applicable",
           "已豁免": "waived", "规则错误": "error"},
    "en": {"Pass": "pass", "Fail": "fail", "Pending": "pending", "N/A": "not_applicable",
           "Waived": "waived", "Error": "error"},
}
SHEETS = {"zh": ["汇总", "得分", "问题清单", "豁免", "义务"], "en": ["Summary", "Scores", "Findings", "Waivers", "Obligations"]}
OUTCOME = {"pass": 0, "fail": 1, "error": 1, "pending": 2}   # the others count as 3 (其他)
problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)


def json_rows(doc):
    """(unit, rule, from, to, status, evidence, requires, obligations) of every finding, in check order."""
    return [(f["unit"]["id"] or "", f["rule_id"], f["window"]["from"], f["window"]["to"], f["status"],
             tuple(f["evidence"]), f["requires"] or "", tuple(f.get("obligations") or ())) for f in doc["findings"]]


def col(lang, zh):
    """The index of the column whose Chinese header is zh."""
    return HEADERS["zh"].index(zh)


def read_csv(path):
    raw = open(path, "rb").read()
    expect(raw.startswith(b"\xef\xbb\xbf"), "CSV: no UTF-8 BOM")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def table_rows(rows, lang, what):
    """The finding keys of a header + rows table with the CSV columns."""
    expect(rows and list(rows[0]) == HEADERS[lang], f"{what}: header {rows[0] if rows else None}")
    out = []
    for r in rows[1:]:
        r = ["" if v is None else str(v) for v in r]
        ev = tuple(r[col(lang, "佐证")].split(";")) if r[col(lang, "佐证")] else ()
        ob = tuple(r[col(lang, "义务")].split(";")) if r[col(lang, "义务")] else ()
        status = LABELS[lang].get(r[col(lang, "状态")], "?" + r[col(lang, "状态")])
        out.append((r[col(lang, "单位编号")], r[col(lang, "规则")], r[col(lang, "窗口开始")],
                    r[col(lang, "窗口结束")], status, ev, r[col(lang, "要求")], ob))
    return out


def junit_rows(path):
    root = ET.parse(path).getroot()
    out = []
    expect(root.tag == "testsuites", "JUnit: root is not testsuites")
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        n = collections.Counter()
        for c in cases:
            rule, window = c.get("name").rsplit(" ", 1)
            expect(rule == suite.get("name"), f"JUnit: case {c.get('name')} in suite {suite.get('name')}")
            frm, to = window.split("..")
            child = list(c)
            status = "pass"
            if child:
                status = {"failure": "fail", "error": "error"}.get(child[0].tag) or child[0].get("type")
                n[child[0].tag] += 1
                expect(child[0].tag in ("failure", "error", "skipped"), f"JUnit: element {child[0].tag}")
            ev, req, ob = (), "", ()
            for line in (child[0].text or "").split("\n") if child else []:
                if line.startswith(("佐证: ", "evidence: ")):
                    ev = tuple(line.split(": ", 1)[1].split(";"))
                elif line.startswith(("要求: ", "requires: ")):
                    req = line.split(": ", 1)[1]
                elif line.startswith(("义务: ", "obligations: ")):
                    ob = tuple(line.split(": ", 1)[1].split(";"))
            out.append((c.get("classname"), rule, frm, to, status, ev, req, ob))
        expect(int(suite.get("tests")) == len(cases), f"JUnit: {suite.get('name')} tests count")
        for attr, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            expect(int(suite.get(attr)) == n[tag], f"JUnit: {suite.get('name')} {attr} count")
    return out


def without_evidence_of_passes(rows):
    """JUnit writes no body for a pass, so its evidence, requirement and obligations are not there to compare."""
    return [r if r[4] != "pass" else r[:5] + ((), "", ()) for r in rows]


def check_xlsx(path, doc, lang):
    wb = openpyxl.load_workbook(path)
    expect(wb.sheetnames == SHEETS[lang], f"xlsx: sheets {wb.sheetnames}")
    summary, points, listing, waivers, obligs = (wb[n] for n in SHEETS[lang])
    rows = [list(r) for r in listing.iter_rows(values_only=True)]
    expect(table_rows(rows, lang, "xlsx") == json_rows(doc), "xlsx findings differ from JSON")
    expect(listing.auto_filter.ref == f"A1:{chr(ord('A') + len(HEADERS[lang]) - 1)}{len(doc['findings']) + 1}", f"xlsx: autofilter {listing.auto_filter.ref}")
    expect(listing.freeze_panes == "A2", f"xlsx: freeze panes {listing.freeze_panes}")
    status_fill = {}
    for r in range(2, listing.max_row + 1):
        c = listing.cell(r, col(lang, "状态") + 1)
        status_fill.setdefault(c.value, set()).add(c.fill.fgColor.rgb)
    expect(all(len(v) == 1 for v in status_fill.values()) and
           len({next(iter(v)) for v in status_fill.values()}) == len(status_fill), f"xlsx: status fills {status_fill}")
    scores = {u["unit"]["id"]: u for u in doc["scores"]["units"]}
    ranked = [list(r) for r in summary.iter_rows(min_row=2, values_only=True)]
    expect([r[1] for r in ranked] == sorted(scores, key=lambda u: (-(scores[u]["score"] if scores[u]["score"] is not None else -1), u)),
           f"xlsx: ranking {[r[1] for r in ranked]}")
    got = [r[3] for r in ranked]
    expect(got == [scores[r[1]]["score"] for r in ranked], f"xlsx: summary scores {got}")
    expect(all(a >= b for a, b in zip(got, got[1:])), f"xlsx: summary not in descending score order {got}")
    expect([r[0] for r in ranked] == list(range(1, len(ranked) + 1)) or len(set(got)) < len(got), "xlsx: ranks")
    for r in ranked:
        counts = collections.Counter(f["status"] for f in doc["findings"] if f["unit"]["id"] == r[1])
        expect(r[6:12] == [counts[s] for s in ("pass", "fail", "pending", "not_applicable", "waived", "error")],
               f"xlsx: counts of {r[1]}")
        prev, now = scores[r[1]]["previous"], scores[r[1]]["score"]
        change = round(now - prev, 1) if prev is not None and now is not None else None
        expect(r[12:14] == [prev, change] or (prev is None and r[12:14] == [None, None]),
               f"xlsx: previous score and change of {r[1]}: {r[12:14]}, JSON {prev} → {now}")
    head = [c.value for c in summary[1]]
    label = doc["previous"]["period"] if doc["previous"] else {"zh": "上次", "en": "previous"}[lang]
    expect(label in str(head[12]) and label in str(head[13]), f"xlsx: summary header {head[12:14]}")
    head = [c.value for c in points[1]]
    for row in points.iter_rows(min_row=2, values_only=True):
        u = scores[row[0]]
        expect(row[2] == u["score"], f"xlsx: total of {row[0]}")
        for p in u["points"]:
            k = next(i for i, h in enumerate(head) if h == p["clause"] or str(h).startswith(p["clause"] + " "))
            expect(row[k] == p["score"], f"xlsx: {row[0]} {p['clause']}: {row[k]} != {p['score']}")
    waived = [(f["unit"]["id"], f["rule_id"], f["window"]["from"], f["window"]["to"], f["waiver"])
              for f in doc["findings"] if f["status"] == "waived"]
    got = [(r[0], r[2], r[3], r[4], r[5]) for r in waivers.iter_rows(min_row=2, values_only=True)]
    expect(got == waived and waived, f"xlsx: waivers {got} != {waived}")
    check_obligations(obligs, doc, lang)


def check_obligations(sheet, doc, lang):
    """The 义务 sheet: every obligation a finding names is listed once, with the outcomes of the
    findings that judge it counted as the JSON's; an excused one gives its reason."""
    want = collections.defaultdict(lambda: [0, 0, 0, 0])
    for f in doc["findings"]:
        for o in f.get("obligations") or ():
            want[o][OUTCOME.get(f["status"], 3)] += 1
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    ids = [r[0] for r in rows]
    expect(len(ids) == len(set(ids)), "xlsx: an obligation listed twice")
    expect(want and set(want) <= set(ids), f"xlsx: obligations missing from the sheet: {set(want) - set(ids)}")
    how = {"zh": ("规则检查", "自评", "不检查"), "en": ("enforced", "self-assessed", "excused")}[lang]
    for r in rows:
        expect(r[3] in how, f"xlsx: obligation {r[0]} how {r[3]!r}")
        if r[3] == how[2]:
            expect(isinstance(r[4], str) and r[4] and r[0] not in want, f"xlsx: excused obligation {r[0]}: {r[4:8]}")
        else:
            expect(r[4:8] == want[r[0]], f"xlsx: obligation {r[0]} counts {r[4:8]}, JSON {want[r[0]]}")


def agree(jpath, cpath, xpath, bpath, lang):
    doc = json.load(open(jpath))
    want = json_rows(doc)
    expect(any(r[6] and "{" not in r[6] for r in want), "JSON: no finding carries its requirement text")
    expect(any(r[7] for r in want), "JSON: no finding carries obligation ids")
    expect(doc["previous"] is not None and
           any(u["previous"] is not None for u in doc["scores"]["units"]), "JSON: no previous check to compare with")
    got = table_rows(read_csv(cpath), lang, "CSV")
    expect(len(got) == len(want), f"CSV: {len(got)} findings, JSON {len(want)}")
    expect(got == want, "CSV findings (unit, rule, window, status, evidence) differ from JSON")
    j = junit_rows(xpath)
    expect(len(j) == len(want), f"JUnit: {len(j)} cases, JSON {len(want)}")
    expect(collections.Counter(j) == collections.Counter(without_evidence_of_passes(want)),
           "JUnit findings differ from JSON")
    check_xlsx(bpath, doc, lang)


def guard(jpath, cpath, xpath, rule):
    doc = json.load(open(jpath))
    msgs = [f["message"] for f in doc["findings"] if f["rule_id"] == rule]
    expect(msgs and all(m.startswith("=") for m in msgs), f"JSON: messages of {rule}: {msgs}")
    rows = read_csv(cpath)
    csv_msgs = [r[col("zh", "说明")] for r in rows[1:] if r[col("zh", "规则")] == rule]
    expect(csv_msgs == ["'" + m for m in msgs], f"CSV: {rule} messages not guarded: {csv_msgs}")
    for r in rows[1:]:
        for i, v in enumerate(r):
            expect(i == col("zh", "分值") or not v or v[0] not in "=+-@\t\r", f"CSV: unguarded cell {v!r}")
    root = ET.parse(xpath).getroot()   # raises on an invalid document
    got = [e.get("message") for e in root.iter("failure") if e.get("message", "").startswith("=1+1")]
    expect(got == [m.replace("\x01", " ") for m in msgs], f"JUnit: {rule} messages {got}")


if __name__ == "__main__":
    if sys.argv[1] == "agree":
        agree(*sys.argv[2:7])
    else:
        guard(*sys.argv[2:6])
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
