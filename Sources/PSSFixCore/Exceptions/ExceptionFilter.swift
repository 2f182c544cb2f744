/// A violation an exception covers (in whole or for some containers).
public struct ExemptedViolation: Sendable, Equatable {
    /// The violation as PSA reports it for the whole pod.
    public let violation: CheckViolation
    /// The containers the exception covers; empty when it covers the whole workload.
    public let containers: [String]
    public let reason: String
    public let source: ExceptionSource

    public init(violation: CheckViolation, containers: [String], reason: String, source: ExceptionSource) {
        self.violation = violation
        self.containers = containers
        self.reason = reason
        self.source = source
    }
}

/// Separates the violations exceptions cover from the ones that remain.
public enum ExceptionFilter {
    /// For each violation, in order:
    /// - its check is exempt for the whole workload → exempted;
    /// - some containers are exempt from its check → the check is evaluated again on the pod
    ///   without those containers: what remains (naming only the other containers, or a pod-level
    ///   part) stays active in the violation's place, and the exempt containers' part is recorded
    ///   as exempted (one entry per exception);
    /// - otherwise it stays active.
    ///
    /// `level` and `version` must be the ones the violations were evaluated at.
    public static func split(
        _ violations: [CheckViolation], pod: PodView, exemptions: WorkloadExemptions,
        level: PolicyLevel, version: PolicyVersion
    ) -> (active: [CheckViolation], exempted: [ExemptedViolation]) {
        var active: [CheckViolation] = []
        var exempted: [ExemptedViolation] = []
        guard !exemptions.isEmpty else { return (violations, []) }
        let running = Set(CheckRegistry.activeChecksCached(level: level, version: version).map { $0.description.id })
        for violation in violations {
            let id = violation.checkID
            if let whole = exemptions.exemption(check: id, container: nil) {
                exempted.append(ExemptedViolation(violation: violation, containers: [], reason: whole.reason, source: whole.source))
                continue
            }
            // Container-scoped exemptions for this check, for containers that exist in the pod.
            var perContainer: [(name: String, exemption: Exemption)] = []
            for container in pod.containers where !perContainer.contains(where: { $0.name == container.name }) {
                if let e = exemptions.exemptions.first(where: { $0.checkID == id && $0.container == container.name }) {
                    perContainer.append((container.name, e))
                }
            }
            guard !perContainer.isEmpty, running.contains(id), let check = CheckRegistry.check(id: id) else {
                active.append(violation)
                continue
            }
            let filtered = pod.removingContainers(named: Set(perContainer.map(\.name)))
            let remaining = check.evaluate(filtered, version: version.clamped)
            if remaining == violation {
                active.append(violation)
                continue
            }
            if let remaining { active.append(remaining) }
            // The exempt containers the violation names; for a finding that names containers only
            // through annotations (AppArmor), every exempt container.
            var involved = perContainer.filter { violation.containers.contains($0.name) }
            if involved.isEmpty { involved = perContainer }
            var groups: [(exemption: Exemption, containers: [String])] = []
            for (name, exemption) in involved {
                if let g = groups.firstIndex(where: { $0.exemption.reason == exemption.reason && $0.exemption.source == exemption.source }) {
                    groups[g].containers.append(name)
                } else {
                    groups.append((exemption, [name]))
                }
            }
            for group in groups {
                exempted.append(ExemptedViolation(
                    violation: violation, containers: group.containers, reason: group.exemption.reason,
                    source: group.exemption.source))
            }
        }
        return (active, exempted)
    }
}
