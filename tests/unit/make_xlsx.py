#!/usr/bin/python3
"""make_xlsx.py DIR — writes the workbooks tests/unit/test_xlsx.c reads: one made by openpyxl
(as Excel would save it) and, for what openpyxl cannot write (formula results, inline strings,
cells without r, the 1904 date system, DTDs, broken references), zips of hand-written XML."""
import datetime
import os
import struct
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def openpyxl_book(path):
    """Shared strings, numbers, booleans, dates, sparse and trailing empty rows, 活动/单位/空表."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动"
    ws.append(["编号", "名称", "日期", "金额"])
    ws.append(["A-1", "六一活动", datetime.date(2020, 6, 1), 5000])
    ws.append(["A-2", "重阳", datetime.date(2020, 10, 25), 5000.5])
    ws["C3"].number_format = 'yyyy"年"m"月"d"日"'
    ws.append(["A-3", 0.1, -3, True, False])
    ws["A5"] = "00123"
    ws["D5"] = 7
    # Date serials in the 1900 system, Excel's 1900-02-29 included; a built-in date format (14).
    for col, serial in zip("ABCDEFG", [1, 59, 60, 61, 0, 2958465, 2958466]):
        ws[f"{col}7"] = serial
        ws[f"{col}7"].number_format = "yyyy-mm-dd"
    ws["H7"] = datetime.datetime(2020, 4, 21, 14, 30)
    ws["I7"] = 43942
    ws["I7"].number_format = "mm-dd-yy"
    ws["J7"] = 43942.75
    ws["J7"].number_format = "0.00"
    ws.append([1234567.891, 1e-12, 123456789012345678, 0.1 + 0.2, 1e21, -0.5])
    # Trailing rows holding only empty cells: a styled empty cell and an empty string.
    ws["A9"].font = Font(bold=True)
    ws["B10"] = ""
    ws2 = wb.create_sheet("单位")
    ws2.append(["代码", "名称"])
    ws2.append(["BGS", "局机关办公室"])
    wb.create_sheet("空表")
    big = wb.create_sheet("大表")
    for i in range(1, 3001):
        big.append([i, f"第{i}行"])
    wb.save(path)


def zip_parts(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8") if isinstance(text, str) else text)


def package_rels():
    return (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="xl/workbook.xml"/></Relationships>')


def workbook(sheets, pr=""):
    """sheets: (name, rid) pairs in tab order."""
    body = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="{rid}"/>' for i, (n, rid) in enumerate(sheets))
    return HEAD + f'<workbook {NS} {NS_R}>{pr}<sheets>{body}</sheets></workbook>'


def workbook_rels(rels):
    """rels: (rid, type, target) triples."""
    body = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{g}"/>' for i, t, g in rels)
    return HEAD + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def sheet(rows):
    return HEAD + f'<worksheet {NS}><dimension ref="A1"/><sheetData>{rows}</sheetData><mergeCells count="0"/></worksheet>'


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


STYLES = HEAD + f'''<styleSheet {NS}>
<numFmts count="4">
 <numFmt numFmtId="164" formatCode="[Red]0.00;\\-0.00"/>
 <numFmt numFmtId="165" formatCode="0.0 &quot;days&quot;"/>
 <numFmt numFmtId="166" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/>
 <numFmt numFmtId="167" formatCode="\\d0_d*d"/>
</numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="8">
 <xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="58"/><xf numFmtId="20"/>
 <xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>
</cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="168" formatCode="yyyy"/></dxf></dxfs>
</styleSheet>'''

SST = HEAD + f'''<sst {NS} count="5" uniqueCount="5">
<si><t>甲</t></si>
<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 文本 </t></r><rPh sb="0" eb="1"><t>ふ</t></rPh><phoneticPr fontId="0"/></si>
<si><t>Line_x000D_
Two</t></si>
<si><t>_x005F_x0041_ &amp; &lt;b&gt; _xD83D__xDE00_</t></si>
<si/>
</sst>'''


def raw_book(path):
    """Formula results, errors, inline and rich text, escapes, cells and rows without r, sheet
    parts found through absolute and relative targets, CJK built-in and custom date formats."""
    formulas = sheet(
        '<row r="1"><c r="A1" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>'
        '<c r="B1" t="e"><f>NA()</f><v>#N/A</v></c><c r="C1"><f>1+1</f><v>2</v></c>'
        '<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c>'
        '<c r="F1" t="d"><v>2020-04-21T00:00:00Z</v></c><c r="G1" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="2">' + inline("A2", "内联") +
        '<c r="B2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></is></c>'
        '<c r="C2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c><c r="E2" t="s"><v>3</v></c>'
        '<c r="F2" t="s"><v>0</v></c><c r="G2" t="s"><v>4</v></c><c r="H2" t="s"/></row>'
        '<row r="3"><c r="A3" s="1"><v>43942</v></c><c r="B3" s="2"><v>43942.5</v></c>'
        '<c r="C3" s="3"><v>0.5</v></c><c r="D3" s="4"><v>43942</v></c><c r="E3" s="5"><v>43942</v></c>'
        '<c r="F3" s="6"><v>43942</v></c><c r="G3" s="7"><v>43942</v></c><c r="H3" s="99"><v>43942</v></c></row>'
        '<row r="4"><c r="A4"><v>0.30000000000000004</v></c><c r="B4"><v>123456789012345678</v></c>'
        '<c r="C4"><v>1e-5</v></c><c r="D4"><v>1.5E-11</v></c><c r="E4"><v>-0</v></c><c r="F4"><v>1e20</v></c>'
        '<c r="G4"><v>5000.0</v></c><c r="H4"><v>0.1</v></c><c r="I4"><v>2.5e3</v></c></row>')
    sparse = sheet(
        '<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>'
        '<row r="4">' + inline("D4", "d4") + '</row>'
        '<row><c t="inlineStr"><is><t>x</t></is></c><c/><c t="inlineStr"><is><t>z</t></is></c></row>'
        '<row r="9"><c r="A9" s="0"/><c r="B9" t="inlineStr"><is><t></t></is></c></row>'
        '<row r="10"/><row><c r="B11"><v>  42 </v></c></row>')
    # A prolog with a processing instruction and a comment that mentions <!DOCTYPE: not a DTD.
    sparse = sparse.replace("?>\n", '?>\n<?pi a?b?><!-- not <!DOCTYPE x> here -->\n', 1)
    wide = ('<?xml version="1.0" encoding="UTF-16"?>\n' + f'<worksheet {NS}><sheetData><row r="1">' +
            inline("A1", "宽字符") + '<c r="B1"><v>3</v></c></row></sheetData></worksheet>').encode("utf-16")
    zip_parts(path, {
        "[Content_Types].xml": HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": package_rels(),
        "xl/workbook.xml": workbook([("公式", "rId7"), ("稀疏", "rId3"), ("UTF16", "rId4")]),
        "xl/_rels/workbook.xml.rels": workbook_rels([
            ("rId3", "worksheet", "./worksheets/../worksheets/sheet1.xml"),
            ("rId7", "worksheet", "/xl/worksheets/sheet2.xml"),
            ("rId4", "worksheet", "worksheets/wide.xml"),
            ("rId8", "styles", "styles.xml"),
            ("rId9", "sharedStrings", "sharedStrings.xml"),
            ("rId10", "hyperlink", "http://example.com/")]),
        "xl/worksheets/sheet1.xml": sparse,
        "xl/worksheets/sheet2.xml": formulas,
        "xl/worksheets/wide.xml": wide,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": SST,
    })


def book_1904(path):
    """The 1904 date system; no sharedStrings.xml; no _rels/.rels (xl/workbook.xml is assumed)."""
    zip_parts(path, {
        "xl/workbook.xml": workbook([("Sheet1", "rId1")], '<workbookPr date1904="1"/>'),
        "xl/_rels/workbook.xml.rels": workbook_rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                     ("rId2", "styles", "styles.xml")]),
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": sheet(
            '<row r="1"><c r="A1" s="1"><v>42480</v></c><c r="B1" s="1"><v>0</v></c>'
            '<c r="C1" s="1"><v>2957003</v></c><c r="D1" s="1"><v>2957004</v></c>' + inline("E1", "文本") + '</row>'),
    })


def book_plain(path):
    """No styles.xml and no sharedStrings.xml: a styled number stays a number."""
    zip_parts(path, {
        "_rels/.rels": package_rels(),
        "xl/workbook.xml": workbook([("S", "rId1")], '<workbookPr date1904="false"/>'),
        "xl/_rels/workbook.xml.rels": workbook_rels([("rId1", "worksheet", "worksheets/sheet1.xml")]),
        "xl/worksheets/sheet1.xml": sheet('<row r="2"><c r="B2" s="3"><v>43942</v></c></row>'),
    })


LAUGHS = HEAD.replace("standalone=\"yes\"", "") + '<!DOCTYPE worksheet [\n<!ENTITY lol "lol">\n' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)) + ']>\n'


def bad_book(path):
    """One sheet per way a sheet can be refused."""
    long_ok = "中" * 32767
    sheets = [
        ("列超", sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>')),
        ("列超2", sheet('<row r="2"><c r="XFD2"><v>1</v></c><c><v>2</v></c></row>')),
        ("行超", sheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row><row r="1048577"><c><v>1</v></c></row>')),
        ("行超2", sheet('<row><c r="B1048577"><v>1</v></c></row>')),
        ("长文本", sheet('<row r="1">' + inline("A1", long_ok) + inline("B1", "😀" * 16383 + "a") + '</row>'
                         '<row r="2">' + inline("C2", long_ok + "a") + '</row>')),
        ("长表情", sheet('<row r="3">' + inline("D3", "😀" * 16384) + '</row>')),
        ("长共享", sheet('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>')),
        ("坏数", sheet('<row r="5"><c r="C5"><v>12abc</v></c></row>')),
        ("坏编号", sheet('<row r="6"><c r="B6" t="s"><v>2</v></c></row>')),
        ("坏引用", sheet('<row r="1"><c r="1A"><v>1</v></c></row>')),
        ("坏XML", sheet('<row r="1"><c r="A1"><v>1</v></row>')),
        ("笑", LAUGHS + f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is>'
                       '</c></row></sheetData></worksheet>'),
        ("笑16", (LAUGHS.replace("UTF-8", "UTF-16") + f'<!-- c --><worksheet {NS}><sheetData><row r="1"><c r="A1" '
                  't="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>').encode("utf-16")),
    ]
    parts = {
        "_rels/.rels": package_rels(),
        "xl/workbook.xml": workbook([(n, f"rId{i + 1}") for i, (n, _) in enumerate(sheets)]),
        "xl/_rels/workbook.xml.rels": workbook_rels(
            [(f"rId{i + 1}", "worksheet", f"worksheets/sheet{i + 1}.xml") for i in range(len(sheets))] +
            [("rId99", "sharedStrings", "sharedStrings.xml")]),
        "xl/sharedStrings.xml": HEAD + f'<sst {NS}><si><t>ok</t></si><si><t>{"x" * 32768}</t></si></sst>',
    }
    for i, (_, text) in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = text
    zip_parts(path, parts)


def minimal_parts(sheet_xml):
    return {
        "_rels/.rels": package_rels(),
        "xl/workbook.xml": workbook([("活动", "rId1")]),
        "xl/_rels/workbook.xml.rels": workbook_rels([("rId1", "worksheet", "worksheets/sheet1.xml")]),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def patch_central(path, entry, offset, fmt, value):
    """Overwrites one field of entry's central directory record (offset from its signature)."""
    data = bytearray(open(path, "rb").read())
    name = entry.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        nlen = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + nlen]) == name:
            struct.pack_into(fmt, data, pos + offset, value)
        pos = data.find(b"PK\x01\x02", pos + 4)
    open(path, "wb").write(bytes(data))


