import Foundation
import Testing
@testable import PSSFixCLI

/// `check` on the kubectl dumps of `Examples/cluster`: each workload once, in every format.
@Suite struct ClusterCheckTests {
    func run(_ args: [String]) throws -> (Int32, TestConsole) {
        let console = TestConsole(cwd: ClusterMigrateTests.examples)
        return (try runCLI(["check"] + args, console), console)
    }

    @Test(arguments: ["namespaces-pods.yaml", "namespaces-workloads.json"])
    func textReportsEachWorkloadOnce(_ file: String) throws {
        let (code, console) = try run([file, "--color", "never"])
        #expect(code == 1)
        let lines = console.outText.split(separator: "\n").map(String.init)
        let names = lines.dropLast().map { line in
            String(line.split(separator: " ", maxSplits: 1)[1].prefix { $0 != ":" })
        }
        #expect(names.sorted() == [
            "CronJob/nightly-report", "DaemonSet/kube-proxy (kube-system), 2 Pods", "DaemonSet/node-exporter (monitoring), 2 Pods",
            "Deployment/cart (shop), 3 Pods", "Deployment/coredns (kube-system), 2 Pods", "Deployment/web (shop), 3 Pods",
            "Job/db-migrate (shop), 1 Pod", "Pod/debug-shell (default), 1 Pod", "Pod/etcd-node-a (kube-system), 1 Pod",
            "Pod/kube-apiserver-node-a (kube-system), 1 Pod", "StatefulSet/prometheus (monitoring), 1 Pod",
        ].filter { !$0.hasPrefix("CronJob") }, "nightly-report passes (batch: enforce=baseline, restricted fields set)")
        #expect(lines.last?.hasPrefix("11 workloads checked against their namespace's policy (a live cluster: 19 Pods reported per workload) in 1 file: 10 violating") == true)
        #expect(lines.last?.contains("fixable by `pss-fix --in-place` on the workloads' manifests") == true)
        let cart = try #require(lines.first { $0.contains("Deployment/cart") })
        #expect(cart.hasSuffix("[Pods differ: allowPrivilegeEscalation in 1 of 3, capabilities_restricted in 1 of 3, runAsNonRoot in 1 of 3, runAsUser in 1 of 3, seccompProfile_restricted in 1 of 3]"))
        let web = try #require(lines.first { $0.contains("Deployment/web") })
        #expect(web.hasSuffix("[containers injected by istio (sidecar.istio.io/status): not the workload owners' to change]"))
        #expect(web.contains("container \"istio-init\" must not include \"NET_ADMIN\", \"NET_RAW\" in securityContext.capabilities.add"), "PSA's words, unchanged")
    }

    @Test func jsonCarriesReplicasAndPods() throws {
        let (_, console) = try run(["namespaces-workloads.json", "--format", "json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(console.outText.utf8)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["input"] as? String == "cluster" && summary["pods"] as? Int == 19 && summary["workloads"] as? Int == 11)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["replicas"] is Int && $0["pods"] is Int })
        let web = findings.filter { $0["name"] as? String == "web" }
        #expect(web.map { $0["check"] as! String } == ["allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "runAsUser", "seccompProfile_restricted"])
        #expect(web.allSatisfy { $0["replicas"] as? Int == 3 && $0["pods"] as? Int == 3 && $0["fixable"] as? Bool == false })
        #expect(web.map { $0["injectedBy"] as? String } == [nil, "istio (sidecar.istio.io/status)", "istio (sidecar.istio.io/status)", "istio (sidecar.istio.io/status)", "istio (sidecar.istio.io/status)"])
        let cart = findings.filter { $0["name"] as? String == "cart" }
        #expect(cart.allSatisfy { $0["pods"] as? Int == 1 && $0["replicas"] as? Int == 3 }, "only the old Pod fails")
        let coredns = findings.filter { $0["name"] as? String == "coredns" }
        #expect(coredns.allSatisfy { $0["fixable"] as? Bool == true && $0["file"] as? String == "namespaces-workloads.json" && $0["line"] as? Int == 288 },
            "located at the Deployment, fixable in its manifest")

        let (_, manifests) = try run([ClusterMigrateTests.examples + "/../migrate", "--format", "json"])
        let plain = try #require(JSONSerialization.jsonObject(with: Data(manifests.outText.utf8)) as? [String: Any])
        #expect((plain["summary"] as? [String: Any])?["input"] as? String == "manifests")
        #expect(((plain["findings"] as? [[String: Any]]) ?? []).allSatisfy { $0["replicas"] == nil }, "no replicas for manifests")
    }

    @Test func sarifSaysItIsALiveCluster() throws {
        let (_, console) = try run(["namespaces-pods.yaml", "--format", "sarif"])
        let sarif = try #require(JSONSerialization.jsonObject(with: Data(console.outText.utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let notes = try #require(((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"]) as? [[String: Any]])
        #expect(notes.map { ($0["message"] as? [String: Any])?["text"] as? String } == ["a live cluster: 19 Pods reported as 11 workloads; fixes go to the workloads' manifests"])
        let results = try #require(run["results"] as? [[String: Any]])
        let web = results.filter { (($0["properties"] as? [String: Any])?["name"] as? String) == "web" }
        #expect(web.count == 5 && web.allSatisfy { ($0["properties"] as? [String: Any])?["replicas"] as? Int == 3 })
        #expect(((web[0]["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("Deployment/web (shop), 3 Pods: violates PodSecurity") == true)
    }
}
