import Testing
@testable import PSSFixCore

/// Changes planned on a render, named by pod scope and path, and carried to other files.
@Suite struct PodFieldChangeTests {
    static let render = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: prod-api
        spec:
          template:
            spec:
              initContainers:
              - name: setup
                image: x
              containers:
              - name: api
                image: x
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities:
                    add: [NET_ADMIN, NET_BIND_SERVICE]

        """

    func planned() throws -> (changes: [PodFieldChange], workload: Workload) {
        let bytes = Array(Self.render.utf8)
        let result = ManifestFixer.fix(bytes, options: FixOptions(level: .restricted))
        let workload = try #require(Workload.find(in: try YAMLParser.parse(SourceText(bytes))).first)
        let applied = try #require(result.workloads.first?.applied)
        return (try PodFieldChange.changes(applied, of: workload).get(), workload)
    }

    @Test func changesAreNamedByScopeAndPath() throws {
        let signatures = try planned().changes.map(\.signature)
        #expect(signatures.contains("initContainers[setup] securityContext.allowPrivilegeEscalation = false"))
        #expect(signatures.contains("containers[api] securityContext.capabilities.drop += ALL"))
        #expect(signatures.contains("containers[api] securityContext.capabilities.add -= [\"NET_ADMIN\"]"), "the removal names its items")
        #expect(signatures.contains("pod securityContext.runAsNonRoot = true"))
        let drop = try #require(try planned().changes.first { $0.signature.hasPrefix("containers[api] securityContext.capabilities.drop") })
        #expect(drop.renderIndex == 0, "the index within its own list")
    }

    /// The same changes, made in a base resource that names the container differently placed
    /// and the pod without a securityContext: every change lands, comments kept.
    @Test func changesCarryOverToTheSourceDocument() throws {
        let base = """
            # base
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  containers:
                  - image: x
                    name: api  # the app
                    securityContext:
                      capabilities:
                        add: [NET_ADMIN, NET_BIND_SERVICE]
                  initContainers:
                  - name: setup
                    image: x

            """
        let stream = try YAMLParser.parse(SourceText(Array(base.utf8)))
        let root = try #require(stream.documents.first?.root)
        let intents = try planned().changes.map { try PodChangeTranslation.intent($0, inObject: root, templatePath: ["spec", "template"]).get() }
        let patched = TextPatcher.patch(stream, intents: [0: intents])
        #expect(patched.problem == nil)
        #expect(patched.refusals.isEmpty)
        let text = String(decoding: patched.bytes, as: UTF8.self)
        #expect(text.contains("name: api  # the app"))
        #expect(text.contains("add: [NET_BIND_SERVICE]"))
        #expect(text.contains("allowPrivilegeEscalation: false"))
        #expect(text.contains("    spec:\n      containers:") && text.contains("      securityContext:\n        runAsNonRoot: true"))
    }

    @Test func aChangeGoesIntoTheValueOfTheOperationThatWritesIt() throws {
        let ops = """
            - op: add
              path: /spec/template/spec/containers/0
              value:
                name: api
                securityContext: {runAsNonRoot: false}

            """
        let stream = try YAMLParser.parse(SourceText(Array(ops.utf8)))
        let op = try #require(stream.documents.first?.root?.items.first)
        let change = PodFieldChange(scope: .container(list: "containers", name: "api"), path: ["securityContext", "runAsNonRoot"],
                                    action: .set(.bool(true)), checkID: "runAsNonRoot", summary: "x", renderIndex: 0)
        let field = ["spec", "template", "spec", "containers", "0", "securityContext", "runAsNonRoot"]
        let intent = try PodChangeTranslation.intent(change, inOperation: op, opTokens: ["spec", "template", "spec", "containers", "0"], fieldTokens: field).get()
        let patched = TextPatcher.patch(stream, intents: [0: [intent]])
        #expect(String(decoding: patched.bytes, as: UTF8.self) == ops.replacingOccurrences(of: "runAsNonRoot: false", with: "runAsNonRoot: true"))
        let elsewhere = PodChangeTranslation.intent(change, inOperation: op, opTokens: ["spec", "replicas"], fieldTokens: field)
        guard case .failure = elsewhere else {
            Issue.record("an operation on another path does not write the field")
            return
        }
    }
}
