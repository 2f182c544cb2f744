import FoundationEssentials
import PSSFixCore

/// `check` for one chart or kustomization: the rendered stream judged as any stream is, then
/// reported file by file at the templates and resources the objects come from. A source that
/// did not render is one `skipped` entry: not checked, never a pass (exit 3).
enum RenderedCheck {
    static func entries(
        for source: RenderSource, outcome: RenderOutcome, context: PolicyContext, rendering: SourceRendering,
        probeValues: Bool = true, fixableWorkloads: Set<String>? = nil
    ) -> [CheckFileEntry] {
        let shown = rendering.display(source)
        switch outcome {
        case .notRendered(let why):
            return [CheckFileEntry(path: shown, result: .skipped("not rendered: \(why.message)"), error: nil)]
        case .rendered(let stream):
            let context = rendering.context(context, for: source, stream: stream)
            var result = ManifestChecker.check(stream.bytes, context: context, rendered: true)
            // Charts are fixed at their values (where probing finds a key); kustomizations at
            // their resources and patches, for the workloads the fix's planning places whole
            // (`fixableWorkloads`, `Kind namespace/name`; none when not given).
            if case .kustomization = source {
                let placed = fixableWorkloads ?? []
                result.findings = result.findings.map {
                    let identity = $0.workload.renderKey
                    return ManifestChecker.Finding(workload: $0.workload, level: $0.level, version: $0.version, violation: $0.violation,
                                                   fixable: $0.fixable && placed.contains(identity))
                }
            }
            if let error = result.error {
                return [CheckFileEntry(path: shown, result: nil, error: .init(location: nil, message: "the render does not parse: \(error.location.line):\(error.location.column): \(error.message)"))]
            }
            if probeValues, case .helmChart(let chart) = source, !result.findings.isEmpty {
                annotate(&result, chart: chart, stream: stream, context: context, rendering: rendering)
            }
            var places = RenderedLocations(stream: stream, sourcePath: source.path, display: rendering.collector.display)
            let parts = result.split { w in places.place(kind: w.kind, name: w.name, at: w.location) }
            if parts.isEmpty {
                // Nothing to judge in it: still one entry, so that the source counts as checked.
                return [CheckFileEntry(path: shown, result: result, error: nil)]
            }
            return parts.map { CheckFileEntry(path: $0.path, result: $0.result, error: nil) }
        }
    }

    /// A chart's findings: the values keys that feed each workload's securityContexts (found by
    /// probing), and fixable only where the fix can place every planned change of the workload
    /// in the values or the template's literal YAML (`HelmSourcePlacement`, without the
    /// verifying render `fix` adds).
    static func annotate(
        _ result: inout ManifestChecker.FileResult, chart: HelmChartSource, stream: RenderedStream, context: PolicyContext,
        rendering: SourceRendering
    ) {
        let fixer = HelmSourceFixer(rendering: rendering)
        let routes = fixer.probeRoutes(chart)
        var options = FixOptions()
        options.rendered = true
        let planned = ManifestFixer.fix(stream.bytes, options: options, context: context)
        // Fixable where the fix would place the change (values or template) and no switch
        // is refused; a packaged chart is never edited.
        let placed = chart.isArchive ? nil : fixer.place(chart, render: stream, planned: planned, routes: routes) {
            ManifestFixer.fix($0, options: options, context: context)
        }
        let refused = placed?.switched?.refusedWorkloads ?? []
        let fixed = placed?.outcome.fixedWorkloads ?? []
        var keys: [String: [String]] = [:]
        var placeable: [String: Bool] = [:]
        for workload in planned.workloads {
            let identity = workload.renderKey
            let targets = routes.filter { $0.key.workload == identity }
            keys[identity] = Array(Set(targets.values.map(\.description))).sorted()
            placeable[identity] = !refused.contains(identity) && fixed.contains(identity)
        }
        result.findings = result.findings.map { finding in
            let identity = finding.workload.renderKey
            var annotated = finding
            annotated.valuesKeys = keys[identity] ?? []
            annotated.fixable = finding.fixable && (placeable[identity] ?? false)
            return annotated
        }
    }
}
