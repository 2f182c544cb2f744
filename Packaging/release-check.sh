#!/usr/bin/env bash
# make release-check [TAG=vX.Y.Z]: verifies the tarball `make dist` made before it is published.
#
# - the checksum file matches; the tarball holds exactly the expected files, with their modes;
# - the binary and the tarball are under 30 MiB; the binary is stripped and loads nothing but
#   glibc, libstdc++ and libgcc_s; the highest GLIBC symbol version it needs is at most the
#   documented floor (2.35), GLIBCXX at most 3.4.30 (GCC 12's libstdc++);
# - `pss-fix --version`, the SARIF report's version, the Containerfile's VERSION, README's
#   install commands and action.yml's default version all equal the version in the source, and
#   TAG (when given) is v + that version; CHANGELOG has a section for it;
# - LICENSE, NOTICE, README, CHANGELOG, BENCHMARKS, the docs/ guides and the third-party texts in
#   the tarball are the repository's.
set -euo pipefail
cd "$(dirname "$0")/.."

DIST_DIR=${DIST_DIR:-dist}
TAG=${TAG:-}
GLIBC_FLOOR=${GLIBC_FLOOR:-2.35}
GLIBCXX_FLOOR=${GLIBCXX_FLOOR:-3.4.30}
MAX_BYTES=${MAX_BYTES:-31457280}

problems=0
fail() { echo "release-check: FAIL: $*" >&2; problems=$((problems + 1)); }
ok() { echo "release-check: ok: $*"; }
for tool in readelf objdump sha256sum tar python3; do
    command -v "$tool" >/dev/null || { echo "release-check: $tool is needed (apt-get install binutils coreutils tar python3)" >&2; exit 1; }
done

version=$(bash Packaging/version.sh)
arch=$(uname -m)
name="pss-fix-$version-linux-$arch"
tarball="$DIST_DIR/$name.tar.gz"
[ -f "$tarball" ] || { echo "release-check: $tarball is missing: run make dist first" >&2; exit 1; }
echo "release-check: $tarball (version $version from PSSFixVersion.current)"

if [ -n "$TAG" ]; then
    [ "$TAG" = "v$version" ] && ok "tag $TAG matches the version" || fail "tag $TAG does not match the version v$version"
    # The install commands must name the real repository before anything is published.
    placeholders=$(grep -rn 'github\.com/OWNER/\|OWNER/pss-fix@' README.md docs/ || true)
    [ -z "$placeholders" ] && ok "README names the repository" \
        || fail "README still has the OWNER placeholder for the GitHub repository: $placeholders"
fi

(cd "$DIST_DIR" && sha256sum --quiet -c "$name.tar.gz.sha256") && ok "checksum $name.tar.gz.sha256" || fail "the checksum file does not match the tarball"

