#!/usr/bin/env python3
"""Writes one YAML stream of N small Pods separated by `---`, as `helm template` and
`kustomize build` print them (python3 standard library only; the same arguments give the
same bytes).

    python3 Benchmarks/generate_stream.py --docs 16000 --out bench-out/stream-16000.yaml

Every fourth Pod is already compliant, the others miss some of the restricted settings in
different ways (nothing set, a partial container securityContext, an added capability, a
pod-level securityContext), so `check` reports and `--diff` changes most documents.
"""
import argparse


def pod(i: int) -> str:
    name = f"pod-{i:06d}"
    ns = f"team-{i % 37:02d}"
    head = (
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        f"  name: {name}\n"
        f"  namespace: {ns}\n"
        "  labels:\n"
        f"    app: app-{i % 101}\n"
        "spec:\n"
    )
    kind = i % 4
    if kind == 0:  # compliant
        return head + (
            "  securityContext:\n"
            "    runAsNonRoot: true\n"
            "    seccompProfile:\n"
            "      type: RuntimeDefault\n"
            "  containers:\n"
            "  - name: app\n"
            f"    image: registry.example.com/app:{i % 13}.0\n"
            "    securityContext:\n"
            "      allowPrivilegeEscalation: false\n"
            "      capabilities:\n"
            "        drop: [\"ALL\"]\n"
        )
    if kind == 1:  # nothing set
        return head + (
            "  containers:\n"
            "  - name: app\n"
            f"    image: registry.example.com/app:{i % 13}.0\n"
            "    ports:\n"
            "    - containerPort: 8080\n"
        )
    if kind == 2:  # partial container securityContext, an added capability
        return head + (
            "  containers:\n"
            "  - name: app\n"
            f"    image: registry.example.com/app:{i % 13}.0\n"
            "    securityContext:\n"
            "      readOnlyRootFilesystem: true\n"
            "      capabilities:\n"
            "        add: [\"NET_RAW\"]\n"
        )
    return head + (  # pod-level securityContext, two containers
        "  securityContext:\n"
        "    runAsUser: 1000\n"
        "  containers:\n"
        "  - name: app\n"
        f"    image: registry.example.com/app:{i % 13}.0\n"
        "  - name: sidecar\n"
        "    image: registry.example.com/sidecar:1.0\n"
        "    securityContext:\n"
        "      allowPrivilegeEscalation: false\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=16000, help="number of Pods (default 16000)")
    parser.add_argument("--out", required=True, help="file to write")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("---\n".join(pod(i) for i in range(args.docs)))


if __name__ == "__main__":
    main()
