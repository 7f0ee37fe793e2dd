"""pyical_dump.py FILE.ics... — parses each feed with python3-icalendar (the Debian package,
run by /usr/bin/python3) and prints what it recovered as JSON lines, normalised the same way
as icaljs_dump.mjs does it with ical.js."""
import datetime
import json
import os
import sys

import icalendar


def out(obj):
    print(json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def text(c, name):
    v = c.get(name)
    if v is None:
        return None
    if isinstance(v, list):
        raise SystemExit("%s appears %d times" % (name, len(v)))
    return str(v)


def day(p):
    """A DATE as YYYY-MM-DD; a DATE-TIME marked so that it cannot compare equal."""
    if p is None:
        return None
    v = p.dt
    if isinstance(v, datetime.datetime):
        return "DATE-TIME:" + v.isoformat()
    return v.isoformat()


def stamp(p):
    if p is None:
        return None
    v = p.dt
    if not isinstance(v, datetime.datetime) or v.utcoffset() != datetime.timedelta(0):
        return "NOT-UTC:" + str(v)
    return v.strftime("%Y%m%dT%H%M%SZ")


def trigger(a):
    p = a.get("TRIGGER")
    if p is None:
        return None
    related = p.params.get("RELATED")
    if isinstance(p.dt, datetime.timedelta):
        s = p.dt.total_seconds()
        return {"related": related, "seconds": int(s) if s == int(s) else s}
    return {"related": related, "absolute": str(p.dt)}


def categories(ev):
    v = ev.get("CATEGORIES")
    if v is None:
        return []
    if not isinstance(v, list):
        v = [v]
    return [str(c) for p in v for c in p.cats]


def as_int(v):
    return None if v is None else int(v)


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    name = os.path.basename(path)
    refresh = cal.get("REFRESH-INTERVAL")
    out({"kind": "calendar", "file": name, "version": text(cal, "VERSION"), "prodid": text(cal, "PRODID"),
         "method": text(cal, "METHOD"), "name": text(cal, "NAME"), "description": text(cal, "DESCRIPTION"),
         "x_wr_calname": text(cal, "X-WR-CALNAME"),
         "refresh_interval": None if refresh is None else str(refresh),
         "x_published_ttl": text(cal, "X-PUBLISHED-TTL")})
    for ev in cal.walk("VEVENT"):
        alarms = [{"action": text(a, "ACTION"), "description": text(a, "DESCRIPTION"), "trigger": trigger(a)}
                  for a in ev.walk("VALARM")]
        out({"kind": "event", "file": name, "uid": text(ev, "UID"), "dtstart": day(ev.get("DTSTART")),
             "dtend": day(ev.get("DTEND")), "summary": text(ev, "SUMMARY"),
             "description": text(ev, "DESCRIPTION"), "categories": categories(ev), "status": text(ev, "STATUS"),
             "sequence": as_int(ev.get("SEQUENCE")), "dtstamp": stamp(ev.get("DTSTAMP")),
             "created": stamp(ev.get("CREATED")), "last_modified": stamp(ev.get("LAST-MODIFIED")),
             "alarms": alarms})
