/// Where the workloads of a cluster dump stand (`migrate` on `kubectl get … -o yaml`): one
/// status per workload (`WorkloadGrouping`), not per replica.
///
/// - **Today** is what its running Pods meet, as PSA judges them: after mutating webhooks
///   (injected containers count) and without pss-fix's exceptions (PSA does not read them).
///   A workload without Pods in the dump is judged by its template.
/// - **After fixes** is what its Pods would meet once the owners make pss-fix's automatic fixes
///   in the manifest: the controller's template after the fixes, together with what the
///   containers injected into its Pods need (Pods from an older template are replaced by a
///   rollout); with only Pods in the dump, each Pod after the fixes, injected containers left
///   as they are.
/// - **Changes** are the fixes of the manifest (the template, else a Pod standing for the
///   group), described for its owners: pss-fix writes nothing to a cluster.
public enum ClusterAssessment {
    /// Statuses of the workloads of one dump (`stream`, parsed from `bytes` keeping every
    /// relevant kind), and the fix run behind them (for its errors).
    public static func statuses(
        path: String, bytes: [UInt8], stream: YAMLStream, options: FixOptions, context: PolicyContext
    ) -> (statuses: [Migration.WorkloadStatus], result: FileFixResult) {
        let workloads = Workload.find(in: stream, kinds: context.kinds)
        let groups = WorkloadGrouping.group(workloads)
        var injected: [Int: [InjectedContainer]] = [:]
        for group in groups {
            let template = group.template.map { workloads[$0].pod }
            for p in group.pods {
                let found = InjectedContainers.find(in: workloads[p].pod, template: template)
                if !found.isEmpty { injected[p] = found }
            }
        }

        // Fix the whole dump as the owners would: the fixers do not see injected containers, and
        // their findings do not block a workload's fixes (the owners cannot change them).
        let fixContext = PolicyContext(
            resolver: context.resolver, exceptions: exceptions(context.exceptions, injected: injected, workloads: workloads),
            kinds: context.kinds)
        let result = ManifestFixer.fix(
            bytes, options: options, context: fixContext, hiddenContainers: injected.mapValues { Set($0.map(\.name)) })
        var after = workloads
        if result.fixed != bytes, let fixed = try? YAMLParser.parse(SourceText(result.fixed), keepKind: Workload.isRelevantKind) {
            let found = Workload.find(in: fixed, kinds: context.kinds)
            if found.count == workloads.count { after = found }
        }
        let version = options.version
        let target = options.level
        func level(_ w: Workload) -> PolicyLevel { Migration.highestLevel(w, version: version, exceptions: .empty) }
        // Each Pod's level today and after the fixes, computed once (a DaemonSet may have thousands).
        let today = workloads.map(level)
        let fixed = after.map(level)
        func violations(_ w: Workload) -> [CheckViolation] { Evaluator.evaluate(w.pod, level: target, version: version) }

        let statuses = groups.map { group -> Migration.WorkloadStatus in
            let names = { (p: Int) in Set((injected[p] ?? []).map(\.name)) }
            // The Pod that stands for the group: the one that fares worst after the fixes.
            let representative = group.pods.min { a, b in (fixed[a], today[a]) < (fixed[b], today[b]) }
            let manifest = group.template ?? representative ?? group.members[0]
            let current = group.pods.isEmpty ? today[manifest] : group.pods.map { today[$0] }.min()!
            var afterFixes: PolicyLevel
            var own: [CheckViolation]
            var theirs: [CheckViolation] = []
            if let template = group.template {
                afterFixes = fixed[template]
                own = violations(after[template])
                for p in group.pods {
                    afterFixes = min(afterFixes, injectedLevel(after[p], injected: names(p), version: version))
                    for v in injectedViolations(after[p], names(p), level: target, version: version) where !theirs.contains(v) {
                        theirs.append(v)
                    }
                }
            } else {
                afterFixes = group.pods.map { fixed[$0] }.min() ?? fixed[manifest]
                own = Evaluator.evaluate(after[manifest].pod.removingContainers(named: names(manifest)), level: target, version: version)
                theirs = injectedViolations(after[manifest], names(manifest), level: target, version: version)
            }
            let report = result.workloads.indices.contains(manifest) ? result.workloads[manifest] : nil
            var status = Migration.WorkloadStatus(
                identity: WorkloadIdentity(group: group, workloads: workloads), path: path, current: current, afterFixes: afterFixes,
                blockers: own, exempted: context.judge(after[manifest]).exempted)
            // As for manifests (the atomic rule): a workload that would still fail after the
            // fixes gets none; its blockers say what a person must decide first.
            status.changes = (report.map { $0.blocked ? [] : $0.applied } ?? []).map { "[\($0.checkID)] \($0.summary)" }
            // What an injected container needs is not the workload's own need.
            let ownPod = after[manifest].pod.removingContainers(named: names(manifest))
            status.hostAccess = Evaluator.evaluate(ownPod, level: .baseline, version: version).map(\.checkID)
                .filter { Migration.hostAccessChecks.contains($0) }
            status.live = true
            status.replicas = group.pods.count
            var seen = Set<String>()
            status.injected = group.pods.flatMap { injected[$0] ?? [] }.filter { seen.insert($0.name).inserted }
            status.injectedBlockers = theirs
            status.podVariants = variants(group.pods.map { (workloads[$0], today[$0]) }, violations: violations)
            status.ownerInferredFrom = group.inferredFrom
            return status
        }
        return (statuses, result)
    }

