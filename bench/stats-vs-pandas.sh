#!/usr/bin/env bash
# Benchmark: `zicht stats` on N synthetic cases (default 1,000,000) against a pandas
# script that computes the same tables from the same CSV, in the same run.
# Prints both times and the ratio. Needs python3 with pandas (pip install pandas).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release -q -p zicht
cargo build --release -q -p zicht-cases --example synth
./target/release/examples/synth "$n" "$work/cases.csv" 1
size=$(du -m "$work/cases.csv" | cut -f1)
echo "input: $n cases, ${size} MB"

best() { sort -n | head -1; }
zicht_times=()
for _ in $(seq "$runs"); do
  s=$(date +%s.%N)
  ./target/release/zicht stats --cases "$work/cases.csv" --year 2022 --json > "$work/out.json"
  e=$(date +%s.%N)
  zicht_times+=("$(echo "$e - $s" | bc -l)")
done
pandas_times=()
for _ in $(seq "$runs"); do
  pandas_times+=("$(python3 bench/stats_pandas.py "$work/cases.csv" 2022)")
done
z=$(printf '%s\n' "${zicht_times[@]}" | best)
p=$(printf '%s\n' "${pandas_times[@]}" | best)
printf 'zicht stats : %.3f s (best of %d, whole process: read, validate, count, JSON)\n' "$z" "$runs"
printf 'pandas      : %.3f s (best of %d, read + tables, interpreter start not counted)\n' "$p" "$runs"
printf 'ratio       : %.1fx faster\n' "$(echo "$p / $z" | bc -l)"
