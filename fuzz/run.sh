#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 150) and merges what it
# finds into fuzz/corpus/<target>/. Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: fuzz/run.sh [TARGET...]   (default: all five)
# The committed corpora are replayed on stable by tests/fuzz_replay.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-150}
TARGETS=${*:-decode extract config docx lint}
for t in $TARGETS; do
  mkdir -p "fuzz/corpus/$t"
  cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 2>&1 | grep -E "^(#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|thread .* panicked)" || true
  # Keep the corpus small: only inputs that add coverage.
  tmp=$(mktemp -d)
  cargo +nightly fuzz cmin -O "$t" "fuzz/corpus/$t" >/dev/null 2>&1 || true
  rm -rf "$tmp"
done
ls fuzz/artifacts/*/ 2>/dev/null && echo "crashes above: see fuzz/artifacts" || echo "no crashes"
