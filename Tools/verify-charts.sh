#!/usr/bin/env bash
# Verifies `pss-fix --in-place --level restricted CHART` on real charts (issue 20), each on a
# scratch copy (the charts given are never written), and prints one line per chart:
#
#   before F (fixable X)   findings of `pss-fix check --level restricted` on the chart
#   after F (fixable X)    the same after the fix: nothing automatically fixable may be left
#   files N                files the fix changed (values files; templates when edited)
#   comments B->A lost L   comment lines in the chart's values files, before and after, and
#                          how many of the original comment lines are gone (must be 0)
#   outside N              paths where the new render differs from the original render
#                          outside a securityContext (must be 0; values that differ between
#                          two renders of the unchanged chart, such as generated passwords,
#                          are ignored)
#   second run             `pss-fix --diff` after the fix prints nothing ("unchanged")
#   at templates           every finding of `check` is reported at a file under templates/
#
# Usage: Tools/verify-charts.sh [--pss-fix BIN] CHART[@VALUES.yaml]...
#   CHART       a chart folder (with its dependencies under charts/, as `helm dependency
#               build` leaves them; Tools/README.md lists the public charts verified)
#   @VALUES     a values file given to both helm and pss-fix with -f (copied into the scratch
#               chart, so that the fix may edit it there)
# Needs: helm (PSS_FIX_HELM, else helm on PATH; the tests' stand-in works:
# `export PSS_FIX_HELM=$(Tests/Support/helm/setup.sh)`), python3 with PyYAML. Exit status:
# 0 when every chart passes every check above, 1 otherwise.
set -euo pipefail

pss_fix=${PSS_FIX:-pss-fix}
if [ "${1:-}" = "--pss-fix" ]; then pss_fix=$2; shift 2; fi
[ $# -gt 0 ] || { sed -n '2,24p' "$0" >&2; exit 2; }
command -v "$pss_fix" > /dev/null || { echo "verify-charts: $pss_fix not found (--pss-fix BIN)" >&2; exit 2; }
pss_fix=$(command -v "$pss_fix")
helm=${PSS_FIX_HELM:-$(command -v helm || true)}
[ -n "$helm" ] || { echo "verify-charts: no helm: set PSS_FIX_HELM or put helm on PATH" >&2; exit 2; }
export PSS_FIX_HELM=$helm
python3 -c 'import yaml' 2> /dev/null || { echo "verify-charts: python3 with PyYAML is needed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# findings FILE.json: "count fixable at-templates(yes/no)"
findings() {
    python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
at = all("/templates/" in ("/" + x["file"]) for x in f)
skipped = len(d.get("skipped", []))
print(len(f), sum(1 for x in f if x["fixable"]), "yes" if at else "no", skipped)
EOF
}

# comments BEFORE_DIR AFTER_DIR: "before after lost" over values*.yaml files.
comments() {
    python3 - "$1" "$2" <<'EOF'
import os, sys
def lines(root):
    found = {}
    for d, _, files in os.walk(root):
        for f in files:
            if f.startswith("values") and f.endswith((".yaml", ".yml")):
                p = os.path.join(d, f)
                found[os.path.relpath(p, root)] = [l for l in open(p, encoding="utf-8", errors="replace").read().split("\n") if l.strip().startswith("#")]
    return found
a, b = lines(sys.argv[1]), lines(sys.argv[2])
before = sum(len(v) for v in a.values()); after = sum(len(v) for v in b.values())
lost = sum(1 for k, v in a.items() for l in v if l not in b.get(k, []))
print(before, after, lost)
EOF
}

# outside ORIGINAL AGAIN NEW: paths where NEW differs from ORIGINAL outside a securityContext,
# ignoring what differs between ORIGINAL and AGAIN (two renders of the unchanged chart).
outside() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys, yaml
def objects(path):
    out = {}
    for doc in yaml.safe_load_all(open(path)):
        if isinstance(doc, dict):
            m = doc.get("metadata") or {}
            out[(doc.get("kind"), m.get("namespace"), m.get("name"))] = doc
    return out
def diff(a, b, path, found):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b: found.add(path + (str(k),))
            else: diff(a[k], b[k], path + (str(k),), found)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)): diff(x, y, path + (str(i),), found)
    elif a != b:
        found.add(path)
