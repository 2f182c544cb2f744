/// What a whole run knows beyond one file: the policy each workload is judged at (namespace
/// labels, admission configuration, or an explicit `--level`) and the exceptions that apply.
public struct PolicyContext: Sendable {
    public var resolver: PolicyResolver
    public var exceptions: ExceptionSet
    /// Which kinds are workloads (built-in plus `workloadKinds:` from the config).
    public var kinds: WorkloadKinds

    public init(resolver: PolicyResolver, exceptions: ExceptionSet = .empty, kinds: WorkloadKinds = .builtIn) {
        self.resolver = resolver
        self.exceptions = exceptions
        self.kinds = kinds
    }

    /// Every workload at one level and version, no exceptions.
    public static func fixed(_ level: PolicyLevel, _ version: PolicyVersion) -> PolicyContext {
        PolicyContext(resolver: PolicyResolver(namespaces: [], admission: nil, override: (level, version)))
    }

    /// PSA's verdict on one workload under this context: the policy, what is active, what an
    /// exception covers.
    public func judge(_ workload: Workload) -> Judgement {
        let policy = resolver.policy(for: workload)
        let exemptions = exceptions.exemptions(for: workload)
        guard policy.level != .privileged else {
            return Judgement(policy: policy, active: [], exempted: [], exemptions: exemptions)
        }
        let violations = Evaluator.evaluate(workload.pod, level: policy.level, version: policy.version)
        let split = ExceptionFilter.split(
            violations, pod: workload.pod, exemptions: exemptions, level: policy.level, version: policy.version)
        return Judgement(policy: policy, active: split.active, exempted: split.exempted, exemptions: exemptions)
    }

    public struct Judgement: Sendable {
        public let policy: ResolvedPolicy
        /// Violations that count.
        public let active: [CheckViolation]
        /// Violations (or parts of them) an exception covers: listed, never hidden.
        public let exempted: [ExemptedViolation]
        public let exemptions: WorkloadExemptions
    }
}
