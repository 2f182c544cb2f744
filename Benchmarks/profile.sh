#!/usr/bin/env bash
# Where pss-fix spends its time beyond libyaml: perf with DWARF call graphs over a corpus,
# grouped by pipeline phase (Benchmarks/perf_phases.py) plus perf's own flat self-time list.
#
#   bash Benchmarks/profile.sh [check|diff] [CORPUS]      (defaults: check, bench-out/corpus-half)
#
# Needs perf (apt-get install linux-perf) and a release build (PSS_FIX=... or .build-bench).
# Output: bench-out/profile-MODE.txt (the raw perf.data stays next to it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODE=${1:-check}
CORPUS=${2:-bench-out/corpus-half}
OUT=${BENCH_OUT:-$ROOT/bench-out}
BIN=${PSS_FIX:-$(swift build -c release --scratch-path .build-bench --show-bin-path)/pss-fix}
[[ -x $BIN ]] || { echo "no release binary at $BIN: run Benchmarks/run.sh first or set PSS_FIX" >&2; exit 2; }
[[ -d $CORPUS ]] || { echo "no corpus at $CORPUS: run Benchmarks/run.sh first" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)" >&2; exit 2; }
case $MODE in
    check) CMD=("$BIN" check --format json "$CORPUS") ;;
    diff) CMD=("$BIN" --diff "$CORPUS") ;;
    *) echo "usage: profile.sh [check|diff] [CORPUS]" >&2; exit 2 ;;
esac
DATA=$OUT/perf-$MODE.data
REPORT=$OUT/profile-$MODE.txt
perf record -q -F 499 --call-graph dwarf,16384 -o "$DATA" -- "${CMD[@]}" >/dev/null 2>"$OUT/profile-$MODE.stderr" || true
set +o pipefail  # head closes the pipes below early on purpose
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
{
    echo "pss-fix profile: ${CMD[*]}"
    echo
    echo "== by pipeline phase (innermost matching frame; % of all samples)"
    perf script -i "$DATA" -F tid,ip,sym 2>/dev/null | demangle >"$OUT/perf-$MODE.txt"
    python3 Benchmarks/perf_phases.py "$OUT/perf-$MODE.txt" 4
    echo
    echo "== by library (self time)"
    perf report -i "$DATA" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
    echo
    echo "== top functions (self time)"
    perf report -i "$DATA" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 | demangle | cut -c1-160
} >"$REPORT"
cat "$REPORT"
