import Testing
@testable import PSSFixCore

/// Which file decides a field of a rendered workload in a root's build.
@Suite struct KustomizeWriterSearchTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
              - name: api
                image: x
              - name: sidecar
                image: y
        """

    let tree = InMemoryFileTree([
        "/r/base/kustomization.yaml": "resources: [service.yaml, deployment.yaml]\n",
        "/r/base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: api}\n",
        "/r/base/deployment.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\n---\n" + deployment,
        "/r/component/kustomization.yaml": """
            kind: Component
            patches:
            - path: seccomp.yaml
              target: {kind: Deployment}
            """,
        "/r/component/seccomp.yaml": """
            kind: Deployment
            metadata: {name: ignored-with-a-target}
            spec:
              template:
                spec:
                  securityContext:
                    seccompProfile: {type: Unconfined}
                    runAsNonRoot: false
            """,
        "/r/prod/kustomization.yaml": """
            resources: [../base]
            namePrefix: prod-
            components: [../component]
            patchesStrategicMerge:
            - old-style.yaml
            patches:
            - path: pod.yaml
            - path: ops.yaml
              target: {group: apps, kind: Deployment, name: "a.i"}
            - target: {kind: Deployment}
              patch: |-
                - op: add
                  path: /spec/template/spec/containers/1/securityContext
                  value: {privileged: true}
            - path: other.yaml
            """,
        "/r/prod/old-style.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              template:
                spec:
                  securityContext: {runAsNonRoot: false, runAsUser: 0}
            """,
        "/r/prod/pod.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              template:
                spec:
                  securityContext:
                    runAsNonRoot: false
            """,
        "/r/prod/ops.yaml": """
            - op: add
              path: /spec/template/spec/containers/0/securityContext
              value: {allowPrivilegeEscalation: true}
            - op: add
              path: /spec/template/spec/containers/0/securityContext/capabilities/add/-
              value: NET_ADMIN
            """,
        "/r/prod/other.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  securityContext: {runAsUser: 5}
            """,
    ])

    var subject: KustomizeWriterSearch.Subject {
        let found = KustomizeSourceDocument.find(kind: "Deployment", apiVersion: "apps/v1", renderedName: "prod-api", in: "/r/base/deployment.yaml", tree: tree)
        return KustomizeWriterSearch.Subject(
            kind: "Deployment", apiVersion: "apps/v1", templatePath: ["spec", "template"], isCustomKind: false,
            renderedName: "prod-api", renderedNamespace: nil, originFile: "/r/base/deployment.yaml",
            sourceDocument: found?.document, sourceName: found?.name ?? "", sourceNamespace: found?.namespace)
    }

    func change(_ scope: PodFieldChange.Scope, _ path: [String], index: Int? = nil) -> PodFieldChange {
        PodFieldChange(scope: scope, path: path, action: .set(.bool(true)), checkID: "x", summary: "x", renderIndex: index)
    }

    @Test func theLastPatchThatWritesTheFieldDecides() {
        let search = KustomizeWriterSearch(root: "/r/prod", tree: tree)
        // The component and patchesStrategicMerge write it too, but `patches` apply after both.
        guard case .patch(let entry, let site) = search.lastWriter(of: change(.pod, ["securityContext", "runAsNonRoot"]), in: subject) else {
            Issue.record("not a patch")
            return
        }
        #expect(entry.file == "/r/prod/pod.yaml")
        #expect(site == .object(file: "/r/prod/pod.yaml", document: 0))
    }

    @Test func aComponentPatchWithATargetDecidesWhatItWrites() {
        let search = KustomizeWriterSearch(root: "/r/prod", tree: tree)
        guard case .patch(let entry, let site) = search.lastWriter(of: change(.pod, ["securityContext", "seccompProfile", "type"]), in: subject) else {
            Issue.record("not a patch")
            return
        }
        #expect(entry.file == "/r/component/seccomp.yaml", "its document's own name does not matter under a target")
        #expect(site == .object(file: "/r/component/seccomp.yaml", document: 0))
    }

    @Test func aJSON6902OperationOnTheFieldOrAboveItIsEditedThere() {
        let search = KustomizeWriterSearch(root: "/r/prod", tree: tree)
        let field = change(.container(list: "containers", name: "api"), ["securityContext", "allowPrivilegeEscalation"], index: 0)
        guard case .patch(_, let site) = search.lastWriter(of: field, in: subject) else {
            Issue.record("not a patch")
            return
        }
        #expect(site == .operation(file: "/r/prod/ops.yaml", document: 0, operation: 0, tokens: ["spec", "template", "spec", "containers", "0", "securityContext"]),
                "the target's name is a regular expression (`a.i`)")
        // An operation inside the list (`add/-`) writes it, but is no value to edit.
        let list = PodFieldChange(scope: .container(list: "containers", name: "api"), path: ["securityContext", "capabilities", "add"],
                                  action: .remove(["NET_ADMIN"]), checkID: "x", summary: "x", renderIndex: 0)
        guard case .patch(_, nil) = search.lastWriter(of: list, in: subject) else {
            Issue.record("the append operation is the writer, and cannot be edited")
            return
        }
    }

    @Test func anInlinePatchIsNeverASiteToEdit() {
        let search = KustomizeWriterSearch(root: "/r/prod", tree: tree)
        let field = change(.container(list: "containers", name: "sidecar"), ["securityContext", "privileged"], index: 1)
        guard case .patch(let entry, nil) = search.lastWriter(of: field, in: subject) else {
            Issue.record("not an inline patch")
            return
        }
        #expect(entry.inline != nil && entry.file == nil)
    }

    @Test func withoutAPatchTheResourceDocumentDecides() {
        let search = KustomizeWriterSearch(root: "/r/prod", tree: tree)
        guard case .resource(let file, let document) = search.lastWriter(of: change(.pod, ["securityContext", "fsGroup"]), in: subject) else {
            Issue.record("not the resource")
            return
        }
        #expect(file == "/r/base/deployment.yaml")
        #expect(document == 1, "the Deployment is the second document")
        #expect(search.files.contains("/r/component/seccomp.yaml"))
    }

    @Test func theBaseAloneHasNoPatches() {
        let search = KustomizeWriterSearch(root: "/r/base", tree: tree)
        guard case .resource = search.lastWriter(of: change(.pod, ["securityContext", "runAsNonRoot"]), in: subject) else {
            Issue.record("the overlay's patches do not reach a build of the base")
            return
        }
    }

    @Test func sourceDocumentsAreMatchedByKindAndTheLongestNameTheRenderedOneHolds() {
        let tree = InMemoryFileTree(["/f.yaml": """
            kind: Deployment
            metadata: {name: app}
            ---
            kind: Deployment
            metadata: {name: app-worker}
            ---
            kind: StatefulSet
            metadata: {name: app-worker-v2}
            """])
        #expect(KustomizeSourceDocument.find(kind: "Deployment", apiVersion: "apps/v1", renderedName: "eu-app-worker-v2", in: "/f.yaml", tree: tree)?.document == 1)
        #expect(KustomizeSourceDocument.find(kind: "Deployment", apiVersion: "apps/v1", renderedName: "eu-app-v2", in: "/f.yaml", tree: tree)?.document == 0)
        #expect(KustomizeSourceDocument.find(kind: "Deployment", apiVersion: "apps/v1", renderedName: "other", in: "/f.yaml", tree: tree) == nil)
    }

    @Test func targetsMatchTheSourceOrTheRenderedName() throws {
        let node = try #require(try YAMLParser.parse(SourceText(Array("{group: apps, version: v1, kind: Deployment, name: \"api|web\", namespace: shop}".utf8))).documents.first?.root)
        let target = KustomizeTarget(node)
        #expect(target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["api", "prod-api"], namespaces: ["shop"]))
        #expect(!target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["api"], namespaces: ["other"]))
        #expect(!target.matches(kind: "StatefulSet", apiVersion: "apps/v1", names: ["api"], namespaces: ["shop"]))
        #expect(!target.matches(kind: "Deployment", apiVersion: "extensions/v1beta1", names: ["api"], namespaces: ["shop"]))
        #expect(!target.matches(kind: "Deployment", apiVersion: "apps/v1", names: ["apis"], namespaces: ["shop"]), "the whole name matches")
    }
}
