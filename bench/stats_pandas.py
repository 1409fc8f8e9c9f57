#!/usr/bin/env python3
"""The baseline of the stats benchmark: the year's tables of `zicht stats` computed with pandas.

Usage: stats_pandas.py CASES.csv YEAR. Reads the CSV and computes the funnel,
first contacts per month, every single-choice and yes/no variable per
population, the age summary, the multiple-response sets and the cross table,
as a researcher would in a notebook. Prints the seconds it took.
"""
import sys
import time

import pandas as pd

SETS = ["coercion_", "violence_", "crime_", "client_ind_"]
SINGLE = ["channel", "status", "exclusion_reason", "language", "referral", "chatter", "exploitation",
          "both_onset", "victim_gender", "first_disclosure", "acutely_unsafe", "time_since", "duration",
          "met", "met_platform", "perpetrator", "perpetrator_family", "perpetrator_social",
          "multiple_perpetrators", "multiple_victims", "client_knew", "client_should_have_known"]


def tables(path, year):
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df = df[df["year"] == str(year)]
    conv = pd.to_numeric(df["n_conversations"]).fillna(1)
    out = {"conversations": conv.sum(), "duplicates": (conv - 1).sum(),
           "excluded": (df["status"] == "excluded").sum()}
    inc = df[df["status"] == "included"]
    out["by_month"] = inc["first_contact"].str[:7].value_counts()
    pops = {"all": inc, "sexual": inc[inc["exploitation"] == "sexual"],
            "criminal": inc[inc["exploitation"].isin(["criminal", "both"])]}
    for name, pop in pops.items():
        for v in SINGLE:
            out[(name, v)] = (pop[v].notna().sum(), pop[v].value_counts())
        age = pd.to_numeric(pop["victim_age"]).dropna()
        minors = age[age < 18]
        out[(name, "age")] = (len(age), age.mean(), age.median(), len(minors), (age < 16).sum(),
                              (age < 25).sum(), minors.mean(), minors.median())
        for prefix in SETS:
            cols = [c for c in pop.columns if c.startswith(prefix)]
            marks = pop[cols].apply(pd.to_numeric).fillna(0)
            per_case = marks.sum(axis=1)
            out[(name, prefix)] = ((per_case > 0).sum(), per_case.sum(), marks.sum(), (per_case >= 2).sum())
    out["crosstab"] = pd.crosstab(inc["exploitation"], inc["victim_gender"])
    return out


if __name__ == "__main__":
    t = time.perf_counter()
    tables(sys.argv[1], int(sys.argv[2]))
    print(f"{time.perf_counter() - t:.3f}")
