/// The three Pod Security Admission modes (psa-spec §5.1).
///
/// Pods get all three; workload resources (Deployments, Jobs, ...) only get `audit` and `warn`
/// (psa-spec §5.2). pss-fix judges every object at the strictest of the three (see
/// `PolicyResolver`).
public enum PolicyMode: String, Sendable, CaseIterable, Hashable {
    case enforce, audit, warn

    /// `pod-security.kubernetes.io/<mode>`.
    public var levelLabel: String { "pod-security.kubernetes.io/\(rawValue)" }
    /// `pod-security.kubernetes.io/<mode>-version`.
    public var versionLabel: String { "pod-security.kubernetes.io/\(rawValue)-version" }
}

/// One level and version, as a namespace label pair or an AdmissionConfiguration default pair
/// declares it. The version is kept as written (`v1.99` stays `v1.99`); clamping happens when
/// the checks run (`PolicyVersion.clamped`).
public struct PolicySetting: Sendable, Hashable, CustomStringConvertible {
    public let level: PolicyLevel
    public let version: PolicyVersion

    public init(level: PolicyLevel, version: PolicyVersion) {
        self.level = level
        self.version = version
    }

    public static let privilegedLatest = PolicySetting(level: .privileged, version: .latest)

    /// `restricted:v1.29`, as PSA prints a policy (`level:version`, the version unclamped).
    public var label: String { "\(level.rawValue):\(version)" }
    public var description: String { label }
}

/// A level and version for each mode: a namespace's effective policy or the
/// AdmissionConfiguration defaults.
public struct PolicyModes: Sendable, Hashable {
    public var enforce: PolicySetting
    public var audit: PolicySetting
    public var warn: PolicySetting

    public init(enforce: PolicySetting, audit: PolicySetting, warn: PolicySetting) {
        self.enforce = enforce
        self.audit = audit
        self.warn = warn
    }

    /// Every mode at the same setting.
    public init(all setting: PolicySetting) {
        self.init(enforce: setting, audit: setting, warn: setting)
    }

    /// PSA's built-in defaults when no AdmissionConfiguration says otherwise: every mode
    /// `privileged:latest` (psa-spec §6).
    public static let privileged = PolicyModes(all: .privilegedLatest)

    public subscript(mode: PolicyMode) -> PolicySetting {
        get {
            switch mode {
            case .enforce: return enforce
            case .audit: return audit
            case .warn: return warn
            }
        }
        set {
            switch mode {
            case .enforce: enforce = newValue
            case .audit: audit = newValue
            case .warn: warn = newValue
            }
        }
    }

    /// The setting an object is judged at when every mode's message must go: the highest level;
    /// among modes at that level, the newest version (newer versions run more checks); on a
    /// full tie, the first of enforce, audit, warn. Returns that mode too.
    public var strictest: (mode: PolicyMode, setting: PolicySetting) {
        var best: (mode: PolicyMode, setting: PolicySetting) = (.enforce, enforce)
        for mode in [PolicyMode.audit, .warn] {
            let candidate = self[mode]
            if candidate.level > best.setting.level
                || (candidate.level == best.setting.level && best.setting.version < candidate.version)
            {
                best = (mode, candidate)
            }
        }
        return best
    }

    /// The distinct non-privileged settings among the modes, in enforce, audit, warn order. A
    /// caller that wants to be exact where versions differ at the same level (say enforce
    /// `restricted:v1.24` and warn `restricted:latest`) can evaluate each of these.
    public var distinctSettings: [PolicySetting] {
        var result: [PolicySetting] = []
        for mode in PolicyMode.allCases where self[mode].level != .privileged && !result.contains(self[mode]) {
            result.append(self[mode])
        }
        return result
    }
}

/// A namespace label value PSA could not parse: upstream's
/// `field.Invalid(metadata.labels[<key>], value, msg)` (psa-spec §5.1).
public struct LabelProblem: Sendable, Hashable, CustomStringConvertible {
    /// The label key, e.g. `pod-security.kubernetes.io/enforce`.
    public let key: String
    /// The value as written (empty for a null or non-scalar value).
    public let value: String
    /// `must be one of privileged, baseline, restricted` or `must be "latest" or "v1.x"`.
    public let message: String
    /// Where the value is written.
    public let location: Location

    public init(key: String, value: String, message: String, location: Location) {
        self.key = key
        self.value = value
        self.message = message
        self.location = location
    }

    public static let levelMessage = "must be one of privileged, baseline, restricted"
    public static let versionMessage = #"must be "latest" or "v1.x""#

    /// `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be
    /// one of privileged, baseline, restricted`, as the API server words a `field.Invalid`.
    public var description: String {
        "metadata.labels[\(key)]: Invalid value: \(CheckFormatting.goQuote(value)): \(message)"
    }
}

/// What one `kind: Namespace` manifest declares about Pod Security (psa-spec §5.1).
///
/// Each mode's `level` and `version` are nil when the label is missing (the defaults then apply,
/// see `policies(defaults:)`). Values PSA cannot parse are replaced as upstream replaces them and
/// recorded in `problems`:
/// - an invalid `enforce` level reads as `restricted` (fail closed);
/// - an invalid `audit` or `warn` level reads as `privileged` (fail open);
/// - an invalid version reads as `latest`.
public struct NamespacePolicy: Sendable {
    /// The labels of one mode: nil for a missing label.
    public struct ModeLabels: Sendable, Hashable {
        public let level: PolicyLevel?
        public let version: PolicyVersion?

