"""template_check.py — reads what `yaodian template` wrote with python3-openpyxl and holds it
against what the importer itself says it reads (`yaodian import --help`) and the vocab table of a
database. Prints one line per problem and exits 1 if there is any.

  check BOOK HELP_ZH HELP_LANG VOCAB_DB [--lang en]
      the workbook: sheets and their order, headers, required/optional header formats, comments
      (the column's meaning from HELP_LANG, the help in the template's language), frozen header,
      the example row's cell types, column widths, and the data validation of every column
  csv DIR HELP_ZH BOOK
      one UTF-8 CSV file with a BOM per kind: the headers, and the workbook's example row
  fill BOOK OUT
      writes a few records under the headers of 单位 and 活动 (dates as date cells, counts as
      numbers), as a clerk would, and saves the workbook as OUT"""
import csv
import datetime
import re
import sqlite3
import sys
import unicodedata

import openpyxl
from openpyxl.utils import get_column_letter

PROBLEMS = []


def bad(msg):
    PROBLEMS.append(msg)


def width(s):
    """Display columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(s or ""))


def parse_help(path):
    """The kinds of `yaodian import --help`, in import order: [(name, alias, [column])], each
    column {header, required, type, meaning}."""
    kinds = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"^(\w+) \((\S+)\) — ", line)
        if m:
            kinds.append((m.group(1), m.group(2), []))
            continue
        if not kinds or not line.startswith("  "):
            continue
        t = re.split(r" {2,}", line.strip())
        if t[0] in ("列名", "column"):
            continue
        if len(t) == 4:
            kinds[-1][2].append({"header": t[0], "required": True, "type": t[2], "meaning": t[3]})
        elif len(t) == 3:
            kinds[-1][2].append({"header": t[0], "required": False, "type": t[1], "meaning": t[2]})
    return kinds


def vocab(db, field):
    with sqlite3.connect(db) as c:
        return sorted(v for (v,) in c.execute("SELECT value FROM vocab WHERE field = ?", (field,)))


def list_values(wb, formula):
    """The values of a list validation: inline ("a,b") or a range of another sheet."""
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    m = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    if not m:
        bad(f"list formula {formula!r} is neither an inline list nor a range")
        return []
    ws = wb[m.group(1)]
    if ws.sheet_state != "hidden":
        bad(f"the lists sheet {m.group(1)} is not hidden")
    rng = ws[f"{m.group(2)}{m.group(3)}:{m.group(4)}{m.group(5)}"]
    return [str(row[0].value) for row in rng]


def style_key(cell):
    color = cell.font.color.rgb if cell.font.color is not None and isinstance(cell.font.color.rgb, str) else None
    return (bool(cell.font.b), cell.fill.fgColor.rgb, color)


def check_headers(ws, cols, meanings, lang):
    req_word, opt_word = ("Required: ", "Optional: ") if lang == "en" else ("必填:", "选填:")
    got = [c.value for c in ws[1]]
    if got != [c["header"] for c in cols]:
        bad(f"{ws.title}: headers {got} are not the importer's {[c['header'] for c in cols]}")
        return
    if ws.freeze_panes != "A2":
        bad(f"{ws.title}: frozen panes {ws.freeze_panes}, expected A2")
    for i, col in enumerate(cols):
        cell = ws.cell(row=1, column=i + 1)
        want = (req_word if col["required"] else opt_word) + meanings[i]
        if cell.comment is None or cell.comment.text != want:
            bad(f"{ws.title}!{cell.coordinate}: comment {cell.comment.text if cell.comment else None!r}, expected {want!r}")
    req = {style_key(ws.cell(row=1, column=i + 1)) for i, c in enumerate(cols) if c["required"]}
    opt = {style_key(ws.cell(row=1, column=i + 1)) for i, c in enumerate(cols) if not c["required"]}
    if len(req) > 1 or len(opt) > 1 or (req & opt):
        bad(f"{ws.title}: required headers {req} not told apart from optional ones {opt}")


def check_example(ws, cols):
    for i, col in enumerate(cols):
        cell = ws.cell(row=2, column=i + 1)
        v = cell.value
        if col["required"] and v in (None, ""):
            bad(f"{ws.title}!{cell.coordinate}: a required column without an example")
        if v is None:
            continue
        if col["type"] == "日期" and not (cell.is_date and isinstance(v, datetime.datetime)):
            bad(f"{ws.title}!{cell.coordinate}: example {v!r} is not a date cell")
        if col["type"] in ("整数", "金额(元)") and not isinstance(v, (int, float)):
            bad(f"{ws.title}!{cell.coordinate}: example {v!r} is not a number")
        if col["type"] == "是/否" and v not in ("是", "否"):
            bad(f"{ws.title}!{cell.coordinate}: example {v!r} is not 是/否")
        letter = get_column_letter(i + 1)
        w = ws.column_dimensions[letter].width
        if not (w > width(col["header"]) and w >= width(v if not isinstance(v, datetime.datetime) else "2020-01-01")):
            bad(f"{ws.title}: column {letter} width {w} does not fit {col['header']!r} and {v!r}")


def expected_validation(col, db):
    """(type, values or (formula1, formula2, operator)) the importer's column type calls for."""
    t = col["type"]
    if t.startswith("词表 ") or t.startswith("多值词表 "):
        return ("list", vocab(db, t.split()[1]))
    if t == "是/否":
        return ("list", ["否", "是"])
    if t == "日期":
        return ("date", ("1", "73415", None))          # 1900-01-01 .. 2100-12-31
    if t == "整数":
        return ("whole", None)
    if t == "金额(元)":
        return ("decimal", ("0", None, "greaterThanOrEqual"))
    return None


