import Foundation
import Testing
@testable import PSSFixCLI

/// `migrate` over a repository holding a Helm chart (the `helm create` scaffold of
/// ChartCases/scaffold) and a kustomize overlay (KustomizeCases/plain-resource): it judges what
/// they render, at their template and resource files, counts as fixed only what their source
/// fixers place, writes those source changes with --in-place, and reports a chart it cannot
/// render as not checked.
@Suite struct MigrateSourcesTests {
    /// repo/charts/web (chart) and repo/deploy/{base,overlay} (kustomize), with an empty .git.
    func repository() throws -> TempDir {
        let dir = TempDir()
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.path + "/charts", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir.path + "/deploy", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: dir.path + "/.git", withIntermediateDirectories: true)
        try fm.copyItem(atPath: RenderFixtures.packageRoot + "/ChartCases/scaffold/web", toPath: dir.path + "/charts/web")
        for part in ["base", "overlay"] {
            try fm.copyItem(atPath: RenderFixtures.packageRoot + "/KustomizeCases/plain-resource/" + part, toPath: dir.path + "/deploy/" + part)
        }
        return dir
    }

    func workloads(_ json: String) throws -> [String: [String: Any]] {
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let namespaces = try #require(report["namespaces"] as? [[String: Any]])
        var found: [String: [String: Any]] = [:]
        for ns in namespaces {
            for w in ns["workloads"] as? [[String: Any]] ?? [] { found["\(w["kind"] ?? "")/\(w["name"] ?? "")"] = w }
        }
        return found
    }

    @Test func chartsAndOverlaysAreJudgedAsRenderedAndFixedAtTheirSources() throws {
        let repo = try repository()
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = try RenderFixtures.helm()
        _ = try RenderFixtures.kubectl()
        let templates = try String(contentsOfFile: repo.path + "/charts/web/templates/deployment.yaml", encoding: .utf8)
        let probeTemplate = repo.path + "/charts/web/templates/tests/test-connection.yaml"

        let plan = TestConsole(cwd: repo.path, env: env)
        // Every namespace can reach restricted once the source fixes are placed (exit 0).
        #expect(try runCLI(["migrate", "--format", "json", "."], plan) == 0, "\(plan.errText)")
        let found = try workloads(plan.outText)
        #expect(Set(found.keys) == ["Deployment/release-name-web", "Pod/release-name-web-test-connection", "Deployment/shop-web", "Job/shop-backup"])
        let web = try #require(found["Deployment/release-name-web"])
        #expect(web["file"] as? String == "charts/web/templates/deployment.yaml")
        #expect(web["afterFixes"] as? String == "restricted")
        #expect((web["changes"] as? [String])?.count == 4)
        // The test-connection Pod has no values key: its changes go into the template's
        // literal YAML (rule 2), so it counts as fixed too.
        let probe = try #require(found["Pod/release-name-web-test-connection"])
        #expect(probe["file"] as? String == "charts/web/templates/tests/test-connection.yaml")
        #expect(probe["afterFixes"] as? String == "restricted")
        #expect((probe["changes"] as? [String])?.count == 4)
        #expect(try #require(found["Job/shop-backup"])["file"] as? String == "deploy/overlay/backup-job.yaml")
        #expect(!plan.errText.contains("skipped"), "\(plan.errText)")

        let apply = TestConsole(cwd: repo.path, env: env)
        #expect(try runCLI(["migrate", "--in-place", "."], apply) == 0, "\(apply.errText)")
        let values = try String(contentsOfFile: repo.path + "/charts/web/values.yaml", encoding: .utf8)
        #expect(values.contains("podSecurityContext:\n  runAsNonRoot: true\n"), "\(values)")
        #expect(try String(contentsOfFile: repo.path + "/deploy/overlay/backup-job.yaml", encoding: .utf8).contains("runAsNonRoot: true"))
        #expect(try String(contentsOfFile: repo.path + "/charts/web/templates/deployment.yaml", encoding: .utf8) == templates)
        let probeFixed = try String(contentsOfFile: probeTemplate, encoding: .utf8)
        #expect(probeFixed.contains("allowPrivilegeEscalation: false") && probeFixed.contains("{{ include \"web.fullname\" . }}"), "\(probeFixed)")

        let again = TestConsole(cwd: repo.path, env: env)
        _ = try runCLI(["migrate", "--diff", "."], again)
        #expect(again.outText.isEmpty, "a second run changed something:\n\(again.outText)")
    }

    @Test func aChartThatDoesNotRenderIsNotChecked() throws {
        let repo = try repository()
        _ = try RenderFixtures.kubectl()
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = repo.path + "/no-such-helm"
        let plan = TestConsole(cwd: repo.path, env: env)
        // The overlay alone could reach restricted; the chart was not checked: exit 3.
        #expect(try runCLI(["migrate", "."], plan) == 3, "\(plan.outText)\(plan.errText)")
        #expect(plan.errText.contains("charts/web: skipped: not rendered"), "\(plan.errText)")
        #expect(plan.outText.contains("Job/shop-backup"))
        #expect(!plan.outText.contains("release-name-web"))
    }
}
