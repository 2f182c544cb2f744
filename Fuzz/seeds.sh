#!/usr/bin/env bash
# Fills Fuzz/corpus/seeds/ (generated, not committed) with the golden inputs and the examples.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/seeds
mkdir -p "$out"
for f in ../Golden/*/input*; do
    cp "$f" "$out/golden-$(basename "$(dirname "$f")")-$(basename "$f")"
done
find ../Examples -name '*.yaml' -print0 | while IFS= read -r -d '' f; do
    rel="${f#../Examples/}"
    cp "$f" "$out/example-${rel//\//-}"
done
echo "seeds: $(ls "$out" | wc -l) files in Fuzz/$out"
