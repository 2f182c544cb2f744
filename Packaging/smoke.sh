# Shared checks of a packaged pss-fix binary, sourced by test-dist.sh (the tarball's binary with
# Swift and libyaml hidden) and test-image.sh (the image's binary inside its unpacked root).
#
# smoke_tests HOST_DIR BIN_DIR VERSION COMMAND...
#   HOST_DIR: an empty folder the checks write their files into, as this script sees it;
#   BIN_DIR: the same folder as the binary sees it (differs inside a chroot);
#   COMMAND...: how to run pss-fix (a path, or e.g. chroot --userspec=U:G ROOT /usr/local/bin/pss-fix).
# Every check prints "ok: ..." or "FAIL: ..."; FAILURES counts the failures.

FAILURES=${FAILURES:-0}
pass() { echo "  ok: $*"; }
failed() { echo "  FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }

# The quick-start example and a KRM ResourceList, with what a fix must add to them.
smoke_write_inputs() {
    local dir=$1
    cat > "$dir/web.yaml" <<'EOF'
# A hand-written Deployment: comments and Helm-style indented lists stay as they are.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/migrate:1.4.2
      containers:
        - name: app
          image: registry.example.com/shop/web:1.4.2
          securityContext:
            readOnlyRootFilesystem: true   # kept
EOF
    cat > "$dir/resourcelist.yaml" <<'EOF'
apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    annotations:
      config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: 'web.yaml'
  spec:
    template:
      spec:
        containers:
        - name: app
          image: nginx
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: pss-fix
  data:
    level: restricted
EOF
}

# Lines a restricted fix of web.yaml must add (indentation included) and must keep.
smoke_fixed_web_ok() {
    local file=$1
    grep -q '^            allowPrivilegeEscalation: false$' "$file" \
        && grep -q '^                - ALL$' "$file" \
        && grep -q '^        runAsNonRoot: true$' "$file" \
        && grep -q '^          type: RuntimeDefault$' "$file" \
        && grep -q 'readOnlyRootFilesystem: true   # kept$' "$file" \
        && grep -q '^# A hand-written Deployment' "$file"
}

smoke_tests() {
    local host=$1 inside=$2 version=$3
    shift 3
    local -a pss=("$@")
    local out status
    smoke_write_inputs "$host"

    out=$("${pss[@]}" --version 2>&1) && [ "$out" = "$version" ] \
        && pass "--version prints $out" || failed "--version printed '$out', expected $version"

    status=0
    "${pss[@]}" --diff "$inside/web.yaml" > "$host/web.diff" 2> "$host/diff.err" || status=$?
    if [ "$status" = 0 ] && grep -q '^+            allowPrivilegeEscalation: false$' "$host/web.diff" \
        && grep -q '^--- a/' "$host/web.diff"; then
        pass "--diff shows the fix (exit 0, $(grep -c '^+' "$host/web.diff") added lines)"
    else
        failed "--diff: exit $status; stderr: $(head -c 400 "$host/diff.err"); diff: $(head -c 400 "$host/web.diff")"
    fi
    cp "$host/web.yaml" "$host/patched.yaml"
    status=0
    "${pss[@]}" "$inside/web.yaml" > "$host/fixed.yaml" 2>/dev/null || status=$?
    if patch -s "$host/patched.yaml" < "$host/web.diff" && cmp -s "$host/patched.yaml" "$host/fixed.yaml" \
        && [ "$status" = 0 ] && smoke_fixed_web_ok "$host/fixed.yaml"; then
        pass "the diff applies with patch and gives what the fix prints"
    else
        failed "the diff, applied with patch, differs from the fix's output (or the fix is incomplete; exit $status)"
    fi

    status=0
    "${pss[@]}" check --format sarif "$inside/web.yaml" > "$host/web.sarif" 2> "$host/check.err" || status=$?
    if [ "$status" = 1 ] && python3 - "$host/web.sarif" "$version" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
run = report["runs"][0]
assert report["version"] == "2.1.0", report["version"]
assert run["tool"]["driver"]["name"] == "pss-fix"
assert run["tool"]["driver"]["semanticVersion"] == sys.argv[2]
checks = {r["ruleId"] for r in run["results"]}
assert {"allowPrivilegeEscalation", "runAsNonRoot"} <= checks, checks
EOF
    then
        pass "check --format sarif reports the violations (exit 1, valid SARIF 2.1.0)"
    else
        failed "check --format sarif: exit $status (expected 1); stderr: $(head -c 400 "$host/check.err")"
    fi

    cp "$host/web.yaml" "$host/inplace.yaml"
    status=0
    "${pss[@]}" --in-place --quiet "$inside/inplace.yaml" 2> "$host/inplace.err" || status=$?
    if [ "$status" = 0 ] && cmp -s "$host/inplace.yaml" "$host/fixed.yaml" \
        && "${pss[@]}" check "$inside/inplace.yaml" > /dev/null 2>&1; then
        pass "--in-place rewrites the file, which then passes check"
    else
        failed "--in-place: exit $status; stderr: $(head -c 400 "$host/inplace.err")"
    fi

    local mode
    for mode in krm bare; do
        local -a args=()
        [ "$mode" = krm ] && args=(krm)
        status=0
        "${pss[@]}" "${args[@]}" < "$host/resourcelist.yaml" > "$host/krm-$mode.yaml" 2> "$host/krm.err" || status=$?
        if [ "$status" = 0 ] && grep -q '^kind: ResourceList$' "$host/krm-$mode.yaml" \
            && grep -q '^            allowPrivilegeEscalation: false$' "$host/krm-$mode.yaml" \
            && grep -q '^          runAsNonRoot: true$' "$host/krm-$mode.yaml" \
            && grep -q '^    level: restricted$' "$host/krm-$mode.yaml"; then
            pass "KRM function (pss-fix ${args[*]:-without arguments}) fixes the ResourceList's items"
        else
            failed "KRM function (${args[*]:-no arguments}): exit $status; stderr: $(head -c 400 "$host/krm.err")"
        fi
    done
}
