/// `pss-fix migrate`: where every namespace stands against a target level, today and after
/// pss-fix's automatic fixes, and what still blocks it.
public enum Migration {
    /// One workload's standing.
    public struct WorkloadStatus: Sendable {
        /// (`var`: a rendered workload is moved to the template it comes from, and one whose
        /// changes its chart or kustomization cannot take keeps its standing; see the CLI's
        /// MigrationSources.)
        public var identity: WorkloadIdentity
        public var path: String
        /// The highest level it satisfies as written (at the target version).
        public let current: PolicyLevel
        /// The highest level it satisfies after the fixes.
        public var afterFixes: PolicyLevel
        /// Violations of the target that remain after the fixes.
        public var blockers: [CheckViolation]
        public let exempted: [ExemptedViolation]
        /// The changes the fix makes to it (what `--in-place` writes), as report lines. For a
        /// workload read from a cluster: the changes its owners must make to its manifest.
        public var changes: [String] = []
        /// Checks it still fails after the fixes because it needs the node: host namespaces,
        /// hostPath volumes, privileged or HostProcess containers (see `hostAccessChecks`).
        public var hostAccess: [String] = []
        /// Read from a cluster (`ClusterAssessment`): `current` is what its running Pods meet,
        /// and it is ready when that reaches the target (nothing pss-fix writes changes a cluster).
        public var live = false
        /// Cluster input: how many of its Pods the input holds (nil for manifests).
        public var replicas: Int?
        /// Cluster input: containers its Pods run that its manifest does not have.
        public var injected: [InjectedContainer] = []
        /// Cluster input: violations of the target left in injected containers after the fixes
        /// (for whoever runs the injector, not for the workload's owners).
        public var injectedBlockers: [CheckViolation] = []
        /// Cluster input: set when its Pods do not all stand the same (a rollout in progress, Pods
        /// injected differently): one entry per distinct standing.
        public var podVariants: [PodVariant] = []
        /// Cluster input: how the owner was identified when it is not in the input.
        public var ownerInferredFrom: String?

        /// The level that decides readiness: what runs today for a live workload, else the level
        /// after the fixes pss-fix makes.
        public var readyLevel: PolicyLevel { live ? current : afterFixes }
    }

    /// Pods of one workload that stand alike: their level today and the checks of the target
    /// they fail.
    public struct PodVariant: Sendable, Hashable {
        public let level: PolicyLevel
        public let checks: [String]
        public var pods: [String]
    }

    /// Baseline checks that only a workload needing the node fails: such a workload's namespace
    /// is recommended `privileged`.
    public static let hostAccessChecks: Set<String> = ["hostNamespaces", "hostPathVolumes", "privileged", "windowsHostProcess"]

    /// The host-access checks `workload` fails at baseline (no exceptions: PSA does not know them).
    public static func hostAccess(_ workload: Workload, version: PolicyVersion) -> [String] {
        Evaluator.evaluate(workload.pod, level: .baseline, version: version).map(\.checkID).filter { hostAccessChecks.contains($0) }
    }

    /// One namespace's standing.
    public struct NamespaceStatus: Sendable {
        public let name: String
        /// A Namespace manifest for it is among the inputs (only then can labels be set).
        public let hasManifest: Bool
        public let workloads: [WorkloadStatus]
        public let current: PolicyLevel
        public let afterFixes: PolicyLevel
        /// Every workload reaches the target: after the fixes, or for workloads read from a
        /// cluster, today.
        public let ready: Bool
        /// Label changes planned (or made) on its Namespace manifest.
        public var labelChanges: [(key: String, value: String)]
        /// Input that may hold this namespace's workloads but was not checked (a skipped file,
        /// an unjudged workload kind): while there is any, enforce is never set.
        public var notChecked: [String] = []
        /// The levels it should carry (issue 24).
        public var recommendation = NamespaceRecommendation(enforce: .privileged, warn: .baseline, basis: .workloads, reason: "")
        /// Exempt from Pod Security (`kube-system`, the admission configuration's exemptions,
        /// `--exempt-namespace`): it gets no labels.
        public var exempt = false
        /// Its Namespace manifest carries an enforce label (before the planned changes).
        public var hasEnforceLabel = false
        /// Some of its workloads were read from a cluster (readiness is readiness today).
        public var live = false
    }

    /// The highest level (restricted, baseline, privileged) `workload` satisfies at `version`,
    /// with exceptions applied.
    public static func highestLevel(_ workload: Workload, version: PolicyVersion, exceptions: ExceptionSet) -> PolicyLevel {
        for level in [PolicyLevel.restricted, .baseline] {
            let context = PolicyContext(
                resolver: PolicyResolver(namespaces: [], admission: nil, override: (level, version)), exceptions: exceptions)
            if context.judge(workload).active.isEmpty { return level }
        }
        return .privileged
    }

