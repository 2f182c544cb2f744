/// Groups the objects of a cluster dump into workloads: a Deployment and its ReplicaSets and
/// Pods are one workload, reported once with its Pod count.
///
/// A Pod's owner chain (`ownerReferences`, the `controller: true` entry) is followed through
/// the input, matching each owner by uid, then by namespace, kind and name, up to the top-most
/// owner present. When an owner is not in the input its name is read from the reference and
/// one more step is inferred: a ReplicaSet `NAME-HASH` whose Pods carry
/// `pod-template-hash: HASH` belongs to Deployment `NAME`, and a Job named
/// `NAME-DIGITS` (at least 8 digits: the minutes a CronJob's Jobs are named after) to CronJob
/// `NAME`. Pods owned by a Node (static Pods' mirrors) and Pods without owners stay Pods.
public enum WorkloadGrouping {
    /// One workload of a cluster dump.
    public struct Group: Sendable {
        /// The workload's kind and name: the top-most owner, present or inferred.
        public let kind: String
        public let name: String?
        public let namespace: String?
        /// The top-most owner found in the input that carries a pod template (the manifest its
        /// owners wrote): an index into the workloads grouped. Nil when only Pods are present
        /// (and for a bare Pod, which is its own manifest).
        public let template: Int?
        /// The group's Pods, in input order.
        public let pods: [Int]
        /// Every workload of the group (template, intermediate controllers, Pods), in input order.
        public let members: [Int]
        /// How the owner was found when it is not in the input: `pod-template-hash`, `Job name`,
        /// or `ownerReferences`; nil when it is.
        public let inferredFrom: String?
    }

    /// Owner kinds never followed: a static Pod's mirror is owned by its Node.
    static let notWorkloadOwners: Set<String> = ["Node"]

    public static func group(_ workloads: [Workload]) -> [Group] {
        let metadata = workloads.map { ServerMetadata(object: $0.object) }
        var byUID: [String: Int] = [:]
        var byName: [Key: Int] = [:]
        for (i, m) in metadata.enumerated() {
            if let uid = m.uid, !uid.isEmpty, byUID[uid] == nil { byUID[uid] = i }
            if let name = m.name, byName[Key(namespace: m.namespace, kind: m.kind, name: name)] == nil {
                byName[Key(namespace: m.namespace, kind: m.kind, name: name)] = i
            }
        }

        var order: [Top] = []
        var members: [Top: [Int]] = [:]
        for i in workloads.indices {
            let top = topOwner(of: i, metadata: metadata, byUID: byUID, byName: byName)
            if members[top] == nil { order.append(top) }
            members[top, default: []].append(i)
        }
        return order.map { top in
            let list = members[top] ?? []
            let pods = list.filter { workloads[$0].kind == .pod }
            switch top {
            case .object(let i):
                let m = metadata[i]
                return Group(
                    kind: workloads[i].kind.rawValue, name: m.name, namespace: workloads[i].namespace,
                    template: workloads[i].kind == .pod ? nil : i, pods: pods, members: list, inferredFrom: nil)
            case .inferred(let key, let how):
                // The top-most member present carries the newest template we have (a ReplicaSet
                // or Job whose owner is missing); Pods alone carry none.
                let template = list.first { workloads[$0].kind != .pod }
                return Group(
                    kind: key.kind, name: key.name, namespace: key.namespace, template: template, pods: pods,
                    members: list, inferredFrom: how)
            }
        }
    }

    struct Key: Hashable {
        let namespace: String?
        let kind: String
        let name: String
    }

    enum Top: Hashable {
        case object(Int)
        case inferred(Key, String)
    }

    static func topOwner(of start: Int, metadata: [ServerMetadata], byUID: [String: Int], byName: [Key: Int]) -> Top {
        var current = start
        var visited: Set<Int> = [start]
        while true {
            let m = metadata[current]
            guard let ref = m.controller, !notWorkloadOwners.contains(ref.kind) else { return .object(current) }
            let key = Key(namespace: m.namespace, kind: ref.kind, name: ref.name)
            if let owner = ref.uid.flatMap({ byUID[$0] }) ?? byName[key], !visited.contains(owner) {
                visited.insert(owner)
                current = owner
                continue
            }
            // The owner is not in the input: one more step from its name.
            var inferred = (key: key, how: "ownerReferences")
            if ref.kind == "ReplicaSet", let hash = m.labels["pod-template-hash"] ?? metadataHash(m),
                let deployment = strip(ref.name, suffix: hash)
            {
                inferred = (Key(namespace: m.namespace, kind: "Deployment", name: deployment), "pod-template-hash")
            } else if ref.kind == "Job", let cronJob = cronJobName(ofJob: ref.name) {
                inferred = (Key(namespace: m.namespace, kind: "CronJob", name: cronJob), "Job name")
            }
            if inferred.how != "ownerReferences", let owner = byName[inferred.key], !visited.contains(owner) {
                visited.insert(owner)
                current = owner
                continue
            }
            return .inferred(inferred.key, inferred.how)
        }
    }

    /// A ReplicaSet's own `pod-template-hash` label (when the ReplicaSet is the object read).
    static func metadataHash(_ m: ServerMetadata) -> String? { m.kind == "ReplicaSet" ? m.labels["pod-template-hash"] : nil }

    /// `web` for `web-7d9c8b6f5d` and hash `7d9c8b6f5d`.
    static func strip(_ name: String, suffix hash: String) -> String? {
        guard !hash.isEmpty, name.hasSuffix("-" + hash), name.count > hash.count + 1 else { return nil }
        return String(name.dropLast(hash.count + 1))
    }

    /// The CronJob a Job name comes from: `nightly-report` for `nightly-report-29466720`
    /// (the CronJob controller appends the scheduled time in minutes since the epoch).
    public static func cronJobName(ofJob name: String) -> String? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let digits = name[name.index(after: dash)...]
        guard digits.count >= 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }), dash > name.startIndex else { return nil }
        return String(name[..<dash])
    }
}
