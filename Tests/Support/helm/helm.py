#!/usr/bin/env python3
"""A `helm` stand-in for pss-fix's tests (there is no helm binary in the registries we reach).

It renders with the real Helm engine that PyPI's helm-python-sdk 0.2.2 bundles (Helm's Go
library as libhelm_c.so) and prints what Helm v3's `helm template` prints: each manifest as
`---\\n# Source: PATH\\n...`, multi-document templates split with the same Source, manifests
in Helm's install order, hooks after them (tests included unless --skip-tests), NOTES.txt,
partials and empty renders left out. pss-fix runs the same code path against real helm.

Only what pss-fix and `kustomize build --enable-helm` (v5.5) ask for is implemented; any
other command or flag fails with exit 1 and a message naming it, so a test can never pass
on a flag this script silently ignored. See README.md beside this file.
"""

from __future__ import annotations

import json
import os
import re
import sys

# What `helm version` answers. kustomize v5.5 runs `helm version -c --short` and refuses
# anything but major version 3; the output format emulated here is Helm v3's.
EMULATED_VERSION = "v3.18.0"
STAND_IN = "pss-fix-test-stand-in"

# Helm's InstallOrder (pkg/releaseutil kind_sorter): earlier kinds are installed first;
# kinds not listed come last, sorted by name.
INSTALL_ORDER = [
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
]
HOOK_EVENTS = {
    "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade",
    "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success",
}
# Helm v3's document separator (releaseutil.SplitManifests); Go's \s is [\t\n\f\r ].
SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
RELEASE_NAME_RULE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


class HelmError(Exception):
    """An error helm itself would report as `Error: ...` with exit 1."""


class NotImplementedByStandIn(Exception):
    """A command or flag real helm has and this stand-in does not."""


# --- command line ---------------------------------------------------------------------------

TEMPLATE_VALUE_FLAGS = {
    "-f": "values", "--values": "values",
    "-n": "namespace", "--namespace": "namespace",
    "--set": "set", "--set-string": "set_string",
    "--name-template": "name_template",
    "-a": "api_versions", "--api-versions": "api_versions",
    "--kube-version": "kube_version",
}
TEMPLATE_BOOL_FLAGS = {
    "--skip-tests": "skip_tests", "--no-hooks": "no_hooks", "--include-crds": "include_crds",
    "-g": "generate_name", "--generate-name": "generate_name",
}
REPEATED = {"values", "set", "set_string", "api_versions"}


def parse_template_args(args: list[str]) -> dict:
    """pflag-style parsing (`-f x`, `-fx`, `--values x`, `--values=x`), strict about names."""
    opts: dict = {key: [] for key in REPEATED}
    positionals: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            positionals.extend(args[i:])
            break
        if not arg.startswith("-") or arg == "-":
            positionals.append(arg)
            continue
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
        elif not arg.startswith("--") and len(arg) > 2:
            name, value = arg[:2], arg[2:].removeprefix("=")
        if name in TEMPLATE_BOOL_FLAGS:
            if value not in (None, "true"):
                raise NotImplementedByStandIn(f"flag {name}={value}")
            opts[TEMPLATE_BOOL_FLAGS[name]] = True
            continue
        if name not in TEMPLATE_VALUE_FLAGS:
            raise NotImplementedByStandIn(f"flag {name}")
        if value is None:
            if i >= len(args):
                raise HelmError(f"flag needs an argument: {name}")
            value = args[i]
            i += 1
        key = TEMPLATE_VALUE_FLAGS[name]
        if key in REPEATED:
            opts[key].append(value)
        else:
            opts[key] = value
    opts["positionals"] = positionals
    return opts


def release_and_chart(opts: dict) -> tuple[str, str]:
    """Helm's Install.NameAndChart as `helm template` uses it (its default name is
    `release-name`, which also wins over --generate-name: the helm bug kustomize notes)."""
    args = opts["positionals"]
    if not args:
        raise HelmError('"helm template" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]')
    if len(args) > 2:
        raise HelmError(f"expected at most two arguments, unexpected arguments: {', '.join(args[2:])}")
    template = opts.get("name_template")
    if len(args) == 2:
        if opts.get("generate_name"):
            raise HelmError("cannot set --generate-name and also specify a name")
        if template:
            raise HelmError("cannot set --name-template and also specify a name")
        return args[0], args[1]
    if template:
        if "{{" in template:
            raise NotImplementedByStandIn("--name-template with template actions (only a literal name)")
        return template, args[0]
    return "release-name", args[0]


