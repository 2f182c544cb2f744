/// Baseline capabilities: remove `add` entries outside the 13 default capabilities (the safe
/// baseline fix of issue 3 / psa-spec §9.3), keeping SYS_ADMIN for a person.
public enum CapabilitiesBaselineFixer: Fixer {
    public static let checkID = "capabilities_baseline"

    /// The container runtime's default set, exact and case-sensitive (psa-spec §3.2).
    static let defaults: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        for container in pod.containers {
            CapabilitiesRestrictedFixer.removeAdds(
                container, keep: { defaults.contains($0) }, checkID: checkID, options: options, into: &plan)
        }
    }
}
