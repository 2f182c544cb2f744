#!/usr/bin/env bash
# Prints pss-fix's version: the one constant PSSFixVersion.current in Sources (the same string
# `pss-fix --version`, SARIF reports and the man page show). make dist, make image and
# make release-check read it here.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(grep -rh -A4 'enum PSSFixVersion' Sources | sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' | head -1)
[ -n "$version" ] || { echo "version: PSSFixVersion.current not found in Sources" >&2; exit 1; }
echo "$version"
