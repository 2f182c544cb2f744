/// The fix pipeline for one file: parse → find workloads → evaluate → plan fixes → edit bytes →
/// verify → re-evaluate. Pure: bytes in, result out; the CLI decides what to write or print.
public enum ManifestFixer {
    /// Fixes one file. `context` decides the level and version per workload (default: everything
    /// at `options.level`/`options.version`); `labels` are Namespace label values to raise
    /// (namespace name -> [(label key, value)]), applied with the same minimal edits.
    /// `hiddenContainers` (cluster input): per workload index, containers a mutating webhook
    /// injected into a running Pod; the fixers plan as if they were absent (their owners are not
    /// the workload's), the verdicts still see them.
    public static func fix(
        _ bytes: [UInt8], options: FixOptions, context: PolicyContext? = nil, labels: [String: [(key: String, value: String)]] = [:],
        hiddenContainers: [Int: Set<String>] = [:]
    ) -> FileFixResult {
        fix(bytes, options: options, context: context, labels: labels, hiddenContainers: hiddenContainers, origin: Origin()).result
    }

    /// Where a part of a file starts: its first line in the original and in the patched file
    /// (0-based), and the index of its first document. A whole file starts at zero.
    struct Origin {
        var line = 0
        var patchedLine = 0
        var document = 0
    }

