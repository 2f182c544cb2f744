import Testing
@testable import PSSFixCore

/// What a kustomization refers to, read from the file alone.
@Suite struct KustomizationTests {
    let tree = InMemoryFileTree([
        "/r/app/kustomization.yml": """
            resources:
            - deployment.yaml
            - ../base
            - https://example.invalid/org/repo//deploy?ref=v1
            - missing.yaml
            components:
            - ../component
            patchesStrategicMerge:
            - smp.yaml
            - |-
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: inline}
            patchesJson6902:
            - target: {kind: Deployment, name: api}
              path: ops.yaml
            patches:
            - path: patch.yaml
            - patch: |-
                - op: add
                  path: /x
                  value: 1
            configMapGenerator:
            - name: settings
              files: [app.conf, data=values/data.yaml]
              envs: [vars.env]
            transformers:
            - fn.yaml
            - ../plugins
            helmCharts:
            - name: tiny
              valuesFile: tiny-values.yaml
            """,
        "/r/app/deployment.yaml": "", "/r/app/smp.yaml": "", "/r/app/ops.yaml": "", "/r/app/patch.yaml": "",
        "/r/app/app.conf": "", "/r/app/values/data.yaml": "", "/r/app/vars.env": "", "/r/app/fn.yaml": "",
        "/r/app/tiny-values.yaml": "", "/r/app/charts/tiny/Chart.yaml": "name: tiny\n",
        "/r/base/kustomization.yaml": "resources: [a.yaml]\n", "/r/base/a.yaml": "",
        "/r/component/Kustomization": "kind: Component\n",
        "/r/plugins/kustomization.yaml": "resources: [p.yaml]\n", "/r/plugins/p.yaml": "",
    ])

    @Test func everyReferenceIsSortedIntoItsKind() throws {
        let k = try #require(Kustomization.load(directory: "/r/app", tree: tree))
        #expect(k.file == "/r/app/kustomization.yml")
        #expect(!k.isComponent)
        #expect(k.kustomizations == ["/r/base", "/r/component", "/r/plugins"])
        #expect(Set(k.files) == [
            "/r/app/deployment.yaml", "/r/app/smp.yaml", "/r/app/ops.yaml", "/r/app/patch.yaml", "/r/app/app.conf",
            "/r/app/values/data.yaml", "/r/app/vars.env", "/r/app/fn.yaml", "/r/app/tiny-values.yaml",
        ])
        #expect(k.directories == ["/r/app/charts/tiny"])
        #expect(k.usesHelmCharts)
        #expect(k.remoteReferences == ["https://example.invalid/org/repo//deploy?ref=v1"])
        #expect(k.problems == ["/r/app/kustomization.yml: missing.yaml does not exist"])
        #expect(k.pluginConfigs == [.file("/r/app/fn.yaml"), .directory("/r/plugins")])
    }

    @Test func componentsAndFileNames() throws {
        #expect(try #require(Kustomization.load(directory: "/r/component", tree: tree)).isComponent)
        #expect(Kustomization.load(directory: "/r/app/values", tree: tree) == nil, "no kustomization file there")
    }

    @Test func graphRootsReachAndClaims() {
        var graph = KustomizationGraph(tree: tree)
        graph.load(["/r/app", "/r/base", "/r/component"])
        #expect(graph.roots(among: ["/r/app", "/r/base", "/r/component"]) == ["/r/app"],
                "base is built by app, and a component is never a root")
        #expect(graph.reached(from: "/r/app").map(\.directory) == ["/r/app", "/r/base", "/r/component", "/r/plugins"])
        let claims = graph.claims(of: "/r/app")
        #expect(claims.files.isSuperset(of: ["/r/app/kustomization.yml", "/r/base/kustomization.yaml", "/r/base/a.yaml",
                                             "/r/component/Kustomization", "/r/plugins/p.yaml", "/r/app/smp.yaml"]))
        #expect(claims.directories == ["/r/app/charts/tiny"])
    }
}
