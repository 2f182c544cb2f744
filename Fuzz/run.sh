#!/usr/bin/env bash
# Builds the libFuzzer target and fuzzes for SECONDS (default 60). Exits non-zero on a finding,
# leaving the input in Fuzz/findings/ (see README.md to reproduce and minimise it).
#   Fuzz/run.sh [SECONDS]
# Environment: FUZZ_JOBS (parallel fuzzing processes, default: the number of cores, at most 2),
# FUZZ_ASAN=0 to build without Address Sanitizer, FUZZ_MAX_LEN (default 8192).
# FUZZ_SEED=N and FUZZ_RUNS=N make a run repeatable (one worker, a fixed random seed, a fixed
# number of inputs instead of a time limit): what CI uses, so that its verdict depends on the
# code alone, not on the machine's speed or luck.
set -euo pipefail
# The Swift runtime's crash backtracer and Address Sanitizer get in each other's way; libFuzzer
# reports the crash itself.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")"
seconds="${1:-60}"
jobs="${FUZZ_JOBS:-$(( $(nproc) < 2 ? 1 : 2 ))}"
sanitizers="fuzzer,address"
[ "${FUZZ_ASAN:-1}" = 0 ] && sanitizers="fuzzer"

echo "fuzz: building (-sanitize=$sanitizers)"
swift build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize="$sanitizers" -Xswiftc -parse-as-library
binary="$(swift build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize="$sanitizers" -Xswiftc -parse-as-library --show-bin-path)/PSSFixFuzz"

./seeds.sh
mkdir -p corpus/live findings logs
rm -f logs/*.log

# Every worker writes fuzz-N.log; crashes go to findings/ as crash-<sha1>.
status=0
repeatable=()
corpora=(corpus/live corpus/seeds)
if [ -n "${FUZZ_SEED:-}" ] || [ -n "${FUZZ_RUNS:-}" ]; then
    jobs=1
    repeatable=(-seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-100000}")
    # A scratch corpus: inputs kept from earlier runs would change what this run tries.
    rm -rf corpus/repeatable && mkdir -p corpus/repeatable
    corpora=(corpus/repeatable corpus/seeds)
fi
started=$(date +%s)
"$binary" "${corpora[@]}" -dict=yaml.dict -max_len="${FUZZ_MAX_LEN:-8192}" -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$seconds" -artifact_prefix=findings/ -print_final_stats=1 "${repeatable[@]}" \
    -jobs="$jobs" -workers="$jobs" -close_fd_mask=0 >logs/driver.log 2>&1 || status=$?
mv fuzz-*.log logs/ 2>/dev/null || true

# Execution count: the last status line of each worker ("#123456 ... exec/s: 789").
total=0
for log in logs/fuzz-*.log; do
    [ -f "$log" ] || continue
    runs="$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}' || true)"
    [ -n "$runs" ] || runs="$(grep -ao '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)"
    speed="$(grep -a 'stat::average_exec_per_sec' "$log" | tail -1 | awk '{print $2}' || true)"
    echo "fuzz: $(basename "$log"): ${runs:-0} executions, ${speed:-?} exec/s"
    total=$(( total + ${runs:-0} ))
done
elapsed=$(( $(date +%s) - started ))
echo "fuzz: ${elapsed} s (limit $seconds s), $jobs worker(s), $total executions in total ($(( total / (elapsed > 0 ? elapsed : 1) )) exec/s)"

if ls findings/crash-* findings/timeout-* findings/oom-* findings/leak-* >/dev/null 2>&1 || [ "$status" != 0 ]; then
    echo "fuzz: FINDING (exit $status). Inputs in Fuzz/findings/:"
    ls -1 findings/
    grep -a -h -A12 'pss-fix fuzz finding\|ERROR: AddressSanitizer\|ERROR: libFuzzer\|Fatal error' logs/fuzz-*.log | head -60 || true
    exit 1
fi
echo "fuzz: no finding"
