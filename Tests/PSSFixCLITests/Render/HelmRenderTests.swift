import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// Charts rendered by `helm template` (the stand-in on the real Helm engine).
@Suite struct HelmRenderTests {
    @Test func theScaffoldChartRendersWithATemplateOriginPerManifest() throws {
        let chart = RenderFixtures.path("helm/web")
        let stream = try RenderFixtures.renderer().render(
            .helmChart(HelmChartSource(path: chart, releaseName: "shop", namespace: "apps"))).requireStream()
        #expect(try stream.names() == ["ServiceAccount/shop-web", "Service/shop-web", "Deployment/shop-web",
                                       "Pod/shop-web-test-connection"], "install order, test hook last")
        #expect(stream.documents.map(\.origin) == [
            .helmTemplate(source: "web/templates/serviceaccount.yaml", file: chart + "/templates/serviceaccount.yaml"),
            .helmTemplate(source: "web/templates/service.yaml", file: chart + "/templates/service.yaml"),
            .helmTemplate(source: "web/templates/deployment.yaml", file: chart + "/templates/deployment.yaml"),
            .helmTemplate(source: "web/templates/tests/test-connection.yaml", file: chart + "/templates/tests/test-connection.yaml"),
        ], "NOTES.txt, _helpers.tpl and templates that render empty (hpa, ingress, httproute) are not manifests")
        #expect(stream.text.hasPrefix("---\n# Source: web/templates/serviceaccount.yaml\napiVersion: v1\n"))
        for document in stream.documents { #expect(stream.text(of: document).hasPrefix("---\n# Source: ")) }
        // This scaffold (Helm v4's) wraps securityContext in `with`: the empty default values
        // render no securityContext at all (Helm v3's scaffold printed `{}` under the key).
        #expect(!stream.text.contains("securityContext"))
    }

    @Test func subchartsMultiDocumentTemplatesAndHooks() throws {
        let chart = RenderFixtures.path("helm/umbrella")
        let stream = try RenderFixtures.renderer().render(
            .helmChart(HelmChartSource(path: chart, releaseName: "shop", namespace: "apps"))).requireStream()
        #expect(try stream.names() == ["ServiceAccount/shop-migrate", "ConfigMap/shop-greeting", "Deployment/shop-backend",
                                       "Job/shop-migrate", "Pod/shop-before"])
        #expect(stream.documents.map(\.origin.file) == [
            chart + "/templates/jobs.yaml", chart + "/templates/configmap.yaml",
            chart + "/charts/backend/templates/deployment.yaml", chart + "/templates/jobs.yaml", chart + "/templates/hook.yaml",
        ], "both documents of jobs.yaml name it; the subchart's template is found under charts/")
        #expect(stream.text.contains("namespace: apps"))
        #expect(stream.text.contains("replicas: 2"), "the parent's values reach the subchart")
    }

    @Test func valuesFilesAndSetAreAppliedInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-values-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "greeting: first\nbackend: {replicas: 4}\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try "greeting: second\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let source = HelmChartSource(path: RenderFixtures.path("helm/umbrella"), releaseName: "r",
                                     valuesFiles: [dir + "/a.yaml", dir + "/b.yaml"], setValues: ["backend.replicas=7"])
        let stream = try RenderFixtures.renderer().render(.helmChart(source)).requireStream()
        #expect(stream.text.contains("greeting: \"second\""), "a later values file wins")
        #expect(stream.text.contains("replicas: 7"), "--set wins over values files")
        #expect(stream.text.contains("namespace: default"), "helm's default namespace without --namespace")
    }

    @Test func aChartUsingALibraryRendersTheLibraryAloneDoesNot() throws {
        let renderer = try RenderFixtures.renderer()
        let app = try renderer.render(.helmChart(HelmChartSource(path: RenderFixtures.path("helm/app")))).requireStream()
        #expect(try app.names() == ["Deployment/release-name"], "helm's default release name")
        #expect(app.documents.map(\.origin.file) == [RenderFixtures.path("helm/app/templates/deployment.yaml")])
        let library = renderer.render(.helmChart(HelmChartSource(path: RenderFixtures.path("helm/common"))))
        #expect(library.notRendered?.cause == .renderFailed)
        #expect(library.notRendered?.message.contains("library charts are not installable") == true, "\(library.notRendered?.message ?? "")")
    }

    @Test func aFailingRenderSaysWhatHelmSaid() throws {
        let outcome = try RenderFixtures.renderer().render(.helmChart(HelmChartSource(path: RenderFixtures.path("helm/broken"))))
        let reason = try #require(outcome.notRendered)
        #expect(reason.cause == .renderFailed)
        #expect(reason.message.hasPrefix("helm template failed (exit 1): Error: execution error at (broken/templates/configmap.yaml:4:11): broken needs .Values.name"),
                "\(reason.message)")
    }

    @Test func aPackagedChartRendersWithoutFilesOnDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-tgz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let archive = dir + "/web-0.1.0.tgz"
        let tar = try RenderFixtures.run("/usr/bin/tar", ["-czf", archive, "-C", RenderFixtures.path("helm"), "web"])
        #expect(tar.status == 0, "\(tar.stderrText)")
        let stream = try RenderFixtures.renderer().render(.helmChart(HelmChartSource(path: archive, releaseName: "shop"))).requireStream()
        #expect(stream.documents.map(\.origin) == [
            .helmTemplate(source: "web/templates/serviceaccount.yaml", file: nil),
            .helmTemplate(source: "web/templates/service.yaml", file: nil),
            .helmTemplate(source: "web/templates/deployment.yaml", file: nil),
            .helmTemplate(source: "web/templates/tests/test-connection.yaml", file: nil),
        ])
    }

    @Test func withoutHelmTheChartIsNotRenderedAndTheMessageSaysWhatToInstall() {
        let tools = RenderTools.resolve(helmOption: nil, kustomizeOption: nil, environment: ["PATH": "/nonexistent"], workingDirectory: "/")
        let outcome = ProcessRenderer(tools: tools).render(.helmChart(HelmChartSource(path: RenderFixtures.path("helm/web"))))
        #expect(outcome.notRendered == NotRendered(.rendererMissing,
            "helm is not installed: install Helm 3 (the `helm` command) or name it with --helm PATH or PSS_FIX_HELM"))
    }

    @Test func helmIsChosenFromTheOptionThenTheEnvironmentThenPath() throws {
        let helm = try RenderFixtures.helm()
        let bin = RenderPath.parent(helm)
        func chosen(_ option: String?, _ env: [String: String]) -> Result<String, NotRendered> {
            RenderTools.resolve(helmOption: option, kustomizeOption: nil, environment: env, workingDirectory: "/").helm
        }
        #expect(try chosen(helm, ["PSS_FIX_HELM": "/nonexistent/helm"]).get() == helm, "--helm wins")
        #expect(try chosen(nil, ["PSS_FIX_HELM": helm, "PATH": "/nonexistent"]).get() == helm)
        #expect(try chosen(nil, ["PATH": "/nonexistent:" + bin]).get() == helm, "helm on PATH")
        guard case .failure(let missing) = chosen("/nonexistent/helm", ["PATH": bin]) else {
            Issue.record("a --helm that does not exist fell back to PATH"); return
        }
        #expect(missing.message.hasPrefix("helm /nonexistent/helm (from --helm) is not an executable file"))
    }

    @Test func theArgumentsAreHelmTemplates() {
        let source = HelmChartSource(path: "/c/web", releaseName: "shop", namespace: "apps", valuesFiles: ["/v/a.yaml", "/v/b.yaml"],
                                     setValues: ["a=1", "b.c=x"])
        #expect(ProcessRenderer.helmArguments(source) == [
            "template", "shop", "/c/web", "--namespace", "apps", "--values", "/v/a.yaml", "--values", "/v/b.yaml",
            "--set", "a=1", "--set", "b.c=x",
        ])
        #expect(ProcessRenderer.helmArguments(HelmChartSource(path: "/c/web")) == ["template", "/c/web"])
    }
}