# Exactly these files (directories aside), with these modes.
expected="0644 $name/Containerfile
0644 $name/LICENSE
0644 $name/Makefile
0644 $name/NOTICE
0644 $name/README.md
0644 $name/CHANGELOG.md
0644 $name/BENCHMARKS.md
0644 $name/completions/_pss-fix
0644 $name/completions/pss-fix.bash
0644 $name/completions/pss-fix.fish
0644 $name/examples/quickstart/web.yaml
0644 $name/helm-plugin/plugin.yaml
0644 $name/man/pss-fix.1
0755 $name/pss-fix"
for f in Packaging/third-party/*; do expected+=$'\n'"0644 $name/third-party/$(basename "$f")"; done
for f in docs/*.md; do expected+=$'\n'"0644 $name/$f"; done
actual=$(tar -tvzf "$tarball" | awk '$1 !~ /^d/ { print $1, $6 }' | python3 -c '
import sys, stat
for line in sys.stdin:
    mode, path = line.split()
    bits = sum(1 << (8 - i) for i, c in enumerate(mode[1:10]) if c != "-")
    print(f"{bits:04o} {path}")' | sort)
if [ "$actual" = "$(sort <<<"$expected")" ]; then ok "contents: $(wc -l <<<"$actual") files, as expected"; else
    fail "the tarball's contents differ from the expected list:"; diff <(sort <<<"$expected") <(echo "$actual") >&2 || true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
dir="$work/$name"
bin="$dir/pss-fix"

tar_size=$(stat -c %s "$tarball")
bin_size=$(stat -c %s "$bin")
[ "$tar_size" -le "$MAX_BYTES" ] && ok "tarball $tar_size bytes (limit $MAX_BYTES)" || fail "tarball $tar_size bytes, over $MAX_BYTES"
[ "$bin_size" -le "$MAX_BYTES" ] && ok "binary $bin_size bytes (limit $MAX_BYTES)" || fail "binary $bin_size bytes, over $MAX_BYTES"

readelf -S "$bin" | grep -q '\.symtab' && fail "the binary is not stripped (.symtab present)" || ok "stripped"
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
bad=""
for lib in $needed; do
    case $lib in
        libc.so.6 | libm.so.6 | libstdc++.so.6 | libgcc_s.so.1 | ld-linux-*.so.* | libdl.so.2 | libpthread.so.0 | librt.so.1) ;;
        *) bad+=" $lib" ;;
    esac
done
[ -z "$bad" ] && ok "needs only $needed" || fail "the binary needs$bad (all: $needed)"
runpath=$(readelf -d "$bin" | sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]/\2/p')
case "$runpath" in "" | '$ORIGIN') ok "run path: ${runpath:-none}" ;; *) fail "run path $runpath (must not point at a toolchain)" ;; esac

# Highest symbol version of each library the binary needs (objdump -T lists them per symbol).
highest() { objdump -T "$bin" | grep -oE "\b$1_[0-9]+(\.[0-9]+)*" | sed "s/^$1_//" | sort -uV | tail -1; }
at_most() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -1)" = "$2" ]; }
glibc=$(highest GLIBC)
glibcxx=$(highest GLIBCXX)
[ -n "$glibc" ] || fail "no GLIBC symbol versions found (objdump -T)"
at_most "$glibc" "$GLIBC_FLOOR" && ok "highest GLIBC symbol version: GLIBC_$glibc (floor $GLIBC_FLOOR)" \
    || fail "the binary needs GLIBC_$glibc, above the documented floor $GLIBC_FLOOR (README: Install)"
at_most "${glibcxx:-0}" "$GLIBCXX_FLOOR" && ok "highest GLIBCXX symbol version: GLIBCXX_${glibcxx:-none} (at most $GLIBCXX_FLOOR)" \
    || fail "the binary needs GLIBCXX_$glibcxx, above $GLIBCXX_FLOOR"

got=$("$bin" --version) || true
[ "$got" = "$version" ] && ok "--version prints $got" || fail "--version prints '$got', expected $version"
sarif_version=$("$bin" check --format sarif "$dir/examples/quickstart/web.yaml" 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["runs"][0]["tool"]["driver"]["semanticVersion"])') || true
[ "$sarif_version" = "$version" ] && ok "SARIF semanticVersion $sarif_version" || fail "SARIF semanticVersion '$sarif_version', expected $version"
grep -qx "version: $version" "$dir/helm-plugin/plugin.yaml" && ok "the Helm 4 plugin has version $version" \
    || fail "helm-plugin/plugin.yaml does not say version: $version"
grep -qx "ARG VERSION=$version" "$dir/Containerfile" && ok "Containerfile VERSION $version" || fail "the tarball's Containerfile does not set ARG VERSION=$version"
grep -q "\.Dt PSS-FIX 1" "$dir/man/pss-fix.1" && ok "man page" || fail "man/pss-fix.1 is not pss-fix's man page"
for f in pss-fix.bash _pss-fix pss-fix.fish; do
    grep -q "pss-fix" "$dir/completions/$f" || fail "completions/$f does not mention pss-fix"
done

for f in LICENSE NOTICE README.md CHANGELOG.md BENCHMARKS.md docs/*.md; do cmp -s "$f" "$dir/$f" || fail "$f in the tarball differs from the repository's"; done
for f in Packaging/third-party/*; do cmp -s "$f" "$dir/third-party/$(basename "$f")" || fail "third-party/$(basename "$f") differs from $f"; done
grep -q "Apache License" "$dir/LICENSE" && ok "LICENSE, NOTICE and third-party licences" || fail "LICENSE is not the Apache License"

# Where the version is written down for users.
grep -q "pss-fix-$version-linux-$arch.tar.gz" README.md && ok "README's install commands name $name.tar.gz" \
    || fail "README's install commands do not name $name.tar.gz (RELEASING.md: version bump)"
action_default=$(python3 - <<'EOF'
import re
text = open("action.yml").read()
m = re.search(r"^  version:\n(?:    .*\n)*?    default: ['\"]?([^'\"\n]+)['\"]?$", text, re.M)
print(m.group(1) if m else "")
EOF
)
[ "$action_default" = "$version" ] && ok "action.yml installs $version by default" || fail "action.yml's version input defaults to '$action_default', expected $version"
grep -q "^## \[$version\]" CHANGELOG.md && ok "CHANGELOG has a section for $version" || fail "CHANGELOG.md has no '## [$version]' section"

if [ "$problems" -ne 0 ]; then echo "release-check: $problems problem(s)" >&2; exit 1; fi
echo "release-check: $tarball is ready (GLIBC_$glibc, $bin_size-byte binary)"
