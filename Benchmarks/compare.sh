#!/usr/bin/env bash
# Output identity (issue 23): runs an OLD and a NEW pss-fix binary over the same inputs and
# requires every output to be byte-identical: stdout, stderr and exit status of `check` (text,
# json, sarif), `--diff`, printing the fixed file (single files) and the files `--in-place`
# leaves behind. A performance change must not change a byte of what users see.
#
#   OLD=bench-out/pss-fix-old NEW=.build-bench/release/pss-fix bash Benchmarks/compare.sh
#
# Inputs: every Golden/ case (with its `args`), every file and folder under Examples/, the
# benchmark corpus (CORPUS, default bench-out/corpus, when it exists: make it with run.sh) and
# the big streams (bench-out/stream-16000.yaml and STREAM_DOCS, default 100000 Pods, made here
# when missing). Environment: OLD (required), NEW (default: build .build-bench's release
# binary), BENCH_OUT, CORPUS, STREAM_DOCS, SKIP_CORPUS=1, SKIP_STREAMS=1.
# Exit status: 0 when every output is identical, 1 when one differs (listed), 2 on an error.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench-out}
CORPUS=${CORPUS:-$OUT/corpus}
STREAM_DOCS=${STREAM_DOCS:-100000}
WORK=$OUT/compare
cd "$ROOT"

say() { printf '==> %s\n' "$*" >&2; }

[[ -n ${OLD:-} && -x ${OLD:-} ]] || { echo "OLD=path/to/the/old/pss-fix is required" >&2; exit 2; }
OLD=$(realpath "$OLD")
if [[ -n ${NEW:-} ]]; then
    NEW=$(realpath "$NEW")
else
    say "building pss-fix (release, --scratch-path .build-bench)"
    mkdir -p "$OUT"
    swift build -c release --scratch-path .build-bench --product pss-fix >"$OUT/compare-build.log" 2>&1 \
        || { tail -30 "$OUT/compare-build.log" >&2; exit 2; }
    NEW=$(swift build -c release --scratch-path .build-bench --show-bin-path)/pss-fix
fi
[[ -x $NEW ]] || { echo "NEW=$NEW is not an executable" >&2; exit 2; }
rm -rf "$WORK"
mkdir -p "$WORK/old" "$WORK/new"

runs=0
differ=0
# same NAME ARGS... : runs both binaries from the repository root with the same arguments and
# compares stdout, stderr and the exit status.
same() {
    local name=$1
    shift
    local side bin
    for side in old new; do
        bin=$OLD
        [[ $side == new ]] && bin=$NEW
        local status=0
        NO_COLOR=1 "$bin" "$@" >"$WORK/$side/out" 2>"$WORK/$side/err" </dev/null || status=$?
        echo "$status" >"$WORK/$side/status"
    done
    runs=$((runs + 1))
    local part
    for part in out err status; do
        if ! cmp -s "$WORK/old/$part" "$WORK/new/$part"; then
            differ=$((differ + 1))
            echo "DIFFERS ($part): $name: pss-fix $*" >&2
            mkdir -p "$WORK/differences/$runs"
            cp "$WORK/old/$part" "$WORK/differences/$runs/old.$part"
            cp "$WORK/new/$part" "$WORK/differences/$runs/new.$part"
            echo "pss-fix $*" >"$WORK/differences/$runs/command"
            return
        fi
    done
}

# in_place NAME SOURCE ARGS... : copies SOURCE (a file or folder) twice, runs `-i` on each copy
# with one binary each, and compares the two copies afterwards (plus stdout, stderr, status).
in_place() {
    local name=$1 source=$2
    shift 2
    local side bin status
    for side in old new; do
        bin=$OLD
        [[ $side == new ]] && bin=$NEW
        rm -rf "$WORK/$side/tree"
        mkdir -p "$WORK/$side/tree"
        cp -a "$source" "$WORK/$side/tree/input"
        status=0
        (cd "$WORK/$side/tree" && NO_COLOR=1 "$bin" -i "$@" input >../out 2>../err </dev/null) || status=$?
        echo "$status" >"$WORK/$side/status"
    done
    runs=$((runs + 1))
    if ! diff -r -q "$WORK/old/tree" "$WORK/new/tree" >/dev/null || ! cmp -s "$WORK/old/out" "$WORK/new/out" \
        || ! cmp -s "$WORK/old/err" "$WORK/new/err" || ! cmp -s "$WORK/old/status" "$WORK/new/status"; then
        differ=$((differ + 1))
        echo "DIFFERS: $name: pss-fix -i $* $source" >&2
    fi
}

