/// `pss-fix check` for one file: PSA's verdict per workload, one finding per workload and
/// check (as PSA groups them), each marked with whether pss-fix fixes it automatically.
public enum ManifestChecker {
    public struct Finding: Sendable {
        public let workload: WorkloadIdentity
        public let level: PolicyLevel
        public let version: PolicyVersion
        public let violation: CheckViolation
        /// pss-fix's fix command would resolve this finding without a person.
        public var fixable: Bool
        /// For a chart: the values keys that feed this workload's securityContexts.
        public var valuesKeys: [String] = []
        /// Cluster input: how many of the workload's Pods show it (`workload.replicas` when all do).
        public var pods: Int?
        /// Cluster input: who injected the containers it names, when it names injected ones.
        public var injectedBy: String?

        public init(workload: WorkloadIdentity, level: PolicyLevel, version: PolicyVersion, violation: CheckViolation, fixable: Bool) {
            self.workload = workload
            self.level = level
            self.version = version
            self.violation = violation
            self.fixable = fixable
        }
    }

    /// A finding an exception covers: reported as exempted, never hidden.
    public struct ExemptedFinding: Sendable {
        public let workload: WorkloadIdentity
        public let level: PolicyLevel
        public let version: PolicyVersion
        public let exempted: ExemptedViolation
    }

    /// A warning of pss-fix's own about a workload (no PSA check fails for it).
    public struct Warning: Sendable {
        public let workload: WorkloadIdentity
        public let location: Location
        public let message: String
    }

    public struct FileResult: Sendable {
        public let error: YAMLError?
        /// Set when the file was not checked on purpose (Go template markers).
        public let skipped: String?
        public var workloads: [WorkloadIdentity]
        public var findings: [Finding]
        public var exempted: [ExemptedFinding] = []
        /// Exception annotations that could not be used.
        public var exceptionProblems: [ExceptionProblem] = []
        /// Policy per workload, parallel to `workloads`.
        public var policies: [ResolvedPolicy] = []
        /// Objects of unknown kinds that carry a pod template: not judged, reported.
        public var unjudged: [UnjudgedObject] = []
        /// Set when the file is a cluster dump: its Pods are reported per workload (`ClusterCheck`).
        public var cluster: ClusterCheck.Summary?

        /// pss-fix's own warnings (not PSA findings): legacy `unconfined` seccomp annotations.
        public var warnings: [Warning] = []
        /// Something to say about the file that is neither a finding nor a skip (a library
        /// chart checked through the charts that use it).
        public var note: String?

        /// The result split by the file each workload comes from (`place` gives the file and the
        /// place in it), in order of first appearance: a rendered stream reported at its sources.
        public func split(by place: (WorkloadIdentity) -> (path: String, location: Location)) -> [(path: String, result: FileResult)] {
            var order: [String] = []
            var parts: [String: FileResult] = [:]
            var moved: [WorkloadIdentity: WorkloadIdentity] = [:]
            var paths: [WorkloadIdentity: String] = [:]
            func target(_ w: WorkloadIdentity) -> (String, WorkloadIdentity) {
                if let m = moved[w], let p = paths[w] { return (p, m) }
                let (path, location) = place(w)
                let m = w.moved(to: location)
                moved[w] = m
                paths[w] = path
                if parts[path] == nil {
                    order.append(path)
                    parts[path] = FileResult(error: nil, skipped: nil, workloads: [], findings: [])
                }
                return (path, m)
            }
            for (i, w) in workloads.enumerated() {
                let (path, m) = target(w)
                parts[path]!.workloads.append(m)
                if policies.indices.contains(i) { parts[path]!.policies.append(policies[i]) }
            }
            for f in findings {
                let (path, m) = target(f.workload)
                var moved = Finding(workload: m, level: f.level, version: f.version, violation: f.violation, fixable: f.fixable)
                moved.valuesKeys = f.valuesKeys
                moved.pods = f.pods
                moved.injectedBy = f.injectedBy
                parts[path]!.findings.append(moved)
            }
            for e in exempted {
                let (path, m) = target(e.workload)
                parts[path]!.exempted.append(ExemptedFinding(workload: m, level: e.level, version: e.version, exempted: e.exempted))
            }
            for w in warnings {
                let (path, m) = target(w.workload)
                parts[path]!.warnings.append(Warning(workload: m, location: m.location, message: w.message))
            }
            if let first = order.first {
                parts[first]!.exceptionProblems += exceptionProblems
                parts[first]!.unjudged += unjudged
            }
            return order.map { ($0, parts[$0]!) }
        }

