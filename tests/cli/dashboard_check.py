#!/usr/bin/python3
"""dashboard_check.py DOM FINDINGS_JSON [PROBLEM] — reads the dashboard's DOM (as headless
chromium dumped it, scripts off) with html.parser and holds its ranking (the table.rank of
section#quarter) against the JSON of the same check: every unit of the JSON has a row with its
name and its score ("—" when it has none), and no row names a unit the JSON lacks. With
PROBLEM, section#problems must hold that text; without, there must be no section#problems.
Prints what is wrong and exits 1, or exits 0."""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows = []          # ranking rows: lists of cell texts
        self.problems = None    # text of section#problems, or None
        self.stack = []         # open element ids/classes that matter
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'section':
            self.stack.append(a.get('id') or '')
            if a.get('id') == 'problems':
                self.problems = ''
        elif tag == 'table' and 'quarter' in self.stack and a.get('class') == 'rank':
            self.stack.append('rank')
        elif tag == 'tr' and self.stack and self.stack[-1] == 'rank':
            self.row = []
        elif tag == 'td' and self.row is not None:
            self.cell = ''

    def handle_endtag(self, tag):
        if tag == 'section' and self.stack:
            self.stack.pop()
        elif tag == 'table' and self.stack and self.stack[-1] == 'rank':
            self.stack.pop()
        elif tag == 'td' and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == 'tr' and self.row is not None:
            if self.row:
                self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if 'problems' in self.stack and self.problems is not None:
            self.problems += data


def main():
    dom = Dom()
    dom.feed(open(sys.argv[1], encoding='utf-8').read())
    doc = json.load(open(sys.argv[2], encoding='utf-8'))
    bad = []
    by_name = {r[1]: r for r in dom.rows if len(r) > 2}
    want = set()
    for u in doc['scores']['units']:
        name = u['unit']['name'] or u['unit']['id']
        want.add(name)
        row = by_name.get(name)
        score = '—' if u['score'] is None else '%.1f' % u['score']
        if not row:
            bad.append('no ranking row for %s' % name)
        elif row[2] != score:
            bad.append('%s: score %s on the dashboard, %s in the JSON' % (name, row[2], score))
    for name in by_name:
        if name not in want:
            bad.append('ranking row for %s, which the JSON lacks' % name)
    if not want:
        bad.append('the JSON has no unit scores')
    if len(sys.argv) > 3:
        if dom.problems is None or sys.argv[3] not in dom.problems:
            bad.append('section#problems does not show %r' % sys.argv[3])
    elif dom.problems is not None:
        bad.append('section#problems shown: %r' % dom.problems[:200])
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


main()
