#!/usr/bin/env bash
# make test-dist: proves that the release tarball works where Swift and libyaml are not installed.
#
# In a private mount namespace (unshare -m; as root, or with a user namespace otherwise) it hides
# the Swift toolchain's library folder behind an empty directory and every libyaml shared
# object behind an empty file, checks that the hiding works (swift no longer runs, libyaml no
# longer loads), then, with the binary from the tarball:
#   - runs the smoke checks of Packaging/smoke.sh (--version, --diff applied with patch,
#     check --format sarif, --in-place, the KRM function with and without `krm`);
#   - installs it with the tarball's Makefile into a prefix, and uninstalls it;
#   - runs the pre-commit hooks of .pre-commit-hooks.yaml with the installed binary
#     (pre-commit try-repo on this repository);
#   - runs the GitHub Action's shell steps (Packaging/action/*.sh) against the local tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
DIST_DIR=${DIST_DIR:-dist}

die() { echo "test-dist: error: $*" >&2; exit 1; }
version=$(bash Packaging/version.sh)
name="pss-fix-$version-linux-$(uname -m)"
tarball="$root/$DIST_DIR/$name.tar.gz"
[ -f "$tarball" ] || die "$tarball is missing: run make dist first"
for tool in unshare mount python3 patch git make pre-commit sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install util-linux mount python3 patch git make pre-commit)"
done

if [ "${PSS_FIX_HIDDEN:-}" != 1 ]; then
    # Before hiding: where the toolchain and libyaml are (they must be there to be hidden).
    swift_bin=$(command -v swift || true)
    [ -n "$swift_bin" ] || die "swift is not on PATH: this test hides an installed toolchain (use a machine that builds pss-fix)"
    toolchain_lib="$(dirname "$(dirname "$(readlink -f "$swift_bin")")")/lib"
    [ -f "$toolchain_lib/swift/linux/libswiftCore.so" ] || die "no libswiftCore.so under $toolchain_lib/swift/linux"
    yaml_libs=$(for f in /usr/lib/*/libyaml*.so* /usr/lib/libyaml*.so* /usr/local/lib/libyaml*.so* /usr/local/lib/*/libyaml*.so*; do
        if [ -e "$f" ]; then readlink -f "$f"; fi; done | sort -u | tr '\n' ' ')
    [ -n "$yaml_libs" ] || die "no libyaml shared object found to hide (is libyaml installed?)"
    export PSS_FIX_HIDDEN=1 TOOLCHAIN_LIB="$toolchain_lib" YAML_LIBS="$yaml_libs"
    if [ "$(id -u)" = 0 ]; then
        exec unshare --mount --propagation private bash "$0" "$@"
    else
        exec unshare --map-root-user --mount --propagation private bash "$0" "$@"
    fi
fi

# Inside the new mount namespace: nothing below is visible outside it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/empty"
: > "$work/empty-file"
echo "test-dist: hiding $TOOLCHAIN_LIB and $YAML_LIBS"
mount --bind "$work/empty" "$TOOLCHAIN_LIB"
for lib in $YAML_LIBS; do mount --bind "$work/empty-file" "$lib"; done

source Packaging/smoke.sh
echo "test-dist: controls (the hiding works)"
[ -z "$(ls -A "$TOOLCHAIN_LIB")" ] && pass "$TOOLCHAIN_LIB is empty" || failed "$TOOLCHAIN_LIB is still visible"
swift --version > /dev/null 2>&1 && failed "swift still runs" || pass "swift no longer runs"
python3 -c 'import ctypes; ctypes.CDLL("libyaml-0.so.2")' 2> /dev/null && failed "libyaml-0.so.2 still loads" \
    || pass "libyaml-0.so.2 no longer loads"

