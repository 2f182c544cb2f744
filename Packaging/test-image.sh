#!/usr/bin/env bash
# make test-image: unpacks the OCI archive `make image` made (umoci, no daemon) and runs its
# binary inside the image's root with chroot, as the image's non-root user:
#   - the image config: a non-root USER, ENTRYPOINT /usr/local/bin/pss-fix, version label;
#   - the root holds what the binary needs and no shell or package manager, the licences,
#     the users nonroot and nobody;
#   - the smoke checks of Packaging/smoke.sh (--version, --diff, check --format sarif, a fix with
#     --in-place, the KRM function) as the image's user, the KRM function also as nobody (the
#     user kustomize runs container functions as);
#   - a control: as that user, --in-place cannot replace a file in a root-owned folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
DIST_DIR=${DIST_DIR:-dist}
DIST_SCRATCH=${DIST_SCRATCH:-.build-dist}

die() { echo "test-image: error: $*" >&2; exit 1; }
for tool in umoci chroot python3 patch tar; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install umoci coreutils python3 patch tar)"
done
[ "$(id -u)" = 0 ] || die "chroot and the image's file owners need root"
version=$(bash Packaging/version.sh)
name="pss-fix-$version-linux-$(uname -m)"
archive="$DIST_DIR/$name.oci.tar"
[ -f "$archive" ] || die "$archive is missing: run make image first"
(cd "$DIST_DIR" && sha256sum --quiet -c "$name.oci.tar.sha256") || die "$archive does not match its .sha256"

work="$root/$DIST_SCRATCH/image-test"
rm -rf "$work"
mkdir -p "$work/layout"
tar -xf "$archive" -C "$work/layout"
umoci unpack --image "$work/layout:$version" "$work/bundle" > /dev/null
rootfs="$work/bundle/rootfs"

# A container runtime mounts /proc and a small /dev in the container; so does this test, in a
# private mount namespace. (Without /proc, Swift's runtime cannot read the command line:
# pss-fix would see no arguments.)
if [ "${PSS_FIX_IMAGE_NS:-}" != 1 ]; then
    PSS_FIX_IMAGE_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
mkdir -p "$rootfs/proc" "$rootfs/dev"
mount -t proc proc "$rootfs/proc"
mount -t tmpfs -o mode=755,nosuid tmpfs "$rootfs/dev"
for node in null zero full random urandom; do
    : > "$rootfs/dev/$node"
    mount --bind "/dev/$node" "$rootfs/dev/$node"
done