    /// Standing of the workloads of one file, before and after fixing it at the target.
    public static func statuses(
        path: String, original: [UInt8], fixed: [UInt8], version: PolicyVersion, exceptions: ExceptionSet,
        report: FileFixResult, kinds: WorkloadKinds = .builtIn
    ) -> [WorkloadStatus] {
        guard let before = try? YAMLParser.parse(SourceText(original), keepKind: Workload.isRelevantKind) else { return [] }
        let beforeWorkloads = Workload.find(in: before, kinds: kinds)
        var afterWorkloads = beforeWorkloads
        if fixed != original, let after = try? YAMLParser.parse(SourceText(fixed), keepKind: Workload.isRelevantKind) { afterWorkloads = Workload.find(in: after, kinds: kinds) }
        guard afterWorkloads.count == beforeWorkloads.count else { return [] }
        return beforeWorkloads.indices.map { i in
            let w = beforeWorkloads[i]
            let r = report.workloads.indices.contains(i) ? report.workloads[i] : nil
            var status = WorkloadStatus(
                identity: WorkloadIdentity(w), path: path,
                current: highestLevel(w, version: version, exceptions: exceptions),
                afterFixes: highestLevel(afterWorkloads[i], version: version, exceptions: exceptions),
                blockers: r?.remaining ?? [], exempted: r?.exempted ?? [])
            status.changes = (r?.applied ?? []).map { "[\($0.checkID)] \($0.summary)" }
            status.hostAccess = hostAccess(afterWorkloads[i], version: version)
            return status
        }
    }

    /// Groups workloads by namespace (plus every namespace that has a manifest), recommends its
    /// levels (`NamespaceRecommendation`) and decides the label changes:
    /// - `warn` and `audit` at the recommendation's level: the target where the fixes reach it,
    ///   else the strictest useful level;
    /// - `enforce=privileged` for a namespace recommended privileged because its workloads need
    ///   the node, when it has no enforce label (it records the decision, and keeps stricter
    ///   cluster defaults away from it);
    /// - with `enforce`, `enforce` at the target for namespaces that are ready (every workload
    ///   passes after the fixes; for workloads read from a cluster: passes today) and whose input
    ///   was all checked.
    /// `-version` labels go with each level when a version is given. Labels are only ever raised
    /// (a mode whose label is already at or above the planned level is left alone), and exempt
    /// namespaces (`kube-system`, `exempt`) get none: PSA ignores an exempt namespace's labels.
    public static func namespaces(
        _ workloads: [WorkloadStatus], manifests: [NamespacePolicy], target: PolicyLevel, version: PolicyVersion?,
        enforce: Bool, notChecked: [String: [String]] = [:], notCheckedAnywhere: [String] = [], exempt: Set<String> = []
    ) -> [NamespaceStatus] {
        var names = Set(workloads.map { $0.identity.namespace ?? "" })
        for name in notChecked.keys { names.insert(name) }
        for m in manifests { if let n = m.name { names.insert(n) } }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let members = workloads.filter { ($0.identity.namespace ?? "") == name }
            let current = members.map(\.current).min() ?? .restricted
            let after = members.map(\.afterFixes).min() ?? .restricted
            let ready = (members.map(\.readyLevel).min() ?? .restricted) >= target
            let manifest = manifests.first { $0.name == name }
            let recommendation = NamespaceRecommendation.recommend(namespace: name, workloads: members, target: target)
            let isExempt = recommendation.exempt || exempt.contains(name)
            var changes: [(key: String, value: String)] = []
            if let manifest, !name.isEmpty, !isExempt {
                var planned: [(mode: PolicyMode, level: PolicyLevel)] = [(.warn, recommendation.warn), (.audit, recommendation.audit)]
                let unseen = notCheckedAnywhere + (notChecked[name] ?? [])
                if enforce && ready && unseen.isEmpty {
                    planned.insert((.enforce, target), at: 0)
                } else if case .hostAccess = recommendation.basis, manifest.enforce.level == nil {
                    planned.insert((.enforce, .privileged), at: 0)
                }
                for (mode, level) in planned {
                    if let existing = manifest[mode].level, existing >= level { continue }
                    changes.append((mode.levelLabel, level.rawValue))
                    if let version { changes.append((mode.versionLabel, version.description)) }
                }
            }
            var status = NamespaceStatus(
                name: name, hasManifest: manifest != nil, workloads: members, current: current, afterFixes: after,
                ready: ready, labelChanges: changes)
            status.notChecked = notCheckedAnywhere + (notChecked[name] ?? [])
            status.recommendation = recommendation
            status.exempt = isExempt
            status.hasEnforceLabel = manifest?.enforce.level != nil
            status.live = members.contains(where: \.live)
            return status
        }
    }
}
