/// Evaluates a pod the way PSA's `EvaluatePod` does and formats its messages (psa-spec §1.7).
public enum Evaluator {
    /// The disallowed results of every active check, in PSA order. `privileged` gives none.
    public static func evaluate(_ pod: PodView, level: PolicyLevel, version: PolicyVersion) -> [CheckViolation] {
        let rules = version.clamped
        return CheckRegistry.activeChecksCached(level: level, version: rules).compactMap { $0.evaluate(pod, version: rules) }
    }

    /// PSA's `ForbiddenDetail()`: `reason (detail)` for each violation, joined with `", "`.
    /// An empty reason reads `unknown forbidden reason`, as `AggregateCheckResults` writes it.
    public static func forbiddenDetail(_ violations: [CheckViolation]) -> String {
        violations.map { violation in
            violation.reason.isEmpty
                ? CheckViolation(checkID: violation.checkID, reason: "unknown forbidden reason", detail: violation.detail).message
                : violation.message
        }.joined(separator: ", ")
    }

    /// The enforce error text: `violates PodSecurity "restricted:latest": <ForbiddenDetail>`.
    /// `versionLabel` is the namespace label as written (unclamped), e.g. `latest` or `v1.99`.
    public static func message(level: PolicyLevel, versionLabel: String, violations: [CheckViolation]) -> String {
        // Upstream formats the policy with Go's %q.
        "violates PodSecurity \(CheckFormatting.goQuote("\(level.rawValue):\(versionLabel)")): \(forbiddenDetail(violations))"
    }
}
