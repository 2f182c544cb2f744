#!/usr/bin/env bash
# make dist: the portable release tarball dist/pss-fix-VERSION-linux-ARCH.tar.gz and its .sha256.
#
# The binary links the Swift standard library, FoundationEssentials, Dispatch and libyaml
# statically (libyaml from the distribution's libyaml.a) and is stripped; it needs only glibc,
# libstdc++ and libgcc_s from the system. The tarball holds the binary, shell completions, the
# man page, LICENSE, NOTICE, the third-party licence texts, README and what it links to (the
# guides in docs/, CHANGELOG, BENCHMARKS), the quick-start example, a Makefile that installs it all (no Swift needed) and the
# Containerfile for an image.
#
# Environment (the Makefile passes these): SWIFT, DIST_SCRATCH (scratch folder of the static
# build, default .build-dist), MAN_SCRATCH / MAN_CONFIG (where the man page plugin builds:
# default .build in debug, which reuses `swift test`'s build), DIST_DIR (default dist).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

SWIFT=${SWIFT:-swift}
DIST_SCRATCH=${DIST_SCRATCH:-.build-dist}
MAN_SCRATCH=${MAN_SCRATCH:-.build}
MAN_CONFIG=${MAN_CONFIG:-debug}
DIST_DIR=${DIST_DIR:-dist}
MAX_BYTES=${MAX_BYTES:-31457280}  # 30 MiB: the limit of issue #22 for the binary and the tarball

fail() { echo "dist: error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 is needed ($2)"; }
need "$SWIFT" "the Swift 6 toolchain"
need pkg-config "apt-get install pkg-config"
need readelf "apt-get install binutils"
need sha256sum "coreutils"
need tar "tar"
need gzip "gzip"
need git "git: the man page's date is the last commit's"

version=$(bash Packaging/version.sh)
arch=$(uname -m)
name="pss-fix-$version-linux-$arch"
echo "dist: $name"

# libyaml, statically: SwiftPM links what pkg-config's yaml-0.1 names, with -L from its libdir
# first; a .pc file whose libdir holds only libyaml.a makes the linker take the archive.
libdir=$(pkg-config --variable=libdir yaml-0.1) || fail "libyaml-dev is not installed (apt-get install libyaml-dev)"
includedir=$(pkg-config --variable=includedir yaml-0.1)
[ -f "$libdir/libyaml.a" ] || fail "$libdir/libyaml.a is missing: the static libyaml comes with libyaml-dev"
static="$root/$DIST_SCRATCH/static-libyaml"
mkdir -p "$static"
cp "$libdir/libyaml.a" "$static/libyaml.a"
cat > "$static/yaml-0.1.pc" <<EOF
libdir=$static
includedir=$includedir
Name: LibYAML
Description: libyaml linked statically into the pss-fix release binary
Version: $(pkg-config --modversion yaml-0.1)
Cflags: -I\${includedir}
Libs: -L\${libdir} -lyaml
EOF

# The licence texts shipped must be those of what is linked (see Packaging/third-party/README.md).
same() {
    [ -f "$2" ] || fail "cannot compare $1 with $2: $2 is missing"
    cmp -s "$1" "$2" || fail "$1 differs from $2 (what this build links): update it and NOTICE"
}
yaml_copyright=$(dpkg -L libyaml-dev 2>/dev/null | grep '/copyright$' | head -1 || true)
[ -n "$yaml_copyright" ] || fail "libyaml-dev's copyright file not found (dpkg -L libyaml-dev): is this Debian or Ubuntu?"
same Packaging/third-party/libyaml.copyright "$yaml_copyright"
swift_bin=$(readlink -f "$(command -v "$SWIFT")")
same Packaging/third-party/swift.LICENSE.txt "$(dirname "$swift_bin")/../share/swift/LICENSE.txt"

# Foundation (as opposed to FoundationEssentials) brings ICU's data into a static binary
# (about 60 MB): the sources use FoundationEssentials, Glibc and Dispatch only.
foundation=$(grep -rlE '^(@preconcurrency |@_implementationOnly |internal |public )?import Foundation$' Sources || true)
[ -z "$foundation" ] || fail "these files import Foundation, which puts ICU's data (about 60 MB) into the static binary; import FoundationEssentials (plus Glibc or Dispatch) instead: $foundation"

