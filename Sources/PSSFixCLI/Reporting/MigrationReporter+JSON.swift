import PSSFixCore

/// `migrate --format json`: one object per namespace with its workloads, blockers, label
/// changes and recommendation (docs/output-formats.md).
extension MigrationReporter {
    struct JSONOutput: Encodable {
        let schemaVersion = JSONSchema.version
        let target: String
        /// `cluster` when some input was a cluster dump (readiness is readiness today), else `manifests`.
        let input: String
        let namespaces: [JSONNamespace]
    }

    struct JSONNamespace: Encodable {
        let name: String
        let current: String
        let afterFixes: String
        let ready: Bool
        let hasManifest: Bool
        let exempt: Bool
        let recommended: JSONRecommendation
        let workloads: [JSONWorkload]
        let blockers: [JSONBlocker]
        let labels: [String: String]
        let notChecked: [String]
    }

    struct JSONRecommendation: Encodable {
        let enforce: String
        let audit: String
        let warn: String
        /// `workloads` (the normal rule), `system` (kube-system) or `hostAccess`.
        let basis: String
        let reason: String
    }

    struct JSONWorkload: Encodable {
        let kind: String
        let name: String?
        let file: String
        let line: Int
        let current: String
        let afterFixes: String
        let exempted: [String]
        let changes: [String]
        let hostAccess: [String]
        // Cluster input only:
        let replicas: Int?
        let injected: [JSONInjected]?
        let podVariants: [JSONPodVariant]?
        let ownerInferredFrom: String?
    }

    struct JSONInjected: Encodable {
        let container: String
        let kind: String
        let injectedBy: String
    }

    struct JSONPodVariant: Encodable {
        let level: String
        let checks: [String]
        let pods: [String]
    }

    struct JSONBlocker: Encodable {
        let kind: String
        let name: String?
        let check: String
        let containers: [String]
        let message: String
        let action: String
        /// Set for a violation of an injected container: who injected it.
        let injectedBy: String?
    }

    static func json(_ namespaces: [Migration.NamespaceStatus], target: String, live: Bool = false) -> String {
        let out = JSONOutput(target: target, input: live ? "cluster" : "manifests", namespaces: namespaces.map { ns in
            let r = ns.recommendation
            let basis: String
            switch r.basis {
            case .workloads: basis = "workloads"
            case .system: basis = "system"
            case .hostAccess: basis = "hostAccess"
            }
            return JSONNamespace(
                name: ns.name, current: ns.current.rawValue, afterFixes: ns.afterFixes.rawValue, ready: ns.ready,
                hasManifest: ns.hasManifest, exempt: ns.exempt,
                recommended: JSONRecommendation(
                    enforce: r.enforce.rawValue, audit: r.audit.rawValue, warn: r.warn.rawValue, basis: basis, reason: r.reason),
                workloads: ns.workloads.map { w in
                    JSONWorkload(
                        kind: w.identity.kind, name: w.identity.name, file: w.path, line: w.identity.location.line,
                        current: w.current.rawValue, afterFixes: w.afterFixes.rawValue,
                        exempted: w.exempted.map(\.violation.checkID), changes: w.changes, hostAccess: w.hostAccess,
                        replicas: w.replicas,
                        injected: w.live ? w.injected.map { JSONInjected(container: $0.name, kind: $0.kind.rawValue, injectedBy: $0.injectedBy) } : nil,
                        podVariants: w.live ? w.podVariants.map { JSONPodVariant(level: $0.level.rawValue, checks: $0.checks, pods: $0.pods) } : nil,
                        ownerInferredFrom: w.ownerInferredFrom)
                },
                blockers: blockers(ns).map {
                    JSONBlocker(
                        kind: $0.workload.identity.kind, name: $0.workload.identity.name, check: $0.violation.checkID,
                        containers: $0.violation.containers, message: $0.violation.message, action: $0.action,
                        injectedBy: $0.injectedBy)
                },
                labels: Dictionary(ns.labelChanges.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }),
                notChecked: ns.notChecked)
        })
        return JSONCheckReporter.encode(out)
    }
}
