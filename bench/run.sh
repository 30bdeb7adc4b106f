#!/usr/bin/env bash
# Benchmarks reportlint end to end on a deterministic synthetic corpus.
#
#   bench/run.sh            # N = 1 and N = 2000
#   N=500 bench/run.sh      # another corpus size
#
# Needs: hyperfine and /usr/bin/time (Debian: apt-get install hyperfine time).
# Optional comparisons, run when present: rg (apt-get install ripgrep) over
# the same typography patterns, and AutoCorrect's CLI: the npm package
# (npm i autocorrect-node; set AUTOCORRECT=/path/to/node_modules/.bin/autocorrect)
# and/or a native build (cargo build --release -p autocorrect-cli in a clone
# of github.com/huacnlee/autocorrect; set AUTOCORRECT_NATIVE=/path/to/autocorrect).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
# Outside the repository: tools that honour .gitignore would skip target/.
OUT=${TMPDIR:-/tmp}/reportlint-bench-corpus
BIN=target/release/reportlint

command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --quiet
rm -rf "$OUT"
python3 bench/gen_corpus.py 1 "$OUT/1"
python3 bench/gen_corpus.py "$N" "$OUT/$N"
# One long report (the seed's body repeated): cost must grow with size, not
# with its square.
python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
head, body = open("fixtures/daxiang-2020-gov-office.txt", encoding="utf-8").read().split("\n", 1)
for k in (40, 160):
    with open(f"{out}/long-{k}.txt", "w", encoding="utf-8") as f:
        f.write(head + "\n" + "\n".join([body] * k))
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "corpus: $N reports, $(du -sh "$OUT/$N" | cut -f1)"

cmds=(
  -n "reportlint, 1 report" "$BIN check --fail-on never $OUT/1"
  -n "reportlint, $N reports" "$BIN check --fail-on never $OUT/$N"
  -n "reportlint, one report of 280 KB" "$BIN check --fail-on never $OUT/long-40.txt"
  -n "reportlint, one report of 1.1 MB" "$BIN check --fail-on never $OUT/long-160.txt"
)
if command -v rg >/dev/null; then
  # The typography patterns (space before %, ASCII comma between CJK, debris)
  # as plain regex scans: the near-limit for reading this text.
  cmds+=(-n "rg typography patterns, $N reports" "rg -c -e '[0-9] +%' -e '[\\p{Han}],[\\p{Han}]' -e 'bookmark:|PAGEREF|MERGEFORMAT' $OUT/$N")
fi
if [ -n "${AUTOCORRECT:-}" ] && [ -x "$AUTOCORRECT" ]; then
  cmds+=(-n "autocorrect-node --lint, 1 report" "$AUTOCORRECT --lint $OUT/1")
  cmds+=(-n "autocorrect-node --lint, $N reports" "$AUTOCORRECT --lint $OUT/$N")
fi
if [ -n "${AUTOCORRECT_NATIVE:-}" ] && [ -x "$AUTOCORRECT_NATIVE" ]; then
  cmds+=(-n "autocorrect (native) --lint, 1 report" "$AUTOCORRECT_NATIVE --lint $OUT/1")
  cmds+=(-n "autocorrect (native) --lint, $N reports" "$AUTOCORRECT_NATIVE --lint $OUT/$N")
fi
hyperfine -N -i --warmup 3 --runs 10 --export-markdown target/bench-results.md "${cmds[@]}"
echo
echo "peak memory, $N reports:"
/usr/bin/time -v "$BIN" check --fail-on never "$OUT/$N" 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"
echo "peak memory, 1 report:"
/usr/bin/time -v "$BIN" check --fail-on never "$OUT/1" 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"
echo
echo "results table: target/bench-results.md"
