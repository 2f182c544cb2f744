#!/usr/bin/env bash
# make image: the container image, built without a daemon, as an OCI archive
# dist/pss-fix-VERSION-linux-ARCH.oci.tar (+ .sha256), from the release tarball.
#
# 1. The base: a distroless-style Debian root made with mmdebstrap --variant=extract: only
#    libc6, libstdc++6, libgcc-s1 (and gcc-12-base, their dependency) unpacked, no shell, no
#    package manager, no APT or dpkg database; /etc/passwd and /etc/group with root, nonroot
#    (65532) and nobody (65534); /var/lib/dpkg/status.d/ describing the packages (as distroless
#    does, for image scanners); /tmp. The Debian suite is this machine's (the binary was linked
#    against its glibc).
# 2. buildah (vfs storage under DIST_SCRATCH, chroot isolation, no daemon) commits that root as
#    the base image and builds the tarball's Containerfile on it: the binary, LICENSE, NOTICE
#    and third-party licences; USER 65532:65532; ENTRYPOINT /usr/local/bin/pss-fix.
# 3. buildah pushes the image to an OCI archive. make test-image unpacks and runs it.
#
# Needs root (or rootless buildah setup), network to the Debian mirrors in this machine's APT
# sources (or IMAGE_SOURCES=FILE, a sources.list or .sources file), buildah and mmdebstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
DIST_DIR=${DIST_DIR:-dist}
DIST_SCRATCH=${DIST_SCRATCH:-.build-dist}

die() { echo "image: error: $*" >&2; exit 1; }
for tool in buildah mmdebstrap sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install buildah mmdebstrap)"
done
version=$(bash Packaging/version.sh)
name="pss-fix-$version-linux-$(uname -m)"
tarball="$DIST_DIR/$name.tar.gz"
[ -f "$tarball" ] || die "$tarball is missing: run make dist first"
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || die "cannot tell this machine's Debian suite from /etc/os-release"
sources=${IMAGE_SOURCES:-}
if [ -z "$sources" ]; then
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
        if [ -s "$f" ]; then sources=$f; break; fi
    done
fi
[ -n "$sources" ] || die "no APT sources found: set IMAGE_SOURCES to a sources.list file with a Debian mirror"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

work="$root/$DIST_SCRATCH/image"
rm -rf "$work"
mkdir -p "$work/context"
tar -xzf "$tarball" -C "$work/context"
context="$work/context/$name"

echo "image: base root: mmdebstrap --variant=extract $suite (libc6, libstdc++6, libgcc-s1) from $sources"
# The extract hook runs while the downloaded packages are still there: their control data
# becomes /var/lib/dpkg/status.d/PACKAGE, as in distroless images.
mmdebstrap --variant=extract --include=libc6,libstdc++6,libgcc-s1 --skip=output/dev \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Retries "3"' \
    --extract-hook='mkdir -p "$1/status.d" &&
        for deb in "$1"/var/cache/apt/archives/*.deb; do
            pkg=$(dpkg-deb --field "$deb" Package);
            { dpkg-deb --field "$deb"; echo "Status: install ok installed"; } > "$1/status.d/$pkg";
        done' \
    "$suite" "$work/base" "$sources" < /dev/null > "$work/mmdebstrap.log" 2>&1 \
    || { cat "$work/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
base_root="$work/base"
[ -f "$base_root/status.d/libc6" ] || die "mmdebstrap's extract hook did not record the packages"
rm -rf "$base_root/var/lib/dpkg" "$base_root/etc/apt" "$base_root/etc/dpkg" "$base_root/var/lib/apt" \
    "$base_root/var/cache/apt" "$base_root/var/log/apt" "$base_root/etc/resolv.conf" "$base_root/etc/hostname" \
    "$base_root/dev"
mkdir -m 755 "$base_root/dev"  # empty: the container runtime mounts /dev
mkdir -p "$base_root/var/lib/dpkg"
mv "$base_root/status.d" "$base_root/var/lib/dpkg/status.d"
printf '%s\n' "root:x:0:0:root:/root:/sbin/nologin" "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin" \
    "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin" > "$base_root/etc/passwd"
printf '%s\n' "root:x:0:" "nobody:x:65534:" "nonroot:x:65532:" > "$base_root/etc/group"
mkdir -p "$base_root/home/nonroot" "$base_root/root" "$base_root/tmp"
chown 65532:65532 "$base_root/home/nonroot"
chmod 700 "$base_root/root"
chmod 1777 "$base_root/tmp"
tar --sort=name --mtime="@$epoch" --numeric-owner -C "$base_root" -cf "$work/base.tar" .

buildah=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
export BUILDAH_ISOLATION=chroot
base="localhost/pss-fix-base:$suite"
echo "image: buildah: base image $base"
ctr=$("${buildah[@]}" from scratch)
"${buildah[@]}" add "$ctr" "$work/base.tar" / > /dev/null
"${buildah[@]}" config --created-by "mmdebstrap --variant=extract --include=libc6,libstdc++6,libgcc-s1 $suite" "$ctr"
"${buildah[@]}" commit --quiet --rm --timestamp "$epoch" "$ctr" "$base" > /dev/null

echo "image: buildah build -f Containerfile (BASE=$base)"
"${buildah[@]}" build --quiet --pull=never --timestamp "$epoch" --build-arg BASE="$base" \
    -f "$context/Containerfile" -t "localhost/pss-fix:$version" "$context" > /dev/null

mkdir -p "$DIST_DIR"
archive="$DIST_DIR/$name.oci.tar"
rm -f "$archive"
"${buildah[@]}" push --quiet "localhost/pss-fix:$version" "oci-archive:$archive:$version"
(cd "$DIST_DIR" && sha256sum "$name.oci.tar" > "$name.oci.tar.sha256")
echo "image: $archive ($(stat -c %s "$archive") bytes), tag $version"
cat "$DIST_DIR/$name.oci.tar.sha256"
