import FoundationEssentials
import Glibc
import PSSFixCore

/// Fixes a Helm chart at its source (issue 20): the changes planned on its render go into the
/// values file whose key feeds each securityContext (found by probing renders), or else into
/// the literal YAML of the workload's template (`HelmSourcePlacement`), and the chart is
/// rendered again from a temporary copy with the edited files: the new render must equal
/// the original render plus exactly the changes placed (values that differ between two renders
/// of the unchanged chart are ignored), or nothing is written for the chart.
struct HelmSourceFixer {
    let rendering: SourceRendering
    /// What may be written (inside the paths given, not excluded): templates outside it are not
    /// edited. Nil: any template of the chart (check's estimate).
    var scope: WritableScope? = nil

    struct Outcome {
        /// Files to write: (absolute path, original bytes, new bytes).
        var changes: [SourceFileChange] = []
        /// Report lines for the summary (already indented).
        var lines: [String] = []
        /// Workloads (`Kind namespace/name`) whose planned changes were placed and verified.
        var fixedWorkloads = Set<String>()
        /// Changes placed.
        var fixes = 0
        /// Some planned change is not made (left for a person, or verification failed).
        var incomplete = false
    }

    /// `replan`: the same fix planned on another render of the chart (with bitnami-style
    /// switches on, see `switchedPlan`).
    func fix(_ chart: HelmChartSource, render: RenderedStream, planned: FileFixResult, replan: ([UInt8]) -> FileFixResult) -> Outcome {
        var planned = planned
        var outcome = Outcome()
        guard planned.changed else { return outcome }
        let configured = rendering.configured(chart)
        if chart.isArchive {
            outcome.incomplete = true
            outcome.lines.append("a packaged chart is checked, never edited: make these changes in its source")
            outcome.lines += HelmSourcePlacement.advice(planned: planned, render: render).map { "left: \($0)" }
            return outcome
        }
        let placed = place(chart, render: render, planned: planned, routes: probeRoutes(chart), replan: replan)
        planned = placed.planned
        let placement = placed.outcome
        let target = placed.target
        let targetBytes = placed.targetBytes
        let switchLines = placed.switched?.refused ?? []
        if !switchLines.isEmpty { outcome.incomplete = true }
        let edited = placement.values
        let templates = placement.templates.map { SourceFileChange(path: $0.path, original: $0.original, fixed: $0.fixed) }
        let leftLines = switchLines + placement.left.map {
            "left: \($0): write it in the template, or read it from a values key (e.g. `securityContext: {{- toYaml .Values.podSecurityContext | nindent 8 }}` in the pod spec, `{{- toYaml .Values.securityContext | nindent 12 }}` in the container)"
        }
        if placement.fixedWorkloads.count < planned.workloads.filter({ !$0.applied.isEmpty }).count { outcome.incomplete = true }
        guard edited.bytes != targetBytes || !templates.isEmpty else {
            outcome.lines += leftLines
            return outcome
        }

        // Verify: render a copy of the chart with the edited values and templates, twice the
        // original for what changes on its own.
        switch verify(configured, valuesFile: target, edited: edited.bytes, templates: templates, render: render, planned: planned,
                      changed: placement.fixedWorkloads) {
        case .failure(let why):
            outcome.incomplete = true
            outcome.lines.append("not written: \(why)")
        case .success:
            if edited.bytes != targetBytes {
                outcome.changes.append(SourceFileChange(path: target, original: targetBytes, fixed: edited.bytes))
            }
            outcome.changes += templates
            // A workload fixed with --partial still violates: its findings stay in the report.
            let clean = Set(planned.workloads.filter(\.remaining.isEmpty).map { $0.renderKey })
            outcome.fixedWorkloads = placement.fixedWorkloads.intersection(clean)
            outcome.fixes = edited.placed.count + placement.placedInTemplates.count
            outcome.lines += edited.placed.map { "fixed in \(rendering.collector.display(target)): \($0)" }
            outcome.lines += placement.placedInTemplates.map { "fixed in \(rendering.collector.display($0.path)): \($0.summary)" }
        }
        outcome.lines += leftLines
        return outcome
    }

