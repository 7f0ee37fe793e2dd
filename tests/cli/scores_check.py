"""scores_check.py FINDINGS_JSON — recomputes every unit's score and every work point's score
from the findings of a `yaodian check --format json` document, by the rule its schema states
(schemas/findings.schema.json, "scores"), and compares them with the document's own scores.
An implementation independent of engine/score.c. Prints each difference; exits 1 if any."""
import json
import math
import sys
from collections import OrderedDict

JUDGED = {"pass", "fail", "waived", "error"}
GOOD = {"pass", "waived"}


def score(earned, available):
    if available == 0:
        return None
    return math.floor(1000.0 * earned / available + 0.5) / 10.0


def main():
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    # (unit, rule) -> [clause, points, judged, good], in order of first appearance
    per = OrderedDict()
    units = []
    for f in d["findings"]:
        u = f["unit"]["id"]
        if u not in units:
            units.append(u)
        x = per.setdefault((u, f["rule_id"]), [f["clause"], f["points"], 0, 0])
        if f["status"] in JUDGED:
            x[2] += 1
            x[3] += f["status"] in GOOD
    want = {}
    for (u, _), (clause, points, judged, good) in per.items():
        if judged == 0:
            continue
        w = want.setdefault(u, {"earned": 0.0, "available": 0.0, "points": {}})
        e = points * good / judged
        w["earned"] += e
        w["available"] += points
        c = w["points"].setdefault(clause, [0.0, 0.0])
        c[0] += e
        c[1] += points
    problems = []
    got_units = [s["unit"]["id"] for s in d["scores"]["units"]]
    if got_units != units:
        problems.append(f"units scored {got_units}, findings have {units}")
    for s in d["scores"]["units"]:
        u = s["unit"]["id"]
        w = want.get(u, {"earned": 0.0, "available": 0.0, "points": {}})
        exp = score(w["earned"], w["available"])
        if (exp is None) != (s["score"] is None) or (exp is not None and abs(exp - s["score"]) > 0.05):
            problems.append(f"{u}: score {s['score']}, recomputed {exp}")
        if abs(w["earned"] - s["earned"]) > 0.006 or abs(w["available"] - s["available"]) > 0.006:
            problems.append(f"{u}: earned/available {s['earned']}/{s['available']}, "
                            f"recomputed {w['earned']:.2f}/{w['available']:.2f}")
        for p in s["points"]:
            e, a = w["points"].get(p["clause"], [0.0, 0.0])
            exp = score(e, a)
            if (exp is None) != (p["score"] is None) or (exp is not None and abs(exp - p["score"]) > 0.05):
                problems.append(f"{u} {p['clause']}: score {p['score']}, recomputed {exp}")
    for p in problems:
        print(p)
    print(f"{len(d['scores']['units'])} units checked, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
