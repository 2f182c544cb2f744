import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// A kustomization that creates its own Namespace with Pod Security labels (Flux's
/// `infrastructure/` layout): the labels decide the level of the render's workloads there, as a
/// loose Namespace manifest's would (found on a Flux-style tree, issue 21's real-tree run).
@Suite struct KustomizeNamespaceLevelTests {
    static let tree: [String: String] = [
        "infra/kustomization.yaml": "resources:\n- namespace.yaml\n- proxy.yaml\n- shop.yaml\n",
        "infra/namespace.yaml": """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ingress
              labels:
                pod-security.kubernetes.io/enforce: baseline
            """,
        "infra/proxy.yaml": deployment(name: "proxy", namespace: "ingress"),
        "infra/shop.yaml": deployment(name: "shop", namespace: "shop"),
    ]

    static func deployment(name: String, namespace: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          selector:
            matchLabels: {app: \(name)}
          template:
            metadata:
              labels: {app: \(name)}
            spec:
              containers:
              - name: \(name)
                image: ghcr.io/example/\(name):1.0

        """
    }

    func write(_ files: [String: String]) throws -> TempDir {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.path + "/.git", withIntermediateDirectories: true)
        for (path, text) in files {
            try FileManager.default.createDirectory(atPath: temp.path + "/" + RenderPath.parent(path), withIntermediateDirectories: true)
            try text.write(toFile: temp.path + "/" + path, atomically: true, encoding: .utf8)
        }
        return temp
    }

    @Test func theRendersNamespaceLabelsDecideItsWorkloadsLevel() throws {
        _ = try RenderFixtures.kubectl()
        let temp = try write(Self.tree)
        let check = TestConsole(cwd: temp.path, env: ProcessInfo.processInfo.environment)
        #expect(try runCLI(["check", "infra"], check) == 1)
        #expect(check.outText.contains("Deployment/shop (shop): violates PodSecurity \"restricted:latest\""), "\(check.outText)")
        #expect(!check.outText.contains("Deployment/proxy"), "proxy is in a baseline namespace and meets baseline: \(check.outText)")

        let fix = TestConsole(cwd: temp.path, env: ProcessInfo.processInfo.environment)
        #expect(try runCLI(["--diff", "infra"], fix) == 0)
        #expect(fix.outText.contains("+++ b/infra/shop.yaml"), "\(fix.outText)")
        #expect(!fix.outText.contains("infra/proxy.yaml"), "proxy passes its namespace's level: \(fix.outText)")
    }

    @Test func levelOverridesTheRendersNamespaceLabels() throws {
        _ = try RenderFixtures.kubectl()
        let temp = try write(Self.tree)
        let check = TestConsole(cwd: temp.path, env: ProcessInfo.processInfo.environment)
        #expect(try runCLI(["check", "--level", "restricted", "infra"], check) == 1)
        #expect(check.outText.contains("Deployment/proxy (ingress): violates PodSecurity \"restricted:latest\""), "\(check.outText)")
    }
}
