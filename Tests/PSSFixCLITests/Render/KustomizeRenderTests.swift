import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// Kustomizations rendered by kubectl kustomize (v5.5) through a temporary wrapper.
@Suite struct KustomizeRenderTests {
    func origins(_ stream: RenderedStream) throws -> [String: DocumentOrigin] {
        Dictionary(uniqueKeysWithValues: zip(try stream.names(), stream.documents.map(\.origin)))
    }

    @Test func anOverlayWithAPrefixAPatchFileAndAComponent() throws {
        let stream = try RenderFixtures.renderer().render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/overlays/prod")))).requireStream()
        #expect(try origins(stream) == [
            "Deployment/prod-api": .file(RenderFixtures.path("kustomize/base/deployment.yaml")),
            "Deployment/prod-worker": .file(RenderFixtures.path("kustomize/base/workers.yaml")),
            "CronJob/prod-cleanup": .file(RenderFixtures.path("kustomize/base/workers.yaml")),
        ], "names carry the prefix; origins name the base files")
        #expect(!stream.text.contains("config.kubernetes.io/origin"))
        #expect(!stream.text.contains("alpha.config.kubernetes.io/transformations"))
        #expect(stream.text.contains("allowPrivilegeEscalation: false"), "the overlay's patch applied")
        #expect(stream.text.contains("runAsNonRoot: true"), "the component's patch applied")
        let api = try #require(stream.documents.first { $0.origin == .file(RenderFixtures.path("kustomize/base/deployment.yaml")) })
        #expect(Set(api.transformations) == [
            KustomizeTransformation(transformer: "PatchTransformer", configuredIn: RenderFixtures.path("kustomize/overlays/prod/kustomization.yaml")),
            KustomizeTransformation(transformer: "PrefixTransformer", configuredIn: RenderFixtures.path("kustomize/overlays/prod/kustomization.yaml")),
            KustomizeTransformation(transformer: "PatchTransformer", configuredIn: RenderFixtures.path("kustomize/components/restricted/kustomization.yaml")),
        ])
    }

    /// The judged bytes are exactly what `kubectl kustomize DIR` prints: the wrapper and its
    /// annotations leave no trace (the CronJob keeps its own annotation).
    @Test(arguments: ["kustomize/overlays/prod", "kustomize/overlays/staging", "kustomize/base"])
    func strippedOutputIsWhatKustomizePrintsWithoutTheWrapper(_ fixture: String) throws {
        let directory = RenderFixtures.path(fixture)
        let stream = try RenderFixtures.renderer().render(.kustomization(KustomizationSource(directory: directory))).requireStream()
        let plain = try RenderFixtures.run(try RenderFixtures.kubectl(), ["kustomize", directory])
        #expect(plain.status == 0, "\(plain.stderrText)")
        #expect(stream.text == String(decoding: plain.stdout, as: UTF8.self))
        #expect(stream.text.contains("team: storage"))
        #expect(stream.documents.count == 3)
    }

    @Test func aJSON6902PatchApplies() throws {
        let stream = try RenderFixtures.renderer().render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/overlays/staging")))).requireStream()
        #expect(try origins(stream)["Deployment/api"] == .file(RenderFixtures.path("kustomize/base/deployment.yaml")))
        #expect(stream.text.contains("replicas: 2"))
    }

    @Test func execFunctionsAreNotRenderedByKubectlAndTheReasonSaysWhatWould() throws {
        let outcome = try RenderFixtures.renderer().render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/exec-fn"))))
        let reason = try #require(outcome.notRendered)
        #expect(reason.cause == .unsupported)
        #expect(reason.message.contains("\(RenderFixtures.path("kustomize/exec-fn/set-team.yaml")) runs the exec KRM function ./set-team.sh"))
        #expect(reason.message.contains("install kustomize v5 and name it with --kustomize PATH"), "\(reason.message)")
    }

    @Test func helmChartsRenderThroughHelmOrAreNotRendered() throws {
        let directory = RenderFixtures.path("kustomize/with-chart")
        let stream = try RenderFixtures.renderer().render(.kustomization(KustomizationSource(directory: directory))).requireStream()
        #expect(try stream.names() == ["Deployment/tiny"])
        #expect(stream.documents.map(\.origin) == [.generated(generator: "HelmChartInflationGenerator", configuredIn: directory + "/kustomization.yaml")])
        #expect(stream.text.contains("replicas: 3"), "valuesInline reached the chart")
        let withoutHelm = RenderTools(helm: .failure(NotRendered(.rendererMissing, "no helm")), kustomize: try RenderFixtures.tools().kustomize)
        let reason = try #require(try RenderFixtures.renderer(withoutHelm).render(.kustomization(KustomizationSource(directory: directory))).notRendered)
        #expect(reason.cause == .unsupported)
        #expect(reason.message.contains("helmCharts"))
    }

    @Test func helmChartsWithoutHelmAreNotCheckedAndTheReportSaysWhatWouldRenderThem() throws {
        let console = TestConsole(cwd: RenderFixtures.root, env: ProcessInfo.processInfo.environment)
        let code = try runCLI(["--diff", "--level", "restricted", "--helm", "/nonexistent/helm", "kustomize/with-chart"], console)
        #expect(code == 3, "not checked: \(console.errText)")
        #expect(console.outText.isEmpty, "nothing is fixed: \(console.outText)")
        #expect(console.errText.contains("kustomize/with-chart: skipped:"), "\(console.errText)")
        #expect(console.errText.contains("renders Helm charts (helmCharts:), which needs helm: install Helm 3"), "\(console.errText)")
    }

    @Test func aComponentAloneIsNotRendered() throws {
        let outcome = try RenderFixtures.renderer().render(
            .kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/components/restricted"))))
        #expect(outcome.notRendered?.cause == .notRenderable)
    }

    @Test func aFailingBuildSaysWhatKustomizeSaid() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-broken-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "resources:\n- gone.yaml\n".write(toFile: dir + "/kustomization.yaml", atomically: true, encoding: .utf8)
        let reason = try #require(try RenderFixtures.renderer().render(.kustomization(KustomizationSource(directory: dir))).notRendered)
        #expect(reason.cause == .renderFailed)
        #expect(reason.message.hasPrefix("kubectl kustomize failed (exit 1): "))
        #expect(reason.message.contains("gone.yaml"), "\(reason.message)")
    }

    @Test func withoutKustomizeTheMessageSaysWhatToInstall() {
        let tools = RenderTools.resolve(helmOption: nil, kustomizeOption: nil, environment: ["PATH": "/nonexistent"], workingDirectory: "/")
        let outcome = ProcessRenderer(tools: tools).render(.kustomization(KustomizationSource(directory: RenderFixtures.path("kustomize/base"))))
        #expect(outcome.notRendered == NotRendered(.rendererMissing,
            "kustomize is not installed: install kubectl (it has kustomize built in) or kustomize, or name one with --kustomize CMD"))
    }

    @Test func kustomizeCommandsAreReadAsKubectlOrStandalone() {
        #expect(KustomizeCommand(executable: "/usr/bin/kubectl", given: [], wasNamed: false).arguments == ["kustomize"])
        #expect(!KustomizeCommand(executable: "/usr/bin/kubectl", given: ["kustomize"], wasNamed: true).isStandalone)
        let standalone = KustomizeCommand(executable: "/opt/kustomize", given: [], wasNamed: true)
        #expect(standalone.isStandalone && standalone.arguments == ["build"])
    }

    @Test func theUsersFilesAreNeverTouched() throws {
        let root = RenderFixtures.path("kustomize")
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for case let name as String in FileManager.default.enumerator(atPath: root)! {
                let path = root + "/" + name
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
                }
            }
            return files
        }
        let before = try snapshot()
        let renderer = try RenderFixtures.renderer()
        for fixture in ["overlays/prod", "overlays/staging", "with-chart", "exec-fn"] {
            _ = renderer.render(.kustomization(KustomizationSource(directory: root + "/" + fixture)))
        }
        #expect(try snapshot() == before)
    }
}
