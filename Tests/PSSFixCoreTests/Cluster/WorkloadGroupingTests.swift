import Testing
@testable import PSSFixCore

/// Cluster dumps: detection, and Pods grouped under their owners.
@Suite struct WorkloadGroupingTests {
    func groups(_ dump: DumpBuilder) -> [(String, Int, String?)] {
        let workloads = dump.workloads
        return WorkloadGrouping.group(workloads).map { g in
            ("\(g.kind)/\(g.name ?? "?")", g.pods.count, g.template.map { workloads[$0].displayName })
        }
    }

    @Test func detectsADumpByItsServerFields() throws {
        var dump = DumpBuilder()
        dump.pod("web-1")
        #expect(ClusterInput.isDump(dump.stream))
        #expect(ClusterInput.mayBeDump(Array(dump.text.utf8)))

        let handWritten = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n    containers: []\n"
        #expect(!ClusterInput.isDump(try YAMLParser.parse(SourceText(handWritten))), "a List without server fields is a manifest")
        let single = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  uid: 1234\n  resourceVersion: \"5\"\nspec:\n  containers: []\n"
        #expect(!ClusterInput.isDump(try YAMLParser.parse(SourceText(single))), "only a List is a dump")
        let resourceList = dump.text.replacingOccurrences(of: "kind: List", with: "kind: ResourceList")
        #expect(!ClusterInput.isDump(try YAMLParser.parse(SourceText(resourceList))), "a KRM ResourceList is a function's input")
        let empty = dump.text.replacingOccurrences(of: "resourceVersion: \"101\"", with: "resourceVersion: \"\"")
            .replacingOccurrences(of: "uid: pod-shop-web-1", with: "uid: \"\"")
        #expect(!ClusterInput.isDump(try YAMLParser.parse(SourceText(empty))), "empty server fields are no server fields")
        #expect(!ClusterInput.mayBeDump(Array(handWritten.utf8)))
    }

    /// The cheap test finds its words anywhere, at the very start and end too, and never a part
    /// of one that runs past the end.
    @Test func theCheapTestFindsItsWordsAnywhere() {
        func may(_ s: String) -> Bool { ClusterInput.mayBeDump(Array(s.utf8)) }
        #expect(may("Listuid") && may("uid List") && may("x: LLLisT List\n  resourceVersion") && may("LList uuid"))
        #expect(!may("") && !may("List") && !may("Lis uid") && !may("List ui") && !may("list uid") && !may("List resourceVersio"))
    }

