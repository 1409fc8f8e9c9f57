#!/usr/bin/env python3
"""The stats benchmark's tables computed with DuckDB (same tables as stats_pandas.py).

Usage: stats_duckdb.py CASES.csv YEAR. Loads the year's rows from the CSV
(DuckDB's own type detection) into an in-memory table and computes the
funnel, first contacts per month, every single-choice and yes/no variable
per population, the age summary, the multiple-response sets and the cross
table in SQL. Prints the seconds it took (imports and interpreter start not
counted).
"""
import sys
import time

import duckdb

from stats_pandas import SETS, SINGLE

POPS = {"all": "true", "sexual": "exploitation = 'sexual'",
        "criminal": "exploitation IN ('criminal', 'both')"}


def tables(path, year):
    con = duckdb.connect()
    con.execute(f"CREATE TABLE c AS SELECT * FROM read_csv('{path}', sample_size = 100000) WHERE year = {int(year)}")
    q = lambda sql: con.execute(sql).fetchall()
    out = {"funnel": q("SELECT sum(coalesce(n_conversations, 1)), sum(coalesce(n_conversations, 1) - 1), "
                       "count(*) FILTER (status = 'excluded') FROM c")}
    out["by_month"] = q("SELECT strftime(first_contact, '%Y-%m') m, count(*) FROM c "
                        "WHERE status = 'included' GROUP BY m")
    columns = [r[0] for r in q("SELECT column_name FROM (DESCRIBE c)")]
    for name, where in POPS.items():
        pop = f"FROM c WHERE status = 'included' AND {where}"
        for v in SINGLE:
            out[(name, v)] = q(f"SELECT {v}, count(*) {pop} GROUP BY {v}")
        out[(name, "age")] = q(
            "SELECT count(victim_age), avg(victim_age), median(victim_age), count(*) FILTER (victim_age < 18), "
            "count(*) FILTER (victim_age < 16), count(*) FILTER (victim_age < 25), "
            f"avg(victim_age) FILTER (victim_age < 18), median(victim_age) FILTER (victim_age < 18) {pop}")
        for prefix in SETS:
            cols = [c for c in columns if c.startswith(prefix)]
            total = " + ".join(f"coalesce({c}, 0)" for c in cols)
            items = ", ".join(f"sum(coalesce({c}, 0))" for c in cols)
            out[(name, prefix)] = q(
                f"SELECT count(*) FILTER (t > 0), sum(t), count(*) FILTER (t >= 2), {items} "
                f"FROM (SELECT {total} AS t, * {pop})")
    out["crosstab"] = q("SELECT exploitation, victim_gender, count(*) FROM c WHERE status = 'included' "
                        "GROUP BY ALL")
    return out


if __name__ == "__main__":
    t = time.perf_counter()
    tables(sys.argv[1], int(sys.argv[2]))
    print(f"{time.perf_counter() - t:.3f}")
