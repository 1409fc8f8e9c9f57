#!/usr/bin/env bash
# Soak benchmark: thousands of visitors arrive, chat, end and leave against one
# `zicht serve` for several minutes. Prints the server's open descriptors, RSS
# and acknowledgement p50/p99 over the first and the last window side by side,
# with the ratio end/start (flat means nothing leaks per visitor).
# Usage: bench/soak.sh [CONCURRENT] [SECONDS]   (defaults 100 and 300)
# PROFILE=release builds optimised (slower to build, faster to run).
set -euo pipefail
cd "$(dirname "$0")/.."
concurrent=${1:-100}
seconds=${2:-300}
profile=${PROFILE:-dev}
ulimit -n 20000 2>/dev/null || true
cargo build -q --profile "$profile" -p zicht-server --example soak
dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
"./target/$dir/examples/soak" --concurrent "$concurrent" --seconds "$seconds" | tee bench/soak-last.txt