    @Test func podsOnlyAreGroupedByTheirOwners() {
        var dump = DumpBuilder()
        for s in ["a", "b", "c"] {
            dump.pod("web-7d9c8b6f5d-\(s)", owner: ("ReplicaSet", "web-7d9c8b6f5d", "rs-1"), labels: ["pod-template-hash": "7d9c8b6f5d"])
        }
        // A Pod of the previous ReplicaSet belongs to the same Deployment.
        dump.pod("web-6c8d7f9b5-d", owner: ("ReplicaSet", "web-6c8d7f9b5", "rs-0"), labels: ["pod-template-hash": "6c8d7f9b5"])
        // Without a matching hash the ReplicaSet is all we know.
        dump.pod("legacy-x1", owner: ("ReplicaSet", "legacy", "rs-2"), labels: ["pod-template-hash": "abc"])
        dump.pod("db-0", owner: ("StatefulSet", "db", "sts-1"))
        dump.pod("db-1", owner: ("StatefulSet", "db", "sts-1"))
        dump.pod("agent-x", owner: ("DaemonSet", "agent", "ds-1"))
        dump.pod("agent-y", owner: ("DaemonSet", "agent", "ds-1"))
        dump.pod("report-29466720-k", owner: ("Job", "report-29466720", "job-1"))
        dump.pod("report-29468160-m", owner: ("Job", "report-29468160", "job-2"))
        dump.pod("migrate-h7c2n", owner: ("Job", "migrate", "job-3"))
        dump.pod("once-1234567-q", owner: ("Job", "once-1234567", "job-4"))
        // Static Pods' mirrors are owned by their Node: they stay separate Pods.
        dump.pod("etcd-node-a", namespace: "kube-system", owner: ("Node", "node-a", "node-1"))
        dump.pod("kube-apiserver-node-a", namespace: "kube-system", owner: ("Node", "node-a", "node-1"))
        dump.pod("debug")
        let found = groups(dump)
        #expect(found.map(\.0) == [
            "Deployment/web", "ReplicaSet/legacy", "StatefulSet/db", "DaemonSet/agent", "CronJob/report", "Job/migrate",
            "Job/once-1234567", "Pod/etcd-node-a", "Pod/kube-apiserver-node-a", "Pod/debug",
        ])
        #expect(found.map(\.1) == [4, 1, 2, 2, 2, 1, 1, 1, 1, 1])
        #expect(found.allSatisfy { $0.2 == nil }, "only Pods: no template")
        let inferred = WorkloadGrouping.group(dump.workloads).map(\.inferredFrom)
        #expect(inferred == ["pod-template-hash", "ownerReferences", "ownerReferences", "ownerReferences", "Job name", "ownerReferences", "ownerReferences", nil, nil, nil])
    }

    @Test func controllersInTheInputAreTheWorkloads() {
        var dump = DumpBuilder()
        dump.controller("Deployment", "web", uid: "dep-web")
        dump.controller("ReplicaSet", "web-7d9c8b6f5d", uid: "rs-web", owner: ("Deployment", "web", "dep-web"))
        dump.pod("web-7d9c8b6f5d-a", owner: ("ReplicaSet", "web-7d9c8b6f5d", "rs-web"), labels: ["pod-template-hash": "7d9c8b6f5d"])
        // No ReplicaSet in the input: the Deployment is found by the name the hash gives.
        dump.controller("Deployment", "cart", uid: "dep-cart")
        dump.pod("cart-5f7b9c4d8-a", owner: ("ReplicaSet", "cart-5f7b9c4d8", "rs-cart"), labels: ["pod-template-hash": "5f7b9c4d8"])
        dump.pod("cart-5f7b9c4d8-b", owner: ("ReplicaSet", "cart-5f7b9c4d8", "rs-cart"), labels: ["pod-template-hash": "5f7b9c4d8"])
        // Matched by kind and name when the uid is not given.
        dump.controller("StatefulSet", "db", uid: "sts-db")
        dump.pod("db-0", owner: ("StatefulSet", "db", nil))
        // CronJob → Job → Pod, all present.
        dump.controller("CronJob", "report", uid: "cj-report")
        dump.controller("Job", "report-29466720", uid: "job-r1", owner: ("CronJob", "report", "cj-report"))
        dump.pod("report-29466720-k", owner: ("Job", "report-29466720", "job-r1"))
        // A Job whose CronJob is missing, and a Deployment without Pods.
        dump.controller("Job", "backup-29466720", uid: "job-b1", owner: ("CronJob", "backup", "cj-backup"))
        dump.controller("Deployment", "idle", uid: "dep-idle")
        let found = groups(dump)
        #expect(found.map(\.0) == ["Deployment/web", "Deployment/cart", "StatefulSet/db", "CronJob/report", "CronJob/backup", "Deployment/idle"])
        #expect(found.map(\.1) == [1, 2, 1, 1, 0, 0])
        #expect(found.map(\.2) == [
            "Deployment/web", "Deployment/cart", "StatefulSet/db", "CronJob/report", "Job/backup-29466720", "Deployment/idle",
        ])
    }

    @Test func ownerCyclesEnd() {
        var dump = DumpBuilder()
        dump.controller("ReplicaSet", "a", uid: "u-a", owner: ("ReplicaSet", "b", "u-b"))
        dump.controller("ReplicaSet", "b", uid: "u-b", owner: ("ReplicaSet", "a", "u-a"))
        #expect(groups(dump).count <= 2)
    }

    @Test func cronJobNames() {
        #expect(WorkloadGrouping.cronJobName(ofJob: "nightly-report-29466720") == "nightly-report")
        #expect(WorkloadGrouping.cronJobName(ofJob: "db-migrate") == nil)
        #expect(WorkloadGrouping.cronJobName(ofJob: "x-1234567") == nil, "fewer than 8 digits")
        #expect(WorkloadGrouping.cronJobName(ofJob: "-29466720") == nil)
    }

    @Test func serverMetadataIsReadOnlyForOwnership() throws {
        var dump = DumpBuilder()
        dump.pod("a", owner: ("ReplicaSet", "a-1", "rs"), labels: ["pod-template-hash": "1"], annotations: ["x": "y"])
        let meta = ServerMetadata(object: dump.workloads[0].object)
        #expect(meta.uid == "pod-shop-a" && meta.controller?.kind == "ReplicaSet" && meta.controller?.uid == "rs")
        #expect(meta.labels == ["pod-template-hash": "1"] && meta.annotations == ["x": "y"])
    }
}