    /// What the injected containers of `pod` fail at `level`, judged in the Pod (pod-level
    /// settings apply to them) as if its other containers were not there; pod-level findings
    /// are left out (they are the manifest's).
    static func injectedViolations(_ pod: Workload, _ injected: Set<String>, level: PolicyLevel, version: PolicyVersion) -> [CheckViolation] {
        guard !injected.isEmpty else { return [] }
        let others = Set(pod.pod.containers.map(\.name)).subtracting(injected)
        return Evaluator.evaluate(pod.pod.removingContainers(named: others), level: level, version: version).filter { !$0.containers.isEmpty }
    }

    /// The highest level the injected containers of `pod` meet. (The rest of the Pod is the
    /// template's to decide: the Pod may come from an older template, which a rollout replaces.)
    static func injectedLevel(_ pod: Workload, injected: Set<String>, version: PolicyVersion) -> PolicyLevel {
        for level in [PolicyLevel.restricted, .baseline] where injectedViolations(pod, injected, level: level, version: version).isEmpty {
            return level
        }
        return .privileged
    }

    /// Pods grouped by their standing today (level, and the checks of the target they fail);
    /// empty when they all stand alike.
    static func variants(_ pods: [(Workload, PolicyLevel)], violations: (Workload) -> [CheckViolation]) -> [Migration.PodVariant] {
        var result: [Migration.PodVariant] = []
        for (pod, standing) in pods {
            let checks = violations(pod).map(\.checkID)
            if let i = result.firstIndex(where: { $0.level == standing && $0.checks == checks }) {
                result[i].pods.append(pod.name ?? "<unnamed>")
            } else {
                result.append(Migration.PodVariant(level: standing, checks: checks, pods: [pod.name ?? "<unnamed>"]))
            }
        }
        return result.count > 1 ? result : []
    }

    /// The run's exceptions plus, for every Pod with injected containers, an exemption of those
    /// containers from every container-level check, so that their findings do not block the
    /// owners' fixes (the atomic rule) and no fix touches them.
    static func exceptions(_ base: ExceptionSet, injected: [Int: [InjectedContainer]], workloads: [Workload]) -> ExceptionSet {
        guard !injected.isEmpty else { return base }
        let checks = CheckRegistry.descriptions.map(\.id).filter { !ExceptionCheckIDs.podLevelOnly.contains($0) }
        var set = base
        for (p, containers) in injected {
            let pod = workloads[p]
            let source = ExceptionSource.annotation(key: "(injected)", location: pod.location)
            set.objectExemptions[ExceptionSet.ObjectPosition(documentIndex: pod.documentIndex, listIndex: pod.listIndex)] = containers.flatMap { c in
                checks.map { Exemption(checkID: $0, container: c.name, reason: "injected by \(c.injectedBy)", source: source) }
            }
        }
        return set
    }
}

extension WorkloadIdentity {
    /// A grouped workload: its kind and name (present or inferred), located at its template, else
    /// at its first Pod.
    init(group: WorkloadGrouping.Group, workloads: [Workload]) {
        let at = workloads[group.template ?? group.pods.first ?? group.members[0]]
        kind = group.kind
        name = group.name
        namespace = group.namespace
        location = at.location
        documentIndex = at.documentIndex
    }
}
