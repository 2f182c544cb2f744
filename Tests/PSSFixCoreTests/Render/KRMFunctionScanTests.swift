import Testing
@testable import PSSFixCore

@Suite struct KRMFunctionScanTests {
    @Test func execContainerAndLegacyPluginsAreFoundBuiltinsAreNot() {
        let tree = InMemoryFileTree([
            "/k/kustomization.yaml": """
                transformers:
                - exec.yaml
                - builtin.yaml
                - |
                  apiVersion: example.com/v1
                  kind: Stamp
                  metadata: {name: stamp}
                generators:
                - container.yaml
                """,
            "/k/exec.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  annotations:
                    config.kubernetes.io/function: |
                      exec:
                        path: ./fn.sh
                """,
            "/k/builtin.yaml": "apiVersion: builtin\nkind: PrefixTransformer\nmetadata: {name: p}\nprefix: x-\n",
            "/k/container.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  annotations:
                    config.k8s.io/function: |
                      container:
                        image: example.invalid/fn:1
                """,
        ])
        var graph = KustomizationGraph(tree: tree)
        graph.load(["/k"])
        let uses = KRMFunctionScan.uses(buildingFrom: "/k", graph: graph, tree: tree)
        #expect(uses == [
            KRMFunctionScan.Use(runtime: .exec(path: "./fn.sh"), file: "/k/exec.yaml"),
            KRMFunctionScan.Use(runtime: .legacyPlugin(apiVersion: "example.com/v1", kind: "Stamp"), file: "/k/kustomization.yaml"),
            KRMFunctionScan.Use(runtime: .container(image: "example.invalid/fn:1"), file: "/k/container.yaml"),
        ])
    }
}
