#!/bin/sh
# A short fuzzing run of every target: fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60). Needs the nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). The seed corpus in fuzz/corpus/TARGET is read,
# never written: new inputs go to fuzz/target/corpus/TARGET (kept between
# runs), the whole output to fuzz/target/TARGET.log. A crash, hang (10 s) or out-of-memory (2 GiB) stops the run with its
# input in fuzz/artifacts/TARGET/ and a non-zero exit. The `frames` target
# builds the whole chat server and takes longest to build.
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-cases conversations histories codebook frames}
for t in $targets; do
  features=""
  [ "$t" = frames ] && features="--features frames"
  mkdir -p "target/corpus/$t"
  echo "== $t: $seconds s"
  # shellcheck disable=SC2086
  cargo +nightly fuzz run $features "$t" "target/corpus/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 2>&1 | tee "target/$t.log" | grep -E '^(==|#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|Done|INFO: Running|thread|panicked|ERROR|artifact_prefix|Test unit written)' || true
  if ls "artifacts/$t"/* >/dev/null 2>&1; then
    echo "$t: findings in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