source Packaging/smoke.sh
echo "test-image: the image's configuration"
config=$(python3 - "$work/layout" "$version" <<'EOF'
import json, os, sys
layout, version = sys.argv[1], sys.argv[2]
blob = lambda d: json.load(open(os.path.join(layout, "blobs", *d.split(":"))))
index = json.load(open(os.path.join(layout, "index.json")))
[entry] = [m for m in index["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] == version]
config = blob(blob(entry["digest"])["config"]["digest"])["config"]
user = config.get("User", "")
print(user, json.dumps(config.get("Entrypoint")), config.get("WorkingDir", ""),
      config["Labels"].get("org.opencontainers.image.version", ""), config["Labels"].get("org.opencontainers.image.licenses", ""))
EOF
)
read -r user entrypoint workdir label_version licence <<<"$config"
uid=${user%%:*}
gid=${user#*:}
[[ "$uid" =~ ^[0-9]+$ && "$gid" =~ ^[0-9]+$ && "$uid" != 0 ]] && pass "USER $user (numeric, not root)" || failed "USER '$user' must be a numeric non-root uid:gid"
[ "$entrypoint" = '["/usr/local/bin/pss-fix"]' ] && pass "ENTRYPOINT $entrypoint" || failed "ENTRYPOINT $entrypoint"
[ "$label_version" = "$version" ] && [ "$licence" = Apache-2.0 ] && pass "labels: version $label_version, licence $licence" \
    || failed "labels: version '$label_version', licence '$licence'"
[ "$workdir" = /work ] && [ -d "$rootfs/work" ] && pass "WORKDIR $workdir" || failed "WORKDIR '$workdir'"

echo "test-image: the image's root"
for f in usr/local/bin/pss-fix usr/share/doc/pss-fix/LICENSE usr/share/doc/pss-fix/NOTICE \
    usr/share/doc/pss-fix/third-party/libyaml.copyright usr/share/doc/libc6/copyright \
    usr/share/doc/libstdc++6/copyright var/lib/dpkg/status.d/libc6; do
    [ -f "$rootfs/$f" ] || failed "/$f is missing"
done
present=""
for f in bin/sh usr/bin/sh bin/bash usr/bin/dpkg usr/bin/apt usr/bin/apt-get usr/bin/env; do
    if [ -e "$rootfs/$f" ] || [ -L "$rootfs/$f" ]; then present+=" /$f"; fi
done
[ -z "$present" ] && pass "no shell, no package manager" || failed "the base is not minimal:$present"
packages=$(ls "$rootfs/var/lib/dpkg/status.d" 2>/dev/null | tr '\n' ' ')
[ "$packages" = "gcc-12-base libc6 libgcc-s1 libstdc++6 " ] && pass "Debian packages: $packages" || failed "Debian packages: $packages"
grep -q "^nonroot:x:65532:65532:" "$rootfs/etc/passwd" && grep -q "^nobody:x:65534:65534:" "$rootfs/etc/passwd" \
    && pass "users nonroot (65532) and nobody (65534)" || failed "/etc/passwd lacks nonroot or nobody"
cmp -s "$rootfs/usr/share/doc/pss-fix/LICENSE" LICENSE && pass "LICENSE, NOTICE and third-party licences in /usr/share/doc/pss-fix" \
    || failed "/usr/share/doc/pss-fix/LICENSE differs from LICENSE"
du_root=$(du -skx "$rootfs" | cut -f1)
echo "  (unpacked root: ${du_root} KiB)"

echo "test-image: pss-fix inside the image's root (chroot, as $uid:$gid)"
mkdir -p "$rootfs/work/smoke"
chown "$uid:$gid" "$rootfs/work/smoke"
smoke_tests "$rootfs/work/smoke" /work/smoke "$version" chroot --userspec="$uid:$gid" "$rootfs" /usr/local/bin/pss-fix

mkdir -p "$rootfs/work/root-owned"
cp "$rootfs/work/smoke/web.yaml" "$rootfs/work/root-owned/web.yaml"
chmod 755 "$rootfs/work/root-owned"
chmod 666 "$rootfs/work/root-owned/web.yaml"
status=0
chroot --userspec="$uid:$gid" "$rootfs" /usr/local/bin/pss-fix --in-place /work/root-owned/web.yaml > /dev/null 2> "$work/control.err" || status=$?
[ "$status" = 2 ] && cmp -s "$rootfs/work/root-owned/web.yaml" "$rootfs/work/smoke/web.yaml" && grep -q "temporary file" "$work/control.err" \
    && pass "control: as $uid, --in-place cannot write into a root-owned folder (exit 2, file untouched)" \
    || failed "control: --in-place in a root-owned folder: exit $status, $(cat "$work/control.err")"

mkdir -p "$rootfs/work/nobody"
cp "$rootfs/work/smoke/resourcelist.yaml" "$rootfs/work/nobody/"
status=0
chroot --userspec=65534:65534 "$rootfs" /usr/local/bin/pss-fix < "$rootfs/work/nobody/resourcelist.yaml" > "$work/krm-nobody.yaml" 2>/dev/null || status=$?
[ "$status" = 0 ] && grep -q '^            allowPrivilegeEscalation: false$' "$work/krm-nobody.yaml" \
    && pass "KRM function as nobody (kustomize's --user nobody)" || failed "KRM function as nobody: exit $status"

if [ "$FAILURES" -ne 0 ]; then echo "test-image: $FAILURES check(s) failed" >&2; exit 1; fi
echo "test-image: the image $name.oci.tar runs pss-fix $version as $uid:$gid"
