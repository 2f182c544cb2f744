#!/usr/bin/env bash
# Throughput and memory benchmark for pss-fix (issue 5): libyaml parse-only lower bound vs
# `pss-fix check --format json` vs `pss-fix --diff`, on the same corpus, in one run.
# See Benchmarks/README.md for what every number means.
#
# Environment (all optional):
#   PSS_FIX=/path/to/pss-fix   measure this binary instead of building one
#   PSS_FIX_LABEL="abc1234"    what that binary is (commit), for the report
#   SKIP_BUILD=1               reuse .build-bench's release binary if it exists
#   FILES=10000 MEGABYTES=100 SEED=20240501   corpus parameters (regenerated when they change)
#   CORPUS=bench-out/corpus    where the corpus lives;  BENCH_OUT=bench-out  where results go
#   RUNS=3                     timed runs of each full-corpus command (the median is reported)
#   STREAM_DOCS=100000         Pods in the big single-stream case (a 16,000-Pod stream is measured too)
#   MEM_SLACK_MB=32            constant allowed on top of the per-file memory (see README)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-out}
CORPUS=${CORPUS:-$OUT/corpus}
HALF=${CORPUS}-half
FILES=${FILES:-10000}
MEGABYTES=${MEGABYTES:-100}
SEED=${SEED:-20240501}
RUNS=${RUNS:-3}
MEM_SLACK_MB=${MEM_SLACK_MB:-32}
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
cd "$ROOT"

