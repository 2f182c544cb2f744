/// `pss-fix check` on a cluster dump: the findings of a workload's Pods are reported once, for
/// the workload (`WorkloadGrouping`), with its Pod count; a finding only some of its Pods show
/// says how many. A workload without Pods in the dump keeps its template's findings.
/// Findings that name injected containers say who injected them and are never "fixable": the
/// workload's owners cannot change those containers.
public enum ClusterCheck {
    /// What the report says about a dump.
    public struct Summary: Sendable, Hashable {
        /// Pods in the dump.
        public let pods: Int
        /// Workloads they make up (and controllers without Pods).
        public let workloads: Int
    }

    /// `result` regrouped when `bytes` are a cluster dump; unchanged otherwise.
    public static func regroup(_ result: ManifestChecker.FileResult, bytes: [UInt8], context: PolicyContext) -> ManifestChecker.FileResult {
        guard result.error == nil, result.skipped == nil, ClusterInput.mayBeDump(bytes),
            let stream = try? YAMLParser.parse(SourceText(bytes), keepKind: Workload.isRelevantKind), ClusterInput.isDump(stream)
        else { return result }
        let workloads = Workload.find(in: stream, kinds: context.kinds)
        guard workloads.count == result.workloads.count else { return result }
        let groups = WorkloadGrouping.group(workloads)
        let byIdentity = Dictionary(result.findings.map { ($0.workload, $0) }.enumerated().map { ($0.element.0, [$0.offset]) }, uniquingKeysWith: +)

        var identities: [WorkloadIdentity] = []
        var policies: [ResolvedPolicy] = []
        var findings: [ManifestChecker.Finding] = []
        var exempted: [ManifestChecker.ExemptedFinding] = []
        for group in groups {
            var identity = WorkloadIdentity(group: group, workloads: workloads)
            identity.replicas = group.pods.count
            let sources = group.pods.isEmpty ? [group.template ?? group.members[0]] : group.pods
            identities.append(identity)
            if result.policies.indices.contains(sources[0]) { policies.append(result.policies[sources[0]]) }
            let template = group.template.map { workloads[$0].pod }

            var merged: [ManifestChecker.Finding] = []
            var counts: [String: Int] = [:]
            for source in sources {
                let injected = group.pods.isEmpty ? [] : InjectedContainers.find(in: workloads[source].pod, template: template)
                for index in byIdentity[result.workloads[source]] ?? [] {
                    let f = result.findings[index]
                    counts[f.violation.checkID, default: 0] += 1
                    guard !merged.contains(where: { $0.violation.checkID == f.violation.checkID }) else { continue }
                    let by = injected.first { f.violation.containers.contains($0.name) }?.injectedBy
                    var finding = ManifestChecker.Finding(
                        workload: identity, level: f.level, version: f.version, violation: f.violation, fixable: f.fixable && by == nil)
                    finding.injectedBy = by
                    merged.append(finding)
                }
            }
            // The atomic rule, over the workload: fixable only if every finding is.
            let allFixable = merged.allSatisfy(\.fixable)
            for f in merged {
                var finding = ManifestChecker.Finding(
                    workload: identity, level: f.level, version: f.version, violation: f.violation, fixable: allFixable)
                finding.injectedBy = f.injectedBy
                finding.pods = group.pods.isEmpty ? nil : counts[f.violation.checkID]
                findings.append(finding)
            }
            let sourceIdentities = Set(sources.map { result.workloads[$0] })
            for e in result.exempted where sourceIdentities.contains(e.workload) {
                guard !exempted.contains(where: {
                    $0.workload == identity && $0.exempted.violation.checkID == e.exempted.violation.checkID && $0.exempted.reason == e.exempted.reason
                }) else { continue }
                exempted.append(ManifestChecker.ExemptedFinding(workload: identity, level: e.level, version: e.version, exempted: e.exempted))
            }
        }
        var regrouped = ManifestChecker.FileResult(error: nil, skipped: nil, workloads: identities, findings: findings)
        regrouped.exempted = exempted
        regrouped.exceptionProblems = result.exceptionProblems
        regrouped.policies = policies.count == identities.count ? policies : []
        regrouped.unjudged = result.unjudged
        regrouped.note = result.note
        // pss-fix's own warnings, once per workload and message.
        let groupOf = Dictionary(groups.enumerated().flatMap { g, group in group.members.map { (result.workloads[$0], g) } }, uniquingKeysWith: { a, _ in a })
        for w in result.warnings {
            guard let g = groupOf[w.workload] else { continue }
            let identity = identities[g]
            guard !regrouped.warnings.contains(where: { $0.workload == identity && $0.message == w.message }) else { continue }
            regrouped.warnings.append(ManifestChecker.Warning(workload: identity, location: w.location, message: w.message))
        }
        regrouped.cluster = Summary(pods: groups.reduce(0) { $0 + $1.pods.count }, workloads: groups.count)
        return regrouped
    }
}
