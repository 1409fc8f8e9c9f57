#!/usr/bin/env python3
"""Runs the stats benchmark's tools on the same files and prints one table.

Usage: stats_bench.py ZICHT PYTHON RUNS CASES.csv... ZICHT is the `zicht`
binary or the `stats_json` example of zicht-stats (same calls). Each tool runs RUNS times
per file as a child process: wall time (best of the runs, whole process) and
peak memory (the largest resident set over the runs, from wait4's rusage).
The CPU time (user + system, least over the runs) is shown too: on a loaded
machine it says more than the wall time. For the Python tools the time the
script measures itself (read + tables,
interpreter start and imports not counted) is shown as well, and the ratios
use that smaller time. pandas runs once on files above 2,000,000 cases and
with an 8 GB address-space limit (it runs out of memory otherwise, on a
shared machine). TOOLS=name,name... runs only those (zicht stats always).
The JSON of the streamed path must equal that of the table path (else exit 1).
"""
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_rusage(cmd, limit=None):
    def preexec():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=preexec)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, p.returncode, out.decode()


def count_rows(path):
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1


def main():
    zicht, python, runs, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    rows = []
    for path in files:
        n = count_rows(path)
        size = os.path.getsize(path) / 1e6
        if os.path.basename(zicht) == "zicht":
            stats = [zicht, "stats", "--cases", path, "--year", "2022", "--json"]
        else:  # the stats_json example: the same calls without the rest of the CLI
            stats = [zicht, path, "2022"]
        tools = [
            ("zicht stats", stats, False, None),
            ("zicht --table", stats + ["--table"], False, None),
            ("polars", [python, f"{HERE}/stats_polars.py", path, "2022"], True, None),
            ("duckdb", [python, f"{HERE}/stats_duckdb.py", path, "2022"], True, None),
            ("pandas", [python, f"{HERE}/stats_pandas.py", path, "2022"], True, 8 << 30),
        ]
        wanted = os.environ.get("TOOLS")
        if wanted:
            keep = {t.strip() for t in wanted.split(",")} | {"zicht stats"}
            tools = [t for t in tools if t[0] in keep]
        results = {}
        outputs = {}
        for name, cmd, inner, limit in tools:
            k = 1 if name == "pandas" and n > 2_000_000 else runs
            walls, peaks, inners, cpus, failed = [], [], [], [], None
            for _ in range(k):
                wall, peak, cpu, code, out = run_rusage(cmd, limit)
                if code != 0:
                    failed = f"failed (exit {code}{', 8 GB limit' if limit else ''})"
                    break
                outputs[name] = out
                walls.append(wall)
                peaks.append(peak)
                cpus.append(cpu)
                if inner:
                    inners.append(float(out.strip().splitlines()[-1]))
            if failed:
                results[name] = None
                rows.append((n, size, name, k, failed))
                print(f"{n:>10,} {name:<14} {failed}", file=sys.stderr)
                continue
            best = min(walls)
            best_inner = min(inners) if inners else None
            results[name] = (best, best_inner, max(peaks), k, min(cpus))
            print(f"{n:>10,} {name:<14} {best:7.3f} s {min(cpus):7.3f} cpu s {max(peaks):8.0f} MB", file=sys.stderr)
        if "zicht --table" in outputs:
            same = outputs["zicht stats"] == outputs["zicht --table"]
            print(f"{n:>10,} streamed and table JSON {'identical' if same else 'DIFFER'}", file=sys.stderr)
            if not same:
                sys.exit(1)
        base, base_cpu = results["zicht stats"][0], results["zicht stats"][4]
        for name, r in results.items():
            if r is None:
                continue
            best, best_inner, peak, k, cpu = r
            t = best_inner if best_inner is not None else best
            rows.append((n, size, name, k, best, best_inner, peak, t / base, cpu, cpu / base_cpu))
    load = open("/proc/loadavg").read().split()[:3]
    print(f"\nload average at the end: {' '.join(load)} (2 cores)\n")
    print("| cases | MB | tool | runs | wall s (best) | own time s | time / zicht | CPU s (user+sys) | CPU / zicht | peak MB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if len(r) == 5:
            n, size, name, k, msg = r
            print(f"| {n:,} | {size:.0f} | {name} | {k} | {msg} | | | | | |")
            continue
        n, size, name, k, best, inner, peak, ratio, cpu, cpu_ratio = r
        inner_s = f"{inner:.3f}" if inner is not None else "-"
        print(f"| {n:,} | {size:.0f} | {name} | {k} | {best:.3f} | {inner_s} | {ratio:.1f}x | {cpu:.2f} | {cpu_ratio:.1f}x | {peak:.0f} |")


if __name__ == "__main__":
    main()
