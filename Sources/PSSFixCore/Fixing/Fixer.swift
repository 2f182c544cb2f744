/// Plans the changes that bring one pod into line with one check (psa-spec §9), or says why a
/// person must decide. Fixers describe meaning (`FixIntent`); the edit planner finds the text.
public protocol Fixer: Sendable {
    /// The check whose violations this fixer repairs.
    static var checkID: String { get }
    /// Called only when the check reports a violation for `pod` at the options' level and version.
    static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan)
    /// Opt-in fixers (psa-spec §9.3) run only when their check is named with `--fix`.
    static var isOptIn: Bool { get }
    /// What can break at run time after this fix (reported with every opt-in change).
    static var risk: String { get }
}

extension Fixer {
    public static var isOptIn: Bool { false }
    public static var risk: String { "" }
}

/// What the fix command may change.
public struct FixOptions: Sendable {
    public var level: PolicyLevel
    public var version: PolicyVersion
    /// Leave explicit non-compliant values (`allowPrivilegeEscalation: true`, `Unconfined`, …) alone.
    public var keepExplicit: Bool
    /// Checks whose opt-in fixes (psa-spec §9.3) the user asked for with `--fix`.
    public var optIn: Set<String>
    /// `--run-as-user UID`: replaces `runAsUser: 0` and sets a pod-level UID where none is set.
    public var runAsUser: Int?
    /// The input is rendered output (stdin: `helm template | pss-fix -`, a Helm post-renderer,
    /// a KRM function), so `{{` is text, as in Prometheus rules in a ConfigMap, not a template
    /// marker. Files on disk with `{{` are still taken for unrendered chart templates.
    public var rendered = false
    /// `--partial`: apply the automatic fixes to workloads that will still violate their level
    /// (blocked by something a person must decide). Off by default: a change that cannot make a
    /// workload admissible only adds risk.
    public var partial = false

    public init(
        level: PolicyLevel = .restricted, version: PolicyVersion = .latest, keepExplicit: Bool = false,
        optIn: Set<String> = [], runAsUser: Int? = nil
    ) {
        self.level = level
        self.version = version
        self.keepExplicit = keepExplicit
        self.optIn = optIn
        self.runAsUser = runAsUser
    }

    /// True when `checkID`'s opt-in fix was requested.
    public func opted(_ checkID: String) -> Bool { optIn.contains(checkID) }
}

/// Intents and manual actions collected for one pod.
public struct FixPlan: Sendable {
    public var intents: [FixIntent] = []
    public var manual: [ManualAction] = []
    /// Only count: `check` asks every finding whether a fix would resolve it, and building the
    /// intents' paths and summaries for that was most of the cost. Intents and reasons are
    /// then never evaluated (the arguments are autoclosures).
    let countsOnly: Bool
    /// Intents added (also when counting only).
    private(set) var intentCount = 0
    /// Checks left to a person (only when counting only; `manual` holds them otherwise).
    private(set) var leftChecks: [String] = []

    public init() { countsOnly = false }

    init(countsOnly: Bool) { self.countsOnly = countsOnly }

    mutating func add(_ intent: @autoclosure () -> FixIntent) {
        intentCount += 1
        if !countsOnly { intents.append(intent()) }
    }

    mutating func leave(_ checkID: String, _ reason: @autoclosure () -> String) {
        if countsOnly {
            leftChecks.append(checkID)
            return
        }
        let action = ManualAction(checkID: checkID, reason: reason())
        if !manual.contains(action) { manual.append(action) }
    }

    /// An explicit value kept because of `--keep-explicit`: reported like `leave`, but it does
    /// not block the workload's other fixes (the user asked to keep it).
    mutating func keep(_ checkID: String, _ reason: @autoclosure () -> String) {
        if countsOnly { return }
        let action = ManualAction(checkID: checkID, reason: reason(), blocks: false)
        if !manual.contains(action) { manual.append(action) }
    }

    /// Violations a person must resolve before this workload can pass: any of them means the
    /// automatic fixes alone cannot make it admissible.
    public var blockers: [ManualAction] { manual.filter(\.blocks) }

    /// Checks whose remaining violations are values the user chose to keep.
    public var keptChecks: Set<String> { Set(manual.filter { !$0.blocks }.map(\.checkID)) }
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
        PrivilegedFixer.self,
        HostNamespacesFixer.self,
        HostPortsFixer.self,
        HostProbesFixer.self,
        ProcMountFixer.self,
        ProcMountRestrictedFixer.self,
        SELinuxOptionsFixer.self,
        SysctlsFixer.self,
        AppArmorProfileFixer.self,
        RunAsUserFixer.self,
    ]

    /// Check IDs `--fix` accepts.
    public static var optInIDs: [String] { all.filter { $0.isOptIn }.map { $0.checkID } + ["capabilities_restricted", "capabilities_baseline", "seccompProfile_baseline"] }

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
