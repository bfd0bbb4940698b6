#!/usr/bin/env bash
# Memory and time of brands with lexicon entries of their own: `veille score --jsonl` over
# one line per brand (so every brand's scorer is built), with N such brands configured,
# against the same run with no brand (the baseline, measured in the same run). Each brand
# shares the base lexicon and keeps only the words its entries change.
#
#   bash benches/brands_memory.sh [BINARY]    (from the repo root; default target/release/veille)
#
# Prints max RSS and wall time per N, the extra RSS per brand, and the marginal RSS per brand
# from the previous N (the first brand also pays a one-off peak: the full word index is
# rebuilt once to find the words its entries change). Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/veille}"
[ "$#" -gt 0 ] || cargo build --release --bin veille
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
base_rss="" prev_n=0 prev_rss=0
for n in 0 10 40 100; do
  cfg="$tmp/b$n.toml" input="$tmp/b$n.jsonl"
  python3 - "$n" "$cfg" "$input" <<'PY'
import json, sys
n, cfg, inp = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(cfg, "w") as f:
    f.write('[[brands]]\nname = "Base"\n\n')
    for i in range(n):
        f.write(f'[[brands]]\nname = "Brand{i}"\nlexicon = [\n'
                f'  {{ term = "panne{i}", weight = -2.5 }},\n'
                f'  {{ term = "réseau", weight = 0.0, lang = "fr" }},\n]\n\n')
with open(inp, "w") as f:
    for i in range(max(n, 1)):
        b = f"Brand{i}" if n else "Base"
        f.write(json.dumps({"id": i, "brand": b, "text": f"{b} : encore une panne{i}, nul"}) + "\n")
PY
  out=$( { /usr/bin/time -f "%M %e" "$bin" score --config "$cfg" --jsonl < "$input" > /dev/null; } 2>&1 | tail -1)
  read -r rss wall <<< "$out"
  base_rss="${base_rss:-$rss}"
  per=$(( n > 0 ? (rss - base_rss) / n : 0 ))
  marginal=$(( n > prev_n ? (rss - prev_rss) / (n - prev_n) : 0 ))
  printf '%3d branded brands: max RSS %7d kB (%.2f× no brand, +%d kB per brand, +%d kB per brand since %d), %s s\n' \
    "$n" "$rss" "$(awk "BEGIN { print $rss / $base_rss }")" "$per" "$marginal" "$prev_n" "$wall"
  prev_n=$n prev_rss=$rss
done
