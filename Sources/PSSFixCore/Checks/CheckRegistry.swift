/// Every check, and which of them run at a given level and version (psa-spec §1.2–1.4).
public enum CheckRegistry {
    /// All 19 checks: the 12 baseline ones, then the 7 restricted ones, each group in PSA order.
    public static let all: [any Check.Type] = [
        AppArmorProfileCheck.self,
        CapabilitiesBaselineCheck.self,
        HostNamespacesCheck.self,
        HostPathVolumesCheck.self,
        HostPortsCheck.self,
        HostProbesAndHostLifecycleCheck.self,
        PrivilegedCheck.self,
        ProcMountCheck.self,
        SELinuxOptionsCheck.self,
        SeccompProfileBaselineCheck.self,
        SysctlsCheck.self,
        WindowsHostProcessCheck.self,
        AllowPrivilegeEscalationCheck.self,
        CapabilitiesRestrictedCheck.self,
        ProcMountRestrictedCheck.self,
        RestrictedVolumesCheck.self,
        RunAsNonRootCheck.self,
        RunAsUserCheck.self,
        SeccompProfileRestrictedCheck.self,
    ]

    /// The descriptions of `all`, in the same order. Prefer this to `all.map(\.description)`: a
    /// key path through the `any Check.Type` existential crashes the Swift 6.3.1 compiler (signal 11
    /// in SIL, `alloc_stack $@opened(..., any Check) Self`); a closure is fine.
    public static let descriptions: [CheckDescription] = all.map { $0.description }

    /// The check with this upstream ID (exact, case-sensitive).
    public static func check(id: String) -> (any Check.Type)? {
        all.first { $0.description.id == id }
    }

    /// The checks PSA runs at `level` and `version`, in the order their results are reported.
    ///
    /// - `privileged` runs nothing.
    /// - The version is clamped first (`latest` and anything newer than v1.37 mean v1.37), and a
    ///   check runs only from its minimum version.
    /// - `restricted` runs the restricted checks plus every baseline check that no active
    ///   restricted check overrides at that version (psa-spec §1.3).
    /// - Order: baseline IDs sorted byte-wise, then restricted IDs sorted byte-wise, as
    ///   upstream's registry does (`seLinuxOptions` sorts before `seccompProfile_baseline`).
    public static func activeChecks(level: PolicyLevel, version: PolicyVersion) -> [any Check.Type] {
        guard level != .privileged else { return [] }
        let minor = version.effectiveMinor
        let running = all.filter { $0.description.minimumVersion.effectiveMinor <= minor }
        let baseline = running.filter { $0.description.level == .baseline }
        let restricted = level == .restricted ? running.filter { $0.description.level == .restricted } : []
        let overridden = Set(
            restricted.flatMap { check in
                check.description.overrides.filter { $0.since.effectiveMinor <= minor }.map(\.checkID)
            })
        let byID: (any Check.Type, any Check.Type) -> Bool = {
            CheckFormatting.byteOrder($0.description.id, $1.description.id)
        }
        return baseline.filter { !overridden.contains($0.description.id) }.sorted(by: byID) + restricted.sorted(by: byID)
    }

    /// `activeChecks` for every level and clamped version, computed once: evaluation runs for
    /// every workload, and building the list copies every check's description.
    private static let table: [[[any Check.Type]]] = PolicyLevel.allCases.map { level in
        (0...PolicyVersion.newest.minor!).map { activeChecks(level: level, version: .v($0)) }
    }

    /// The same as `activeChecks`, from a table built once.
    public static func activeChecksCached(level: PolicyLevel, version: PolicyVersion) -> [any Check.Type] {
        let levelIndex = PolicyLevel.allCases.firstIndex(of: level)!
        return table[levelIndex][version.effectiveMinor]
    }
}
