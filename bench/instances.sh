#!/usr/bin/env bash
# Benchmark: the chat on SQLite, on one instance on PostgreSQL and on two
# instances on PostgreSQL (visitors on one, their counsellors on the other),
# in one run: conversations, delivered messages/s, p50/p99 delivery latency,
# memory per connection, and the ratio two instances : one.
# Usage: ZICHT_TEST_POSTGRES=postgres://USER:PASSWORD@HOST:PORT/DB bench/instances.sh [PAIRS] [RATE] [SECONDS]
# (defaults 300 pairs, 1 message/s per visitor, 20 s). The user must be allowed
# to create databases; each PostgreSQL run gets a fresh one, dropped after.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${ZICHT_TEST_POSTGRES:?name a PostgreSQL server where databases may be created (see .ci/run)}"
pairs=${1:-300}
rate=${2:-1}
seconds=${3:-20}
ulimit -n 20000 2>/dev/null || true
cargo build -q --release -p zicht-server --example loadgen
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
./target/release/examples/loadgen --pairs "$pairs" --rate "$rate" --seconds "$seconds" \
  --per-counsellor 4 --no-echo --postgres | tee bench/instances-last.txt
