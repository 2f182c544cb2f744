#!/usr/bin/env python3
"""Helm 4's post-renderer path, for pss-fix's plugin test: no Helm 4 binary is reachable from
these machines, but helm-python-sdk 0.2.2 bundles Helm's v4 Go library, whose install action
runs post-renderer plugins exactly as `helm install --post-renderer NAME
--post-renderer-args ARG...` does (plugins found under HELM_PLUGINS, a postrenderer/v1
subprocess plugin run with the manifests on stdin and the args appended).

Usage: post-render.py CHART PLUGIN [ARG...]
Runs a client-side dry-run install of CHART as release `web` (no cluster is contacted) with
the post-renderer PLUGIN and prints the release manifest, or `Error: ...` and exits 1.
"""

import json
import sys


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    chart, plugin, args = argv[0], argv[1], argv[2:]
    import helm_python as helm
    from helm_python import _native

    # Memory storage and an unreachable API server: a client dry run needs neither.
    config = helm.Config(storage_driver="memory", kube_apiserver="http://127.0.0.1:9")
    options = {"namespace": "default", "dry_run": "client", "post_renderer": plugin}
    if args:
        options["post_renderer_args"] = args
    try:
        payload = _native.call_string(
            "helm_install", config._raw(), _native.HANDLE(0), _native.HANDLE(0), chart, "web", None,
            json.dumps(options))
    except helm.HelmError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(json.loads(payload).get("manifest", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
