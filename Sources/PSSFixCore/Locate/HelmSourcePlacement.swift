/// Where each change planned on a chart's render goes (issue 20): a change to a securityContext
/// that a values key feeds goes into the values file (rule 1, `HelmValuesEditor`); every other
/// change goes into the literal YAML of the workload's template when that is unambiguous
/// (rule 2, `HelmTemplateEditor`); a workload with any change that has neither place is left
/// as it is, with the reasons (rule 3). Atomic per workload across both: a workload whose
/// template part fails keeps nothing of its values part, and the other way round.
public enum HelmSourcePlacement {
    public struct Outcome: Sendable {
        /// The values file's edit (its `bytes` are the original when nothing went there).
        public var values: HelmValuesEditor.Outcome
        /// Template files changed: (absolute path, original bytes, new bytes).
        public var templates: [(path: String, original: [UInt8], fixed: [UInt8])] = []
        /// (template path, `Kind/name: change`) for the report.
        public var placedInTemplates: [(path: String, summary: String)] = []
        /// Workloads (`Kind namespace/name`) whose every change is placed.
        public var fixedWorkloads = Set<String>()
        /// `Kind/name: reasons` for the workloads left as they are.
        public var left: [String] = []
    }

    /// `chartDirectory`: only its own `templates/` are edited (a subchart's files are edited
    /// only when the subchart itself is the chart given), and of those only the ones
    /// `writable` accepts (inside the paths given). `read` gives a file's bytes.
    /// `editValues` edits the values file for the part of the plan that goes there (by default
    /// `HelmValuesEditor.edit` with `routes`); `valuesOnly` names workloads handed to it even
    /// with no change planned (a values edit other than the planned fields settles them), fixed
    /// when it places them.
    public static func place(
        planned: FileFixResult, render: RenderedStream, values: [UInt8],
        routes: [HelmValuesLocator.Target: HelmValuesLocator.Key], chartDirectory: String,
        writable: (String) -> Bool = { _ in true }, read: (String) -> [UInt8]?,
        valuesOnly: Set<String> = [], editValues: ((FileFixResult) -> HelmValuesEditor.Outcome)? = nil
    ) -> Outcome {
        let editValues = editValues ?? { HelmValuesEditor.edit(values: values, planned: $0, routes: routes) }
        let valuesRoot = (try? YAMLParser.parse(SourceText(values)))?.documents.first?.root?.resolved
        let kinds = WorkloadKinds.builtIn.adding(planned.workloads.map(\.kind))
        let stream = try? YAMLParser.parse(SourceText(render.bytes))
        let rendered = stream.map { Workload.find(in: $0, kinds: kinds) } ?? []
        func origin(_ workload: Workload) -> DocumentOrigin? {
            guard let stream else { return nil }
            return render.document(containing: stream.documents[workload.documentIndex].span.start)?.origin
        }

        // Each workload's changes, split between the values and its template.
        struct Split {
            let report: WorkloadReport
            let identity: String
            var forValues: [FixIntent] = []
            var forTemplate: [FixIntent] = []
            var owners: [String] = []
            var request: HelmTemplateEditor.Request?
            var file: String?
            var problem: String?
        }
        var splits: [Split] = []
        for report in planned.workloads {
            let identity = report.renderKey
            guard !report.applied.isEmpty || valuesOnly.contains(identity) else { continue }
            var split = Split(report: report, identity: identity)
            for intent in report.applied {
                let target = HelmValuesLocator.Target(workload: identity, container: intent.containerName)
                if let key = routes[target], let root = valuesRoot,
                    case .success = HelmValuesEditor.translate(intent, key: key, root: root)
                {
                    split.forValues.append(intent)
                } else {
                    split.forTemplate.append(intent)
                    if routes[target] == nil {
                        let owner = intent.containerName.map { "container \"\($0)\"" } ?? "the pod"
                        if !split.owners.contains(owner) { split.owners.append(owner) }
                    }
                }
            }
            if !split.forTemplate.isEmpty {
                split.problem = templateRequest(&split.request, &split.file, report: report, intents: split.forTemplate,
                                                rendered: rendered, origin: origin, chartDirectory: chartDirectory, writable: writable)
            }
            splits.append(split)
        }

        // Place, dropping the workloads that fail in either place until none does.
        var excluded = Set(splits.filter { $0.problem != nil }.map(\.identity))
        var outcome = Outcome(values: HelmValuesEditor.Outcome(bytes: values))
        var templateOutcomes: [String: HelmTemplateEditor.Outcome] = [:]
        var originals: [String: [UInt8]] = [:]
        // The first reason each workload was dropped for (a later round no longer places it).
        var templateReasons: [String: String] = [:]
        var valuesReasons: [String: String] = [:]
        while true {
            let kept = splits.filter { !excluded.contains($0.identity) }
            let forValues = kept.filter { !$0.forValues.isEmpty || (valuesOnly.contains($0.identity) && $0.forTemplate.isEmpty) }
                .map { copy($0.report, applied: $0.forValues) }
            // Nothing for the values: they are not read (a chart may have none).
            outcome.values = forValues.isEmpty ? HelmValuesEditor.Outcome(bytes: values)
                : editValues(FileFixResult(status: planned.status, original: planned.original, fixed: planned.fixed, workloads: forValues))
            var failed = outcome.values.unplacedWorkloads
            for split in kept {
                if let line = outcome.values.unplaced.first(where: { $0.hasPrefix(split.report.displayName + ": ") }), valuesReasons[split.identity] == nil {
                    valuesReasons[split.identity] = String(line.dropFirst(split.report.displayName.count + 2))
                }
            }
            templateOutcomes = [:]
            let byFile = Dictionary(grouping: kept.filter { $0.request != nil }, by: { $0.file ?? "" })
            for (file, entries) in byFile {
                guard let bytes = originals[file] ?? read(file) else {
                    for entry in entries { failed.insert(entry.identity) }
                    continue
                }
                originals[file] = bytes
                let edited = HelmTemplateEditor.edit(template: bytes, requests: entries.compactMap(\.request))
                templateOutcomes[file] = edited
                failed.formUnion(edited.refused.keys)
                for (identity, reason) in edited.refused where templateReasons[identity] == nil { templateReasons[identity] = reason }
            }
            if failed.isSubset(of: excluded) { break }
            excluded.formUnion(failed)
        }

        // The result and the reasons.
        for (file, edited) in templateOutcomes.sorted(by: { $0.key < $1.key }) where edited.bytes != originals[file] {
            outcome.templates.append((file, originals[file] ?? [], edited.bytes))
            for split in splits where edited.placed[split.identity] != nil {
                for summary in edited.placed[split.identity] ?? [] {
                    outcome.placedInTemplates.append((file, "\(split.report.displayName): \(summary)"))
                }
            }
        }
        for split in splits where split.report.applied.isEmpty && !excluded.contains(split.identity)
            && !outcome.values.placedWorkloads.contains(split.identity)
        {
            excluded.insert(split.identity)
        }
        for split in splits {
            guard excluded.contains(split.identity) else {
                outcome.fixedWorkloads.insert(split.identity)
                continue
            }
            var reasons = split.owners.map { "no values key feeds the securityContext of \($0)" }
            let valuesReason = valuesReasons[split.identity]
            if let valuesReason { reasons.append(valuesReason) }
            let templateReason = split.problem ?? templateReasons[split.identity]
            if let templateReason { reasons.append("not in its template either: \(templateReason)") }
            if templateReason == nil && valuesReason == nil { reasons.append("the rest of its fix could not be placed") }
            outcome.left.append("\(split.report.displayName): " + (reasons.isEmpty ? "its fix could not be placed" : reasons.joined(separator: "; ")))
        }
        // Values refusals that name no workload stay visible.
        outcome.left += outcome.values.unplaced.filter { line in !splits.contains { line.hasPrefix($0.report.displayName + ": ") } }
        return outcome
    }

