#!/usr/bin/env bash
# Big single-file streams (issue 19): one YAML file of 16,000 small Pods separated by `---`
# (helm template / kustomize build output), and the same with 32,000. Times `check` (text),
# `check --format json` and `--diff` on both and checks that the text report and the diff stay
# close to the JSON check and that doubling the stream about doubles the time.
# See Benchmarks/README.md ("Streams") for the method and what each verdict means.
#
#   bash Benchmarks/stream.sh
#
# Environment (all optional):
#   PSS_FIX=/path/to/pss-fix   measure this binary instead of building one
#   DOCS=16000                 documents in the small stream (the large one has twice as many)
#   RUNS=5                     timed runs per command and stream (the median is used)
#   BENCH_OUT=bench-out        where the streams, logs and results go
# Exit status: 0 when every target holds, 1 when one does not, 2 on an error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-out}
DOCS=${DOCS:-16000}
RUNS=${RUNS:-5}
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
cd "$ROOT"

say() { printf '==> %s\n' "$*" >&2; }

# --- pss-fix ----------------------------------------------------------------------------------
if [[ -n ${PSS_FIX:-} ]]; then
    BIN=$PSS_FIX
    [[ -x $BIN ]] || { echo "PSS_FIX=$BIN is not an executable" >&2; exit 2; }
else
    say "building pss-fix (release, --scratch-path .build-bench)"
    swift build -c release --scratch-path .build-bench --product pss-fix >"$LOGS/stream-build.log" 2>&1 \
        || { tail -30 "$LOGS/stream-build.log" >&2; exit 2; }
    BIN=$(swift build -c release --scratch-path .build-bench --show-bin-path)/pss-fix
fi

# --- streams ----------------------------------------------------------------------------------
# Regenerated when missing or when the generator changed (a stamp records its hash).
GENERATOR=$(sha256sum Benchmarks/generate_stream.py | cut -c1-16)
SMALL=$OUT/stream-$DOCS.yaml
LARGE=$OUT/stream-$((2 * DOCS)).yaml
for file in "$SMALL" "$LARGE"; do
    docs=${file##*stream-}
    docs=${docs%.yaml}
    if [[ ! -f $file || ! -f $file.stamp || $(cat "$file.stamp") != "$GENERATOR" ]]; then
        say "generating $file ($docs Pods)"
        python3 Benchmarks/generate_stream.py --docs "$docs" --out "$file"
        echo "$GENERATOR" >"$file.stamp"
    fi
done
cat "$SMALL" "$LARGE" >/dev/null  # warm the page cache

# --- runs -------------------------------------------------------------------------------------
# One run: wall, user and system seconds of the whole process. stdout is discarded, stderr
# (the fix summary of --diff) is written to a log file, as a terminal or CI would receive it.
# Exit 1 means "violations found / remain", expected here; anything else is an error.
TIMEFORMAT='%R %U %S'
run_once() {  # name file args...
    local name=$1 file=$2
    shift 2
    local timing status
    timing=$( { time {
        status=0
        "$BIN" "$@" "$file" >/dev/null 2>"$LOGS/stream-$name.stderr" || status=$?
        echo "$status" >"$LOGS/stream-$name.status"
    }; } 2>&1 )
    status=$(cat "$LOGS/stream-$name.status")
    if [[ $status -ne 0 && $status -ne 1 ]]; then
        echo "pss-fix $* $file exited $status (see $LOGS/stream-$name.stderr)" >&2
        exit 2
    fi
    echo "$timing"
}

declare -A WALL CPU
MODES=(text json diff)
args_for() {
    case $1 in
        text) echo "check" ;;
        json) echo "check --format json" ;;
        diff) echo "--diff" ;;
    esac
}
say "timing ${#MODES[@]} commands x 2 streams x $RUNS runs (interleaved)"
for run in $(seq "$RUNS"); do
    for size in small large; do
        file=$SMALL
        [[ $size == large ]] && file=$LARGE
        for mode in "${MODES[@]}"; do
            # shellcheck disable=SC2046
            timing=$(run_once "$mode-$size" "$file" $(args_for "$mode"))  # exits 2 on an error
            read -r wall user sys <<<"$timing"
            WALL[$mode-$size]+="$wall "
            CPU[$mode-$size]+="$(echo "$user + $sys" | bc) "
            printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$mode" "$size" "$wall" "$user $sys" >>"$OUT/stream-measurements.tsv"
        done
    done
done

fastest() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
ratio() { echo "scale=2; $1 / $2" | bc; }
verdict() { if [[ $(echo "$1 <= $2" | bc) -eq 1 ]]; then echo PASS; else echo FAIL; fi; }

{
    echo "pss-fix streams: $BIN"
    echo "$(nproc) cores, $RUNS runs each, medians (fastest-slowest); small = $DOCS Pods ($(du -h "$SMALL" | cut -f1)), large = $((2 * DOCS)) Pods ($(du -h "$LARGE" | cut -f1))"
    echo
    printf '%-22s %22s %22s %10s\n' "command" "small: wall s (range)" "large: wall s (range)" "CPU s s/l"
    for mode in "${MODES[@]}"; do
        printf '%-22s %22s %22s %10s\n' "$(args_for "$mode")" \
            "$(median <<<"${WALL[$mode-small]}") ($(range <<<"${WALL[$mode-small]}"))" \
            "$(median <<<"${WALL[$mode-large]}") ($(range <<<"${WALL[$mode-large]}"))" \
            "$(median <<<"${CPU[$mode-small]}")/$(median <<<"${CPU[$mode-large]}")"
    done
    echo
    # Verdicts on the fastest run of each: on a shared machine it is the one least disturbed
    # by other work (medians and ranges above show the spread; the CPU ratios are a check).
    json=$(fastest <<<"${WALL[json-small]}")
    text=$(fastest <<<"${WALL[text-small]}")
    diff=$(fastest <<<"${WALL[diff-small]}")
    failed=0
    check() {  # label value target cpu-ratio
        local v
        v=$(verdict "$2" "$3")
        [[ $v == FAIL ]] && failed=1
        printf '%-46s %6s  (target <= %s)  %s   [CPU: %s]\n' "$1" "$2" "$3" "$v" "$4"
    }
    cpu() { median <<<"${CPU[$1]}"; }
    echo "ratios of the fastest wall times:"
    check "check text / check --format json ($DOCS)" "$(ratio "$text" "$json")" 2 "$(ratio "$(cpu text-small)" "$(cpu json-small)")"
    check "--diff / check --format json ($DOCS)" "$(ratio "$diff" "$json")" 6 "$(ratio "$(cpu diff-small)" "$(cpu json-small)")"
    for mode in "${MODES[@]}"; do
        check "$(args_for "$mode"): $((2 * DOCS)) / $DOCS Pods" \
            "$(ratio "$(fastest <<<"${WALL[$mode-large]}")" "$(fastest <<<"${WALL[$mode-small]}")")" 2.5 \
            "$(ratio "$(cpu "$mode-large")" "$(cpu "$mode-small")")"
    done
    echo "$failed" >"$OUT/stream-failed"
} | tee "$OUT/stream-results.txt"
[[ $(cat "$OUT/stream-failed") == 0 ]]
