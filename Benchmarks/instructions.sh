#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of the three benchmark commands on a fixed
# sample of the corpus: the same binary, files and environment give the same count whatever
# else the machine is doing, so this is the figure to compare changes by on a shared machine
# (wall times there vary by 10-30 %). It measures work, not parallelism: run.sh measures that.
#
#   bash Benchmarks/instructions.sh [SAMPLE_DIRS]     (default 3: corpus folders d000-d002,
#                                                      about 300 files / 4 MB)
#
# Needs valgrind, the corpus and the binaries that Benchmarks/run.sh builds (or PSS_FIX=...).
# Output: the table below, also written to bench-out/instructions.txt; raw callgrind files in
# bench-out/callgrind/ (open them with callgrind_annotate --inclusive=yes --tree=calling).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/bench-out}
CORPUS=${CORPUS:-$OUT/corpus}
DIRS=${1:-3}
BIN=${PSS_FIX:-$(swift build -c release --scratch-path .build-bench --show-bin-path)/pss-fix}
PARSE=$OUT/parse_only
for tool in valgrind callgrind_annotate; do
    command -v $tool >/dev/null || { echo "$tool is missing (apt-get install valgrind)" >&2; exit 2; }
done
[[ -x $BIN && -x $PARSE && -d $CORPUS ]] || { echo "run Benchmarks/run.sh first (binaries and corpus)" >&2; exit 2; }

SAMPLE=$OUT/sample
rm -rf "$SAMPLE" && mkdir -p "$SAMPLE" "$OUT/callgrind"
for d in $(ls "$CORPUS" | head -n "$DIRS"); do cp -r "$CORPUS/$d" "$SAMPLE/"; done
files=$(find "$SAMPLE" -type f | wc -l)
bytes=$(cat "$SAMPLE"/*/* | wc -c)

count() {  # name, command...
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind/$name.out" "$@" >/dev/null 2>"$OUT/callgrind/$name.log" || true
    grep -o 'Collected : [0-9]*' "$OUT/callgrind/$name.log" | awk '{print $3}'
}
parse=$(count parse_only "$PARSE" "$SAMPLE")
check=$(count check "$BIN" check --format json "$SAMPLE")
diff=$(count diff "$BIN" --diff "$SAMPLE")
{
    echo "instructions (callgrind), $files files, $bytes bytes, $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
    printf '%-34s %15s %8s\n' command instructions ratio
    printf '%-34s %15s %8s\n' "libyaml parse only (floor)" "$parse" "1.00"
    printf '%-34s %15s %8s\n' "pss-fix check --format json" "$check" "$(echo "scale=2; $check / $parse" | bc)"
    printf '%-34s %15s %8s\n' "pss-fix --diff" "$diff" "$(echo "scale=2; $diff / $parse" | bc)"
    echo "diff/check: $(echo "scale=2; $diff / $check" | bc)"
} | tee "$OUT/instructions.txt"