        /// Appends the next part of the same file (a batch of a big stream): its workloads,
        /// findings and what is reported after them, in order.
        public mutating func append(_ part: FileResult) {
            workloads += part.workloads
            findings += part.findings
            exempted += part.exempted
            exceptionProblems += part.exceptionProblems
            policies += part.policies
            unjudged += part.unjudged
            warnings += part.warnings
        }

        /// A file with only a note to report.
        public static func noted(_ note: String) -> FileResult {
            var result = FileResult(error: nil, skipped: nil, workloads: [], findings: [])
            result.note = note
            return result
        }

        /// A file not checked on purpose.
        public static func skipped(_ reason: String) -> FileResult {
            FileResult(error: nil, skipped: reason, workloads: [], findings: [])
        }
    }

    public static func check(_ bytes: [UInt8], level: PolicyLevel, version: PolicyVersion) -> FileResult {
        check(bytes, context: .fixed(level, version))
    }

    /// `rendered`: the input is rendered output (see `FixOptions.rendered`), `{{` is text.
    /// `inBatches: false`: a big file is not tried batch by batch (the caller already did).
    public static func check(_ bytes: [UInt8], context: PolicyContext, rendered: Bool = false, inBatches: Bool = true) -> FileResult {
        if !rendered, let reason = TemplateDetection.skipReason(bytes, example: "helm template . | pss-fix check -") {
            return FileResult(error: nil, skipped: reason, workloads: [], findings: [])
        }
        if inBatches, bytes.count >= ManifestFixer.batchThreshold, let result = checkInBatches(bytes, context: context, batchBytes: ManifestFixer.batchBytes) {
            return result
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
        return judge(stream, context: context)
    }

    /// The verdicts on a parsed stream (or a batch of one) whose workloads have their shape.
    static func judge(_ stream: YAMLStream, context: PolicyContext) -> FileResult {
        var findings: [Finding] = []
        var identities: [WorkloadIdentity] = []
        var exempted: [ExemptedFinding] = []
        var problems: [ExceptionProblem] = []
        var policies: [ResolvedPolicy] = []
        var warnings: [Warning] = []
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
            for found in LegacySeccompAnnotations.unconfined(in: workload.pod) {
                warnings.append(Warning(workload: identity, location: found.location, message: found.warning))
            }
            exempted += judgement.exempted.map { ExemptedFinding(workload: identity, level: level, version: version, exempted: $0) }
            problems += judgement.exemptions.problems
        }
        var result = FileResult(error: nil, skipped: nil, workloads: identities, findings: findings)
        result.exempted = exempted
        result.exceptionProblems = problems
        result.policies = policies
        result.unjudged = UnjudgedObject.find(in: stream, kinds: context.kinds)
        result.warnings = warnings
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

    public init(kind: String, name: String?, namespace: String?, location: Location, documentIndex: Int) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.location = location
        self.documentIndex = documentIndex
    }

    /// The same workload reported at another place (its source file, for rendered input).
    public func moved(to location: Location) -> WorkloadIdentity {
        var moved = WorkloadIdentity(kind: kind, name: name, namespace: namespace, location: location, documentIndex: documentIndex)
        moved.replicas = replicas
        return moved
    }

    public init(_ workload: Workload) {
        kind = workload.kind.rawValue
        name = workload.name
        namespace = workload.namespace
        location = workload.location
        documentIndex = workload.documentIndex
    }

    public var displayName: String { "\(kind)/\(name ?? "<unnamed>")" }
}
