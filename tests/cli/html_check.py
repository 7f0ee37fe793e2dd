#!/usr/bin/python3
"""html_check.py — reads the printed report (check --format html) as a browser would, with
html.parser, and holds it against the JSON of the same check.

  html_check.py report.html findings.json   every unit, every fail/pending finding (in its
                                            unit's section, by rule title), nothing external
  html_check.py report.html --hostile TEXT  TEXT shows as text, and no script came through
Prints what is wrong and exits 1, or exits 0."""
import json
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []          # all text, entities decoded
        self.problems = []
        self.units = {}         # section h2 text -> list of item head texts
        self.in_style = False
        self.section = None     # the h2 text of the current unit section
        self.capture = None     # 'h2' or 'head' while reading one
        self.buf = ''
        self.depth = 0          # div depth inside an item head

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('script', 'iframe', 'object', 'embed', 'link', 'img', 'base', 'meta') and \
                not (tag == 'meta' and list(a) == ['charset']):
            self.problems.append('element <%s> present' % tag)
        for k, v in attrs:
            if k.startswith('on') or k in ('src', 'href', 'action', 'srcset'):
                self.problems.append('attribute %s=%r' % (k, v))
            if v and re.search(r'https?:|//', v):
                self.problems.append('external reference in %s=%r' % (k, v))
        if tag == 'style':
            self.in_style = True
        cls = a.get('class') or ''
        if tag == 'section' and 'unit' in cls.split():
            self.section = ''
            self.capture, self.buf = 'h2', ''
        elif tag == 'div' and cls == 'head':
            self.capture, self.buf = 'head', ''

    def handle_endtag(self, tag):
        if tag == 'style':
            self.in_style = False
        if self.capture == 'h2' and tag == 'h2':
            self.section = self.buf.strip()
            self.units[self.section] = []
            self.capture = None
        elif self.capture == 'head' and tag == 'div':
            self.units.setdefault(self.section, []).append(self.buf.strip())
            self.capture = None

    def handle_data(self, data):
        if self.in_style:
            if re.search(r'https?:|//|url\(|@import', data):
                self.problems.append('external reference in the style')
            return
        self.text.append(data)
        if self.capture:
            self.buf += data


def main():
    page = Page()
    page.feed(open(sys.argv[1], encoding='utf-8').read())
    page.close()
    problems = page.problems
    text = ''.join(page.text)
    if sys.argv[2] == '--hostile':
        if sys.argv[3] not in text:
            problems.append('the hostile text %r is not shown as text' % sys.argv[3])
    else:
        doc = json.load(open(sys.argv[2], encoding='utf-8'))
        for u in doc['scores']['units']:
            if u['unit']['name'] not in text:
                problems.append('unit %s missing' % u['unit']['name'])
        for f in doc['findings']:
            if f['status'] not in ('fail', 'pending'):
                continue
            name = f['unit']['name'] or f['unit']['id']
            sections = [s for s in page.units if s.startswith(name)]
            heads = [h for s in sections for h in page.units[s]]
            if not any(f['title'] in h for h in heads):
                problems.append('%s finding %s of %s missing' % (f['status'], f['title'], name))
        for s, heads in page.units.items():
            want = sum(1 for f in doc['findings'] if f['status'] in ('fail', 'pending', 'error')
                       and s.startswith(f['unit']['name'] or f['unit']['id'] or '\0'))
            if want != len(heads):
                problems.append('%s: %d items in full, JSON has %d' % (s, len(heads), want))
    for p in problems[:20]:
        print(p)
    return 1 if problems else 0


sys.exit(main())
