/// The outcome for one workload: what was changed, what was left for a person, what remains.
public struct WorkloadReport: Sendable {
    public let kind: Workload.Kind
    public let name: String?
    public let namespace: String?
    public let location: Location
    public let documentIndex: Int
    /// The level and version this workload was judged at, and why.
    public let policy: ResolvedPolicy
    /// PSA's verdict before any fix (violations an exception covers left out).
    public let before: [CheckViolation]
    /// Changes made (or that `--diff` shows).
    public let applied: [FixIntent]
    /// Changes pss-fix would make once what blocks the workload is resolved (empty unless `blocked`).
    public var pending: [FixIntent] = []
    /// Left byte-identical because it would still violate its level after every automatic fix
    /// (the atomic rule; `--partial` applies the fixes anyway).
    public var blocked = false
    /// Violations pss-fix will not fix automatically, with the reason.
    public let manual: [ManualAction]
    /// PSA's verdict on the fixed text.
    public let remaining: [CheckViolation]
    /// Violations an exception covers (after fixing), listed rather than hidden.
    public let exempted: [ExemptedViolation]
    /// Exception annotations that could not be used, with where they are.
    public let exceptionProblems: [ExceptionProblem]
    /// pss-fix's own warnings about the result (legacy `unconfined` seccomp annotations left).
    public var warnings: [String] = []

    public var displayName: String { "\(kind.rawValue)/\(name ?? "<unnamed>")" }

    public init(
        kind: Workload.Kind, name: String?, namespace: String?, location: Location, documentIndex: Int, policy: ResolvedPolicy,
        before: [CheckViolation], applied: [FixIntent], pending: [FixIntent] = [], blocked: Bool = false,
        manual: [ManualAction], remaining: [CheckViolation], exempted: [ExemptedViolation], exceptionProblems: [ExceptionProblem]
    ) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.location = location
        self.documentIndex = documentIndex
        self.policy = policy
        self.before = before
        self.applied = applied
        self.pending = pending
        self.blocked = blocked
        self.manual = manual
        self.remaining = remaining
        self.exempted = exempted
        self.exceptionProblems = exceptionProblems
    }
}

/// The outcome for one file.
public struct FileFixResult: Sendable {
    public enum Status: Sendable, Equatable {
        /// Parsed and evaluated; `fixed` may equal the input.
        case processed
        /// Not YAML we can read: nothing changed.
        case invalid(YAMLError)
        /// Left alone on purpose (Go template markers).
        case skipped(String)
        /// pss-fix's own edit did not verify; nothing is written.
        case internalError(String)
    }

    public let status: Status
    public let original: [UInt8]
    public let fixed: [UInt8]
    public let workloads: [WorkloadReport]
    /// Objects of unknown kinds that carry a pod template: not judged, reported.
    public var unjudged: [UnjudgedObject] = []
    /// Namespace label changes made (migrate), e.g. `Namespace/shop: pod-security.kubernetes.io/warn=restricted`.
    public let labelChanges: [String]
    /// The edits that turn `original` into `fixed` (empty when nothing changed): a diff need
    /// look only where they are.
    public var edits: [Edit] = []
    /// The line starts of `original` and `fixed` (`SourceText.lineStarts`), when the fix had
    /// them already (the parse and verification split both into lines): a diff need not split
    /// the files again.
    public var lineStarts: (original: [Int], fixed: [Int])?

    public init(status: Status, original: [UInt8], fixed: [UInt8], workloads: [WorkloadReport], labelChanges: [String] = []) {
        self.status = status
        self.original = original
        self.fixed = fixed
        self.workloads = workloads
        self.labelChanges = labelChanges
    }

    public var changed: Bool { original != fixed }

    /// Violations still present after fixing, across workloads.
    public var remainingCount: Int { workloads.reduce(0) { $0 + $1.remaining.count } }
}
