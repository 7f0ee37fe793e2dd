"""compare.py — holds what the calendar parsers recovered from the feeds against each other and
against what the engine meant to write. Run by /usr/bin/python3 from tests/cli/calendar.sh.

  compare.py agree DUMP DB FROM TO ICALJS PYICAL
      ICALJS and PYICAL (icaljs_dump.mjs and pyical_dump.py over the same .ics files) must be
      identical; and every event they read must be what the engine meant: a live event exactly
      as in DUMP (`test_feed --dump`, built from the engine's struct feed_event: UID, DTSTART,
      DTEND = the day after the window, SUMMARY, DESCRIPTION, CATEGORIES, the VALARM triggers:
      `remind_days` before the deadline, from the start of a one-day item or RELATED=END of a
      longer one, and `prepare_days` before the window's first day), a hidden event not at all
      (nor withdrawn),
      CONFIRMED, with the SEQUENCE, CREATED and LAST-MODIFIED (= DTSTAMP) of its row in the
      feed_state table of DB (the rows of the plan DB publishes, feed_plan, if it names one); any other event a withdrawn item of feed_state, CANCELLED, as
      last published, without an alarm. Every event of DUMP, and every item of feed_state in
      the years FROM..TO of a feed that is there, must have been read. Calendar properties:
      NAME and X-WR-CALNAME as meant, with ',' ';' and '\\' full-width, REFRESH-INTERVAL and
      X-PUBLISHED-TTL one day, no METHOD (DTSTAMP is each item's last revision, RFC 5545
      3.8.7.2, which holds only without METHOD).

  compare.py changes OLD NEW STAMP
      OLD and NEW are parser dumps of two runs. Every event in both is either unchanged
      (the whole record, SEQUENCE and stamps included) or changed, with SEQUENCE + 1,
      LAST-MODIFIED = DTSTAMP = STAMP and CREATED kept. Prints "changed FILE UID" per changed
      event, "added"/"removed" for the others, for the shell to assert on.
"""
import json
import sqlite3
import sys

CONTENT = ("dtstart", "dtend", "summary", "description", "categories", "status", "alarms")
problems = []


def problem(msg):
    problems.append(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def events(records):
    out = {}
    for r in records:
        if r["kind"] == "event":
            key = (r["file"], r["uid"])
            if key in out:
                problem("%s: UID %s appears twice" % key)
            out[key] = r
    return out


def calendars(records):
    return {r["file"]: r for r in records if r["kind"] == "calendar"}


def plain(name):
    """The calendar name as published: ical.js reads NAME and X-WR-CALNAME unescaped, so the
    engine writes ',' ';' and backslash full-width and control characters as spaces."""
    name = name.replace(",", "\uff0c").replace(";", "\uff1b").replace("\\", "\uff3c")
    return "".join(" " if ord(ch) < 0x20 or ch == "\x7f" else ch for ch in name)


def next_day(iso):
    import datetime
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=1)).isoformat()


def days_between(a, b):
    import datetime
    return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days


def meant_alarms(m):
    """The VALARM triggers an event of the dump should carry, sorted."""
    out = []
    last = m["dtend"]   # the day after the deadline
    one_day = days_between(m["dtstart"], last) == 1
    if m["remind_days"] >= 0:
        out.append({"related": None, "seconds": -86400 * m["remind_days"]} if one_day
                   else {"related": "END", "seconds": -86400 * (m["remind_days"] + 1)})
    if m["prepare_days"] >= 0:
        out.append({"related": None, "seconds": -86400 * (days_between(m["start"], m["dtstart"]) + m["prepare_days"])})
    return sorted(out, key=lambda t: (t["related"] or "", t["seconds"]))


def differs(what, got, want):
    if got != want:
        problem("%s: got %r, expected %r" % (what, got, want))


