/// One Pod Security Standards check, as PSA implements it (psa-spec §3).
///
/// Each check lives in its own file with its description, its version history and examples that
/// the test suite runs (`CheckExamplesTests`).
public protocol Check: Sendable {
    static var description: CheckDescription { get }

    /// Evaluates one pod at a policy version the check is active at (the registry decides
    /// activation and overrides). Returns nil when the pod is allowed.
    static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation?
}

/// A disallowed check result: PSA's `ForbiddenReason` and `ForbiddenDetail`, plus the
/// containers it names (for JSON output and fixing).
public struct CheckViolation: Sendable, Equatable {
    public let checkID: String
    public let reason: String
    public let detail: String
    /// Names of the containers the detail mentions, in PSA's order; empty for pod-level findings.
    public let containers: [String]

    public init(checkID: String, reason: String, detail: String, containers: [String] = []) {
        self.checkID = checkID
        self.reason = reason
        self.detail = detail
        self.containers = containers
    }

    /// `reason (detail)`, one element of PSA's `ForbiddenDetail()`.
    public var message: String { detail.isEmpty ? reason : "\(reason) (\(detail))" }
}

/// What pss-fix can do about a check's violations (psa-spec §9).
public enum FixSupport: String, Sendable {
    /// Fixed by default (psa-spec §9.2).
    case automatic
    /// Fixed only when named with `--fix` (psa-spec §9.3).
    case optIn = "opt-in"
    /// Reported with guidance; never edited (psa-spec §9.4).
    case manual
}

/// A YAML example attached to a check; the tests evaluate it at `version`.
public struct CheckExample: Sendable {
    public let yaml: String
    public let version: PolicyVersion
    /// For failing examples: the exact `reason (detail)` PSA gives.
    public let expected: String?
    public let file: String
    public let line: Int

    public init(
        _ yaml: String, version: PolicyVersion = .latest, expected: String? = nil,
        file: String = #filePath, line: Int = #line
    ) {
        self.yaml = yaml
        self.version = version
        self.expected = expected
        self.file = file
        self.line = line
    }
}

/// A before/after pair: the fix command turns `before` into `after` byte for byte.
public struct FixExample: Sendable {
    public let before: String
    public let after: String
    public let level: PolicyLevel
    public let version: PolicyVersion
    /// Opt-in fixes the example runs with (`--fix`), and `--run-as-user`.
    public let optIn: Set<String>
    public let runAsUser: Int?
    public let file: String
    public let line: Int

    public init(
        before: String, after: String, level: PolicyLevel = .restricted, version: PolicyVersion = .latest,
        optIn: Set<String> = [], runAsUser: Int? = nil, file: String = #filePath, line: Int = #line
    ) {
        self.before = before
        self.after = after
        self.level = level
        self.version = version
        self.optIn = optIn
        self.runAsUser = runAsUser
        self.file = file
        self.line = line
    }
}

/// Everything `pss-fix explain` prints about a check, and the examples the tests run.
public struct CheckDescription: Sendable {
    public struct VersionNote: Sendable {
        public let since: PolicyVersion
        public let text: String
        public init(since: PolicyVersion, _ text: String) {
            self.since = since
            self.text = text
        }
    }

    /// Upstream check ID (`runAsNonRoot`).
    public let id: String
    public let title: String
    public let level: PolicyLevel
    /// The first policy version that runs the check.
    public let minimumVersion: PolicyVersion
    /// Baseline checks this restricted check replaces, and from which version (psa-spec §1.3).
    public let overrides: [(checkID: String, since: PolicyVersion)]
    /// One sentence: what the check requires.
    public let summary: String
    /// Why it matters (Markdown).
    public let rationale: String
    /// What the check examines at each version.
    public let versions: [VersionNote]
    public let fixSupport: FixSupport
    /// What pss-fix does about a violation.
    public let remedy: String
    public let passing: [CheckExample]
    public let failing: [CheckExample]
    public let fixes: [FixExample]

    public init(
        id: String, title: String, level: PolicyLevel, minimumVersion: PolicyVersion,
        overrides: [(checkID: String, since: PolicyVersion)] = [], summary: String, rationale: String,
        versions: [VersionNote], fixSupport: FixSupport, remedy: String,
        passing: [CheckExample], failing: [CheckExample], fixes: [FixExample] = []
    ) {
        self.id = id
        self.title = title
        self.level = level
        self.minimumVersion = minimumVersion
        self.overrides = overrides
        self.summary = summary
        self.rationale = rationale
        self.versions = versions
        self.fixSupport = fixSupport
        self.remedy = remedy
        self.passing = passing
        self.failing = failing
        self.fixes = fixes
    }
}