# every_mode NAME ARGS... PATH : check in each format, --diff, and -i; printing the fixed file
# too when PATH is a file.
every_mode() {
    local name=$1
    shift
    local path=${!#}
    local args=("${@:1:$#-1}")
    same "$name check" check "${args[@]}" "$path"
    same "$name check json" check --format json "${args[@]}" "$path"
    same "$name check sarif" check --format sarif "${args[@]}" "$path"
    same "$name diff" --diff "${args[@]}" "$path"
    [[ -f $path ]] && same "$name stdout" "${args[@]}" "$path"
    in_place "$name in-place" "$path" "${args[@]}"
}

say "Golden/ cases"
for case in Golden/*/; do
    case=${case%/}
    [[ -f $case/input.yaml ]] || continue
    args=()
    # shellcheck disable=SC2207
    [[ -f $case/args ]] && args=($(cat "$case/args"))
    # Fix options (--partial, --opt-in ...) are not all valid for check: check runs without them.
    same "$case check" check "$case/input.yaml"
    same "$case check json" check --format json "$case/input.yaml"
    same "$case check sarif" check --format sarif "$case/input.yaml"
    same "$case diff" --diff "${args[@]}" "$case/input.yaml"
    same "$case stdout" "${args[@]}" "$case/input.yaml"
    in_place "$case in-place" "$case/input.yaml" "${args[@]}"
done

say "Examples/"
while IFS= read -r file; do
    every_mode "$file" "$file"
done < <(find Examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -not -name '.*' | sort)
for dir in Examples/*/; do
    every_mode "${dir%/}" "${dir%/}"
done

# The batched --diff of big streams (BatchedDiff) on every small input too: the environment
# makes NEW take that path for any file, in batches cut at every `---` line (OLD ignores it).
say "--diff batch by batch on Golden/ and Examples/ (PSS_FIX_BATCH_THRESHOLD=0)"
while IFS= read -r file; do
    args=()
    # shellcheck disable=SC2207
    [[ $file == Golden/*/input.yaml && -f ${file%/input.yaml}/args ]] && args=($(cat "${file%/input.yaml}/args"))
    PSS_FIX_BATCH_THRESHOLD=0 PSS_FIX_BATCH_BYTES=1 same "$file diff, batched" --diff "${args[@]}" "$file"
done < <( (ls Golden/*/input.yaml; find Examples -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -not -name '.*') | sort)
for dir in Examples/*/; do
    PSS_FIX_BATCH_THRESHOLD=0 PSS_FIX_BATCH_BYTES=1 same "${dir%/} diff, batched" --diff "${dir%/}"
done
# check batch by batch (BatchedCheck): a binary from before it ignores these variables for
# check, so this compares the batched report with the whole file's.
say "check batch by batch on Golden/ and Examples/ (PSS_FIX_BATCH_THRESHOLD=0)"
for dir in Golden Examples/*/; do
    for format in text json sarif; do
        PSS_FIX_BATCH_THRESHOLD=0 PSS_FIX_BATCH_BYTES=1 same "${dir%/} check $format, batched" check --format "$format" "${dir%/}"
    done
done

if [[ ${SKIP_STREAMS:-0} != 1 ]]; then
    for docs in 16000 "$STREAM_DOCS"; do
        stream=$OUT/stream-$docs.yaml
        [[ -f $stream ]] || { say "generating $stream"; python3 Benchmarks/generate_stream.py --docs "$docs" --out "$stream"; }
        say "stream of $docs Pods"
        every_mode "stream-$docs" "$stream"
    done
fi

if [[ ${SKIP_CORPUS:-0} != 1 && -d $CORPUS ]]; then
    # One 9 MB stream of the corpus's own files (every style, anchors, JSON, Lists, CRDs; not
    # the CRLF ones, which are never batched, nor BOMs or directives): the batched --diff and
    # check of a stream that is not made of one kind of Pod.
    MIXED=$OUT/mixed-stream.yaml
    python3 - "$CORPUS" "$MIXED" <<'PY'
import os, sys
files = []
for d, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    files += [os.path.join(d, n) for n in names if not n.startswith(".")]
out = bytearray()
for f in sorted(files):
    b = open(f, "rb").read()
    if b"\r" in b or b.startswith(b"\xef\xbb\xbf") or b"%YAML" in b or b"%TAG" in b:
        continue
    if not b.endswith(b"\n"):
        b += b"\n"
    if out and not b.startswith(b"---"):
        out += b"---\n"
    out += b
    if len(out) > 9_000_000:
        break
open(sys.argv[2], "wb").write(out)
PY
    say "a stream of the corpus's files ($MIXED)"
    every_mode "mixed-stream" "$MIXED"
    same "mixed-stream diff --partial" --diff --partial "$MIXED"
    say "the benchmark corpus ($CORPUS)"
    same "corpus check" check "$CORPUS"
    same "corpus check json" check --format json "$CORPUS"
    same "corpus check sarif" check --format sarif "$CORPUS"
    same "corpus diff" --diff "$CORPUS"
    in_place "corpus in-place" "$CORPUS"
elif [[ ${SKIP_CORPUS:-0} != 1 ]]; then
    say "no corpus at $CORPUS (bash Benchmarks/run.sh makes it): skipped"
fi

echo "compared $runs runs of $OLD and $NEW: $differ differ"
[[ $differ -eq 0 ]]