    /// What a person would change, per workload, when nothing of the chart may be edited (a
    /// packaged chart): `Deployment/web (web/templates/deployment.yaml): container "web": set …`.
    public static func advice(planned: FileFixResult, render: RenderedStream) -> [String] {
        let stream = try? YAMLParser.parse(SourceText(render.bytes))
        return planned.workloads.filter { !$0.applied.isEmpty }.map { report in
            var source = ""
            if let stream, report.documentIndex < stream.documents.count,
                case .helmTemplate(let path, _)? = render.document(containing: stream.documents[report.documentIndex].span.start)?.origin
            {
                source = " (\(path))"
            }
            return "\(report.displayName)\(source): " + report.applied.map(\.summary).joined(separator: "; ")
        }
    }

    /// The template request for a workload's changes, or why there is none.
    static func templateRequest(
        _ request: inout HelmTemplateEditor.Request?, _ file: inout String?, report: WorkloadReport, intents: [FixIntent],
        rendered: [Workload], origin: (Workload) -> DocumentOrigin?, chartDirectory: String, writable: (String) -> Bool
    ) -> String? {
        guard let workload = rendered.first(where: { $0.documentIndex == report.documentIndex && $0.kind == report.kind && $0.name == report.name }) else {
            return "it is not found in the render"
        }
        guard case .helmTemplate(let source, let path)? = origin(workload) else {
            return "helm did not say which template renders it"
        }
        guard let path else { return "its template \(source) is not a file of the chart on disk" }
        guard path.hasPrefix(chartDirectory + "/templates/") else {
            return "its template \(source) belongs to a subchart (edited only when the subchart's folder is given as PATH)"
        }
        guard writable(path) else { return "its template \(source) is not inside the paths given" }
        let changes: [PodFieldChange]
        switch PodFieldChange.changes(intents, of: workload) {
        case .failure(let why): return why.description
        case .success(let found): changes = found
        }
        let siblings = rendered.filter {
            if case .helmTemplate(_, let other)? = origin($0) { return other == path }
            return false
        }
        request = HelmTemplateEditor.Request(identity: report.renderKey,
                                             workload: workload, changes: changes, renderedFromFile: siblings)
        file = path
        return nil
    }

    /// `report` with only these changes (what goes into the values).
    static func copy(_ report: WorkloadReport, applied: [FixIntent]) -> WorkloadReport {
        var copy = WorkloadReport(
            kind: report.kind, name: report.name, namespace: report.namespace, location: report.location, documentIndex: report.documentIndex,
            policy: report.policy, before: report.before, applied: applied, pending: report.pending, blocked: report.blocked,
            manual: report.manual, remaining: report.remaining, exempted: report.exempted, exceptionProblems: report.exceptionProblems)
        copy.warnings = report.warnings
        return copy
    }
}
