/// The fix pipeline for one file: parse → find workloads → evaluate → plan fixes → edit bytes →
/// verify → re-evaluate. Pure: bytes in, result out; the CLI decides what to write or print.
public enum ManifestFixer {
    public static func fix(_ bytes: [UInt8], options: FixOptions) -> FileFixResult {
        if containsTemplateMarkers(bytes) {
            return FileFixResult(
                status: .skipped("contains Go template markers ({{ }}); render it first, e.g. `helm template . | pss-fix -`"),
                original: bytes, fixed: bytes, workloads: [])
        }
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(bytes))
        } catch {
            return FileFixResult(status: .invalid(error), original: bytes, fixed: bytes, workloads: [])
        }
        let workloads = Workload.find(in: stream)
        var plans: [FixPlan] = []
        var before: [[CheckViolation]] = []
        var intents: [Int: [FixIntent]] = [:]
        var podSpecSpans: [Int: [Span]] = [:]
        for workload in workloads {
            let violations = Evaluator.evaluate(workload.pod, level: options.level, version: options.version)
            before.append(violations)
            var plan = FixPlan()
            for violation in violations {
                guard let fixer = FixerRegistry.fixer(for: violation.checkID), !fixer.isOptIn || options.opted(violation.checkID)
                else {
                    plan.leave(violation.checkID, HumanActions.advice(for: violation.checkID))
                    continue
                }
                fixer.plan(workload.pod, options: options, into: &plan)
            }
            if options.runAsUser != nil && options.level == .restricted {
                RunAsUserFixer.planDefaultUID(workload.pod, options: options, into: &plan)
            }
            // Tell the planner which alias each intent's node was reached through.
            for i in plan.intents.indices {
                let base = plan.intents[i].base
                plan.intents[i].via = workload.pod.containers.first { $0.node === base }?.via ?? workload.pod.via
            }
            plans.append(plan)
            intents[workload.documentIndex, default: []] += plan.intents
            podSpecSpans[workload.documentIndex, default: []].append(workload.pod.spec.span)
        }

        let outcome = TextPatcher.patch(stream, intents: intents, podSpecSpans: podSpecSpans)
        let status: FileFixResult.Status = outcome.problem.map { .internalError($0) } ?? .processed

        // Re-evaluate what the user gets.
        var after = workloads
        if outcome.bytes != bytes, let reparsed = try? YAMLParser.parse(SourceText(outcome.bytes)) {
            after = Workload.find(in: reparsed)
        }
        var reports: [WorkloadReport] = []
        for (i, workload) in workloads.enumerated() {
            let remaining = after.count == workloads.count
                ? Evaluator.evaluate(after[i].pod, level: options.level, version: options.version) : before[i]
            var manual = plans[i].manual
            for intent in plans[i].intents {
                guard let reason = outcome.refusals[IntentKey(intent)] else { continue }
                let action = ManualAction(checkID: intent.checkID, reason: "\(intent.summary) not done: \(reason)")
                if !manual.contains(action) { manual.append(action) }
            }
            reports.append(WorkloadReport(
                kind: workload.kind, name: workload.name, namespace: workload.namespace, location: workload.location,
                documentIndex: workload.documentIndex, before: before[i],
                applied: plans[i].intents.filter { outcome.done.contains(IntentKey($0)) }, manual: manual,
                remaining: remaining))
        }
        return FileFixResult(status: status, original: bytes, fixed: outcome.bytes, workloads: reports)
    }

    /// `{{` marks a Helm/Go template, which is not YAML until rendered.
    static func containsTemplateMarkers(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "{") && bytes[i + 1] == UInt8(ascii: "{") { return true }
            i += 1
        }
        return false
    }
}
