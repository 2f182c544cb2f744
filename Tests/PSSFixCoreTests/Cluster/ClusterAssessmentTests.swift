import Testing
@testable import PSSFixCore

/// Where a dump's workloads stand: today from their Pods, after fixes from their template plus
/// what is injected, changes for their owners.
@Suite struct ClusterAssessmentTests {
    func assess(_ dump: DumpBuilder, target: PolicyLevel = .restricted) throws -> [String: Migration.WorkloadStatus] {
        let options = FixOptions(level: target, version: .latest)
        let result = ClusterAssessment.statuses(
            path: "dump.yaml", bytes: Array(dump.text.utf8), stream: dump.stream, options: options, context: .fixed(target, .latest))
        return Dictionary(uniqueKeysWithValues: result.statuses.map { ($0.identity.displayName, $0) })
    }

    @Test func injectedSidecarsCountTodayAndAreNotTheOwners() throws {
        var dump = DumpBuilder()
        dump.controller("Deployment", "web", uid: "d", containers: ["web"])
        for s in ["a", "b"] {
            dump.pod(
                "web-1-\(s)", owner: ("ReplicaSet", "web-1", "rs"), labels: ["pod-template-hash": "1"],
                annotations: ["sidecar.istio.io/status": Contexts.istioStatus], containers: ["web", "istio-proxy"],
                initContainers: ["istio-init"], context: ["istio-init": Contexts.istioInit, "istio-proxy": Contexts.istioProxy])
        }
        let web = try #require(try assess(dump)["Deployment/web"])
        #expect(web.replicas == 2 && web.live)
        #expect(web.current == .privileged, "istio-init adds NET_ADMIN and NET_RAW: beyond baseline")
        #expect(web.afterFixes == .privileged, "the owners' changes do not remove an injected container's needs")
        #expect(web.changes == [
            "[allowPrivilegeEscalation] container \"web\": set securityContext.allowPrivilegeEscalation=false",
            "[capabilities_restricted] container \"web\": added \"ALL\" to securityContext.capabilities.drop",
            "[runAsNonRoot] pod: set securityContext.runAsNonRoot=true",
            "[seccompProfile_restricted] pod: set securityContext.seccompProfile.type=RuntimeDefault",
        ], "the template's changes, not istio-init's")
        #expect(web.blockers.isEmpty)
        #expect(web.injectedBlockers.map(\.checkID) == ["capabilities_restricted", "runAsNonRoot", "runAsUser"])
        #expect(web.injected.map(\.name) == ["istio-init", "istio-proxy"])
        #expect(web.podVariants.isEmpty, "both Pods stand alike")
    }

    @Test func templatePassesWhileItsPodsFail() throws {
        // The template meets restricted; its Pods get a privileged sidecar from a webhook.
        var dump = DumpBuilder()
        dump.controller("Deployment", "api", uid: "d", containers: ["api"], context: ["api": Contexts.restrictedContainer], podContext: Contexts.restrictedPod)
        dump.pod(
            "api-1-a", owner: ("ReplicaSet", "api-1", "rs"), labels: ["pod-template-hash": "1"], containers: ["api", "agent"],
            context: ["api": Contexts.restrictedContainer, "agent": "{privileged: true}"], podContext: Contexts.restrictedPod)
        let api = try #require(try assess(dump)["Deployment/api"])
        #expect(api.current == .privileged && api.afterFixes == .privileged)
        #expect(api.changes.isEmpty && api.blockers.isEmpty)
        #expect(api.injected.map(\.injectedBy) == ["an admission webhook"])
        #expect(api.readyLevel == .privileged, "ready is ready today: the running Pod fails")
    }

    @Test func podsOfAnOlderTemplateAreReplacedByTheRollout() throws {
        var dump = DumpBuilder()
        dump.controller("Deployment", "cart", uid: "d", containers: ["cart"], context: ["cart": Contexts.restrictedContainer], podContext: Contexts.restrictedPod)
        dump.pod(
            "cart-new-a", owner: ("ReplicaSet", "cart-new", "rs2"), labels: ["pod-template-hash": "new"], containers: ["cart"],
            context: ["cart": Contexts.restrictedContainer], podContext: Contexts.restrictedPod)
        dump.pod("cart-old-b", owner: ("ReplicaSet", "cart-old", "rs1"), labels: ["pod-template-hash": "old"], containers: ["cart"], podContext: "{runAsUser: 0}")
        let cart = try #require(try assess(dump)["Deployment/cart"])
        #expect(cart.current == .baseline, "the old Pod runs as root today")
        #expect(cart.afterFixes == .restricted, "the template already meets restricted")
        #expect(cart.podVariants.map(\.pods) == [["cart-new-a"], ["cart-old-b"]])
        #expect(cart.podVariants.map(\.level) == [.restricted, .baseline])

        // Without the Deployment, the old Pod is all there is to go by.
        var podsOnly = DumpBuilder()
        podsOnly.items = Array(dump.items.dropFirst())
        let grouped = try #require(try assess(podsOnly)["Deployment/cart"])
        #expect(grouped.replicas == 2 && grouped.afterFixes == .baseline && grouped.ownerInferredFrom == "pod-template-hash")
        #expect(grouped.blockers.map(\.checkID).contains("runAsUser"))
    }

    @Test func nodeAgentsNeedTheHost() throws {
        var dump = DumpBuilder()
        for s in ["a", "b"] {
            dump.pod("exporter-\(s)", namespace: "monitoring", owner: ("DaemonSet", "exporter", "ds"), podContext: "{runAsNonRoot: true}")
        }
        var text = dump.text.replacingOccurrences(of: "    securityContext: {runAsNonRoot: true}\n", with: "    hostNetwork: true\n    securityContext: {runAsNonRoot: true}\n")
        text = text.replacingOccurrences(of: "kind: List", with: "kind: List")
        let options = FixOptions(level: .restricted, version: .latest)
        let result = ClusterAssessment.statuses(
            path: "d", bytes: Array(text.utf8), stream: try YAMLParser.parse(SourceText(text)), options: options, context: .fixed(.restricted, .latest))
        let exporter = try #require(result.statuses.first)
        #expect(exporter.identity.displayName == "DaemonSet/exporter" && exporter.replicas == 2)
        #expect(exporter.hostAccess == ["hostNamespaces"])
        #expect(exporter.changes.isEmpty, "blocked: the atomic rule holds for a cluster too")
    }

    @Test func serverFieldsChangeNothing() throws {
        var with = DumpBuilder()
        with.pod("a-1-x", owner: ("ReplicaSet", "a-1", "rs"), labels: ["pod-template-hash": "1"])
        var without = DumpBuilder()
        without.pod("a-1-x", owner: ("ReplicaSet", "a-1", "rs"), labels: ["pod-template-hash": "1"], status: false)
        let stripped = without.text.components(separatedBy: "\n").filter { !$0.contains("f:") && !$0.contains("manager") && !$0.contains("fieldsType") && !$0.contains("operation:") && !$0.contains("managedFields") && !$0.hasPrefix("    - apiVersion: v1") }
        let a = try #require(try assess(with)["Deployment/a"])
        let bText = stripped.joined(separator: "\n")
        #expect(!bText.contains("managedFields") && !bText.contains("status:"))
        let options = FixOptions(level: .restricted, version: .latest)
        let b = try #require(ClusterAssessment.statuses(
            path: "dump.yaml", bytes: Array(bText.utf8), stream: try YAMLParser.parse(SourceText(bText)), options: options,
            context: .fixed(.restricted, .latest)).statuses.first)
        #expect(a.current == b.current && a.afterFixes == b.afterFixes && a.changes == b.changes && a.replicas == b.replicas)
        #expect(a.blockers == b.blockers)
        #expect(a.current == .baseline, "status says privileged: true and managedFields name securityContext fields; neither counts")
    }
}