def agree(dump_path, db_path, year_from, year_to, icaljs_path, pyical_path):
    a, b = load(icaljs_path), load(pyical_path)
    key = lambda r: (r["file"], r["kind"], r.get("uid") or "")
    a.sort(key=key)
    b.sort(key=key)
    if a != b:
        for x, y in zip(a, b):
            if x != y:
                for k in sorted(set(x) | set(y)):
                    if x.get(k) != y.get(k):
                        problem("ical.js and python3-icalendar disagree on %s %s %s: %r vs %r"
                                % (x["file"], x.get("uid", "calendar"), k, x.get(k), y.get(k)))
                break
        if len(a) != len(b):
            problem("ical.js read %d records, python3-icalendar %d" % (len(a), len(b)))
    dump = load(dump_path)
    hidden = {(r["file"], r["uid"]) for r in dump if r.get("hidden")}
    dump = [r for r in dump if not r.get("hidden")]
    meant_cals, meant = calendars(dump), events(dump)
    read_cals, read = calendars(a), events(a)

    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    state = {}
    for row in db.execute("SELECT feed, uid, sequence, cancelled, created, last_modified, start_date, end_date, "
                          "summary, description, categories FROM feed_state "
                          "WHERE plan_id = coalesce((SELECT plan_id FROM feed_plan), plan_id)"):
        state[(row[0], row[1])] = dict(zip(("sequence", "cancelled", "created", "last_modified", "start_date",
                                            "end_date", "summary", "description", "categories"), row[2:]))

    for f, c in read_cals.items():
        m = meant_cals.get(f)
        if m is None:
            problem("%s: a feed the engine did not mean to write" % f)
            continue
        differs(f + " NAME", c["name"], plain(m["name"]))
        differs(f + " DESCRIPTION", c["description"], m["description"] or m["name"])
        differs(f + " X-WR-CALNAME", c["x_wr_calname"], plain(m["name"]))
        if c["x_wr_calname"] is None or "," in c["x_wr_calname"] or ";" in c["x_wr_calname"]:
            problem("%s: X-WR-CALNAME %r missing or has ',' or ';'" % (f, c["x_wr_calname"]))
        differs(f + " REFRESH-INTERVAL", c["refresh_interval"], "P1D")
        differs(f + " X-PUBLISHED-TTL", c["x_published_ttl"], "P1D")
        differs(f + " METHOD", c["method"], None)
        differs(f + " VERSION", c["version"], "2.0")
    for f, m in meant_cals.items():
        if f not in read_cals and any(k[0] == f for k in meant):
            problem("%s: meant to be written, but not read" % f)

    live = cancelled = 0
    for k, e in read.items():
        what = "%s %s" % k
        st = state.get(k)
        if st is None:
            problem(what + ": not in feed_state")
            continue
        m = meant.get(k)
        if m is not None:
            live += 1
            want = {"dtstart": m["dtstart"], "dtend": m["dtend"], "summary": m["summary"],
                    "description": m["description"], "categories": m["categories"], "status": "CONFIRMED"}
            for field in ("summary", "description", "categories"):
                differs(what + " feed_state " + field, (st[field] or ""),
                        ",".join(m[field]) if field == "categories" else m[field])
            differs(what + " feed_state dates", (st["start_date"], next_day(st["end_date"])), (m["dtstart"], m["dtend"]))
            differs(what + " feed_state cancelled", st["cancelled"], 0)
            alarms = e["alarms"]
            differs(what + " TRIGGERs", sorted((a["trigger"] for a in alarms), key=lambda t: (t["related"] or "", t["seconds"])),
                    meant_alarms(m))
            for a in alarms:
                differs(what + " VALARM ACTION", a["action"], "DISPLAY")
                if not (a["description"] or "").endswith(m["summary"]):
                    problem("%s: VALARM DESCRIPTION %r does not name the event" % (what, a["description"]))
        else:
            cancelled += 1
            want = {"dtstart": st["start_date"], "dtend": next_day(st["end_date"]), "summary": st["summary"],
                    "description": st["description"] or "",
                    "categories": [c for c in (st["categories"] or "").split(",") if c], "status": "CANCELLED"}
            differs(what + " feed_state cancelled", st["cancelled"], 1)
            differs(what + " VALARM of a cancelled item", e["alarms"], [])
        for field, value in want.items():
            got = e[field]
            if field == "description" and got is None:
                got = ""   # an empty DESCRIPTION is left out
            differs(what + " " + field, got, value)
        differs(what + " SEQUENCE", e["sequence"], st["sequence"])
        differs(what + " LAST-MODIFIED", e["last_modified"], st["last_modified"])
        differs(what + " DTSTAMP", e["dtstamp"], st["last_modified"])
        differs(what + " CREATED", e["created"], st["created"])
    for k in meant:
        if k not in read:
            problem("%s %s: meant, but not read" % k)
    lo, hi = "%04d-01-01" % int(year_from), "%04d-12-31" % int(year_to)
    for k, st in state.items():
        if k[0] in read_cals and lo <= st["start_date"] <= hi and k not in read and k not in hidden:
            problem("%s %s: published before, in these years, but missing" % k)
    return "%d feeds, %d events (%d live, %d cancelled)" % (len(read_cals), len(read), live, cancelled)


def changes(old_path, new_path, stamp):
    old, new = events(load(old_path)), events(load(new_path))
    for k in sorted(set(old) | set(new)):
        if k not in new:
            print("removed %s %s" % k)
            continue
        if k not in old:
            print("added %s %s" % k)
            continue
        o, n = old[k], new[k]
        if all(o[f] == n[f] for f in CONTENT):
            differs("%s %s unchanged, but its record" % k, n, o)
            continue
        print("changed %s %s" % k)
        differs("%s %s SEQUENCE" % k, n["sequence"], o["sequence"] + 1)
        differs("%s %s LAST-MODIFIED" % k, n["last_modified"], stamp)
        differs("%s %s DTSTAMP" % k, n["dtstamp"], stamp)
        differs("%s %s CREATED" % k, n["created"], o["created"])


def main():
    if len(sys.argv) == 8 and sys.argv[1] == "agree":
        summary = agree(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "changes":
        summary = None
        changes(*sys.argv[2:])
    else:
        sys.exit(__doc__)
    for p in problems[:30]:
        print("  " + p, file=sys.stderr)
    if problems:
        print("compare.py %s: %d problems" % (sys.argv[1], len(problems)), file=sys.stderr)
        sys.exit(1)
    if summary:
        print(summary)


main()
