#!/usr/bin/env python3
"""Independent check of `zicht stats --json`: recomputes the contract from the raw CSV.

Written apart from the Rust code, from formats.md section 4 and codebook.md only,
with nothing but the standard library. Usage: independent_check.py CASES.csv YEAR|all
prints the recomputed statistics as JSON (same keys as the contract's minimum).
"""
import csv
import json
import statistics
import sys

SETS = {
    "coercion": ["sextortion", "substance", "lvb", "age_gap", "cohabiting", "violence", "financial", "other"],
    "violence": ["sexual", "physical", "verbal", "psychological"],
    "crime": ["drugs", "theft", "money_laundering", "recruitment", "other"],
    "client_ind": ["very_young", "trafficker_present", "parent_trafficker", "violence", "filmed", "refusal_ignored"],
}
SINGLE = ["channel", "language", "referral", "chatter", "exploitation", "both_onset", "victim_gender",
          "time_since", "duration", "met", "met_platform", "perpetrator", "perpetrator_family",
          "perpetrator_social"]
YESNO = ["first_disclosure", "acutely_unsafe", "multiple_perpetrators", "multiple_victims",
         "client_knew", "client_should_have_known"]


def main():
    path, year = sys.argv[1], sys.argv[2]
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if year != "all":
        rows = [r for r in rows if r["year"] == year]
    conv = sum(int(r.get("n_conversations") or 1) for r in rows)
    incl = [r for r in rows if r["status"] == "included"]
    out = {
        "funnel": {
            "conversations": conv,
            "duplicates": conv - len(rows),
            "excluded": sum(1 for r in rows if r["status"] == "excluded"),
            "included": len(incl),
        },
        "by_month": {},
        "populations": {},
    }
    for r in incl:
        m = r["first_contact"][:7]
        out["by_month"][m] = out["by_month"].get(m, 0) + 1
    pops = {
        "all": incl,
        "sexual": [r for r in incl if r.get("exploitation") == "sexual"],
        "criminal": [r for r in incl if r.get("exploitation") in ("criminal", "both")],
    }
    for name, pop in pops.items():
        p = {}
        for v in SINGLE:
            vals = [r.get(v, "") for r in pop if r.get(v, "")]
            counts = {}
            for x in vals:
                counts[x] = counts.get(x, 0) + 1
            p[v] = {"n": len(vals), "missing": len(pop) - len(vals), "counts": counts}
        for v in YESNO:
            vals = [r.get(v, "") for r in pop if r.get(v, "") != ""]
            p[v] = {"n": len(vals), "missing": len(pop) - len(vals),
                    "counts": {"yes": vals.count("1"), "no": vals.count("0")}}
        ages = [int(r["victim_age"]) for r in pop if r.get("victim_age", "")]
        minors = [a for a in ages if a < 18]
        p["victim_age"] = {
            "n": len(ages), "missing": len(pop) - len(ages),
            "mean": statistics.fmean(ages) if ages else None,
            "median": float(statistics.median(ages)) if ages else None,
            "minors": len(minors),
            "under_16": sum(1 for a in ages if a < 16),
            "under_25": sum(1 for a in ages if a < 25),
            "minor_mean": statistics.fmean(minors) if minors else None,
            "minor_median": float(statistics.median(minors)) if minors else None,
        }
        for s, items in SETS.items():
            marks = [[r.get(f"{s}_{i}", "") == "1" for i in items] for r in pop]
            entry = {
                "cases": sum(1 for m in marks if any(m)),
                "mentions": sum(sum(m) for m in marks),
                "counts": {i: sum(m[k] for m in marks) for k, i in enumerate(items)},
            }
            if s == "client_ind":
                entry["two_or_more"] = sum(1 for m in marks if sum(m) >= 2)
            p[s] = entry
        out["populations"][name] = p
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