        public init(level: PolicyLevel?, version: PolicyVersion?) {
            self.level = level
            self.version = version
        }
    }

    /// `metadata.name`; nil for a Namespace without one (it then matches no workload).
    public let name: String?
    /// The object's `kind` key, else the object's start.
    public let location: Location
    /// Index of the document in its stream.
    public let documentIndex: Int
    /// Position inside a `kind: List` (`items[N]`), if it came from one.
    public let listIndex: Int?
    /// The object's mapping.
    public let object: Node
    /// `metadata.labels` when it is a mapping.
    public let labels: Node?
    public let enforce: ModeLabels
    public let audit: ModeLabels
    public let warn: ModeLabels
    /// Label values PSA would reject, in label order enforce, enforce-version, audit, ..., warn-version.
    public let problems: [LabelProblem]
    /// True when the enforce level label is present and valid: the condition for warn defaulting.
    public let hasValidEnforceLevel: Bool

    public subscript(mode: PolicyMode) -> ModeLabels {
        switch mode {
        case .enforce: return enforce
        case .audit: return audit
        case .warn: return warn
        }
    }

    /// True when at least one `pod-security.kubernetes.io/<mode>[-version]` label is present
    /// (valid or not).
    public var declaresPodSecurity: Bool {
        PolicyMode.allCases.contains { self[$0].level != nil || self[$0].version != nil }
    }

    /// The namespace's effective policy, as upstream's `PolicyToEvaluate` computes it: missing
    /// labels take `defaults`; then **warn defaulting** — when a valid enforce level label is
    /// present, no warn level label is present and enforce is stricter than the effective warn
    /// level, warn takes the enforce level, and the enforce version too unless a warn-version
    /// label is present. (That is why labelling only `enforce=restricted` makes Deployments warn.)
    public func policies(defaults: PolicyModes = .privileged) -> PolicyModes {
        var result = defaults
        for mode in PolicyMode.allCases {
            let labels = self[mode]
            result[mode] = PolicySetting(
                level: labels.level ?? defaults[mode].level, version: labels.version ?? defaults[mode].version)
        }
        if warn.level == nil && hasValidEnforceLevel && result.enforce.level > result.warn.level {
            result.warn = PolicySetting(
                level: result.enforce.level, version: warn.version == nil ? result.enforce.version : result.warn.version)
        }
        return result
    }

    /// True when warn defaulting (see `policies(defaults:)`) changes the warn mode under `defaults`.
    public func warnDefaultedFromEnforce(defaults: PolicyModes = .privileged) -> Bool {
        guard warn.level == nil && hasValidEnforceLevel, let level = enforce.level else { return false }
        return level > defaults.warn.level
    }

    /// Reads the Pod Security labels of a Namespace object (any apiVersion).
    public init?(object: Node, documentIndex: Int, listIndex: Int? = nil) {
        let object = object.resolved
        guard object.isMapping, object["kind"]?.string == "Namespace" else { return nil }
        self.object = object
        self.documentIndex = documentIndex
        self.listIndex = listIndex
        self.location = object.ownPair("kind")?.key.location ?? object.location
        let metadata = object.mapping("metadata")
        self.name = metadata?["name"]?.string
        let labels = metadata?.mapping("labels")
        self.labels = labels

        var problems: [LabelProblem] = []
        var modes: [PolicyMode: ModeLabels] = [:]
        var validEnforce = false
        for mode in PolicyMode.allCases {
            var level: PolicyLevel?
            var version: PolicyVersion?
            if let node = labels?[mode.levelLabel] {
                let text = Self.text(node)
                if let parsed = PolicyLevel(rawValue: text) {
                    level = parsed
                    if mode == .enforce { validEnforce = true }
                } else {
                    level = mode == .enforce ? .restricted : .privileged
                    problems.append(LabelProblem(
                        key: mode.levelLabel, value: text, message: LabelProblem.levelMessage, location: node.location))
                }
            }
            if let node = labels?[mode.versionLabel] {
                let text = Self.text(node)
                if let parsed = PolicyVersion(parsing: text) {
                    version = parsed
                } else {
                    version = .latest
                    problems.append(LabelProblem(
                        key: mode.versionLabel, value: text, message: LabelProblem.versionMessage,
                        location: node.location))
                }
            }
            modes[mode] = ModeLabels(level: level, version: version)
        }
        self.enforce = modes[.enforce]!
        self.audit = modes[.audit]!
        self.warn = modes[.warn]!
        self.problems = problems
        self.hasValidEnforceLevel = validEnforce
    }

    /// A label value as the API server would hold it: the scalar's text; empty for null (and
    /// for a collection, which the API server would not accept as a label value at all).
    private static func text(_ node: Node) -> String {
        let node = node.resolved
        if node.isNull { return "" }
        return node.scalarValue ?? ""
    }

    /// Every `kind: Namespace` object in a stream, in document order; items of a `kind: List`
    /// in item order.
    public static func find(in stream: YAMLStream) -> [NamespacePolicy] {
        var result: [NamespacePolicy] = []
        for document in stream.documents {
            guard let root = document.root?.resolved, root.isMapping else { continue }
            if let kind = root["kind"]?.string, Workload.isListKind(kind), let items = root.sequence("items") {
                for (i, item) in items.items.enumerated() {
                    if let ns = NamespacePolicy(object: item, documentIndex: document.index, listIndex: i) {
                        result.append(ns)
                    }
                }
            } else if let ns = NamespacePolicy(object: root, documentIndex: document.index) {
                result.append(ns)
            }
        }
        return result
    }
}
