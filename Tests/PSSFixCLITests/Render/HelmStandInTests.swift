import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// The test stand-in itself (Tests/Support/helm/helm.py): it must behave like helm where the
/// tests rely on it and refuse loudly where it does not implement helm.
@Suite struct HelmStandInTests {
    @Test func unknownFlagsAndCommandsFailNamingThem() throws {
        let helm = try RenderFixtures.helm()
        for (arguments, named) in [(["template", RenderFixtures.path("helm/web"), "--post-renderer", "x"], "flag --post-renderer"),
                                   (["template", RenderFixtures.path("helm/web"), "-s", "templates/x.yaml"], "flag -s"),
                                   (["install", "web", RenderFixtures.path("helm/web")], "command install"),
                                   (["version", "--template", "{{.Version}}"], "flag --template")] {
            let run = try RenderFixtures.run(helm, arguments)
            #expect(run.status == 1, "\(arguments)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderrText.contains("does not implement \(named)"), "\(run.stderrText)")
        }
    }

    @Test func versionAnswersHelm3AsKustomizeRequires() throws {
        let run = try RenderFixtures.run(try RenderFixtures.helm(), ["version", "-c", "--short"])
        #expect(run.status == 0)
        #expect(String(decoding: run.stdout, as: UTF8.self).hasPrefix("v3."))
        let long = try RenderFixtures.run(try RenderFixtures.helm(), ["version"])
        #expect(String(decoding: long.stdout, as: UTF8.self).hasPrefix("version.BuildInfo{Version:\"v3."))
    }

    @Test func theFlagsKustomizeSendsAreAccepted() throws {
        // What kubectl kustomize v5.5 runs for a helmCharts entry with every option set.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-kflags-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "replicaCount: 4\n".write(toFile: dir + "/values.yaml", atomically: true, encoding: .utf8)
        let run = try RenderFixtures.run(try RenderFixtures.helm(), [
            "template", "--generate-name", RenderFixtures.path("helm/web"), "--namespace", "ns1", "-f", dir + "/values.yaml",
            "--api-versions", "foo/v1", "--kube-version", "1.29", "--include-crds", "--skip-tests", "--no-hooks",
        ])
        #expect(run.status == 0, "\(run.stderrText)")
        let text = String(decoding: run.stdout, as: UTF8.self)
        #expect(text.contains("replicas: 4"))
        #expect(text.contains("name: release-name-web"), "--generate-name still gives release-name, as helm 3 does")
        #expect(!text.contains("test-connection"), "--skip-tests")
        let named = try RenderFixtures.run(try RenderFixtures.helm(), ["template", "r", RenderFixtures.path("helm/web"), "--name-template", "x"])
        #expect(named.status == 1)
        #expect(named.stderrText.contains("cannot set --name-template and also specify a name"))
    }

    @Test func hooksAreLeftOutWithNoHooksAndTestsWithSkipTests() throws {
        let chart = RenderFixtures.path("helm/umbrella")
        let all = String(decoding: try RenderFixtures.run(try RenderFixtures.helm(), ["template", chart]).stdout, as: UTF8.self)
        let noHooks = String(decoding: try RenderFixtures.run(try RenderFixtures.helm(), ["template", chart, "--no-hooks"]).stdout, as: UTF8.self)
        #expect(all.contains("# Source: umbrella/templates/hook.yaml"))
        #expect(!noHooks.contains("hook.yaml"))
        #expect(noHooks.hasSuffix("image: busybox:1.36\n"))
    }
    @Test func crdsArePrintedFirstWithIncludeCRDsAndMissingDependenciesFail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-crds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for folder in ["crdc/templates", "crdc/crds"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
        }
        try "apiVersion: v2\nname: crdc\nversion: 0.1.0\n".write(toFile: dir + "/crdc/Chart.yaml", atomically: true, encoding: .utf8)
        try "kind: CustomResourceDefinition\nmetadata:\n  name: x.example.com\n".write(toFile: dir + "/crdc/crds/x.yaml", atomically: true, encoding: .utf8)
        try "kind: ConfigMap\nmetadata:\n  name: a\n".write(toFile: dir + "/crdc/templates/a.yaml", atomically: true, encoding: .utf8)
        let helm = try RenderFixtures.helm()
        let run = try RenderFixtures.run(helm, ["template", dir + "/crdc", "--include-crds"])
        // helm prints a CRD file as it is, so its final newline leaves a blank line.
        #expect(String(decoding: run.stdout, as: UTF8.self) == """
            ---
            # Source: crdc/crds/x.yaml
            kind: CustomResourceDefinition
            metadata:
              name: x.example.com

            ---
            # Source: crdc/templates/a.yaml
            kind: ConfigMap
            metadata:
              name: a

            """)
        #expect(!String(decoding: try RenderFixtures.run(helm, ["template", dir + "/crdc"]).stdout, as: UTF8.self).contains("CustomResourceDefinition"))
        try "apiVersion: v2\nname: crdc\nversion: 0.1.0\ndependencies:\n- name: gone\n  version: 1.0.0\n"
            .write(toFile: dir + "/crdc/Chart.yaml", atomically: true, encoding: .utf8)
        let missing = try RenderFixtures.run(helm, ["template", dir + "/crdc"])
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains("found in Chart.yaml, but missing in charts/ directory: gone"))
    }
}