mkdir "$work/unpacked"
(cd "$root/$DIST_DIR" && sha256sum --quiet -c "$name.tar.gz.sha256") || failed "the checksum file does not match"
tar -xzf "$tarball" -C "$work/unpacked"
dir="$work/unpacked/$name"
bin="$dir/pss-fix"
echo "test-dist: the tarball's binary"
ldd_out=$(ldd "$bin" 2>&1) || true
if grep -qE 'not found|libswift|libyaml|libFoundation|libdispatch' <<<"$ldd_out"; then failed "ldd: $ldd_out"; else
    pass "ldd finds every library it needs: $(awk '{print $1}' <<<"$ldd_out" | tr '\n' ' ')"
fi
mkdir "$work/smoke"
smoke_tests "$work/smoke" "$work/smoke" "$version" "$bin"

echo "test-dist: make install from the tarball"
prefix="$work/prefix"
if make -s -C "$dir" install PREFIX="$prefix" > "$work/install.log" 2>&1; then
    missing=""
    for f in bin/pss-fix share/bash-completion/completions/pss-fix share/zsh/site-functions/_pss-fix \
        share/fish/vendor_completions.d/pss-fix.fish share/man/man1/pss-fix.1 share/doc/pss-fix/LICENSE \
        share/doc/pss-fix/NOTICE share/doc/pss-fix/third-party/libyaml.copyright share/doc/pss-fix/docs/install.md; do
        [ -f "$prefix/$f" ] || missing+=" $f"
    done
    [ -z "$missing" ] && [ "$("$prefix/bin/pss-fix" --version)" = "$version" ] \
        && pass "installed binary, completions, man page, licences and guides under PREFIX" || failed "missing after install:$missing"
    bash -c "source '$prefix/share/bash-completion/completions/pss-fix' && complete -p pss-fix" > /dev/null 2>&1 \
        && pass "the bash completion loads" || failed "the bash completion does not load"
else
    failed "make install from the tarball: $(cat "$work/install.log")"
fi

echo "test-dist: pre-commit hooks (.pre-commit-hooks.yaml) with the installed binary"
repo="$work/user-repo"
mkdir -p "$repo/k8s"
smoke_write_inputs "$repo/k8s"
rm "$repo/k8s/resourcelist.yaml"
(
    FAILURES=0
    cd "$repo"
    export PATH="$prefix/bin:$PATH" PRE_COMMIT_HOME="$work/pre-commit-home" GIT_CONFIG_NOSYSTEM=1 HOME="$work"
    export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
    git init -q . && git add k8s/web.yaml
    run_hook() { pre-commit try-repo "$root" "$1" --files k8s/web.yaml > "$work/hook.log" 2>&1; }
    status=0; run_hook pss-fix-check || status=$?
    [ "$status" = 1 ] && grep -q "violates PodSecurity" "$work/hook.log" \
        && pass "pss-fix-check fails on the violating manifest" || failed "pss-fix-check: exit $status: $(tail -5 "$work/hook.log")"
    status=0; run_hook pss-fix || status=$?
    [ "$status" = 1 ] && grep -q "files were modified by this hook" "$work/hook.log" && smoke_fixed_web_ok k8s/web.yaml \
        && pass "pss-fix fixes it in place (and fails the commit so the fix is reviewed)" || failed "pss-fix hook: exit $status: $(tail -5 "$work/hook.log")"
    git add k8s/web.yaml
    status=0; run_hook pss-fix-check || status=$?
    [ "$status" = 0 ] && pass "pss-fix-check passes on the fixed manifest" || failed "pss-fix-check after the fix: exit $status: $(tail -5 "$work/hook.log")"
    exit "$FAILURES"
) || FAILURES=$((FAILURES + $?))

echo "test-dist: the GitHub Action's shell steps (action.yml), offline, with the local tarball"
for step in install check; do
    grep -qF "run: '\"\$GITHUB_ACTION_PATH/Packaging/action/$step.sh\"'" action.yml \
        && pass "action.yml runs Packaging/action/$step.sh" || failed "action.yml does not run Packaging/action/$step.sh"
