/// The exceptions in force for a run: the config file's entries plus, unless `strict`, the
/// `pss-fix/ignore` annotations of each workload (see `ExceptionAnnotations`, `ExceptionConfig`).
public struct ExceptionSet: Sendable {
    public let config: ExceptionConfig?
    /// Ignore in-manifest annotations (a reviewer's mode: only exceptions kept outside the
    /// manifests count). The config file still applies.
    public let strict: Bool

    /// Exemptions of single objects of one stream, by position (cluster input: the containers a
    /// webhook injected into a running Pod, which its owners cannot change). Looked up by
    /// position, so thousands of Pods cost nothing per workload.
    public var objectExemptions: [ObjectPosition: [Exemption]] = [:]

    /// Where an object sits in its stream: its document, and its index in a `List`.
    public struct ObjectPosition: Hashable, Sendable {
        public let documentIndex: Int
        public let listIndex: Int?

        public init(documentIndex: Int, listIndex: Int?) {
            self.documentIndex = documentIndex
            self.listIndex = listIndex
        }
    }

    public init(config: ExceptionConfig?, strict: Bool) {
        self.config = config
        self.strict = strict
    }

    /// No exceptions at all.
    public static let empty = ExceptionSet(config: nil, strict: false)

    /// The exemptions for one workload, and the problems found in its annotations. Order:
    /// annotations (object, then pod template) before config entries.
    public func exemptions(for workload: Workload) -> WorkloadExemptions {
        var exemptions: [Exemption] = []
        var problems: [ExceptionProblem] = []
        var ignored: [ExceptionSource] = []
        if strict {
            ignored = ExceptionAnnotations.annotations(of: workload).map {
                .annotation(key: $0.key, location: $0.value.location)
            }
        } else {
            let read = ExceptionAnnotations.read(workload)
            exemptions += read.exemptions
            problems += read.problems
        }
        if let config { exemptions += config.exemptions(for: workload) }
        if !objectExemptions.isEmpty {
            exemptions += objectExemptions[ObjectPosition(documentIndex: workload.documentIndex, listIndex: workload.listIndex)] ?? []
        }
        return WorkloadExemptions(exemptions: exemptions, problems: problems, ignored: ignored)
    }
}

/// The exceptions that apply to one workload.
public struct WorkloadExemptions: Sendable, Hashable {
    public let exemptions: [Exemption]
    /// Malformed `pss-fix/ignore…` annotations on this workload (never applied).
    public let problems: [ExceptionProblem]
    /// `pss-fix/ignore…` annotations present but not honoured because the run is strict.
    public let ignored: [ExceptionSource]

    public init(exemptions: [Exemption] = [], problems: [ExceptionProblem] = [], ignored: [ExceptionSource] = []) {
        self.exemptions = exemptions
        self.problems = problems
        self.ignored = ignored
    }

    public static let empty = WorkloadExemptions()

    public var isEmpty: Bool { exemptions.isEmpty }

    /// The exemption covering `check` for the whole workload (`container == nil`), or for one
    /// container: an exemption for that container first, else a whole-workload one.
    public func exemption(check: String, container: String?) -> Exemption? {
        if let container, let specific = exemptions.first(where: { $0.checkID == check && $0.container == container }) {
            return specific
        }
        return exemptions.first { $0.checkID == check && $0.container == nil }
    }

    /// Whether `check` may fail for the whole workload (`container == nil`) or for `container`;
    /// with the reason and source of the exception (empty and nil when not exempt).
    public func isExempt(check: String, container: String?) -> (exempt: Bool, reason: String, source: ExceptionSource?) {
        guard let e = exemption(check: check, container: container) else { return (false, "", nil) }
        return (true, e.reason, e.source)
    }
}
