#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): fetch the release tarball (or take a local
# one), verify its SHA-256, unpack it under RUNNER_TEMP and put pss-fix on the job's PATH.
#
# Environment: PSS_FIX_VERSION (required), PSS_FIX_REPOSITORY (OWNER/NAME of the releases),
# PSS_FIX_TARBALL (URL or local path instead), PSS_FIX_SHA256 (expected hash instead of the
# published .sha256), and the runner's RUNNER_TEMP, GITHUB_PATH, GITHUB_SERVER_URL.
set -euo pipefail

die() { echo "::error title=pss-fix install::$*" >&2; exit 1; }
version=${PSS_FIX_VERSION:-}
[ -n "$version" ] || die "no version given"
[ "$(uname -s)" = Linux ] || die "pss-fix release binaries are for Linux (this runner: $(uname -s))"
arch=$(uname -m)
[ "$arch" = x86_64 ] || die "pss-fix release binaries are built for x86_64 (this runner: $arch)"
: "${RUNNER_TEMP:?}" "${GITHUB_PATH:?}"

name="pss-fix-$version-linux-$arch"
source=${PSS_FIX_TARBALL:-}
if [ -z "$source" ]; then
    [ -n "${PSS_FIX_REPOSITORY:-}" ] || die "no repository to download from: set the action's repository input"
    source="${GITHUB_SERVER_URL:-https://github.com}/$PSS_FIX_REPOSITORY/releases/download/v$version/$name.tar.gz"
fi
dest="$RUNNER_TEMP/pss-fix-$version"
rm -rf "$dest"
mkdir -p "$dest"
tarball="$dest/$name.tar.gz"
case "$source" in
    http://* | https://*)
        echo "Downloading $source"
        curl -fsSL --retry 3 -o "$tarball" "$source" || die "cannot download $source"
        [ -n "${PSS_FIX_SHA256:-}" ] || curl -fsSL --retry 3 -o "$tarball.sha256" "$source.sha256" || die "cannot download $source.sha256"
        ;;
    *)
        [ -f "$source" ] || die "$source: no such file"
        cp "$source" "$tarball"
        [ -n "${PSS_FIX_SHA256:-}" ] || cp "$source.sha256" "$tarball.sha256" || die "$source.sha256: no such file"
        ;;
esac
expected=${PSS_FIX_SHA256:-$(cut -d' ' -f1 "$tarball.sha256")}
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || die "checksum mismatch for $name.tar.gz: expected $expected, got $actual"
tar -xzf "$tarball" -C "$dest"
[ -x "$dest/$name/pss-fix" ] || die "$name.tar.gz has no $name/pss-fix"
got=$("$dest/$name/pss-fix" --version) || die "the installed pss-fix does not run on this runner (glibc 2.35 or newer is needed)"
[ "$got" = "$version" ] || die "the tarball holds pss-fix $got, not $version"
echo "$dest/$name" >> "$GITHUB_PATH"
echo "Installed pss-fix $got in $dest/$name"