done
for var in $(grep -ohE 'PSS_FIX_[A-Z0-9_]+' Packaging/action/*.sh | sort -u); do
    grep -q "^      $var: " action.yml || failed "action.yml does not set $var, which Packaging/action/ reads"
done
runner="$work/runner"
mkdir -p "$runner/temp" "$runner/workspace/k8s" "$work/runner-bad"
smoke_write_inputs "$runner/workspace/k8s"
rm "$runner/workspace/k8s/resourcelist.yaml"
action_env=(RUNNER_TEMP="$runner/temp" GITHUB_PATH="$runner/path" GITHUB_OUTPUT="$runner/output"
    PSS_FIX_VERSION="$version" PSS_FIX_TARBALL="$tarball" PSS_FIX_REPOSITORY=example/pss-fix)
if env "${action_env[@]}" bash Packaging/action/install.sh > "$work/action.log" 2>&1 \
    && [ "$(cat "$runner/path")" = "$runner/temp/pss-fix-$version/$name" ]; then
    pass "install: verifies the checksum, unpacks, adds $(basename "$(cat "$runner/path")") to GITHUB_PATH"
else
    failed "install step: $(cat "$work/action.log")"
fi
env "${action_env[@]}" RUNNER_TEMP="$work/runner-bad" GITHUB_PATH="$work/runner-bad-path" PSS_FIX_SHA256=0000000000000000000000000000000000000000000000000000000000000000 \
    bash Packaging/action/install.sh > "$work/action.log" 2>&1 && failed "install accepted a wrong checksum" \
    || { grep -q "checksum mismatch" "$work/action.log" && pass "install refuses a wrong checksum" || failed "install: $(cat "$work/action.log")"; }
env "${action_env[@]}" RUNNER_TEMP="$work/runner-bad" GITHUB_PATH="$work/runner-bad-path" PSS_FIX_VERSION=9.9.9 bash Packaging/action/install.sh > "$work/action.log" 2>&1 \
    && failed "install accepted a tarball of another version" \
    || { grep -q "has no pss-fix-9.9.9-linux-" "$work/action.log" && pass "install refuses a tarball of another version" || failed "install: $(cat "$work/action.log")"; }
run_check() {
    (cd "$runner/workspace" && : > "$runner/output" && env PATH="$(head -1 "$runner/path"):$PATH" GITHUB_OUTPUT="$runner/output" \
        PSS_FIX_PATHS="$1" PSS_FIX_ARGS="$2" PSS_FIX_SARIF=pss-fix.sarif PSS_FIX_FAIL_ON_VIOLATIONS="$3" \
        bash "$root/Packaging/action/check.sh" > "$work/action.log" 2>&1)
}
status=0; run_check k8s "--level restricted" true || status=$?
if [ "$status" = 1 ] && grep -qx "exit-code=1" "$runner/output" && grep -qx "sarif-file=pss-fix.sarif" "$runner/output" \
    && python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["runs"][0]["results"]' "$runner/workspace/pss-fix.sarif" \
    && grep -q "violates PodSecurity" "$work/action.log"; then
    pass "check: SARIF with the findings, outputs exit-code=1 and sarif-file, the step fails"
else
    failed "check step: exit $status; $(cat "$work/action.log" "$runner/output")"
fi
status=0; run_check k8s "" false || status=$?
[ "$status" = 0 ] && grep -qx "exit-code=1" "$runner/output" && pass "check with fail-on-violations false: the step passes" \
    || failed "check, fail-on-violations false: exit $status"
status=0; run_check missing-folder "" false || status=$?
[ "$status" = 2 ] && grep -qx "exit-code=2" "$runner/output" && pass "check of a missing path fails with exit code 2 whatever fail-on-violations says" \
    || failed "check of a missing path: exit $status"

if [ "$FAILURES" -ne 0 ]; then echo "test-dist: $FAILURES check(s) failed" >&2; exit 1; fi
echo "test-dist: the tarball's pss-fix $version works without Swift and libyaml"
