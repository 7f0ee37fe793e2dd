#!/usr/bin/python3
"""gendept.py --units N [--seed S] [--sample DIR] [--dense] OUTDIR — a synthetic department for benchmarks
and scale tests: N units with every record kind of the bundled sample (tests/sample) at its
density, written as the same CSV files (one per kind, importable in the order of KINDS).

Each unit is a copy of one of the sample's three units (BGS meets the plan, JYS started late
and holds a waiver, ZFZD has typical gaps) under a new id (G0001, G0002, ...). About half the
units are exact copies of BGS (compliant); the others copy any of the three and lose each
activity, meeting, document, post, fund, role and office with probability 0.15 (gappy), the
records that point at a lost one going with it. With --dense each unit also gets 120 children,
40 retirees and 40 staff, and 30 more activities in 2020 with 30 participants each (20
children, 5 retirees, 5 staff): about 1,190 rows a unit instead of 58, for the scale of a
department whose offices keep every name. The same N, seed and flags give the same bytes."""
import csv
import os
import random
import sys

KINDS = ["units", "unit_years", "people", "activities", "participants", "meetings", "agenda",
         "documents", "posts", "funds", "roles", "offices", "pairings", "waivers"]
TEMPLATES = ["BGS", "JYS", "ZFZD"]
DROPPABLE = {"activities", "meetings", "documents", "posts", "funds", "roles", "offices"}
# Columns holding the id of a record of another kind: (kind, column) -> referenced kind.
REFS = {("participants", 0): "activities", ("agenda", 0): "meetings", ("funds", 6): "activities"}


def usage():
    sys.exit("usage: gendept.py --units N [--seed S] [--sample DIR] [--dense] OUTDIR")


def parse_args(argv):
    opts = {"units": None, "seed": 1, "sample": os.path.join(os.path.dirname(__file__), "sample"), "dense": False}
    rest = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--dense":
            opts["dense"] = True
            i += 1
        elif a in ("--units", "--seed", "--sample") and i + 1 < len(argv):
            opts[a[2:]] = argv[i + 1]
            i += 2
        else:
            rest.append(a)
            i += 1
    if opts["units"] is None or len(rest) != 1:
        usage()
    try:
        n, seed = int(opts["units"]), int(opts["seed"])
    except ValueError:
        usage()
    if n < 1 or n > 99999:
        sys.exit("gendept.py: --units must be 1..99999")
    return n, seed, opts["sample"], opts["dense"], rest[0]


def unit_of(kind, row):
    """The sample unit a row belongs to: its 单位 column, or the prefix of its first id."""
    if kind == "units":
        return row[0]
    if kind == "unit_years":
        return row[0]
    if kind in ("participants", "agenda"):
        return row[0].split("-")[0]
    return row[1]


def read_sample(sample):
    """{kind: (header, {template unit: [rows]})}"""
    out = {}
    for kind in KINDS:
        with open(os.path.join(sample, kind + ".csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        by_unit = {t: [] for t in TEMPLATES}
        for row in rows[1:]:
            by_unit[unit_of(kind, row)].append(row)
        out[kind] = (rows[0], by_unit)
    return out


def rename(value, template, unit):
    if value == template:
        return unit
    if value.startswith(template + "-"):
        return unit + value[len(template):]
    return value


def copy_unit(sample, template, unit, index, rng, gappy, writers):
    """Writes one unit: the template's rows under the new id, minus what a gappy unit lost."""
    lost = set()   # original ids of dropped records
    for kind in KINDS:
        header, by_unit = sample[kind]
        for k, row in enumerate(by_unit[template]):
            if any(row[col] in lost for (kd, col), _ in REFS.items() if kd == kind):
                continue
            if gappy and kind in DROPPABLE and rng.random() < 0.15:
                lost.add(row[0])
                continue
            new = [rename(v, template, unit) for v in row]
            if kind == "units":
                new[1] = "单位%d" % index
                new[3] = ""
            elif kind == "waivers":
                new[0] = "W-%s-%d" % (unit, k + 1)
            writers[kind].writerow(new)


DENSE_TAGS = ["春节;慰问", "六一;慰问", "中秋;国庆", "主题教育", "十个一;讲故事", "家庭教育", "夏令营", "助学"]
FIVE_OLD = ["老干部", "老教师", "老战士", "老专家", "老模范"]


def dense_unit(unit, rng, writers):
    """The --dense records of one unit: people, and activities with their participants."""
    kids = ["%s-XC%03d" % (unit, i) for i in range(120)]
    olds = ["%s-XT%03d" % (unit, i) for i in range(40)]
    staff = ["%s-XP%03d" % (unit, i) for i in range(40)]
    for k in kids:
        left = "是" if rng.random() < 0.5 else "否"
        writers["people"].writerow([k, unit, "", "联系点儿童", "", 2008 + rng.randrange(10), "", "联系村", left,
                                    "否", "否", "否", "否", ""])
    for o in olds:
        writers["people"].writerow([o, unit, "", "退休", rng.choice(FIVE_OLD), 1945 + rng.randrange(15)] + [""] * 8)
    for p in staff:
        writers["people"].writerow([p, unit, "", "在职", "", 1970 + rng.randrange(25)] + [""] * 8)
    for a in range(30):
        aid = "%s-XA%02d" % (unit, a)
        day = "2020-%02d-%02d" % (1 + rng.randrange(12), 1 + rng.randrange(28))
        writers["activities"].writerow([aid, unit, "关爱活动%d" % a, day, day, "主题", "口号", rng.choice(DENSE_TAGS),
                                        "地点", 20, 5, 5, "照片", ""])
        for who in rng.sample(kids, 20) + rng.sample(olds, 5) + rng.sample(staff, 5):
            writers["participants"].writerow([aid, who, "参加"])


def main():
    n, seed, sample_dir, dense, out = parse_args(sys.argv[1:])
    sample = read_sample(sample_dir)
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    files = {k: open(os.path.join(out, k + ".csv"), "w", encoding="utf-8", newline="") for k in KINDS}
    writers = {k: csv.writer(f, lineterminator="\n") for k, f in files.items()}
    for kind in KINDS:
        writers[kind].writerow(sample[kind][0])
    for i in range(1, n + 1):
        gappy = rng.random() < 0.5
        template = rng.choice(TEMPLATES) if gappy else "BGS"
        copy_unit(sample, template, "G%04d" % i, i, rng, gappy, writers)
        if dense:
            dense_unit("G%04d" % i, rng, writers)
    for f in files.values():
        f.close()


if __name__ == "__main__":
    main()
