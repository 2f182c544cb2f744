#!/usr/bin/env python3
"""Import the upstream PSA conformance fixtures into Fixtures/, deduplicated by content.

The 4,537 upstream fixtures hold only 380 distinct file bodies (the same pod is generated for
many policy versions), so each body is stored once under Fixtures/files/<sha256[:16]>.yaml and
Fixtures/index.tsv maps every upstream fixture to its stored body:

    level <TAB> version <TAB> outcome <TAB> upstream-name <TAB> stored-file <TAB> expected-substring

expected-substring is upstream's `expectErrorSubstring` for the fixture's check (psa-spec.md §8
table); pass fixtures carry "-" because nothing is expected of their message.

Usage (stdlib only; safe to re-run, it rewrites Fixtures/ from scratch):

    python3 import-fixtures.py [SOURCE_DIR] [--commit SHA]

SOURCE_DIR defaults to /work/shared/conformance/psa-fixtures, the byte-identical copy of
kubernetes/pod-security-admission test/testdata/.
"""

import argparse
import hashlib
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "Fixtures")
DEFAULT_SOURCE = "/work/shared/conformance/psa-fixtures"
DEFAULT_COMMIT = "8f84a87c7f617f64a4ddc1aea24aeeb7a2e07cb8"
REPO = "github.com/kubernetes/pod-security-admission"

# Upstream check IDs; fixture names are the lowercased ID plus an index.
CHECK_IDS = [
    "allowPrivilegeEscalation", "appArmorProfile", "capabilities_baseline", "capabilities_restricted",
    "hostNamespaces", "hostPathVolumes", "hostPorts", "hostProbesAndHostLifecycle", "privileged",
    "procMount", "procMount_restricted", "restrictedVolumes", "runAsNonRoot", "runAsUser",
    "seLinuxOptions", "seccompProfile_baseline", "seccompProfile_restricted", "sysctls",
    "windowsHostProcess",
]

# expectErrorSubstring per check (psa-spec.md §8); checks not listed use their own ID.
SUBSTRINGS = {
    "appArmorProfile": "forbidden AppArmor profile",
    "capabilities_baseline": "capabilities",
    "capabilities_restricted": "unrestricted capabilities",
    "hostNamespaces": "host namespaces",
    "hostPathVolumes": "hostPath",
    "hostPorts": "hostPort",
    "hostProbesAndHostLifecycle": "probe or lifecycle host",
    "procMount": "procMount",
    "procMount_restricted": "procMount",
    "restrictedVolumes": "restricted volume types",
    "seLinuxOptions": "seLinuxOptions",
    "seccompProfile_baseline": "seccompProfile",
    "seccompProfile_restricted": "seccompProfile",
    "sysctls": "forbidden sysctl",
    "windowsHostProcess": "hostProcess",
}

NAME_RE = re.compile(r"^([a-z_]+?)([0-9]+)\.yaml$")
BASE_NAMES = {"base.yaml", "base_linux.yaml", "base_windows.yaml"}


def expected_substring(name, outcome):
    if outcome == "pass":
        return "-"
    match = NAME_RE.match(name)
    if not match:
        sys.exit(f"fail fixture without a check name: {name}")
    by_lower = {c.lower(): c for c in CHECK_IDS}
    check = by_lower.get(match.group(1))
    if check is None:
        sys.exit(f"unknown check in fixture name: {name}")
    return SUBSTRINGS.get(check, check)


def version_key(version):
    return int(version.split(".", 1)[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=DEFAULT_SOURCE)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    args = parser.parse_args()

    rows = []
    bodies = {}  # stored file name -> bytes
    for level in ("baseline", "restricted"):
        level_dir = os.path.join(args.source, level)
        for version in sorted(os.listdir(level_dir), key=version_key):
            for outcome in ("pass", "fail"):
                folder = os.path.join(level_dir, version, outcome)
                for name in sorted(os.listdir(folder)):
                    if not name.endswith(".yaml"):
                        continue
                    if outcome == "fail" and name in BASE_NAMES:
                        sys.exit(f"unexpected base fixture under fail: {folder}/{name}")
                    with open(os.path.join(folder, name), "rb") as f:
                        body = f.read()
                    stored = hashlib.sha256(body).hexdigest()[:16] + ".yaml"
                    if bodies.setdefault(stored, body) != body:
                        sys.exit(f"sha256 prefix collision on {stored}; lengthen the prefix")
                    rows.append((level, version, outcome, name[: -len(".yaml")], "files/" + stored,
                                 expected_substring(name, outcome)))

    if os.path.isdir(DEST):
        shutil.rmtree(DEST)
    os.makedirs(os.path.join(DEST, "files"))
    for stored, body in bodies.items():
        with open(os.path.join(DEST, "files", stored), "wb") as f:
            f.write(body)
    with open(os.path.join(DEST, "index.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write("\t".join(row) + "\n")
    shutil.copyfile(os.path.join(args.source, "LICENSE"), os.path.join(DEST, "LICENSE"))
    with open(os.path.join(DEST, "ORIGIN.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(ORIGIN.format(repo=REPO, commit=args.commit, total=len(rows), distinct=len(bodies)))
    print(f"{len(rows)} fixtures, {len(bodies)} distinct bodies -> {DEST}")


ORIGIN = """\
# Origin of these fixtures

- **Source:** `test/testdata/` of {repo} (the staging mirror of kubernetes/kubernetes
  `staging/src/k8s.io/pod-security-admission`), commit `{commit}`. Upstream generates them with
  `TestFixtures` in `test/fixtures_test.go`.
- **License:** Apache-2.0, Copyright The Kubernetes Authors. `LICENSE` is upstream's file, unchanged.
- **Contents:** {total} upstream fixtures, stored as {distinct} distinct bodies. Every body is
  byte-identical to upstream; only the layout differs.
  - `files/<first 16 hex digits of the body's sha256>.yaml`: one file per distinct body.
  - `index.tsv`: one line per upstream fixture, tab-separated, no header:
    `level`, `version`, `outcome` (`pass`/`fail`), `upstream-name` (upstream file name without
    `.yaml`, from `<level>/<version>/<outcome>/<name>.yaml`), `stored-file` (relative to this
    folder), `expected-substring` (upstream's `expectErrorSubstring` for the fixture's check,
    psa-spec.md §8; `-` for pass fixtures).
- **How it was produced:** `python3 Tests/PSSFixCoreTests/Conformance/import-fixtures.py` (stdlib
  only) read the copy in `shared/conformance/psa-fixtures/` and rewrote this folder. Re-run it the
  same way (optionally `SOURCE_DIR --commit SHA`) after updating the source.
- **Meaning:** `ConformanceTests.swift` evaluates every fixture at its own level and version: pass
  fixtures must be allowed, fail fixtures denied with a message containing the expected substring.
"""

if __name__ == "__main__":
    main()