INT_RANGES = {"年度": ("1900", "2100"), "出生年份": ("1900", "2100"), "序号": ("1", "1000"),
              "儿童人数": ("0", "100000000"), "退休人数": ("0", "100000000"), "面积": ("0", "100000000")}


def check_validations(wb, ws, cols, db):
    by_range = {}
    for dv in ws.data_validations.dataValidation:
        for r in str(dv.sqref).split():
            by_range[r] = dv
    for i, col in enumerate(cols):
        letter = get_column_letter(i + 1)
        rng = f"{letter}2:{letter}1000"
        want = expected_validation(col, db)
        dv = by_range.pop(rng, None)
        if want is None:
            if dv is not None:
                bad(f"{ws.title}!{rng}: {col['header']} is {col['type']} but has a {dv.type} validation")
            continue
        if dv is None or dv.type != want[0]:
            bad(f"{ws.title}!{rng}: {col['header']}: validation {dv.type if dv else None}, expected {want[0]}")
            continue
        if want[0] == "list":
            got = sorted(list_values(wb, dv.formula1))
            if got != want[1]:
                bad(f"{ws.title}!{rng}: {col['header']}: list {got}, expected {want[1]}")
        elif want[0] == "whole":
            if col["header"] in INT_RANGES and (dv.formula1, dv.formula2) != INT_RANGES[col["header"]]:
                bad(f"{ws.title}!{rng}: {col['header']}: whole from {dv.formula1} to {dv.formula2}")
        elif (dv.formula1, dv.formula2, dv.operator) != want[1]:
            bad(f"{ws.title}!{rng}: {col['header']}: {want[0]} {(dv.formula1, dv.formula2, dv.operator)}, expected {want[1]}")
        if want[0] == "date" and not (dv.prompt and dv.error):
            bad(f"{ws.title}!{rng}: the date validation has no input or error message")
    for rng in by_range:
        bad(f"{ws.title}: a validation on {rng} matches no column's rows 2..1000")


def check(book, help_zh, help_lang, db, lang):
    kinds = parse_help(help_zh)
    meanings = {alias: [c["meaning"] for c in cols] for _, alias, cols in parse_help(help_lang)}
    wb = openpyxl.load_workbook(book)
    notes = "Instructions" if lang == "en" else "填表说明"
    want = [notes] + [alias for _, alias, _ in kinds]
    if wb.sheetnames[:len(want)] != want or any(wb[s].sheet_state != "hidden" for s in wb.sheetnames[len(want):]):
        bad(f"sheets {wb.sheetnames}, expected {want} (and perhaps a hidden lists sheet)")
        return
    text = "\n".join(str(c.value) for row in wb[notes].iter_rows() for c in row if c.value)
    name = book.rsplit("/", 1)[-1]
    if f"yaodian import --db" not in text or name not in text:
        bad(f"{notes} does not say how to import {name}")
    for _, alias, cols in kinds:
        ws = wb[alias]
        check_headers(ws, cols, meanings[alias], lang)
        check_example(ws, cols)
        check_validations(wb, ws, cols, db)


def as_text(v):
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, float):
        return f"{v:.2f}"
    return "" if v is None else str(v)


def check_csv(folder, help_zh, book):
    wb = openpyxl.load_workbook(book)
    for _, alias, cols in parse_help(help_zh):
        path = f"{folder}/{alias}.csv"
        raw = open(path, "rb").read()
        if not raw.startswith(b"\xef\xbb\xbf"):
            bad(f"{path}: no UTF-8 BOM")
        rows = list(csv.reader(raw[3:].decode("utf-8").splitlines()))
        if len(rows) != 2 or rows[0] != [c["header"] for c in cols]:
            bad(f"{path}: expected the header and one example row, got {rows}")
            continue
        example = [as_text(c.value) for c in wb[alias][2]]
        if alias == "经费":   # the workbook holds 800 as a number shown 0.00
            example = [as_text(float(v)) if c["header"] == "金额" else v for v, c in zip(example, cols)]
        if rows[1] != example:
            bad(f"{path}: example {rows[1]} differs from the workbook's {example}")


def fill(book, out):
    wb = openpyxl.load_workbook(book)
    wb["单位"].append(["SJ-JYS", "食品药品检验所", "直属事业单位", "SJ-BGS"])
    acts = wb["活动"]
    acts.append(["SJ-JYS-A01", "SJ-JYS", "中秋慰问留守儿童", datetime.date(2020, 9, 30), None, None, None,
                 "中秋;慰问", "联系村", 12, 3, 5, None, None])
    acts.append(["SJ-BGS-A02", "SJ-BGS", "国庆爱国主义教育", datetime.date(2020, 10, 1), datetime.date(2020, 10, 2),
                 None, None, "国庆;爱国主义教育", None, 30, None, 8, None, "两天"])
    for row in acts.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy/m/d"
    wb.save(out)


def main():
    a = sys.argv[1:]
    if a[0] == "check":
        check(a[1], a[2], a[3], a[4], "en" if a[5:] == ["--lang", "en"] else "zh")
    elif a[0] == "csv":
        check_csv(a[1], a[2], a[3])
    elif a[0] == "fill":
        fill(a[1], a[2])
    for p in PROBLEMS:
        print(p)
    sys.exit(1 if PROBLEMS else 0)


if __name__ == "__main__":
    main()
