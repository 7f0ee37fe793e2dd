"""make_book.py OUT.xlsx SAMPLE_DIR [options] — writes the sample records (one CSV per kind in
SAMPLE_DIR) as one Excel workbook with python3-openpyxl, the way a clerk keeps them: one sheet
per kind named in Chinese (English with --english), dates as real date cells, counts and years
as numbers, amounts as numbers, everything else as text, plus a sheet of instructions that names
no kind. Options:
  --epoch1904          the workbook uses the 1904 date system (Excel for Mac)
  --only KIND          just that kind's sheet
  --sheet-name NAME    with --only: call the sheet NAME
  --set SHEET!CELL=V   then write V (text) into that cell, e.g. 活动!D5=2020-02-30
  --no-notes           leave out the instructions sheet"""
import argparse
import csv
import datetime
import os
import re

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

KINDS = [("units", "单位"), ("unit_years", "单位年度"), ("people", "人员"), ("activities", "活动"),
         ("participants", "参与人员"), ("meetings", "会议"), ("agenda", "议题"), ("documents", "文件"),
         ("posts", "宣传"), ("funds", "经费"), ("roles", "职责"), ("offices", "办公场所"),
         ("pairings", "结对"), ("waivers", "豁免"),
         ("self_assessments", "自评")]
NUMBERS = {"年度", "退休人数", "在职人数", "出生年份", "儿童人数", "老同志人数", "职工人数", "序号", "面积"}


def typed(header, value):
    """The value as the cell type a spreadsheet would hold."""
    if value == "":
        return None
    if (header.endswith("日期") or header == "有效期至") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.date.fromisoformat(value)
    if header in NUMBERS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if header == "金额" and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    return value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("sample")
    ap.add_argument("--epoch1904", action="store_true")
    ap.add_argument("--english", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("--sheet-name")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--no-notes", action="store_true")
    a = ap.parse_args()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if a.epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    if not a.no_notes and not a.only:
        notes = wb.create_sheet("填表说明")
        notes.append(["每个工作表一种记录;第一行为列名。"])
    for kind, zh in KINDS:
        if a.only and kind != a.only:
            continue
        name = a.sheet_name or (kind if a.english else zh)
        ws = wb.create_sheet(name)
        with open(os.path.join(a.sample, kind + ".csv"), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        ws.append(rows[0])
        for r in rows[1:]:
            ws.append([typed(h, v) for h, v in zip(rows[0], r)])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy/m/d"
    for spec in a.set:
        place, value = spec.split("=", 1)
        sheet, cell = place.split("!")
        wb[sheet][cell] = value
    wb.save(a.out)


if __name__ == "__main__":
    main()
