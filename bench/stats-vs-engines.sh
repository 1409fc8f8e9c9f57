#!/usr/bin/env bash
# Benchmark: `zicht stats` (streamed, and the former whole-table path) against
# polars, DuckDB and pandas computing the same tables from the same generated
# files, in one run: wall time (best of RUNS) and peak memory, with ratios.
# Usage: bench/stats-vs-engines.sh [N...]   (default: 1000000 10000000)
# The Python packages are installed with pip into a venv under target/.
# RUNS=n (default 3); TOOLS="polars,duckdb" limits the tools (see stats_bench.py).
# BENCH_DATA=dir keeps the generated files there and reuses them (10,000,000
# cases take minutes to generate); by default they go to target/bench-data and
# are removed. With valgrind installed, the instructions per row of both zicht
# paths are counted on 100,000 cases (callgrind; CALLGRIND=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000000 10000000); fi
runs=${RUNS:-3}
tdir=${CARGO_TARGET_DIR:-target}
venv=target/bench-venv
if ! "$venv/bin/python" -c 'import pandas, polars, duckdb' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pandas polars duckdb
fi
# ZICHT_CLI=1 measures the `zicht` binary itself; by default the `stats_json`
# example of zicht-stats, which makes the same calls (the binary also links the
# report's typesetting: a long release build on 2 cores).
if [ "${ZICHT_CLI:-0}" = 1 ]; then
  cargo build --release -q -p zicht
  zicht="$tdir"/release/zicht
else
  cargo build --release -q -p zicht-stats --example stats_json
  zicht="$tdir"/release/examples/stats_json
fi
cargo build --release -q -p zicht-cases --example synth
if [ -n "${BENCH_DATA:-}" ]; then
  work=$BENCH_DATA
  mkdir -p "$work"
else
  work=target/bench-data
  mkdir -p "$work"
  trap 'rm -rf "$work"' EXIT
fi
files=()
for n in "${sizes[@]}"; do
  if [ ! -s "$work/cases-$n.csv" ]; then
    "$tdir"/release/examples/synth "$n" "$work/cases-$n.csv" 1
  fi
  files+=("$work/cases-$n.csv")
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
"$venv/bin/python" bench/stats_bench.py "$zicht" "$venv/bin/python" "$runs" "${files[@]}"
if [ "${CALLGRIND:-1}" = 1 ] && [ "${ZICHT_CLI:-0}" != 1 ] && command -v valgrind >/dev/null; then
  small="$work/cases-100000.csv"
  [ -s "$small" ] || "$tdir"/release/examples/synth 100000 "$small" 1
  tiny="$work/cases-10.csv"
  head -11 "$small" >"$tiny"
  count() { # instructions of one run (callgrind, whole process)
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      sed -n 's/.*refs: *//p' | tr -d ,
  }
  echo
  echo "instructions per row (callgrind, 100,000 cases, minus a run on 10 cases for start-up):"
  for mode in stream table; do
    extra=(); [ "$mode" = table ] && extra=(--table)
    big=$(count "$zicht" "$small" 2022 "${extra[@]}")
    base=$(count "$zicht" "$tiny" 2022 "${extra[@]}")
    echo "  zicht $mode: $(( (big - base) / 99990 )) per row ($big in all, $base start-up)"
  done
  [ -n "${BENCH_DATA:-}" ] || rm -f "$small" "$tiny"
fi