def ole_file(path, stream):
    """An OLE compound file header and one directory sector naming stream (UTF-16LE)."""
    head = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(512 - 8)
    entry = stream.encode("utf-16-le") + b"\0\0"
    entry += bytes(64 - len(entry)) + struct.pack("<H", len(stream) * 2 + 2) + bytes(128 - 66)
    open(path, "wb").write(head + entry + bytes(384))


def broken_files(d):
    with open(os.path.join(d, "text.xlsx"), "w", encoding="utf-8") as f:
        f.write("编号,名称\nA-1,六一活动\n")
    open(os.path.join(d, "empty.xlsx"), "wb").close()
    ole_file(os.path.join(d, "old.xls"), "Workbook")
    ole_file(os.path.join(d, "locked.xlsx"), "EncryptedPackage")
    zip_parts(os.path.join(d, "nowb.xlsx"), {"hello.txt": "hello"})
    zip_parts(os.path.join(d, "docx.xlsx"), {
        "_rels/.rels": package_rels().replace("xl/workbook.xml", "word/document.xml"),
        "word/document.xml": HEAD + '<w:document xmlns:w="urn:w"><w:body/></w:document>'})
    parts = minimal_parts(sheet(""))
    del parts["xl/worksheets/sheet1.xml"]
    zip_parts(os.path.join(d, "nosheet.xlsx"), parts)
    parts = minimal_parts(sheet('<row r="1">' + inline("A1", "x" * 4000) + '</row>'))
    zip_parts(os.path.join(d, "huge.xlsx"), parts)
    patch_central(os.path.join(d, "huge.xlsx"), "xl/worksheets/sheet1.xml", 24, "<I", 600 << 20)
    zip_parts(os.path.join(d, "liar.xlsx"), parts)
    patch_central(os.path.join(d, "liar.xlsx"), "xl/worksheets/sheet1.xml", 24, "<I", 100)
    zip_parts(os.path.join(d, "zipcrypt.xlsx"), parts)
    patch_central(os.path.join(d, "zipcrypt.xlsx"), "xl/workbook.xml", 8, "<H", 1)
    parts = minimal_parts(sheet(""))
    parts["xl/sharedStrings.xml"] = (HEAD.replace('standalone="yes"', "") +
                                     '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                     f'<sst {NS}><si><t>&x;</t></si></sst>')
    parts["xl/_rels/workbook.xml.rels"] = workbook_rels([("rId1", "worksheet", "worksheets/sheet1.xml"),
                                                         ("rId2", "sharedStrings", "sharedStrings.xml")])
    zip_parts(os.path.join(d, "xxe.xlsx"), parts)


def main():
    d = sys.argv[1]
    openpyxl_book(os.path.join(d, "book.xlsx"))
    raw_book(os.path.join(d, "raw.xlsx"))
    book_1904(os.path.join(d, "b1904.xlsx"))
    book_plain(os.path.join(d, "plain.xlsx"))
    bad_book(os.path.join(d, "bad.xlsx"))
    broken_files(d)


if __name__ == "__main__":
    main()