say() { printf '==> %s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time (/usr/bin/time is missing)"
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && apt-get install -y -qq time >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null
    fi
fi
if ! pkg-config --exists yaml-0.1; then
    echo "libyaml's development files are missing: apt-get install libyaml-dev" >&2
    exit 2
fi

# --- pss-fix ----------------------------------------------------------------------------------
if [[ -n ${PSS_FIX:-} ]]; then
    BIN=$PSS_FIX
    [[ -x $BIN ]] || { echo "PSS_FIX=$BIN is not an executable" >&2; exit 2; }
else
    BIN_DIR=$(swift build -c release --scratch-path .build-bench --show-bin-path)
    BIN=$BIN_DIR/pss-fix
    if [[ ${SKIP_BUILD:-0} == 1 && -x $BIN ]]; then
        say "reusing $BIN"
    else
        say "building pss-fix (release, --scratch-path .build-bench)"
        swift build -c release --scratch-path .build-bench --product pss-fix >"$LOGS/build.log" 2>&1 \
            || { tail -30 "$LOGS/build.log" >&2; exit 2; }
    fi
fi

# --- parse_only -------------------------------------------------------------------------------
PARSE=$OUT/parse_only
if [[ ! -x $PARSE || Benchmarks/parse_only.c -nt $PARSE ]]; then
    say "compiling parse_only.c"
    # shellcheck disable=SC2046
    gcc -O2 -Wall -o "$PARSE" Benchmarks/parse_only.c $(pkg-config --cflags --libs yaml-0.1)
fi

# --- corpus -----------------------------------------------------------------------------------
STAMP="files=$FILES megabytes=$MEGABYTES seed=$SEED generator=$(sha256sum Benchmarks/generate_corpus.py | cut -c1-16)"
if [[ ! -f $CORPUS/.stamp || $(cat "$CORPUS/.stamp") != "$STAMP" ]]; then
    say "generating the corpus in $CORPUS ($FILES files, $MEGABYTES MB, seed $SEED)"
    python3 Benchmarks/generate_corpus.py --out "$CORPUS" --files "$FILES" --megabytes "$MEGABYTES" --seed "$SEED" --force >&2
    echo "$STAMP" >"$CORPUS/.stamp"
    rm -rf "$HALF"
fi
# The half corpus: every other file (in path order), hard-linked, so it has the same mix and
# pss-fix walks it the same way (symlinks inside a walked directory would be skipped).
if [[ ! -f $HALF/.stamp || $(cat "$HALF/.stamp") != "$STAMP" ]]; then
    say "linking the half corpus in $HALF"
    rm -rf "$HALF"
    python3 - "$CORPUS" "$HALF" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
files = []
for d, dirs, names in os.walk(src):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    files += [os.path.join(d, n) for n in names if not n.startswith(".")]
files.sort()
for f in files[::2]:
    t = os.path.join(dst, os.path.relpath(f, src))
    os.makedirs(os.path.dirname(t), exist_ok=True)
    os.link(f, t)
PY
    echo "$STAMP" >"$HALF/.stamp"
fi

# Sizes (what pss-fix walks: *.yaml, *.yml, *.json, no hidden files).
sizes() { find "$1" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -not -path '*/.*' -printf '%s %p\n'; }
read -r FULL_FILES FULL_BYTES LARGEST LARGEST_PATH < <(sizes "$CORPUS" | sort -n | awk '{n++; s+=$1; l=$1; p=$2} END {print n, s, l, p}')
read -r HALF_FILES HALF_BYTES HALF_LARGEST _ < <(sizes "$HALF" | sort -n | awk '{n++; s+=$1; l=$1; p=$2} END {print n, s, l, p}')
# Streams (issue 23): one file of 16,000 Pods and one of STREAM_DOCS (100,000: 30 MB, the size
# of a big `helm template` or `kustomize build` output), as Benchmarks/generate_stream.py writes them.
STREAM_DOCS=${STREAM_DOCS:-100000}
STREAM_SMALL=$OUT/stream-16000.yaml
STREAM_BIG=$OUT/stream-$STREAM_DOCS.yaml
STREAM_STAMP=$(sha256sum Benchmarks/generate_stream.py | cut -c1-16)
for stream in "$STREAM_SMALL" "$STREAM_BIG"; do
    docs=${stream##*stream-}
    docs=${docs%.yaml}
    if [[ ! -f $stream || ! -f $stream.stamp || $(cat "$stream.stamp") != "$STREAM_STAMP" ]]; then
        say "generating $stream ($docs Pods)"
        python3 Benchmarks/generate_stream.py --docs "$docs" --out "$stream"
        echo "$STREAM_STAMP" >"$stream.stamp"
    fi
done
STREAM_SMALL_BYTES=$(stat -c %s "$STREAM_SMALL")
STREAM_BIG_BYTES=$(stat -c %s "$STREAM_BIG")
TINY=$OUT/tiny.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tiny\nspec:\n  containers:\n  - name: a\n    image: busybox\n' >"$TINY"

say "warming the page cache and checking that libyaml accepts every file"
find "$CORPUS" -type f -not -path '*/.*' -exec cat {} + >/dev/null
"$PARSE" "$CORPUS" >"$LOGS/parse-validate.txt" 2>"$LOGS/parse-validate.err" || {
    echo "libyaml rejects files of the corpus:" >&2; head "$LOGS/parse-validate.err" >&2; exit 2; }

# --- measuring --------------------------------------------------------------------------------
TSV=$OUT/measurements.tsv
printf 'name\trun\trc\twall_s\tuser_s\tsys_s\tmax_rss_kb\n' >"$TSV"

# measure NAME RUN OK_CODES CMD... : one timed run; stdout to /dev/null, stderr to a log.
measure() {
    local name=$1 run=$2 ok=$3
    shift 3
    local tfile=$LOGS/$name.$run.time err=$LOGS/$name.$run.err rc=0 t0 t1
    t0=$EPOCHREALTIME
    /usr/bin/time -v -o "$tfile" "$@" >/dev/null 2>"$err" || rc=$?
    t1=$EPOCHREALTIME
    local wall user sys rss
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    user=$(awk -F': ' '/User time/ {print $2}' "$tfile")
    sys=$(awk -F': ' '/System time/ {print $2}' "$tfile")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$run" "$rc" "$wall" "$user" "$sys" "$rss" >>"$TSV"
    if [[ " $ok " != *" $rc "* ]]; then
        say "WARNING: $name run $run exited $rc (expected $ok); first lines of its stderr:"
        grep -m5 -i error "$err" >&2 || head -5 "$err" >&2
    fi
    printf '    %-13s run %s: %6ss  %7s MB peak  exit %s\n' "$name" "$run" "$wall" "$((rss / 1024))" "$rc" >&2
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "measuring on $FULL_FILES files, $((FULL_BYTES / 1000000)) MB ($RUNS runs each, interleaved)"
for run in $(seq 1 "$RUNS"); do
    measure parse "$run" "0" "$PARSE" -q "$CORPUS"
    measure check "$run" "0 1" "$BIN" check --format json "$CORPUS"
    measure diff "$run" "0 1" "$BIN" --diff "$CORPUS"
done
say "memory: half the corpus, then the largest file alone and a tiny file"
for run in $(seq 1 "$RUNS"); do
    measure check-half "$run" "0 1" "$BIN" check --format json "$HALF"
    measure diff-half "$run" "0 1" "$BIN" --diff "$HALF"
done
for run in $(seq 1 "$RUNS"); do
    measure parse-largest "$run" "0" "$PARSE" -q "$LARGEST_PATH"
    measure check-largest "$run" "0 1" "$BIN" check --format json "$LARGEST_PATH"
    measure diff-largest "$run" "0 1" "$BIN" --diff "$LARGEST_PATH"
    measure check-tiny "$run" "0 1" "$BIN" check --format json "$TINY"
done

say "streams: $STREAM_SMALL and $STREAM_BIG"
for run in $(seq 1 "$RUNS"); do
    measure parse-stream "$run" "0" "$PARSE" -q "$STREAM_SMALL"
    measure check-stream "$run" "0 1" "$BIN" check --format json "$STREAM_SMALL"
    measure diff-stream "$run" "0 1" "$BIN" --diff "$STREAM_SMALL"
done
measure check-bigstream 1 "0 1" "$BIN" check --format json "$STREAM_BIG"
measure diff-bigstream 1 "0 1" "$BIN" --diff "$STREAM_BIG"

# --- report -----------------------------------------------------------------------------------
if [[ -n ${PSS_FIX:-} ]]; then
    COMMIT=${PSS_FIX_LABEL:-"unknown (PSS_FIX override; set PSS_FIX_LABEL to describe it)"}
else
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null) ]]; then COMMIT="$COMMIT + uncommitted Sources/ changes"; fi
fi
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
LIBYAML=$(pkg-config --modversion yaml-0.1)
SWIFTV=$(swift --version 2>/dev/null | head -1 || echo unknown)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$TSV" "$OUT/results.txt" <<PY
import statistics, sys
from datetime import datetime, timezone