    /// Where each planned change goes, as `fix` places it and `check` counts it fixable.
    struct Placement {
        /// The plan, with workloads behind bitnami-style switches planned again switched on.
        var planned: FileFixResult
        var switched: SwitchedPlan?
        /// The values file edited (the last -f file, else values.yaml) and its bytes.
        var target: String
        var targetBytes: [UInt8]
        var outcome: HelmSourcePlacement.Outcome
    }

    /// Rule 1 (values) first, rule 2 (the template's literal YAML) for what no key feeds;
    /// workloads whose switch is turned on go to the values only. Writes nothing.
    func place(
        _ chart: HelmChartSource, render: RenderedStream, planned: FileFixResult,
        routes: [HelmValuesLocator.Target: HelmValuesLocator.Key], replan: ([UInt8]) -> FileFixResult
    ) -> Placement {
        let fm = FileManager.default
        let configured = rendering.configured(chart)
        // A chart without values.yaml can still have its templates edited (rule 2).
        let target = editedValuesFile(configured, default: chart.path + "/values.yaml")
        let targetBytes = fm.contents(atPath: target).map { Array($0) } ?? []
        // Keys behind bitnami-style switches: planned again on the render with them on.
        let switched = switchedPlan(configured, render: render, planned: planned, routes: routes, replan: replan)
        let switches = switched?.switches ?? [:]
        let outcome = HelmSourcePlacement.place(
            planned: switched?.planned ?? planned, render: render, values: targetBytes, routes: routes, chartDirectory: chart.path,
            writable: { path in scope?.contains(path) ?? true },
            read: { fm.contents(atPath: $0).map { Array($0) } },
            valuesOnly: Set(switches.keys),
            editValues: { HelmValuesEditor.edit(values: targetBytes, planned: $0, routes: routes, switches: switches) })
        return Placement(
            planned: switched?.planned ?? planned, switched: switched, target: target, targetBytes: targetBytes, outcome: outcome)
    }

    /// Which values key reaches which securityContext: one probe render per candidate key of
    /// the chart's values and its subcharts' (under their section), each with its own marker.
    func probeRoutes(_ chart: HelmChartSource) -> [HelmValuesLocator.Target: HelmValuesLocator.Key] {
        let fm = FileManager.default
        let configured = rendering.configured(chart)
        // Every values document that may write a key: (bytes, the section it is read under).
        var documents: [(bytes: [UInt8], prefix: [String])] = []
        if let bytes = fm.contents(atPath: chart.path + "/values.yaml") { documents.append((Array(bytes), [])) }
        var candidates = documents.first.map { HelmValuesLocator.candidates(in: $0.bytes) } ?? []
        for sub in subcharts(of: chart.path) {
            if let bytes = fm.contents(atPath: sub.path + "/values.yaml") {
                candidates += HelmValuesLocator.candidates(in: Array(bytes), prefix: [sub.name]).filter { !candidates.contains($0) }
                documents.append((Array(bytes), [sub.name]))
            }
        }
        // Keys the templates read but no values file defines (`{{- with .Values.podSecurityContext }}`).
        candidates += HelmTemplateValueReferences.keys(in: templateTexts(chart.path), known: candidates)
        for file in configured.valuesFiles {
            if let bytes = fm.contents(atPath: file) { documents.append((Array(bytes), [])) }
        }
        var routes: [HelmValuesLocator.Target: HelmValuesLocator.Key] = [:]
        for (i, key) in candidates.enumerated() {
            var probe = configured
            let marker = HelmValuesLocator.marker(i)
            probe.setValues.append(key.setExpression("runAsUser", String(marker)))
            guard case .rendered(let probed) = rendering.renderConfigured(probe) else { continue }
            var landed = HelmValuesLocator.targets(of: marker, in: probed.bytes)
            var route = key
            // A bitnami-style key behind `enabled: false` (in a values file or --set) lands
            // nowhere: probe it switched on.
            let off = documents.contains { HelmValuesLocator.switchState(key, in: $0.bytes, prefix: $0.prefix) == false }
                || configured.setValues.contains(key.setExpression("enabled", "false"))
            if landed.isEmpty, off {
                probe.setValues.append(key.setExpression("enabled", "true"))
                if case .rendered(let switched) = rendering.renderConfigured(probe) {
                    landed = HelmValuesLocator.targets(of: marker, in: switched.bytes)
                    route = HelmValuesLocator.Key(path: key.path, viaSwitch: true)
                }
            }
            for target in landed where routes[target] == nil {
                routes[target] = route
            }
        }
        return routes
    }

