#!/usr/bin/env bash
# Tone scorer against its peers, in one run of the shared harness: accuracy (3-class
# macro-F1, Darija pos/neg F1) and throughput as ratios to VADER's texts/s and to the
# floor (benches/floor.c: the protocol and nothing else), all measured side by side.
#
#   bash benches/tone_vs_peers.sh [REPEAT]        (from the repo root; default REPEAT 9)
#
# Needs ../shared (the dev sets and sentiment_bench.py) and a Python venv with the
# peers: python3 -m venv BENCH && BENCH/bin/pip install -r ../shared/tools/requirements-bench.txt
# (set BENCH to its folder; default ../BENCH). Not part of `cargo test`: it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
bench_py="${BENCH:-../BENCH}/bin/python"
repeat="${1:-9}"
cargo build --release --bin veille
floor="$(mktemp -d)/floor"
cc -O2 -o "$floor" benches/floor.c
"$bench_py" "$shared/tools/sentiment_bench.py" "$shared"/data/sentiment/*.jsonl \
  --peers vader,vader_fr \
  --cmd "$floor" --cmd-name floor \
  --cmd "target/release/veille score --jsonl" --cmd-name veille \
  --cmd-startup --repeat "$repeat"
