import Foundation
import Testing
@testable import PSSFixCLI

/// End to end over `Examples/migrate`: plan, diff, in-place, then in-place with --enforce.
@Suite struct MigrateTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/migrate").path

    /// A scratch copy of the example repository (migrate --in-place rewrites it).
    func copy() throws -> TempDir {
        let dir = TempDir()
        try FileManager.default.removeItem(atPath: dir.path)
        try FileManager.default.copyItem(atPath: Self.examples, toPath: dir.path)
        return dir
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func namespace(_ report: [String: Any], _ name: String) throws -> [String: Any] {
        let list = try #require(report["namespaces"] as? [[String: Any]])
        return try #require(list.first { $0["name"] as? String == name })
    }

    @Test func planDiffInPlaceAndEnforce() throws {
        let repo = try copy()
        let before = try String(contentsOfFile: repo.path + "/platform/namespaces.yaml", encoding: .utf8)

        // Plan: the namespace table, nothing written.
        let plan = TestConsole(cwd: repo.path)
        #expect(try runCLI(["migrate", "--format", "json", "."], plan) == 1, "monitoring is blocked")
        let report = try json(plan.outText)
        #expect(report["target"] as? String == "restricted:latest")
        let names = (report["namespaces"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["batch", "monitoring", "shop"])
        let shop = try namespace(report, "shop")
        #expect(shop["current"] as? String == "privileged")
        #expect(shop["afterFixes"] as? String == "restricted")
        #expect(shop["ready"] as? Bool == true)
        #expect((shop["workloads"] as? [Any])?.count == 4)
        let batch = try namespace(report, "batch")
        #expect(batch["current"] as? String == "baseline")
        #expect(batch["ready"] as? Bool == true)
        let monitoring = try namespace(report, "monitoring")
        #expect(monitoring["ready"] as? Bool == false)
        let blockers = try #require(monitoring["blockers"] as? [[String: Any]])
        // The node exporter can never reach restricted, so the atomic rule leaves it unchanged:
        // what the automatic fixes would have resolved still counts against the target.
        #expect(Set(blockers.compactMap { $0["check"] as? String }) == [
            "hostNamespaces", "hostPorts", "privileged", "allowPrivilegeEscalation", "restrictedVolumes",
            "capabilities_restricted", "runAsNonRoot", "seccompProfile_restricted",
        ])
        #expect(blockers.allSatisfy { !($0["action"] as? String ?? "").isEmpty })
        #expect(try String(contentsOfFile: repo.path + "/platform/namespaces.yaml", encoding: .utf8) == before)

        // Diff: label edits and workload fixes, still nothing written.
        let diff = TestConsole(cwd: repo.path)
        _ = try runCLI(["migrate", "--diff", "."], diff)
        #expect(diff.outText.contains("+    pod-security.kubernetes.io/warn: restricted\n+    pod-security.kubernetes.io/audit: restricted\n"))
        #expect(diff.outText.contains("diff --git a/shop/web.yaml b/shop/web.yaml"))
        let vendorDiff = diff.outText.components(separatedBy: "diff --git a/vendor/ingress-controller.yaml").last ?? ""
        #expect(!vendorDiff.contains("allowPrivilegeEscalation"), "the exempted container is not touched for that check")
        #expect(diff.errText.contains("monitoring"), "the report goes to stderr with --diff")

        // In place: files fixed, warn/audit labels raised, enforce untouched.
        let apply = TestConsole(cwd: repo.path)
        #expect(try runCLI(["migrate", "--in-place", "."], apply) == 1)
        let namespaces = try String(contentsOfFile: repo.path + "/platform/namespaces.yaml", encoding: .utf8)
        #expect(namespaces.contains("    team: storefront\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n"))
        #expect(namespaces.contains("pod-security.kubernetes.io/enforce: privileged   # node agents need the host"))
        #expect(!namespaces.contains("enforce: restricted"))
        let web = try String(contentsOfFile: repo.path + "/shop/web.yaml", encoding: .utf8)
        #expect(web.contains("allowPrivilegeEscalation: false") && web.contains("runAsNonRoot: true"))
        let debug = try String(contentsOfFile: repo.path + "/shop/debug.yaml", encoding: .utf8)
        #expect(debug.contains("type: Unconfined"), "the exempted container keeps its profile")
        #expect(debug.contains("add: [\"SYS_PTRACE\"]"))
        let vendor = try String(contentsOfFile: repo.path + "/vendor/ingress-controller.yaml", encoding: .utf8)
        #expect(vendor.contains("allowPrivilegeEscalation: true"), "exempted by .pss-fix.yaml")
        #expect(vendor.contains("runAsNonRoot: true"), "what is not exempted is still fixed")

        // Enforce: only namespaces whose workloads all pass get enforce=restricted.
        let enforce = TestConsole(cwd: repo.path)
        _ = try runCLI(["migrate", "--in-place", "--enforce", "--format", "json", "."], enforce)
        let final = try String(contentsOfFile: repo.path + "/platform/namespaces.yaml", encoding: .utf8)
        #expect(final.contains("    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/enforce: restricted\n---"), "shop")
        #expect(final.contains("    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.29"), "batch raised in place")
        #expect(final.contains("pod-security.kubernetes.io/enforce: privileged"), "monitoring stays privileged: it is blocked")
        let after = try json(enforce.outText)
        #expect(try namespace(after, "shop")["current"] as? String == "restricted")

        // A second run changes nothing more.
        let again = TestConsole(cwd: repo.path)
        _ = try runCLI(["migrate", "--diff", "--enforce", "."], again)
        #expect(again.outText.isEmpty, "\(again.outText)")
    }

    @Test func markdownForAPullRequest() throws {
        let run = TestConsole(cwd: Self.examples)
        _ = try runCLI(["migrate", "--format", "markdown", "."], run)
        #expect(run.outText.hasPrefix("### Pod Security migration to `restricted:latest`\n"))
        #expect(run.outText.contains("| `monitoring` | 1 | privileged | privileged | ❌ no | 8 |"))
        #expect(run.outText.contains("#### Exempted"))
    }

    @Test func namespacesWithoutManifestsAreReportedNotInvented() throws {
        let dir = TempDir()
        dir.write("app.yaml", unfixedPod.replacingOccurrences(of: "name: web", with: "name: web\n  namespace: orphan"))
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["migrate", "--in-place", "."], run) == 0)
        #expect(run.outText.contains("no Namespace manifest in the input"))
        #expect(!dir.read("app.yaml").contains("pod-security.kubernetes.io"))
    }
}