    /// The chart's own template files (not its subcharts').
    func templateTexts(_ chart: String) -> [[UInt8]] {
        let fm = FileManager.default
        let dir = chart + "/templates"
        return ((try? fm.subpathsOfDirectory(atPath: dir)) ?? []).sorted().compactMap { sub in
            guard sub.hasSuffix(".yaml") || sub.hasSuffix(".yml") || sub.hasSuffix(".tpl") else { return nil }
            return fm.contents(atPath: dir + "/" + sub).map { Array($0) }
        }
    }

    /// Subchart directories under `charts/` (a packaged `.tgz` dependency has no values to edit).
    func subcharts(of chart: String) -> [(name: String, path: String)] {
        let dir = chart + "/charts"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().compactMap { name in
            let path = dir + "/" + name
            return FileManager.default.fileExists(atPath: path + "/Chart.yaml") ? (name, path) : nil
        }
    }

    func editedValuesFile(_ chart: HelmChartSource, default valuesPath: String) -> String {
        // -f files override values.yaml: edit the last one given (the issue's "the last -f file
        // that sets the key"; a file that does not set it still takes precedence when edited).
        chart.valuesFiles.last ?? valuesPath
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func verify(
        _ chart: HelmChartSource, valuesFile: String, edited: [UInt8], templates: [SourceFileChange], render: RenderedStream, planned: FileFixResult,
        changed: Set<String>
    ) -> Result<Void, Failure> {
        let fm = FileManager.default
        let temp = TemporaryFolder.make("pss-fix-verify")
        defer { TemporaryFolder.remove(temp) }
        let chartName = RenderPath.lastComponent(chart.path)
        let copy = temp + "/" + chartName
        do {
            try fm.copyItem(atPath: chart.path, toPath: copy)
            ChartCopyLinks.repoint(original: chart.path, copy: copy)
        } catch {
            return .failure(Failure(description: "cannot copy the chart to verify the change: \(error)"))
        }
        var check = chart
        check.path = copy
        // Values files inside the chart are read from the copy; the edited one from its new text.
        func inCopy(_ path: String) -> String {
            path.hasPrefix(chart.path + "/") ? copy + String(path.dropFirst(chart.path.count)) : path
        }
        let editedPath = valuesFile.hasPrefix(chart.path + "/") ? inCopy(valuesFile) : temp + "/values-edited.yaml"
        guard fm.createFile(atPath: editedPath, contents: Data(edited)) else {
            return .failure(Failure(description: "cannot write the edited values into the temporary copy at \(editedPath)"))
        }
        // Edited templates replace theirs in the copy (they are always inside the chart).
        for template in templates where template.path.hasPrefix(chart.path + "/") {
            guard fm.createFile(atPath: inCopy(template.path), contents: Data(template.fixed)) else {
                return .failure(Failure(description: "cannot write the edited template into the temporary copy at \(inCopy(template.path))"))
            }
        }
        check.valuesFiles = chart.valuesFiles.map { $0 == valuesFile ? editedPath : inCopy($0) }
        guard case .rendered(let again) = rendering.renderConfigured(check) else {
            return .failure(Failure(description: "the chart does not render with the edited values"))
        }
        var volatile = Set<RenderedComparison.Difference>()
        if case .rendered(let second) = rendering.renderConfigured(chart),
            let noise = try? RenderedComparison.differences(expected: render.bytes, actual: second.bytes)
        {
            volatile = Set(noise)
        }
        do {
            let found = try RenderedComparison.differences(
                original: render.bytes, fixed: planned.fixed, changed: changed, actual: again.bytes, volatile: volatile)
            guard found.isEmpty else {
                return .failure(Failure(description: "the chart rendered with the edited values differs from the planned fix: \(RenderedComparison.summary(found))"))
            }
        } catch {
            return .failure(Failure(description: "a render does not parse: \(error)"))
        }
        return .success(())
    }
}
