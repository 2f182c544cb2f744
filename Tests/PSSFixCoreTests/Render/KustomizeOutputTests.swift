import Testing
@testable import PSSFixCore

/// kustomize output built through a wrapper with `buildMetadata`: origins are read and the
/// annotations cut out by whole lines, leaving exactly what kustomize prints without them.
@Suite struct KustomizeOutputTests {
    let annotated = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          annotations:
            alpha.config.kubernetes.io/transformations: |
              - configuredIn: ../../r/overlays/prod/kustomization.yaml
                configuredBy:
                  apiVersion: builtin
                  kind: PatchTransformer
            config.kubernetes.io/origin: |
              path: ../../r/base/deployment.yaml
          name: prod-api
        spec:
          replicas: 1
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          annotations:
            config.kubernetes.io/origin: |
              path: ../../r/base/workers.yaml
            team: storage
          labels:
            app: cleanup
          name: prod-cleanup
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          annotations:
            config.kubernetes.io/origin: |
              configuredIn: ../../r/overlays/prod/kustomization.yaml
              configuredBy:
                apiVersion: builtin
                kind: ConfigMapGenerator
          name: settings-5g2k
        ---
        apiVersion: v1
        kind: Service
        metadata:
          annotations:
            config.kubernetes.io/origin: |
              path: deploy/service.yaml
              repo: https://example.invalid/org/repo
              ref: v1.2.0
          name: remote
        spec:
          ports:
          - port: 80

        """

    let plain = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: prod-api
        spec:
          replicas: 1
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          annotations:
            team: storage
          labels:
            app: cleanup
          name: prod-cleanup
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings-5g2k
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: remote
        spec:
          ports:
          - port: 80

        """

    @Test func annotationsAreCutOutAndOriginsKept() throws {
        let stream = try KustomizeOutput.parse(Array(annotated.utf8), wrapperDirectory: "/tmp/w").get()
        #expect(String(decoding: stream.bytes, as: UTF8.self) == plain)
        #expect(stream.documents.map(\.origin) == [
            .file("/r/base/deployment.yaml"),
            .file("/r/base/workers.yaml"),
            .generated(generator: "ConfigMapGenerator", configuredIn: "/r/overlays/prod/kustomization.yaml"),
            .remote(repo: "https://example.invalid/org/repo", ref: "v1.2.0", path: "deploy/service.yaml"),
        ])
        #expect(stream.documents[0].transformations == [
            KustomizeTransformation(transformer: "PatchTransformer", configuredIn: "/r/overlays/prod/kustomization.yaml"),
        ])
        #expect(stream.documents[1].transformations.isEmpty)
        // Spans are the stripped stream's documents.
        let parsed = try YAMLParser.parse(SourceText(stream.bytes))
        #expect(parsed.documents.map(\.span) == stream.documents.map(\.span))
    }

    @Test func outputWithoutAnnotationsIsUnchanged() throws {
        let stream = try KustomizeOutput.parse(Array(plain.utf8), wrapperDirectory: "/tmp/w").get()
        #expect(stream.bytes == Array(plain.utf8))
        #expect(stream.documents.allSatisfy { $0.origin == .unknown })
    }

    @Test func anAnnotationIndentedAsAnIndentlessListStillGoesWhole() throws {
        let text = """
            kind: A
            metadata:
              annotations:
                alpha.config.kubernetes.io/transformations: |
                  - configuredIn: k.yaml
                    configuredBy: {kind: PrefixTransformer}
                z-last: kept
              name: a

            """
        let stream = try KustomizeOutput.parse(Array(text.utf8), wrapperDirectory: "/w").get()
        #expect(String(decoding: stream.bytes, as: UTF8.self) == "kind: A\nmetadata:\n  annotations:\n    z-last: kept\n  name: a\n")
        #expect(stream.documents[0].transformations == [KustomizeTransformation(transformer: "PrefixTransformer", configuredIn: "/w/k.yaml")])
    }

    @Test func outputThatIsNotYAMLIsNotRendered() {
        let result = KustomizeOutput.parse(Array("a: [\n".utf8), wrapperDirectory: "/w")
        guard case .failure(let reason) = result else { Issue.record("parsed broken output"); return }
        #expect(reason.cause == .renderFailed)
    }
}