def kube_version(text: str) -> str:
    """Helm's ParseKubeVersion: `1.29` and `v1.29` mean `v1.29.0`."""
    match = re.fullmatch(r"v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    if not match:
        raise HelmError(f"invalid kube version '{text}': Invalid Semantic Version")
    major, minor, patch = (part or "0" for part in match.groups())
    return f"v{major}.{minor}.{patch}"


# --- values ---------------------------------------------------------------------------------

def merge_maps(base: dict, override: dict) -> dict:
    """Helm's mergeMaps for -f files and --set: maps merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_maps(out[key], value)
        else:
            out[key] = value
    return out


def user_values(opts: dict, helm) -> dict:
    values: dict = {}
    for path in opts["values"]:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise HelmError(f"open {path}: {error.strerror.lower()}") from error
        try:
            values = merge_maps(values, helm.values_from_yaml(text))
        except helm.HelmError as error:
            raise HelmError(f"failed to parse {path}: {error}") from error
    for flag, parse in (("set", helm.parse_set_string), ("set_string", helm.parse_set_string_values)):
        for expression in opts[flag]:
            # Helm writes --set into the values in place (strvals.ParseInto); a plain merge is
            # the same except for list indexes, which would replace a whole list here.
            if "[" in expression.split("=", 1)[0]:
                raise NotImplementedByStandIn(f"--{flag.replace('_', '-')} with a list index ({expression})")
            try:
                values = merge_maps(values, parse(expression))
            except helm.HelmError as error:
                raise HelmError(f"failed parsing --{flag.replace('_', '-')} data: {error}") from error
    return values


# --- rendering ------------------------------------------------------------------------------

def check_dependencies(chart) -> None:
    """Helm's CheckDependencies: every dependency in Chart.yaml must be under charts/."""
    declared = chart.metadata.get("dependencies") or []
    present = {dep.get("name") for dep in chart.dependencies}
    missing = [dep.get("name") for dep in declared
               if dep.get("name") not in present and dep.get("alias") not in present]
    if missing:
        raise HelmError(
            "An error occurred while checking for chart dependencies. You may need to run "
            "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, but "
            f"missing in charts/ directory: {', '.join(missing)}")


def split_manifests(text: str) -> list[str]:
    """Helm v3's SplitManifests: split on `---` lines, trim each document, drop empty ones."""
    return [doc.strip() for doc in SEPARATOR.split(text.strip()) if doc != ""]


def manifest_head(path: str, doc: str, helm) -> dict:
    try:
        head = helm.values_from_yaml(doc)
    except helm.HelmError as error:
        raise HelmError(f"YAML parse error on {path}: {error}") from error
    return head if isinstance(head, dict) else {}


def hook_events(head: dict) -> list[str] | None:
    """The hook events of a manifest, None when it is not a hook, [] for an unknown hook
    (helm skips those)."""
    metadata = head.get("metadata") if isinstance(head.get("metadata"), dict) else {}
    annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
    if "helm.sh/hook" not in annotations:
        return None
    events = [e.strip().lower() for e in str(annotations["helm.sh/hook"]).split(",")]
    return events if all(e in HOOK_EVENTS for e in events) else []


def install_order_key(kind: str) -> tuple:
    if kind in INSTALL_ORDER:
        return (0, INSTALL_ORDER.index(kind), "")
    return (1, 0, kind)


def render_output(chart, files: dict[str, str], opts: dict, helm) -> str:
    """Helm's renderResources + `helm template` printing, for files rendered by the engine."""
    generic, hooks = [], []
    for path in sorted(files):
        if path.endswith("NOTES.txt") or os.path.basename(path).startswith("_"):
            continue
        if files[path].strip() == "":
            continue
        for doc in split_manifests(files[path]):
            head = manifest_head(path, doc, helm)
            kind = head.get("kind") if isinstance(head.get("kind"), str) else ""
            events = hook_events(head)
            if events is None:
                generic.append((kind, path, doc))
            elif events:
                hooks.append((kind, path, doc, events))
    generic.sort(key=lambda m: install_order_key(m[0]))
    hooks.sort(key=lambda h: install_order_key(h[0]))

    manifest = ""
    if opts.get("include_crds"):
        for crd in chart.crds:
            manifest += f"---\n# Source: {crd['filename']}\n{crd['data']}\n"
    for _, path, doc in generic:
        manifest += f"---\n# Source: {path}\n{doc}\n"
    out = manifest.strip() + "\n"
    if not opts.get("no_hooks"):
        for _, path, doc, events in hooks:
            if opts.get("skip_tests") and ("test" in events or "test-success" in events):
                continue
            out += f"---\n# Source: {path}\n{doc}\n"
    return out


def template(args: list[str]) -> str:
    opts = parse_template_args(args)
    name, chart_path = release_and_chart(opts)
    if not RELEASE_NAME_RULE.match(name) or len(name) > 53:
        raise HelmError(f'release name "{name}": invalid release name, must match regex '
                        f"{RELEASE_NAME_RULE.pattern} and the length must not be longer than 53")
    render_opts: dict = {"name": name, "namespace": opts.get("namespace") or "default",
                         "revision": 1, "is_install": True}
    if opts.get("kube_version"):
        render_opts["kube_version"] = kube_version(opts["kube_version"])
    if opts["api_versions"]:
        render_opts["api_versions"] = opts["api_versions"]

    import helm_python as helm  # after argument checks: loading the engine takes 0.3 s
    from helm_python import _native

    if not os.path.exists(chart_path):
        raise HelmError(f'path "{chart_path}" not found')
    try:
        chart = helm.Chart.load(chart_path)
    except helm.HelmError as error:
        raise HelmError(str(error)) from error
    chart_type = chart.metadata.get("type") or "application"
    if chart_type != "application":
        raise HelmError(f"{chart_type} charts are not installable")
    check_dependencies(chart)
    values = user_values(opts, helm)
    try:
        # Chart.render() has no parameter for the capabilities options; the library's own
        # render call takes them (kube_version, api_versions) in its options JSON.
        files = json.loads(_native.call_string("helm_render", chart._raw(), json.dumps(values),
                                               json.dumps(render_opts)))
        return render_output(chart, files, opts, helm)
    except (helm.HelmError, HelmError) as error:
        # helm template appends this to every error after the release was created.
        raise HelmError(f"{error}\n\nUse --debug flag to render out invalid YAML") from error


def version(args: list[str]) -> str:
    short = False
    for arg in args:
        if arg in ("--short", "--short=true"):
            short = True
        elif arg in ("-c", "--client", "--client=true"):
            pass  # Helm v3 accepts and ignores it (a Helm v2 leftover); kustomize passes it.
        else:
            raise NotImplementedByStandIn(f"flag {arg} of helm version")
    if short:
        return f"{EMULATED_VERSION}+{STAND_IN}\n"
    return (f'version.BuildInfo{{Version:"{EMULATED_VERSION}", GitCommit:"{STAND_IN}", '
            f'GitTreeState:"clean", GoVersion:"helm-python-sdk 0.2.2"}}\n')


def main(argv: list[str]) -> int:
    commands = {"template": template, "version": version}
    try:
        if not argv or argv[0] not in commands:
            what = argv[0] if argv else "(no command)"
            raise NotImplementedByStandIn(f"command {what}")
        sys.stdout.write(commands[argv[0]](argv[1:]))
        return 0
    except NotImplementedByStandIn as missing:
        sys.stderr.write(f"Error: the helm test stand-in (Tests/Support/helm/helm.py) does not "
                         f"implement {missing}; add it there or run real helm\n")
        return 1
    except HelmError as error:
        sys.stderr.write(f"Error: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
