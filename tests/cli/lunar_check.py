#!/usr/bin/python3
"""lunar_check.py ENGINE_DUMP LUNAR_TSV — holds yaodian's lunar calendar against two tables
that do not share its source (calendars/lunar.tsv is computed astronomically by lunar-javascript):

  lunardate      Debian python3-lunardate, a month table for lunar years 1900..2099
  liblunar-date  Debian liblunar-date (through gir1.2-lunardate-3.0), lunar years 1900..2100

Both descend from the `lunar` program's tables (Fung F. Lee and Ricky Yeung), so they are
independent of lunar.tsv, though not of each other. Two checks per source:
  months  every lunar month of LUNAR_TSV in the source's range: same first day and length,
          and no month the source has that the table lacks;
  days    ENGINE_DUMP, the engine's own lunar date for every day 1950-01-01..2100-12-31
          (from `test_lunar --dump`), against the source's lunar date of that day.
Each disagreement must be listed in KNOWN below with the reason the table is kept; one that is
not listed fails, and so does a KNOWN entry that no longer disagrees. Run by tests/cli/lunar.sh;
uses /usr/bin/python3 (the Debian modules are not visible to a pyenv python).
"""
import datetime
import sys

from lunardate import LunarDate
import gi

gi.require_version("LunarDate", "3.0")
from gi.repository import LunarDate as LibLunar  # noqa: E402

# Where a source disagrees with lunar.tsv: (sources, lunar year, months, why lunar.tsv stands).
# Times are UTC+8, the time the official almanac (紫金山天文台) is computed for. "Modern
# computation" is Y. T. Liu's with JPL DE431, which he found to agree with every month start of
# 紫金山天文台's 《新编万年历》 from 1929 to 2050
# (https://ytliu0.github.io/ChineseCalendar/computation.html); new-moon times below are from
# PyEphem (Debian python3-ephem) unless said otherwise.
KNOWN = [
    (("lunardate", "liblunar-date"), 1954, (10, 11),
     "十一月初一: the tables say 1954-11-26, but the new moon was 1954-11-25 20:30; modern "
     "computation and the almanac have 11-25"),
    (("lunardate", "liblunar-date"), 1956, (10, 11),
     "十一月初一: the tables say 1956-12-03, but the new moon was 1956-12-02 16:12; modern "
     "computation and the almanac have 12-02"),
    (("lunardate", "liblunar-date"), 1978, (7, 8),
     "八月初一: the tables say 1978-09-02, but the new moon was 1978-09-03 00:09, nine minutes "
     "after midnight; modern computation and the almanac have 09-03 (中秋 1978-09-17)"),
    (("lunardate",), 2057, (8, 9),
     "九月初一: the new moon falls on midnight (2057-09-28 23:59:50 by PyEphem, 09-29 00:00:04 "
     "by DE431), closer than ΔT can be predicted; lunar.tsv keeps the GB/T 33661 computation "
     "(09-29, as liblunar-date too) until 紫金山天文台 publishes 2057; 中秋 is unaffected, "
     "重阳 would move from 10-07 to 10-06"),
    (("liblunar-date",), 2060, (3, 4),
     "四月初一: liblunar-date says 2060-05-01, but the new moon is 2060-04-30 18:10, far from "
     "midnight, and lunardate agrees with lunar.tsv: an error in liblunar-date's table"),
]

DAY = datetime.timedelta(days=1)


def parse_date(s):
    return datetime.date(*map(int, s.split("-")))


def read_table(path):
    """lunar.tsv as {(year, month, leap): (first day, days)}."""
    months = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            y, m, leap, first, days = line.rstrip("\n").split("\t")
            months[(int(y), int(m), leap == "1")] = (parse_date(first), int(days))
    return months


def read_dump(path):
    """The engine's dump as {date: (year, month, leap, day)}."""
    days = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d, y, m, leap, day = line.rstrip("\n").split("\t")
            days[parse_date(d)] = None if y == "-" else (int(y), int(m), leap == "1", int(day))
    return days


def lunardate_day(d):
    ld = LunarDate.fromSolarDate(d.year, d.month, d.day)
    return (ld.year, ld.month, ld.isLeapMonth, ld.day)


_lib = LibLunar.Date.new()


def liblunar_day(d):
    _lib.set_solar_date(d.year, d.month, d.day, 0)
    y, m, day = _lib.strftime("%(nian)-%(yue)-%(ri)").split("-")
    return (int(y), int(m.lstrip("*")), m.startswith("*"), int(day))


# name: (day function, first and last lunar year it covers)
SOURCES = {
    "lunardate": (lunardate_day, 1900, 2099),
    "liblunar-date": (liblunar_day, 1900, 2100),
}


def source_months(day_fn, start, end):
    """The source's months whose days all lie in start..end, as the table's dict."""
    months, d = {}, start
    while d <= end:
        y, m, leap, day = day_fn(d)
        key = (y, m, leap)
        if key not in months:
            months[key] = [d - datetime.timedelta(days=day - 1), 0]
        months[key][1] += 1
        d += DAY
    return {k: (v[0], v[1]) for k, v in months.items() if v[0] >= start and v[0] + v[1] * DAY <= end + DAY}


def compare(name, table, engine):
    """Returns (months compared, days compared, set of disagreeing month keys)."""
    day_fn, y0, y1 = SOURCES[name]
    years = [k for k in table if y0 <= k[0] <= y1]
    start = min(table[k][0] for k in years)
    last = max(years, key=lambda k: table[k][0])
    end = table[last][0] + (table[last][1] - 1) * DAY
    theirs = source_months(day_fn, start, end)
    bad = {k for k in set(years) | set(theirs) if table.get(k) != theirs.get(k)}
    ndays = 0
    for d, mine in engine.items():
        if start <= d <= end:
            ndays += 1
            other = day_fn(d)
            if mine != other:
                bad |= {other[:3]} | ({mine[:3]} if mine else set())
    return len(years), ndays, bad


def main():
    engine = read_dump(sys.argv[1])
    table = read_table(sys.argv[2])
    failed = 0
    for name in SOURCES:
        known = {(y, m, False): why for srcs, y, ms, why in KNOWN if name in srcs for m in ms}
        nmonths, ndays, bad = compare(name, table, engine)
        for key in sorted(bad - set(known)):
            failed += 1
            print(f"FAIL {name}: lunar {key[0]} month {key[1]}{' (leap)' if key[2] else ''} "
                  f"differs and is not in KNOWN", file=sys.stderr)
        for key in sorted(set(known) - bad):
            failed += 1
            print(f"FAIL {name}: KNOWN lists lunar {key[0]} month {key[1]}, which agrees now",
                  file=sys.stderr)
        print(f"{name}: {nmonths} months and {ndays} engine days compared; "
              f"{len(bad)} months differ, {len(bad & set(known))} of them known")
        for srcs, y, ms, why in KNOWN:
            if name in srcs and any((y, m, False) in bad for m in ms):
                print(f"  {y}, months {ms[0]}-{ms[-1]}: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
