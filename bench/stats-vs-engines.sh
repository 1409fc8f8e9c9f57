#!/usr/bin/env bash
# Benchmark: `zicht stats` (streamed, and the former whole-table path) against
# polars, DuckDB and pandas computing the same tables from the same generated
# files, in one run: wall time (best of RUNS) and peak memory, with ratios.
# Usage: bench/stats-vs-engines.sh [N...]   (default: 1000000 10000000)
# The Python packages are installed with pip into a venv under target/.
# RUNS=n (default 3); TOOLS="polars,duckdb" limits the tools (see stats_bench.py).
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
work=target/bench-data
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
files=()
for n in "${sizes[@]}"; do
  "$tdir"/release/examples/synth "$n" "$work/cases-$n.csv" 1
  files+=("$work/cases-$n.csv")
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
"$venv/bin/python" bench/stats_bench.py "$zicht" "$venv/bin/python" "$runs" "${files[@]}"
