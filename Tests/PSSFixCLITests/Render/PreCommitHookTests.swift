import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// The hooks of `.pre-commit-hooks.yaml` run as pre-commit runs them: the hook's `entry` plus
/// the staged files its `types_or` and `exclude` let through. Staged files of a chart (a
/// template) and of a kustomization (a resource file) must reach pss-fix and resolve to the
/// chart and the kustomization, which are judged (and fixed) as rendered.
@Suite struct PreCommitHookTests {
    struct Hook {
        let id: String
        let entry: [String]
        let exclude: String?
        let types: [String]
    }

    static func hooks() throws -> [Hook] {
        let bytes = try #require(FileManager.default.contents(atPath: RenderFixtures.packageRoot + "/.pre-commit-hooks.yaml"))
        let root = try #require(try YAMLParser.parse(SourceText(Array(bytes))).documents.first?.root?.resolved)
        return root.items.map { item in
            Hook(
                id: item["id"]?.string ?? "",
                entry: (item["entry"]?.string ?? "").split(separator: " ").map(String.init),
                exclude: item["exclude"]?.string,
                types: item["types_or"]?.resolved.items.compactMap(\.string) ?? [])
        }
    }

    /// What pre-commit passes to the hook from `staged`: files of its types (by extension, as
    /// pre-commit's `identify` tags yaml and json) that its `exclude` regex does not match.
    func passed(_ staged: [String], to hook: Hook) throws -> [String] {
        let exclude = try hook.exclude.map { try Regex($0) }
        return staged.filter { path in
            let ext = (path as NSString).pathExtension.lowercased()
            let tag = ext == "yml" ? "yaml" : ext
            guard hook.types.contains(tag) else { return false }
            if let exclude, path.contains(exclude) { return false }
            return true
        }
    }

    /// charts/web (the `helm create` scaffold) and deploy/{base,overlay} (kustomize), a git repository.
    func repository() throws -> TempDir {
        let dir = TempDir()
        let fm = FileManager.default
        for folder in ["charts", "deploy", ".git"] { try fm.createDirectory(atPath: dir.path + "/" + folder, withIntermediateDirectories: true) }
        try fm.copyItem(atPath: RenderFixtures.packageRoot + "/ChartCases/scaffold/web", toPath: dir.path + "/charts/web")
        for part in ["base", "overlay"] {
            try fm.copyItem(atPath: RenderFixtures.packageRoot + "/KustomizeCases/plain-resource/" + part, toPath: dir.path + "/deploy/" + part)
        }
        return dir
    }

    static let staged = ["charts/web/templates/deployment.yaml", "charts/web/templates/_helpers.tpl", "deploy/overlay/backup-job.yaml"]

    @Test func bothHooksTakeTemplatesAndKustomizeFiles() throws {
        let hooks = try Self.hooks()
        #expect(hooks.map(\.id) == ["pss-fix", "pss-fix-check"])
        for hook in hooks {
            #expect(hook.entry.first == "pss-fix")
            #expect(try passed(Self.staged, to: hook) == ["charts/web/templates/deployment.yaml", "deploy/overlay/backup-job.yaml"], "\(hook.id)")
        }
    }

    @Test func theCheckHookJudgesTheChartAndTheOverlay() throws {
        let repo = try repository()
        let hook = try #require(try Self.hooks().first { $0.id == "pss-fix-check" })
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = try RenderFixtures.helm()
        _ = try RenderFixtures.kubectl()
        let run = TestConsole(cwd: repo.path, env: env)
        #expect(try runCLI(Array(hook.entry.dropFirst()) + passed(Self.staged, to: hook), run) == 1)
        let out = run.outText
        #expect(out.contains("charts/web/templates/deployment.yaml:2:1: Deployment/release-name-web: violates PodSecurity"), "\(out)")
        #expect(out.contains("charts/web/templates/tests/test-connection.yaml:2:1: Pod/release-name-web-test-connection"), "the chart is the unit")
        #expect(out.contains("deploy/overlay/backup-job.yaml:3:1: Job/shop-backup: violates PodSecurity"), "\(out)")
        #expect(!out.contains("skipped"), "\(out)")
    }

    @Test func theFixHookFixesThemAtTheirSources() throws {
        let repo = try repository()
        let hook = try #require(try Self.hooks().first { $0.id == "pss-fix" })
        var env = ProcessInfo.processInfo.environment
        env["PSS_FIX_HELM"] = try RenderFixtures.helm()
        _ = try RenderFixtures.kubectl()
        let template = try String(contentsOfFile: repo.path + "/charts/web/templates/deployment.yaml", encoding: .utf8)
        let run = TestConsole(cwd: repo.path, env: env)
        // The scaffold's test Pod is left for a person: exit 1, as pre-commit shows it.
        #expect(try runCLI(Array(hook.entry.dropFirst()) + passed(Self.staged, to: hook), run) == 1, "\(run.errText)")
        let values = try String(contentsOfFile: repo.path + "/charts/web/values.yaml", encoding: .utf8)
        #expect(values.contains("securityContext:\n  allowPrivilegeEscalation: false\n"), "\(values)")
        #expect(try String(contentsOfFile: repo.path + "/charts/web/templates/deployment.yaml", encoding: .utf8) == template)
        #expect(try String(contentsOfFile: repo.path + "/deploy/overlay/backup-job.yaml", encoding: .utf8).contains("runAsNonRoot: true"))
    }
}