    /// `fix` for `bytes` that are the part of a file starting at `origin` (a batch of a big
    /// stream, `fixInBatches`): reports name the file's lines and documents. Also returns how
    /// many documents the part holds.
    static func fix(
        _ bytes: [UInt8], options: FixOptions, context: PolicyContext?, labels: [String: [(key: String, value: String)]],
        hiddenContainers: [Int: Set<String>], origin: Origin
    ) -> (result: FileFixResult, documents: Int) {
        if !options.rendered, let reason = TemplateDetection.skipReason(bytes, example: "helm template . | pss-fix -") {
            return (FileFixResult(status: .skipped(reason), original: bytes, fixed: bytes, workloads: []), 0)
        }
        var stream: YAMLStream
        do {
            var source = SourceText(bytes)
            source.firstLine = origin.line
            let region = YAMLParser.Region(bytes: 0..<bytes.count, firstLine: origin.line, firstDocument: origin.document)
            stream = YAMLStream(source: source, documents: try YAMLParser.parse(source, region: region, keepKind: Workload.isRelevantKind))
            stream.patchedFirstLine = origin.patchedLine
        } catch {
            return (FileFixResult(status: .invalid(error), original: bytes, fixed: bytes, workloads: []), 0)
        }
        let context = context ?? .fixed(options.level, options.version)
        if let problem = WorkloadShape.problems(in: stream, kinds: context.kinds).first {
            return (FileFixResult(status: .invalid(problem), original: bytes, fixed: bytes, workloads: []), stream.documents.count)
        }
        let workloads = Workload.find(in: stream, kinds: context.kinds)
        let unjudged = UnjudgedObject.find(in: stream, kinds: context.kinds)
        var plans: [FixPlan] = []
        var before: [PolicyContext.Judgement] = []
        for (index, workload) in workloads.enumerated() {
            let judgement = context.judge(workload)
            var pod = workload.pod
            if let hidden = hiddenContainers[index] {
                pod = PodView(
                    metadata: pod.metadata, spec: pod.spec, containers: pod.containers.filter { !hidden.contains($0.name) }, via: pod.via)
            }
            before.append(judgement)
            var local = options
            local.level = judgement.policy.level
            local.version = judgement.policy.version
            var plan = FixPlan()
            for violation in judgement.active {
                guard let fixer = FixerRegistry.fixer(for: violation.checkID), !fixer.isOptIn || local.opted(violation.checkID)
                else {
                    plan.leave(violation.checkID, HumanActions.advice(for: violation.checkID))
                    continue
                }
                fixer.plan(pod, options: local, into: &plan)
            }
            if local.runAsUser != nil && local.level == .restricted {
                RunAsUserFixer.planDefaultUID(pod, options: local, into: &plan)
            }
            // Never touch a container for a check an exception covers.
            plan.intents.removeAll { intent in
                guard let container = workload.pod.container(containing: intent.base) else { return false }
                return judgement.exemptions.isExempt(check: intent.checkID, container: container.name).exempt
            }
            // Tell the planner which alias each intent's node was reached through.
            for i in plan.intents.indices {
                let container = workload.pod.container(containing: plan.intents[i].base)
                plan.intents[i].via = container?.via ?? workload.pod.via
                plan.intents[i].containerName = container?.name
            }
            plans.append(plan)
        }
        var labelIntents: [FixIntent] = []
        var fixedIntents: [Int: [FixIntent]] = [:]
        if !labels.isEmpty {
            for namespace in NamespacePolicy.find(in: stream) {
                guard let name = namespace.name, let changes = labels[name] else { continue }
                for (key, value) in changes {
                    let intent = FixIntent(
                        .set(base: namespace.object, path: ["metadata", "labels", key], value: .string(value)),
                        checkID: "namespaceLabels", summary: "Namespace/\(name): \(key)=\(value)")
                    labelIntents.append(intent)
                    fixedIntents[namespace.documentIndex, default: []].append(intent)
                }
            }
        }

        // Atomic per workload (issue 19): a workload that would still violate its level after
        // every planned fix is left byte-identical (unless --partial); a change that would create
        // a pair the API server rejects is dropped, whatever the options. Both are decided on
        // the patched result, so a round may find more to leave out; each round only removes
        // intents, so this ends (in one round, almost always).
        var blocked = Set<Int>()
        var dropped: [IntentKey: String] = [:]
        // Refusals of every round: a workload blocked because one of its changes was refused
        // is left out of the next round, which then no longer reports that refusal.
        var refusals: [IntentKey: String] = [:]
        if !options.partial {
            for i in workloads.indices where !plans[i].blockers.isEmpty { blocked.insert(i) }
        }
        func planned(_ i: Int) -> [FixIntent] { plans[i].intents.filter { dropped[IntentKey($0)] == nil } }
        var outcome: TextPatcher.Outcome
        var after: [Int: Workload] = [:]
        // Verdicts on `after`, made once: the round's atomicity test and the report both need them.
        var afterJudged: [Int: PolicyContext.Judgement] = [:]
        func judgedAfter(_ i: Int) -> PolicyContext.Judgement {
            if let known = afterJudged[i] { return known }
            guard let fixed = after[i] else { return before[i] }
            let judgement = context.judge(fixed)
            afterJudged[i] = judgement
            return judgement
        }
        let byDocument = Dictionary(grouping: workloads.indices) { workloads[$0].documentIndex }
        var round = 0
        while true {
            var intents = fixedIntents
            for i in workloads.indices where !blocked.contains(i) {
                let list = planned(i)
                if !list.isEmpty { intents[workloads[i].documentIndex, default: []] += list }
            }
            outcome = TextPatcher.patch(stream, intents: intents)
            refusals.merge(outcome.refusals) { old, _ in old }
            // Re-evaluate what the user gets: workloads of the documents that changed, as
            // re-parsed by verification; every other document is byte-identical, its verdict stands.
            after = [:]
            afterJudged = [:]
            for (index, document) in outcome.reparsed?.documents ?? [:] {
                let found = Workload.find(in: YAMLStream(source: outcome.reparsed!.source, documents: [document]), kinds: context.kinds)
                let originals = byDocument[index] ?? []
                guard found.count == originals.count else { continue }
                for (i, workload) in zip(originals, found) { after[i] = workload }
            }
            round += 1
            // A failed verification is an internal error, reported as such: never retried into
            // a smaller change that would hide it.
            guard outcome.problem == nil, round < 5 else { break }
            var again = false
            for i in workloads.indices where !blocked.contains(i) {
                let list = planned(i)
                guard !list.isEmpty else { continue }
                if let fixed = after[i] {
                    let existing = Set(APIValidity.problems(in: workloads[i].pod))
                    for problem in APIValidity.problems(in: fixed.pod) where !existing.contains(problem) {
                        for intent in list where APIValidity.intent(intent, causes: problem, in: workloads[i].pod) {
                            dropped[IntentKey(intent)] = problem.description
                            again = true
                        }
                    }
                }
                guard !options.partial else { continue }
                let refused = list.contains { outcome.refusals[IntentKey($0)] != nil }
                let judged = judgedAfter(i)
                let kept = plans[i].keptChecks
                if refused || judged.active.contains(where: { !kept.contains($0.checkID) }) {
                    blocked.insert(i)
                    again = true
                }
            }
            if !again { break }
        }
        let status: FileFixResult.Status = outcome.problem.map { .internalError($0) } ?? .processed

        var reports: [WorkloadReport] = []
        for (i, workload) in workloads.enumerated() {
            let judged = judgedAfter(i)
            var manual = plans[i].manual
            for intent in plans[i].intents {
                guard let reason = dropped[IntentKey(intent)] ?? refusals[IntentKey(intent)] else { continue }
                let action = ManualAction(checkID: intent.checkID, reason: "\(intent.summary) not done: \(reason)")
                if !manual.contains(action) { manual.append(action) }
            }
            let isBlocked = blocked.contains(i)
            let resultPod = after[i]?.pod ?? workload.pod
            var report = WorkloadReport(
                kind: workload.kind, name: workload.name, namespace: workload.namespace, location: workload.location,
                documentIndex: workload.documentIndex, policy: before[i].policy, before: before[i].active,
                applied: isBlocked ? [] : plans[i].intents.filter { outcome.done.contains(IntentKey($0)) },
                pending: isBlocked ? planned(i).filter { refusals[IntentKey($0)] == nil } : [], blocked: isBlocked, manual: manual,
                remaining: judged.active, exempted: judged.exempted, exceptionProblems: before[i].exemptions.problems)
            report.warnings = LegacySeccompAnnotations.unconfined(in: resultPod).map(\.warning)
            reports.append(report)
        }
        let labelChanges = labelIntents.filter { outcome.done.contains(IntentKey($0)) }.map(\.summary)
        var result = FileFixResult(status: status, original: bytes, fixed: outcome.bytes, workloads: reports, labelChanges: labelChanges)
        result.unjudged = unjudged
        if result.changed {
            result.edits = outcome.edits
            // The line starts belong to these bytes only if they were made from the very same
            // buffers (a Helm template is parsed masked, its edits applied unmasked).
            if let patched = outcome.reparsed?.source, sameBuffer(patched.bytes, outcome.bytes), sameBuffer(stream.source.bytes, bytes) {
                result.lineStarts = (stream.source.lineStarts, patched.lineStarts)
            }
        }
        return (result, stream.documents.count)
    }

    /// The two arrays share one buffer (so hold the same bytes), told without reading them.
    private static func sameBuffer(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}
