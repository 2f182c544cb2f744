/// Baseline capabilities: remove `add` entries outside the 13 default capabilities (the safe
/// baseline fix of issue 3 / psa-spec §9.3), keeping SYS_ADMIN for a person.
public enum CapabilitiesBaselineFixer: Fixer {
    public static let checkID = "capabilities_baseline"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for container in pod.containers {
            CapabilitiesRestrictedFixer.removeAdds(
                container, keep: { CapabilitiesBaselineCheck.allowed.contains($0) }, checkID: checkID, options: options, into: &plan)
        }
    }
}
