/// Plans the changes that bring one pod into line with one check (psa-spec §9), or says why a
/// person must decide. Fixers describe meaning (`FixIntent`); the edit planner finds the text.
public protocol Fixer: Sendable {
    /// The check whose violations this fixer repairs.
    static var checkID: String { get }
    /// Called only when the check reports a violation for `pod` at the options' level and version.
    static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan)
}

/// What the fix command may change.
public struct FixOptions: Sendable {
    public var level: PolicyLevel
    public var version: PolicyVersion
    /// Leave explicit non-compliant values (`allowPrivilegeEscalation: true`, `Unconfined`, …) alone.
    public var keepExplicit: Bool

    public init(level: PolicyLevel = .restricted, version: PolicyVersion = .latest, keepExplicit: Bool = false) {
        self.level = level
        self.version = version
        self.keepExplicit = keepExplicit
    }
}

/// Intents and manual actions collected for one pod.
public struct FixPlan: Sendable {
    public var intents: [FixIntent] = []
    public var manual: [ManualAction] = []

    public init() {}

    mutating func add(_ intent: FixIntent) { intents.append(intent) }

    mutating func leave(_ checkID: String, _ reason: String) {
        let action = ManualAction(checkID: checkID, reason: reason)
        if !manual.contains(action) { manual.append(action) }
    }
}

/// Every fixer, in the order their changes are merged (the order keys appear in new blocks).
public enum FixerRegistry {
    public static let all: [any Fixer.Type] = [
        AllowPrivilegeEscalationFixer.self,
        CapabilitiesRestrictedFixer.self,
        CapabilitiesBaselineFixer.self,
        RunAsNonRootFixer.self,
        SeccompProfileFixer.self,
        SeccompProfileBaselineFixer.self,
    ]

    public static func fixer(for checkID: String) -> (any Fixer.Type)? {
        all.first { $0.checkID == checkID }
    }
}

extension ContainerView {
    /// `container "app"` / `init container "setup"` for reports.
    var label: String {
        switch kind {
        case .initContainer: return "init container \"\(name)\""
        case .container: return "container \"\(name)\""
        case .ephemeral: return "ephemeral container \"\(name)\""
        }
    }

    var isPrivileged: Bool { securityContext?["privileged"]?.bool == true }

    /// Capabilities this container adds, as written.
    var addedCapabilities: [String] { securityContext?.mapping("capabilities")?.strings("add") ?? [] }

    /// Adds `SYS_ADMIN`: with `allowPrivilegeEscalation: false` the API server rejects the pod.
    var addsSysAdmin: Bool { addedCapabilities.contains { $0 == "SYS_ADMIN" || $0 == "CAP_SYS_ADMIN" } }
}