/// Recommendations and the labels they plan, for manifests in a repository.
@Suite struct MigrateRecommendationTests {
    static let namespaces = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: agents
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: kube-system
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apps
          labels:
            pod-security.kubernetes.io/warn: restricted

        """
    static let agent = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: log-shipper
          namespace: agents
        spec:
          selector: {matchLabels: {app: log-shipper}}
          template:
            metadata: {labels: {app: log-shipper}}
            spec:
              containers:
              - name: shipper
                image: example/shipper:1
              volumes:
              - name: logs
                hostPath: {path: /var/log}

        """

    @Test func nodeAgentsGetPrivilegedLabelsAndKubeSystemNone() throws {
        let dir = TempDir()
        dir.write("namespaces.yaml", Self.namespaces)
        dir.write("agent.yaml", Self.agent)
        dir.write("proxy.yaml", Self.agent.replacingOccurrences(of: "log-shipper", with: "proxy").replacingOccurrences(of: "agents", with: "kube-system"))
        dir.write("app.yaml", unfixedPod.replacingOccurrences(of: "name: web", with: "name: web\n  namespace: apps"))
        let run = TestConsole(cwd: dir.path)
        #expect(try runCLI(["migrate", "--diff", "--color", "never", "."], run) == 1)
        #expect(run.outText.contains("""
               name: agents
            +  labels:
            +    pod-security.kubernetes.io/enforce: privileged
            +    pod-security.kubernetes.io/warn: restricted
            +    pod-security.kubernetes.io/audit: restricted
            """), "\(run.outText)")
        #expect(!run.outText.contains("name: kube-system\n+"), "kube-system is exempt: no labels")
        #expect(run.outText.contains("+    pod-security.kubernetes.io/audit: restricted\n"), "apps: audit raised, warn already there")
        #expect(run.errText.contains("NAMESPACE    WORKLOADS  TODAY       AFTER FIXES  READY  BLOCKERS  RECOMMENDED\n"))
        #expect(run.errText.contains("agents       1          privileged  privileged   no     5         privileged → restricted\n"))
        #expect(run.errText.contains("kube-system  1          privileged  privileged   no     5         privileged → restricted (exempt)\n"))
        #expect(run.errText.contains("  recommended enforce=privileged, warn and audit=restricted: DaemonSet/log-shipper needs the node (hostPath volumes)"))
        #expect(!run.errText.contains("Input:"), "manifests are not a live cluster")
    }
}
