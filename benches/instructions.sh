#!/usr/bin/env bash
# Instructions per text of `veille score --jsonl` on each dev set, counted by callgrind on
# one CPU, the empty-input run (start-up: building the lexicons) subtracted. Unlike wall
# time on a shared 2-core machine this is deterministic, so it compares two versions of the
# scorer exactly (it counts work, not cache misses or branch mispredictions).
#
#   bash benches/instructions.sh [BINARY]     (from the repo root; default target/release/veille)
#
# Needs valgrind and ../shared/data/sentiment. Not part of `cargo test`: it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/veille}"
[ "$#" -gt 0 ] || cargo build --release --bin veille
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
count() {
  taskset -c 0 valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" score --jsonl \
    < "$1" 2>&1 >/dev/null | grep -oP 'Collected : \K[0-9]+'
}
start=$(count /dev/null)
printf '%-14s %10d instructions\n' start-up "$start"
for f in ../shared/data/sentiment/*.jsonl; do
  n=$(grep -c . "$f")
  total=$(count "$f")
  printf '%-14s %10d instructions/text\n' "$(basename "$f" .dev.jsonl)" $(((total - start) / n))
done
