#!/usr/bin/env bash
# Tone scorer against its peers, in one run of the shared harness: accuracy (3-class
# macro-F1, Darija pos/neg F1) and throughput as ratios to VADER's texts/s and to the
# floor (benches/floor.c: the protocol and nothing else), all measured side by side.
#
#   bash benches/tone_vs_peers.sh [REPEAT]        (from the repo root; default REPEAT 9)
#   TIMES=10 bash benches/tone_vs_peers.sh 5      each set repeated 10 times (new ids): at
#                                                 dev-set size the harness's per-run costs
#                                                 and start-up noise outweigh the scoring
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
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
floor="$tmp/floor"
cc -O2 -o "$floor" benches/floor.c
sets=("$shared"/data/sentiment/*.jsonl)
if [ "${TIMES:-1}" -gt 1 ]; then
  for f in "${sets[@]}"; do
    python3 - "$f" "$TIMES" > "$tmp/$(basename "$f")" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
for k in range(int(sys.argv[2])):
    for r in rows:
        print(json.dumps(dict(r, id=f"{r['id']}#{k}"), ensure_ascii=False))
PY
  done
  sets=("$tmp"/*.jsonl)
fi
"$bench_py" "$shared/tools/sentiment_bench.py" "${sets[@]}" \
  --peers vader,vader_fr \
  --cmd "$floor" --cmd-name floor \
  --cmd "target/release/veille score --jsonl" --cmd-name veille \
  --cmd-startup --repeat "$repeat"
