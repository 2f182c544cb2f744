/// `pss-fix migrate`: where every namespace stands against a target level, today and after
/// pss-fix's automatic fixes, and what still blocks it.
public enum Migration {
    /// One workload's standing.
    public struct WorkloadStatus: Sendable {
        public let identity: WorkloadIdentity
        public let path: String
        /// The highest level it satisfies as written (at the target version).
        public let current: PolicyLevel
        /// The highest level it satisfies after the fixes.
        public let afterFixes: PolicyLevel
        /// Violations of the target that remain after the fixes.
        public let blockers: [CheckViolation]
        public let exempted: [ExemptedViolation]
        /// The changes the fix makes to it (what `--in-place` writes), as report lines.
        public var changes: [String] = []
    }

    /// One namespace's standing.
    public struct NamespaceStatus: Sendable {
        public let name: String
        /// A Namespace manifest for it is among the inputs (only then can labels be set).
        public let hasManifest: Bool
        public let workloads: [WorkloadStatus]
        public let current: PolicyLevel
        public let afterFixes: PolicyLevel
        public let ready: Bool
        /// Label changes planned (or made) on its Namespace manifest.
        public var labelChanges: [(key: String, value: String)]
        /// Input that may hold this namespace's workloads but was not checked (a skipped file,
        /// an unjudged workload kind): while there is any, enforce is never set.
        public var notChecked: [String] = []
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
            return status
        }
    }

    /// Groups workloads by namespace (plus every namespace that has a manifest) and decides the
    /// label changes: `warn` and `audit` raised to the target (with `-version` labels when a
    /// version is given), and with `enforce` also the enforce label — but only for namespaces
    /// whose every workload passes after the fixes. Labels are only ever raised.
    public static func namespaces(
        _ workloads: [WorkloadStatus], manifests: [NamespacePolicy], target: PolicyLevel, version: PolicyVersion?,
        enforce: Bool, notChecked: [String: [String]] = [:], notCheckedAnywhere: [String] = []
    ) -> [NamespaceStatus] {
        var names = Set(workloads.map { $0.identity.namespace ?? "" })
        for name in notChecked.keys { names.insert(name) }
        for m in manifests { if let n = m.name { names.insert(n) } }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let members = workloads.filter { ($0.identity.namespace ?? "") == name }
            let current = members.map(\.current).min() ?? .restricted
            let after = members.map(\.afterFixes).min() ?? .restricted
            let manifest = manifests.first { $0.name == name }
            var changes: [(key: String, value: String)] = []
            if let manifest, !name.isEmpty {
                var modes: [PolicyMode] = [.warn, .audit]
                let unseen = notCheckedAnywhere + (notChecked[name] ?? [])
                if enforce && after >= target && unseen.isEmpty { modes.insert(.enforce, at: 0) }
                for mode in modes {
                    let labels = mode == .enforce ? manifest.enforce : (mode == .warn ? manifest.warn : manifest.audit)
                    if let existing = labels.level, existing >= target { continue }
                    changes.append((mode.levelLabel, target.rawValue))
                    if let version { changes.append((mode.versionLabel, version.description)) }
                }
            }
            var status = NamespaceStatus(
                name: name, hasManifest: manifest != nil, workloads: members, current: current, afterFixes: after,
                ready: after >= target, labelChanges: changes)
            status.notChecked = notCheckedAnywhere + (notChecked[name] ?? [])
            return status
        }
    }
}