def paths(x, y):
    found = set()
    for key in set(x) | set(y):
        if key not in x or key not in y: found.add((str(key),))
        else: diff(x[key], y[key], (str(key),), found)
    return found
original, again, new = objects(sys.argv[1]), objects(sys.argv[2]), objects(sys.argv[3])
noise = paths(original, again)
changed = [p for p in paths(original, new) if not any(p[:len(n)] == n for n in noise)]
bad = [p for p in changed if "securityContext" not in p]
for p in bad[:5]: print("  outside a securityContext:", ".".join(p), file=sys.stderr)
print(len(bad))
EOF
}

printf '%-34s %-18s %-18s %-6s %-20s %-8s %-11s %s\n' CHART BEFORE AFTER FILES COMMENTS OUTSIDE SECOND-RUN AT-TEMPLATES
for arg in "$@"; do
    chart=${arg%%@*}
    values=
    [ "$arg" != "$chart" ] && values=${arg#*@}
    name=$(basename "$chart")
    copy="$work/$name"
    rm -rf "$copy" "$work/original"
    cp -R "$chart" "$copy"
    args=()
    if [ -n "$values" ]; then
        cp "$values" "$copy/$(basename "$values")"
        args=(-f "$copy/$(basename "$values")")
    fi
    cp -R "$copy" "$work/original"
    helm_args=(template release-name "$copy" "${args[@]}")
    "$helm" "${helm_args[@]}" > "$work/render0.yaml"
    "$helm" "${helm_args[@]}" > "$work/render0b.yaml"
    (cd "$work" && "$pss_fix" check --level restricted --format json "$name" "${args[@]}" > before.json 2> /dev/null) || true
    read -r f0 x0 at0 s0 < <(findings "$work/before.json")
    code=0
    (cd "$work" && "$pss_fix" --in-place --quiet --level restricted "$name" "${args[@]}" > /dev/null 2> "$work/fix.log") || code=$?
    "$helm" "${helm_args[@]}" > "$work/render1.yaml"
    (cd "$work" && "$pss_fix" check --level restricted --format json "$name" "${args[@]}" > after.json 2> /dev/null) || true
    read -r f1 x1 _ s1 < <(findings "$work/after.json")
    files=$({ diff -rq "$work/original" "$copy" || true; } | wc -l)
    read -r cb ca lost < <(comments "$work/original" "$copy")
    bad=$(outside "$work/render0.yaml" "$work/render0b.yaml" "$work/render1.yaml" 2> "$work/outside.log")
    second=$(cd "$work" && "$pss_fix" --diff --quiet --level restricted "$name" "${args[@]}" 2> /dev/null || true)
    [ -z "$second" ] && again=unchanged || again=changed
    printf '%-34s %-18s %-18s %-6s %-20s %-8s %-11s %s\n' "$name${values:+ -f $(basename "$values")}" \
        "$f0 (fixable $x0)" "$f1 (fixable $x1)" "$files" "$cb->$ca lost $lost" "$bad" "$again" "$at0"
    cat "$work/outside.log"
    if [ "$x1" != 0 ] || [ "$lost" != 0 ] || [ "$bad" != 0 ] || [ "$again" != unchanged ] || [ "$at0" != yes ] \
        || [ "$s0" != 0 ] || [ "$code" = 2 ] || [ "$f0" = 0 ]; then
        status=1
        [ "$f0" = 0 ] && echo "  no findings before the fix: nothing was verified" >&2
        [ "$s0" != 0 ] && echo "  the chart was not checked (render failed?)" >&2
        [ "$code" = 2 ] && sed 's/^/  /' "$work/fix.log" >&2
    fi
done
exit "$status"
