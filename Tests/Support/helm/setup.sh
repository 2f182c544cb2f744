#!/usr/bin/env bash
# Makes the test `helm` stand-in runnable: a Python venv under the package's build folder with
# PyPI's helm-python-sdk (the real Helm engine as a shared library) and an executable `helm`
# wrapper in the venv's bin folder. Idempotent: the pip install runs once per build folder
# (it is 75 MB; see Tests/Support/helm/README.md for the measured time).
#
# Usage: Tests/Support/helm/setup.sh [BUILD_DIR]     (default: <package root>/.build)
# Prints the wrapper's path on stdout (everything else goes to stderr).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build="${1:-$root/.build}"
venv="$build/helm-venv"
sdk="helm-python-sdk==0.2.2"
stamp="$venv/.installed-$sdk"

if [ ! -f "$stamp" ]; then
    command -v python3 >/dev/null || { echo "helm setup: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
    mkdir -p "$build"
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 || { echo "helm setup: python3 -m venv failed (apt-get install python3-venv)" >&2; exit 1; }
    start=$(date +%s)
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$sdk" >&2
    echo "helm setup: installed $sdk in $(( $(date +%s) - start )) s" >&2
    touch "$stamp"
fi

# The wrapper runs the stand-in with the venv's interpreter, whatever python is on PATH.
wrapper="$venv/bin/helm"
cat > "$wrapper.tmp" <<WRAPPER
#!/bin/sh
exec "$venv/bin/python" "$here/helm.py" "\$@"
WRAPPER
chmod +x "$wrapper.tmp"
mv "$wrapper.tmp" "$wrapper"
echo "$wrapper"