@Suite struct NamespaceRecommendationTests {
    func status(_ name: String, current: PolicyLevel, after: PolicyLevel, host: [String] = []) -> Migration.WorkloadStatus {
        var dump = DumpBuilder()
        dump.pod(name)
        var s = Migration.WorkloadStatus(
            identity: WorkloadIdentity(dump.workloads[0]), path: "d", current: current, afterFixes: after, blockers: [], exempted: [])
        s.hostAccess = host
        return s
    }

    @Test func normalRule() {
        let ready = NamespaceRecommendation.recommend(namespace: "a", workloads: [status("x", current: .restricted, after: .restricted)], target: .restricted)
        #expect(ready.enforce == .restricted && ready.warn == .restricted && ready.basis == .workloads && !ready.exempt)
        let later = NamespaceRecommendation.recommend(
            namespace: "a", workloads: [status("x", current: .baseline, after: .restricted), status("y", current: .restricted, after: .restricted)],
            target: .restricted)
        #expect(later.enforce == .baseline && later.warn == .restricted)
        #expect(later.summary == "baseline → restricted")
        let stuck = NamespaceRecommendation.recommend(namespace: "a", workloads: [status("x", current: .privileged, after: .privileged)], target: .restricted)
        #expect(stuck.enforce == .privileged && stuck.warn == .baseline, "a privileged warn checks nothing")
        #expect(stuck.reason.contains("Pod/x cannot reach restricted"))
        let capped = NamespaceRecommendation.recommend(namespace: "a", workloads: [status("x", current: .restricted, after: .restricted)], target: .baseline)
        #expect(capped.enforce == .baseline && capped.warn == .baseline, "never beyond the target")
        let empty = NamespaceRecommendation.recommend(namespace: "kube-public", workloads: [], target: .restricted)
        #expect(empty.enforce == .restricted && empty.basis == .workloads, "kube-public follows the normal rule")
    }

    @Test func systemAndHostNamespacesArePrivileged() {
        let system = NamespaceRecommendation.recommend(
            namespace: "kube-system",
            workloads: [status("proxy", current: .privileged, after: .privileged, host: ["privileged"]), status("dns", current: .baseline, after: .restricted)],
            target: .restricted)
        #expect(system.enforce == .privileged && system.warn == .restricted && system.exempt)
        let host = NamespaceRecommendation.recommend(
            namespace: "monitoring",
            workloads: [
                status("exporter", current: .privileged, after: .privileged, host: ["hostNamespaces", "hostPathVolumes"]),
                status("prom", current: .baseline, after: .baseline),
            ],
            target: .restricted)
        #expect(host.enforce == .privileged && host.warn == .baseline && !host.exempt, "labels, not an exemption; warn at what the others reach")
        #expect(host.basis == .hostAccess(["Pod/exporter"]))
        #expect(host.reason.hasPrefix("Pod/exporter needs the node (host namespaces, hostPath volumes)"))
        let alone = NamespaceRecommendation.recommend(
            namespace: "agents", workloads: [status("exporter", current: .privileged, after: .privileged, host: ["privileged"])], target: .restricted)
        #expect(alone.warn == .restricted, "no other workloads: warn at the target")
    }
}
