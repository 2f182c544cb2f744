import Foundation
import PSSFixCore
import Testing
@testable import PSSFixCLI

/// `migrate` on the kubectl dumps of `Examples/cluster`: namespaces and Pods as YAML, and the
/// same cluster with its controllers as JSON.
@Suite struct ClusterMigrateTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/cluster").path
    static let pods = "namespaces-pods.yaml"
    static let workloads = "namespaces-workloads.json"

    func run(_ args: [String], cwd: String? = nil) throws -> (Int32, TestConsole) {
        let console = TestConsole(cwd: cwd ?? Self.examples)
        return (try runCLI(["migrate"] + args, console), console)
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let (_, console) = try run(args + ["--format", "json"])
        return try #require(JSONSerialization.jsonObject(with: Data(console.outText.utf8)) as? [String: Any])
    }

    func namespaces(_ report: [String: Any]) throws -> [String: [String: Any]] {
        let list = try #require(report["namespaces"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }

    /// `Kind/name×replicas today→after` for every workload of a namespace, in report order.
    func workloads(_ ns: [String: Any]?) -> [String] {
        ((ns?["workloads"] as? [[String: Any]]) ?? []).map {
            "\($0["kind"]!)/\($0["name"]!)×\($0["replicas"]!) \($0["current"]!)→\($0["afterFixes"]!)"
        }
    }

    @Test func eachWorkloadOnceWithItsPodsFromAPodsOnlyDump() throws {
        let report = try json([Self.pods])
        #expect(report["input"] as? String == "cluster")
        let ns = try namespaces(report)
        #expect(ns.keys.sorted() == ["batch", "default", "kube-node-lease", "kube-public", "kube-system", "monitoring", "shop"])
        #expect(workloads(ns["batch"]) == ["CronJob/nightly-report×2 restricted→restricted"])
        #expect(workloads(ns["default"]) == ["Pod/debug-shell×1 baseline→restricted"])
        #expect(workloads(ns["kube-system"]) == [
            "Deployment/coredns×2 baseline→restricted", "Pod/etcd-node-a×1 privileged→privileged",
            "Pod/kube-apiserver-node-a×1 privileged→privileged", "DaemonSet/kube-proxy×2 privileged→privileged",
        ])
        #expect(workloads(ns["monitoring"]) == ["DaemonSet/node-exporter×2 privileged→privileged", "StatefulSet/prometheus×1 baseline→restricted"])
        // Only Pods: cart's old ReplicaSet's Pod (root) is all there is to go by; web's istio-init needs NET_ADMIN.
        #expect(workloads(ns["shop"]) == [
            "Deployment/cart×3 baseline→baseline", "Job/db-migrate×1 baseline→restricted", "Deployment/web×3 privileged→privileged",
        ])
        let total = ns.values.flatMap { ($0["workloads"] as? [[String: Any]]) ?? [] }.reduce(0) { $0 + ($1["replicas"] as! Int) }
        #expect(total == 19, "every Pod of the dump is counted once")
        #expect(ns.mapValues { $0["ready"] as! Bool } == [
            "batch": true, "default": false, "kube-node-lease": true, "kube-public": true, "kube-system": false,
            "monitoring": false, "shop": false,
        ])
    }

    @Test func controllersInTheDumpDriveTheAdvice() throws {
        let ns = try namespaces(try json([Self.workloads]))
        #expect(workloads(ns["shop"]) == [
            "Deployment/cart×3 baseline→restricted", "Deployment/web×3 privileged→privileged", "Job/db-migrate×1 baseline→restricted",
        ], "cart's template meets restricted: its old Pod goes with the rollout")
        let cart = try #require((ns["shop"]?["workloads"] as? [[String: Any]])?.first)
        let variants = try #require(cart["podVariants"] as? [[String: Any]])
        #expect(variants.map { $0["pods"] as! [String] } == [["cart-5f7b9c4d8-8wzlp", "cart-5f7b9c4d8-tq6rn"], ["cart-6c8d7f9b5-x2k9p"]])
        #expect(variants.map { $0["level"] as! String } == ["restricted", "baseline"])
        #expect(ns["shop"]?["ready"] as? Bool == false, "the old Pod runs today")
        #expect(cart["ownerInferredFrom"] == nil, "the Deployment is in the dump")

        let web = try #require((ns["shop"]?["workloads"] as? [[String: Any]])?[1])
        #expect((web["injected"] as? [[String: Any]])?.map { $0["container"] as! String } == ["istio-init", "istio-proxy"])
        #expect(web["changes"] as? [String] == [
            "[allowPrivilegeEscalation] container \"web\": set securityContext.allowPrivilegeEscalation=false",
            "[capabilities_restricted] container \"web\": added \"ALL\" to securityContext.capabilities.drop",
            "[runAsNonRoot] pod: set securityContext.runAsNonRoot=true",
            "[seccompProfile_restricted] pod: set securityContext.seccompProfile.type=RuntimeDefault",
        ])
        let blockers = try #require(ns["shop"]?["blockers"] as? [[String: Any]])
        #expect(blockers.map { $0["check"] as! String } == ["capabilities_restricted", "runAsNonRoot", "runAsUser"])
        #expect(blockers.allSatisfy { $0["injectedBy"] as? String == "istio (sidecar.istio.io/status)" && $0["containers"] as? [String] == ["istio-init"] })
        #expect(blockers.allSatisfy { ($0["action"] as! String).contains("Istio CNI") })
    }

    /// The contract of issue 24: a namespace is never called ready while a running Pod there
    /// fails the target (and one that is not ready has such a Pod, or a workload whose template fails).
    @Test(arguments: [("namespaces-pods.yaml", "restricted"), ("namespaces-workloads.json", "restricted"), ("namespaces-pods.yaml", "baseline")])
    func readyMeansEveryRunningPodPassesToday(_ file: String, _ level: String) throws {
        let target = try #require(PolicyLevel(rawValue: level))
        let ns = try namespaces(try json([file, "--to", level]))
        let bytes = try #require(FileManager.default.contents(atPath: Self.examples + "/" + file))
        let pods = Workload.find(in: try YAMLParser.parse(SourceText(Array(bytes)))).filter { $0.kind == .pod }
        for (name, status) in ns {
            let failing = pods.filter { $0.namespace == name && !Evaluator.evaluate($0.pod, level: target, version: .latest).isEmpty }
            #expect((status["ready"] as! Bool) == failing.isEmpty, "\(name): ready \(status["ready"]!), failing Pods \(failing.compactMap(\.name))")
        }
    }

    @Test func recommendations() throws {
        let ns = try namespaces(try json([Self.pods]))
        func rec(_ name: String) -> String {
            let r = ns[name]?["recommended"] as? [String: Any]
            return "\(r?["enforce"] ?? "?")/\(r?["warn"] ?? "?")/\(r?["audit"] ?? "?") \(r?["basis"] ?? "?")"
        }
        #expect(rec("batch") == "restricted/restricted/restricted workloads")
        #expect(rec("default") == "baseline/restricted/restricted workloads")
        #expect(rec("kube-public") == "restricted/restricted/restricted workloads")
        #expect(rec("kube-node-lease") == "restricted/restricted/restricted workloads")
        #expect(rec("kube-system") == "privileged/restricted/restricted system")
        #expect(rec("monitoring") == "privileged/restricted/restricted hostAccess", "prometheus reaches restricted")
        #expect(rec("shop") == "privileged/baseline/baseline workloads", "web's injected istio-init cannot reach restricted")
        #expect(ns["kube-system"]?["exempt"] as? Bool == true && ns["monitoring"]?["exempt"] as? Bool == false)
        let monitoring = try #require(ns["monitoring"]?["recommended"] as? [String: Any])
        #expect((monitoring["reason"] as? String)?.hasPrefix("DaemonSet/node-exporter needs the node (host namespaces, hostPath volumes)") == true)
    }

    @Test func textSaysItIsALiveCluster() throws {
        let (code, console) = try run([Self.pods, "--color", "never"])
        #expect(code == 1, "some namespaces are not ready")
        let lines = console.outText.components(separatedBy: "\n")
        #expect(lines[0] == "Target: restricted:latest")
        #expect(lines[1] == "Input: a live cluster (namespaces-pods.yaml): 19 Pods of 11 workloads in 7 namespaces; today and ready mean what the running Pods meet now")
        #expect(Array(lines[3...10]) == [
            "NAMESPACE        WORKLOADS  PODS  TODAY       AFTER FIXES  READY NOW  BLOCKERS  RECOMMENDED",
            "batch            1          2     restricted  restricted   yes        0         restricted",
            "default          1          1     baseline    restricted   no         0         baseline → restricted",
            "kube-node-lease  0          0     restricted  restricted   yes        0         restricted",
            "kube-public      0          0     restricted  restricted   yes        0         restricted",
            "kube-system      4          6     privileged  privileged   no         17        privileged → restricted (exempt)",
            "monitoring       2          3     privileged  privileged   no         5         privileged → restricted",
            "shop             3          7     privileged  privileged   no         8         privileged → baseline",
        ])
        #expect(console.outText.contains("  workload Deployment/web: 3 Pods, today privileged, after its owners' changes privileged (namespaces-pods.yaml:2922)\n          owner not in the input: named from the Pods' pod-template-hash\n          injected istio-init, istio-proxy by istio (sidecar.istio.io/status): not in its manifest\n"))
        #expect(console.outText.contains("  owners change Pod/debug-shell (namespaces-pods.yaml:545): 4 changes\n"))
        #expect(!console.outText.contains("would fix") && !console.outText.contains("  fixed "), "pss-fix changes nothing in a cluster")
        #expect(console.outText.contains("  label planned pod-security.kubernetes.io/enforce=privileged\n"), "monitoring")
    }

    @Test func aDumpIsNeverRewritten() throws {
        let dir = TempDir()
        let bytes = try #require(FileManager.default.contents(atPath: Self.examples + "/" + Self.pods))
        dir.write("dump.yaml", String(decoding: bytes, as: UTF8.self))
        for mode in ["--diff", "--in-place"] {
            let (code, console) = try run(["dump.yaml", mode], cwd: dir.path)
            #expect(code == 2)
            #expect(console.errText.hasPrefix("dump.yaml: error: a cluster dump is read, not rewritten"))
            #expect(console.outText.isEmpty)
        }
        #expect(Array(dir.read("dump.yaml").utf8) == Array(bytes))
    }

    @Test func aNamespacesOnlyDumpOnStdinIsACluster() throws {
        let dump = """
            apiVersion: v1
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                labels:
                  kubernetes.io/metadata.name: apps
                name: apps
                resourceVersion: "411"
                uid: 6d1c0e1e-2b7a-4f7e-9c1a-3f0d5c1e2a10
              spec:
                finalizers:
                - kubernetes
              status:
                phase: Active
            kind: List
            metadata:
              resourceVersion: ""

            """
        let console = TestConsole(stdin: Array(dump.utf8), cwd: Self.examples)
        #expect(try runCLI(["migrate", "-", "--format", "kubectl", "--enforce"], console) == 0)
        #expect(console.outText.contains("# Input: a live cluster (-): 0 Pods of 0 workloads in 1 namespace;"))
        #expect(console.outText.contains("\nkubectl label --overwrite namespace apps pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest "))
        let text = TestConsole(stdin: Array(dump.utf8), cwd: Self.examples)
        _ = try runCLI(["migrate", "-", "--color", "never"], text)
        #expect(text.outText.contains("  label planned pod-security.kubernetes.io/warn=restricted\n"), "planned, never written into a dump")
    }

    @Test func markdownForTheNamespacesOwners() throws {
        let (_, console) = try run([Self.workloads, "--format", "markdown"])
        let md = console.outText
        #expect(md.hasPrefix("### Pod Security migration to `restricted:latest`\n\nInput: a live cluster (namespaces-workloads.json): 19 Pods of 11 workloads"))
        #expect(md.contains("| `shop` | 3 | 7 | privileged | privileged | ❌ no | 3 | privileged → baseline |"))
        #expect(md.contains("#### `default`\n\nRecommended: enforce=baseline, warn and audit=restricted — "))
        #expect(md.contains("- **Pod/debug-shell** (1 Pod): meets `baseline` today, `restricted` after the changes below.\n  - Changes to its manifest (`pss-fix --in-place` makes them in the file):\n    - `allowPrivilegeEscalation`: container \"debug-shell\": set securityContext.allowPrivilegeEscalation=false\n"))
        #expect(md.contains("  - Injected by istio (sidecar.istio.io/status): `runAsUser` (istio-init): runAsUser=0 (container \"istio-init\" must not set runAsUser=0). *Action:* not for the workload's owners"))
        #expect(md.contains("  - Its Pods differ: `cart-5f7b9c4d8-8wzlp`, `cart-5f7b9c4d8-tq6rn` meet `restricted`; `cart-6c8d7f9b5-x2k9p` meets `baseline`.\n"))
        #expect(md.contains("#### `batch`\n\nRecommended: enforce, warn and audit=restricted — every workload meets restricted today.\n\nEvery workload meets `restricted` today.\n"))
    }
}
