/// `pss-fix check` for one file: PSA's verdict per workload, one finding per workload and
/// check (as PSA groups them), each marked with whether pss-fix fixes it automatically.
public enum ManifestChecker {
    public struct Finding: Sendable {
        public let workload: WorkloadIdentity
        public let level: PolicyLevel
        public let version: PolicyVersion
        public let violation: CheckViolation
        /// pss-fix's fix command would resolve this finding without a person.
        public let fixable: Bool
        /// Cluster input: how many of the workload's Pods show it (`workload.replicas` when all do).
        public var pods: Int?
        /// Cluster input: who injected the containers it names, when it names injected ones.
        public var injectedBy: String?
    }

    /// A finding an exception covers: reported as exempted, never hidden.
    public struct ExemptedFinding: Sendable {
        public let workload: WorkloadIdentity
        public let level: PolicyLevel
        public let version: PolicyVersion
        public let exempted: ExemptedViolation
    }

    public struct FileResult: Sendable {
        public let error: YAMLError?
        /// Set when the file was not checked on purpose (Go template markers).
        public let skipped: String?
        public let workloads: [WorkloadIdentity]
        public let findings: [Finding]
        public var exempted: [ExemptedFinding] = []
        /// Exception annotations that could not be used.
        public var exceptionProblems: [ExceptionProblem] = []
        /// Policy per workload, parallel to `workloads`.
        public var policies: [ResolvedPolicy] = []
        /// Objects of unknown kinds that carry a pod template: not judged, reported.
        public var unjudged: [UnjudgedObject] = []
        /// Set when the file is a cluster dump: its Pods are reported per workload (`ClusterCheck`).
        public var cluster: ClusterCheck.Summary?

        /// A file not checked on purpose.
        public static func skipped(_ reason: String) -> FileResult {
            FileResult(error: nil, skipped: reason, workloads: [], findings: [])
        }
    }

    public static func check(_ bytes: [UInt8], level: PolicyLevel, version: PolicyVersion) -> FileResult {
        check(bytes, context: .fixed(level, version))
    }

    /// `rendered`: the input is rendered output (see `FixOptions.rendered`), `{{` is text.
    public static func check(_ bytes: [UInt8], context: PolicyContext, rendered: Bool = false) -> FileResult {
        if !rendered, let reason = TemplateDetection.skipReason(bytes, example: "helm template . | pss-fix check -") {
            return FileResult(error: nil, skipped: reason, workloads: [], findings: [])
        }
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(
                SourceText(bytes), keepKind: Workload.isRelevantKind, skipValuesOf: Workload.keysChecksNeverRead)
        } catch {
            return FileResult(error: error, skipped: nil, workloads: [], findings: [])
        }
        if let problem = WorkloadShape.problems(in: stream, kinds: context.kinds).first {
            return FileResult(error: problem, skipped: nil, workloads: [], findings: [])
        }
        var findings: [Finding] = []
        var identities: [WorkloadIdentity] = []
        var exempted: [ExemptedFinding] = []
        var problems: [ExceptionProblem] = []
        var policies: [ResolvedPolicy] = []
        for workload in Workload.find(in: stream, kinds: context.kinds) {
            let identity = WorkloadIdentity(workload)
            identities.append(identity)
            let judgement = context.judge(workload)
            policies.append(judgement.policy)
            let (level, version) = (judgement.policy.level, judgement.policy.version)
            let options = FixOptions(level: level, version: version)
            // The atomic rule (issue 19): fix only workloads whose every finding the automatic
            // fixes resolve; one that needs a person is left as it was, so none of its findings
            // counts as fixable.
            var allFixable = true
            for violation in judgement.active where allFixable {
                allFixable = fixable(violation.checkID, workload.pod, options: options)
            }
            for violation in judgement.active {
                findings.append(Finding(workload: identity, level: level, version: version, violation: violation, fixable: allFixable))
            }
            exempted += judgement.exempted.map { ExemptedFinding(workload: identity, level: level, version: version, exempted: $0) }
            problems += judgement.exemptions.problems
        }
        var result = FileResult(error: nil, skipped: nil, workloads: identities, findings: findings)
        result.exempted = exempted
        result.exceptionProblems = problems
        result.policies = policies
        result.unjudged = UnjudgedObject.find(in: stream, kinds: context.kinds)
        return result
    }

    /// True when the check has an automatic fixer that would change something and leave
    /// nothing of that check to a person (planned, not rendered: cheap enough for every file).
    static func fixable(_ checkID: String, _ pod: PodView, options: FixOptions) -> Bool {
        guard let fixer = FixerRegistry.fixer(for: checkID), !fixer.isOptIn || options.opted(checkID) else { return false }
        var plan = FixPlan(countsOnly: true)
        fixer.plan(pod, options: options, into: &plan)
        return plan.intentCount > 0 && !plan.leftChecks.contains(checkID)
    }
}

/// Where a workload is and what it is called, for reports.
public struct WorkloadIdentity: Sendable, Hashable {
    public let kind: String
    public let name: String?
    public let namespace: String?
    public let location: Location
    public let documentIndex: Int
    /// Cluster input: how many Pods of this workload the input holds (nil for a manifest).
    public var replicas: Int?

    public init(_ workload: Workload) {
        kind = workload.kind.rawValue
        name = workload.name
        namespace = workload.namespace
        location = workload.location
        documentIndex = workload.documentIndex
    }

    public var displayName: String { "\(kind)/\(name ?? "<unnamed>")" }
}