tsv, out = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(tsv)][1:]
runs = {}
for name, run, rc, wall, user, sys_, rss in rows:
    runs.setdefault(name, []).append(dict(rc=int(rc), wall=float(wall), cpu=float(user) + float(sys_), rss=int(rss) * 1024))

def med(name, key):
    return statistics.median(r[key] for r in runs[name])

def peak(name):
    return max(r["rss"] for r in runs[name])

def ok(name, codes):
    return all(r["rc"] in codes for r in runs[name])

full_bytes, half_bytes = $FULL_BYTES, $HALF_BYTES
stream_bytes, bigstream_bytes = $STREAM_SMALL_BYTES, $STREAM_BIG_BYTES
largest, half_largest = $LARGEST, $HALF_LARGEST
ncpu, slack = $(nproc), $MEM_SLACK_MB * 1e6
MB = 1e6
L = []
p = L.append
p("pss-fix throughput benchmark, %s" % datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
p("machine: %d cores, %s; libyaml %s; %s" % (ncpu, "$CPU", "$LIBYAML", "$SWIFTV"))
p("pss-fix: $BIN, commit $COMMIT")
p("corpus:  $CORPUS: $FULL_FILES files, %.1f MB; largest file %.2f MB ($LARGEST_PATH)" % (full_bytes / MB, largest / MB))
p("half:    $HALF: $HALF_FILES files, %.1f MB; largest file %.2f MB" % (half_bytes / MB, half_largest / MB))
p("runs:    $RUNS of each command, interleaved; wall = median (min-max); CPU = median user+sys; peak RSS = maximum over the runs")
p("load:    1/5/15-min load average $LOAD_BEFORE before, $LOAD_AFTER after (pss-fix itself adds ~2; other work on the machine skews wall times)")
p("")
p("%-44s %7s %13s %7s %7s %10s %5s" % ("command", "wall s", "(min-max)", "MB/s", "CPU s", "peak RSS", "exit"))
def line(label, name, nbytes):
    rcs = sorted(set(r["rc"] for r in runs[name]))
    w = med(name, "wall")
    spread = "(%.2f-%.2f)" % (min(r["wall"] for r in runs[name]), max(r["wall"] for r in runs[name]))
    p("%-44s %7.2f %13s %7.1f %7.2f %7.1f MB %5s" % (label, w, spread, nbytes / MB / w if w else 0, med(name, "cpu"), peak(name) / MB, ",".join(map(str, rcs))))
line("parse_only (libyaml events, 1 thread)", "parse", full_bytes)
line("pss-fix check --format json", "check", full_bytes)
line("pss-fix --diff", "diff", full_bytes)
line("pss-fix check --format json (half corpus)", "check-half", half_bytes)
line("pss-fix --diff (half corpus)", "diff-half", half_bytes)
line("parse_only (largest file alone)", "parse-largest", largest)
line("pss-fix check (largest file alone)", "check-largest", largest)
line("pss-fix --diff (largest file alone)", "diff-largest", largest)
line("pss-fix check (a 100-byte pod: baseline)", "check-tiny", 0)
line("parse_only (16,000-Pod stream)", "parse-stream", stream_bytes)
line("pss-fix check --format json (16,000-Pod stream)", "check-stream", stream_bytes)
line("pss-fix --diff (16,000-Pod stream)", "diff-stream", stream_bytes)
line("pss-fix check --format json ($STREAM_DOCS-Pod stream)", "check-bigstream", bigstream_bytes)
line("pss-fix --diff ($STREAM_DOCS-Pod stream)", "diff-bigstream", bigstream_bytes)
p("")
parse_w, check_w, diff_w = med("parse", "wall"), med("check", "wall"), med("diff", "wall")
base = peak("check-tiny")
one = max(peak("check-largest"), base)
one_diff = max(peak("diff-largest"), base)
p("ratios:  check/parse = %.2f   diff/check = %.2f   check CPU/parse CPU = %.2f" % (
    check_w / parse_w, diff_w / check_w, med("check", "cpu") / med("parse", "cpu")))
p("memory:  baseline (tiny file) %.1f MB; largest file alone: check %.1f MB, diff %.1f MB (+%.1f / +%.1f MB for a %.2f MB file)" % (
    base / MB, one / MB, one_diff / MB, (one - base) / MB, (one_diff - base) / MB, largest / MB))
p("         peak RSS full vs half corpus: check %.1f vs %.1f MB (x%.2f), diff %.1f vs %.1f MB (x%.2f)" % (
    peak("check") / MB, peak("check-half") / MB, peak("check") / peak("check-half"),
    peak("diff") / MB, peak("diff-half") / MB, peak("diff") / peak("diff-half")))
p("")
p("targets:")
errors = [n for n, codes in (("parse", (0,)), ("check", (0, 1)), ("diff", (0, 1)), ("check-half", (0, 1)), ("diff-half", (0, 1)))
          if not ok(n, codes)]
if errors:
    p("  !! unexpected exit codes in: %s (exit 2 = error; see bench-out/logs)" % ", ".join(errors))
def verdict(b):
    return "HOLDS " if b else "MISSED"
# Issue 23's targets.
t1 = check_w <= 0.90 * parse_w
p("  [%s] check wall <= 0.90 x single-threaded libyaml parse wall: %.2fs vs %.2fs (x%.2f)" % (
    verdict(t1), check_w, parse_w, check_w / parse_w))
t2 = diff_w <= 1.6 * check_w
p("  [%s] diff <= 1.6 x check: %.2fs vs %.2fs (x%.2f)" % (verdict(t2), diff_w, check_w, diff_w / check_w))
for name in ("check", "diff"):
    p("  [%s] %s peak memory <= 40 MB on the corpus: %.1f MB" % (verdict(peak(name) <= 40 * MB), name, peak(name) / MB))
bound = 3 * bigstream_bytes + 40 * MB
p("  [%s] --diff of the %.1f MB stream within 3 x its size + 40 MB: %.1f MB <= %.1f MB" % (
    verdict(peak("diff-bigstream") <= bound), bigstream_bytes / MB, peak("diff-bigstream") / MB, bound / MB))
# The same bound for check (not in the issue's list, which names --diff; its report is
# 5 x the stream's size and is written through a temporary file, never held).
p("  [%s] check of the %.1f MB stream within 3 x its size + 40 MB: %.1f MB <= %.1f MB" % (
    verdict(peak("check-bigstream") <= bound), bigstream_bytes / MB, peak("check-bigstream") / MB, bound / MB))
# Bounded memory: the peak may hold one file per worker thread (its bytes, tree and results)
# plus a constant; it must not grow with the number or total size of the files.
for name, single in (("check", one), ("diff", one_diff)):
    bound = base + ncpu * (single - base) + slack
    grow = peak(name) - peak(name + "-half")
    flat = grow <= 0.10 * peak(name + "-half") + 8 * MB
    within = peak(name) <= bound
    p("  [%s] %s peak memory bounded: %.1f MB <= baseline + %d workers x largest-file cost + %d MB = %.1f MB: %s; "
      "full vs half corpus +%.1f MB: %s" % (
          verdict(flat and within), name, peak(name) / MB, ncpu, slack / MB, bound / MB,
          "yes" if within else "no", grow / MB, "flat" if flat else "grows with the corpus"))
text = "\n".join(L) + "\n"
open(out, "w").write(text)
sys.stdout.write(text)
PY
say "results written to ${OUT#"$ROOT"/}/results.txt (raw runs: ${TSV#"$ROOT"/}, logs: ${LOGS#"$ROOT"/}/)"
