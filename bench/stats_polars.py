#!/usr/bin/env python3
"""The stats benchmark's tables computed with polars (same tables as stats_pandas.py).

Usage: stats_polars.py CASES.csv YEAR. Reads the CSV with polars' own type
inference and computes the funnel, first contacts per month, every
single-choice and yes/no variable per population, the age summary, the
multiple-response sets and the cross table. Prints the seconds it took
(imports and interpreter start not counted).
"""
import sys
import time

import polars as pl

from stats_pandas import SETS, SINGLE


def tables(path, year):
    df = pl.read_csv(path, infer_schema_length=100_000)
    df = df.filter(pl.col("year") == year)
    conv = pl.col("n_conversations").fill_null(1)
    out = {"funnel": df.select(conv.sum().alias("conversations"), (conv - 1).sum().alias("duplicates"),
                               (pl.col("status") == "excluded").sum().alias("excluded"))}
    inc = df.filter(pl.col("status") == "included")
    out["by_month"] = inc.group_by(pl.col("first_contact").str.slice(0, 7)).len()
    pops = {"all": inc, "sexual": inc.filter(pl.col("exploitation") == "sexual"),
            "criminal": inc.filter(pl.col("exploitation").is_in(["criminal", "both"]))}
    for name, pop in pops.items():
        for v in SINGLE:
            out[(name, v)] = (pop[v].is_not_null().sum(), pop[v].value_counts())
        age = pop["victim_age"].drop_nulls()
        minors = age.filter(age < 18)
        out[(name, "age")] = (len(age), age.mean(), age.median(), len(minors), (age < 16).sum(),
                              (age < 25).sum(), minors.mean(), minors.median())
        for prefix in SETS:
            cols = [c for c in pop.columns if c.startswith(prefix)]
            marks = pop.select([pl.col(c).fill_null(0) for c in cols])
            per_case = marks.sum_horizontal()
            out[(name, prefix)] = ((per_case > 0).sum(), per_case.sum(), marks.sum(), (per_case >= 2).sum())
    out["crosstab"] = inc.group_by(["exploitation", "victim_gender"]).len()
    return out


if __name__ == "__main__":
    t = time.perf_counter()
    tables(sys.argv[1], int(sys.argv[2]))
    print(f"{time.perf_counter() - t:.3f}")
