import Testing
@testable import PSSFixCore

/// The text of the patches pss-fix adds to an overlay.
@Suite struct KustomizeNewPatchTests {
    @Test func aStrategicMergePatchCarriesExactlyTheLeaves() {
        let text = KustomizeNewPatch.strategicMerge(
            apiVersion: "batch/v1", kind: "CronJob", name: "cleanup", namespace: "ops",
            templatePath: Workload.Kind.cronJob.templatePath,
            leaves: [
                .init(scope: .container(list: "containers", name: "main"), path: ["securityContext", "allowPrivilegeEscalation"], value: .init(NewValue.bool(false))),
                .init(scope: .pod, path: ["securityContext", "runAsNonRoot"], value: .init(NewValue.bool(true))),
                .init(scope: .container(list: "initContainers", name: "setup"), path: ["securityContext", "capabilities", "drop"], value: .init(NewValue.sequence([.string("ALL")]))),
                .init(scope: .container(list: "containers", name: "main"), path: ["securityContext", "capabilities", "add"], value: .null),
            ])
        #expect(text == """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: cleanup
              namespace: ops
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      securityContext:
                        runAsNonRoot: true
                      containers:
                      - name: main
                        securityContext:
                          allowPrivilegeEscalation: false
                          capabilities:
                            add: null
                      initContainers:
                      - name: setup
                        securityContext:
                          capabilities:
                            drop:
                            - ALL

            """)
    }

    @Test func operationsReplaceWhatExistsAndAddAtTheFirstMissingKey() throws {
        let object = try #require(try YAMLParser.parse(SourceText(Array("""
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    securityContext:
                      allowPrivilegeEscalation: true
                      capabilities:
                        add: [NET_ADMIN]
                  - name: b
            """.utf8))).documents.first?.root)
        let c0 = ["spec", "template", "spec", "containers", "0", "securityContext"]
        let c1 = ["spec", "template", "spec", "containers", "1", "securityContext"]
        let ops = KustomizeNewPatch.operations(for: [
            (c0 + ["allowPrivilegeEscalation"], .scalar("false")),
            (c0 + ["capabilities", "add"], .null),
            (c0 + ["capabilities", "drop"], .sequence([.scalar("ALL")])),
            (c1 + ["allowPrivilegeEscalation"], .scalar("false")),
            (c1 + ["capabilities", "drop"], .sequence([.scalar("ALL")])),
            (c1 + ["seccompProfile", "type"], .null),
        ], in: object)
        #expect(KustomizeNewPatch.operationsText(ops) == """
            - op: add
              path: /spec/template/spec/containers/0/securityContext/capabilities/drop
              value:
              - ALL
            - op: add
              path: /spec/template/spec/containers/1/securityContext
              value:
                allowPrivilegeEscalation: false
                capabilities:
                  drop:
                  - ALL
            - op: replace
              path: /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation
              value: false
            - op: remove
              path: /spec/template/spec/containers/0/securityContext/capabilities/add

            """, "a removal of something absent is no operation at all")
    }

    @Test func scalarsThatWouldReadAsSomethingElseAreQuoted() {
        #expect(KustomizeNewPatch.scalarText("RuntimeDefault") == "RuntimeDefault")
        #expect(KustomizeNewPatch.scalarText("/spec/template") == "/spec/template")
        #expect(KustomizeNewPatch.scalarText("yes") == "\"yes\"")
        #expect(KustomizeNewPatch.scalarText("1234") == "\"1234\"")
        #expect(KustomizeNewPatch.scalarText("a: b") == "\"a: b\"")
        #expect(KustomizeNewPatch.scalarText("") == "\"\"")
        #expect(KustomizeNewPatch.pointer(["metadata", "annotations", "a/b~c"]) == "/metadata/annotations/a~1b~0c")
        #expect(KustomizeNewPatch.operationsFileName(kind: "Rollout", name: "Web_1") == "pss-fix-patch-rollout-web-1.yaml")
    }
}