echo "dist: static build in $DIST_SCRATCH"
flags=(-c release --scratch-path "$DIST_SCRATCH" --static-swift-stdlib -Xlinker -s)
PKG_CONFIG_PATH="$static" "$SWIFT" build "${flags[@]}" --product pss-fix
bin="$(PKG_CONFIG_PATH="$static" "$SWIFT" build "${flags[@]}" --show-bin-path)/pss-fix"
same Packaging/third-party/swift-argument-parser.LICENSE.txt "$DIST_SCRATCH/checkouts/swift-argument-parser/LICENSE.txt"

# Nothing from the toolchain or libyaml may be loaded at run time.
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for lib in $needed; do
    case $lib in
        libc.so.6 | libm.so.6 | libstdc++.so.6 | libgcc_s.so.1 | ld-linux-*.so.* | libdl.so.2 | libpthread.so.0 | librt.so.1) ;;
        *) fail "the binary needs $lib at run time (needed: $needed)" ;;
    esac
done
[ "$("$bin" --version)" = "$version" ] || fail "the binary says $("$bin" --version), the source says $version"

echo "dist: man page (swift-argument-parser's generate-manual plugin, $MAN_CONFIG build in $MAN_SCRATCH)"
make --no-print-directory man SWIFT="$SWIFT" SCRATCH="$MAN_SCRATCH" CONFIG="$MAN_CONFIG"

stage="$DIST_SCRATCH/stage/$name"
rm -rf "$DIST_SCRATCH/stage"
mkdir -p "$stage/completions" "$stage/man" "$stage/examples/quickstart" "$stage/third-party" "$stage/helm-plugin" "$stage/docs"
install -m 755 "$bin" "$stage/pss-fix"
"$stage/pss-fix" --generate-completion-script bash > "$stage/completions/pss-fix.bash"
"$stage/pss-fix" --generate-completion-script zsh > "$stage/completions/_pss-fix"
"$stage/pss-fix" --generate-completion-script fish > "$stage/completions/pss-fix.fish"
install -m 644 "$MAN_SCRATCH/dist/man/pss-fix.1" "$stage/man/pss-fix.1"
install -m 644 LICENSE NOTICE README.md CHANGELOG.md BENCHMARKS.md "$stage/"
# README links to the guides in docs/ (and to CHANGELOG and BENCHMARKS): ship them beside it so
# the links work in the tarball.
install -m 644 docs/*.md "$stage/docs/"
install -m 644 Packaging/third-party/* "$stage/third-party/"
install -m 644 Examples/quickstart/web.yaml "$stage/examples/quickstart/web.yaml"
# Helm 4 takes --post-renderer only as a plugin name: `helm plugin install DIR/helm-plugin`.
install -m 644 Integrations/helm-plugin/plugin.yaml "$stage/helm-plugin/plugin.yaml"
install -m 644 Packaging/Makefile.dist "$stage/Makefile"
sed "s/^ARG VERSION=.*/ARG VERSION=$version/" Packaging/Containerfile > "$stage/Containerfile"
chmod 644 "$stage/Containerfile"

# Reproducible: sorted names, the last commit's time, no owners, no gzip timestamp.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
mkdir -p "$DIST_DIR"
tarball="$DIST_DIR/$name.tar.gz"
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$DIST_SCRATCH/stage" -cf - "$name" | gzip -9n > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd "$DIST_DIR" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

bin_size=$(stat -c %s "$stage/pss-fix")
tar_size=$(stat -c %s "$tarball")
[ "$bin_size" -le "$MAX_BYTES" ] || fail "the binary is $bin_size bytes, over the limit of $MAX_BYTES"
[ "$tar_size" -le "$MAX_BYTES" ] || fail "the tarball is $tar_size bytes, over the limit of $MAX_BYTES"
echo "dist: $tarball ($tar_size bytes; binary $bin_size bytes; needs $needed)"
cat "$DIST_DIR/$name.tar.gz.sha256"
