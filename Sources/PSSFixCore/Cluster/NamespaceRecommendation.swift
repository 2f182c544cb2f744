/// The Pod Security levels a namespace should carry, from what its workloads meet today and
/// after pss-fix's automatic fixes to their manifests (issue 24).
///
/// - **Normal rule:** enforce the strictest level every workload meets today (at most the
///   target), warn and audit at the target when the fixes reach it, else at the strictest level
///   they reach (at least `baseline`: a `privileged` warn checks nothing).
/// - **`kube-system`** (the cluster's own components) is recommended `privileged` and exempt in
///   the AdmissionConfiguration, as the usual setup does.
/// - **Namespaces whose workloads need the node** (host namespaces, hostPath volumes,
///   privileged or HostProcess containers, still after the fixes) are recommended `privileged`
///   through their labels, not an exemption: an exempt namespace is not evaluated at all, so
///   audit and warn would fall silent too. Their audit and warn go at the strictest level the
///   *other* workloads there reach after the fixes (the target when there are none): the node
///   agents' own warnings are expected, a regression of any other workload still shows.
///
/// `kube-public` and `kube-node-lease` follow the normal rule (they usually hold no Pods).
public struct NamespaceRecommendation: Sendable, Hashable {
    public enum Basis: Sendable, Hashable {
        /// The normal rule.
        case workloads
        /// `kube-system`.
        case system
        /// Workloads that need the node (their display names).
        case hostAccess([String])
    }

    public let enforce: PolicyLevel
    /// Also the audit level.
    public let warn: PolicyLevel
    public let basis: Basis
    /// Why, in one sentence.
    public let reason: String

    public var audit: PolicyLevel { warn }

    /// Recommended `privileged`: the target is not for this namespace.
    public var isPrivileged: Bool { basis != .workloads }

    /// Recommended as an AdmissionConfiguration exemption rather than labels.
    public var exempt: Bool { basis == .system }

    /// `privileged`, `baseline → restricted` (enforce, then warn and audit when they differ).
    public var summary: String { enforce == warn ? enforce.rawValue : "\(enforce.rawValue) → \(warn.rawValue)" }

    public static func recommend(namespace: String, workloads: [Migration.WorkloadStatus], target: PolicyLevel) -> NamespaceRecommendation {
        let hosts = workloads.filter { !$0.hostAccess.isEmpty }
        func useful(_ others: [Migration.WorkloadStatus]) -> PolicyLevel {
            guard let reached = others.map(\.afterFixes).min() else { return target }
            return max(.baseline, min(target, reached))
        }
        if namespace == "kube-system" {
            let others = workloads.filter { $0.hostAccess.isEmpty }
            return NamespaceRecommendation(
                enforce: .privileged, warn: useful(others), basis: .system,
                reason: "the cluster's own components run here: exempt it in the AdmissionConfiguration, as the usual setup does (an exempt namespace is not evaluated, so audit and warn fall silent too)")
        }
        if !hosts.isEmpty {
            let others = workloads.filter { $0.hostAccess.isEmpty }
            let names = hosts.map(\.identity.displayName)
            let needs = Set(hosts.flatMap(\.hostAccess))
            let what = ["hostNamespaces": "host namespaces", "hostPathVolumes": "hostPath volumes", "privileged": "privileged containers",
                        "windowsHostProcess": "HostProcess containers"]
            let list = Migration.hostAccessChecks.sorted().filter(needs.contains).compactMap { what[$0] }.joined(separator: ", ")
            return NamespaceRecommendation(
                enforce: .privileged, warn: useful(others), basis: .hostAccess(names),
                reason: "\(Self.list(names)) need\(names.count == 1 ? "s" : "") the node (\(list)): label it privileged rather than exempt it, so that audit and warn still report")
        }
        let today = min(target, workloads.map(\.current).min() ?? .restricted)
        let reached = workloads.map(\.afterFixes).min() ?? .restricted
        let warn = reached >= target ? target : max(.baseline, reached)
        let reason: String
        if workloads.isEmpty {
            reason = "no workloads: \(target.rawValue) costs nothing"
        } else if today >= target {
            reason = "every workload meets \(target.rawValue) today"
        } else if reached >= target {
            reason = "every workload meets \(today.rawValue) today and \(target.rawValue) after the changes listed"
        } else {
            let stuck = workloads.filter { $0.afterFixes < target }.map(\.identity.displayName)
            reason = "every workload meets \(today.rawValue) today; \(Self.list(stuck)) cannot reach \(target.rawValue) with pss-fix's changes alone"
        }
        return NamespaceRecommendation(enforce: today, warn: warn, basis: .workloads, reason: reason)
    }

    /// `a`, `a and b`, `a, b and 3 more`.
    static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return "\(names[0]) and \(names[1])"
        case 3: return "\(names[0]), \(names[1]) and \(names[2])"
        default: return "\(names[0]), \(names[1]) and \(names.count - 2) more"
        }
    }
}
