import PSSFixCore

/// The fix command for one chart or kustomization: render, judge, and put the planned changes
/// into its sources — a chart's values (`HelmSourceFixer`), a kustomization's resources and
/// patches or a new patch (`KustomizeSourceFixer`, prepared for every root of the run at once,
/// since roots share files), each verified by rendering again; report what was fixed in which
/// file and what remains, at the templates and resources the objects come from.
struct RenderedSourceFix {
    struct Result {
        var report = ""
        var changes: [SourceFileChange] = []
        var violations = false
        var failed = false
        var notChecked = false
        var files = 0
        var workloads = 0
        var violating = 0
        var fixes = 0
    }

    let rendering: SourceRendering
    let context: PolicyContext
    let options: FixOptions
    let reporter: TextCheckReporter
    let palette: Palette
    /// The run's kustomization roots, rendered, placed and verified together beforehand.
    var kustomize: KustomizeSourceFixer?

    func run(_ source: RenderSource) -> Result {
        var result = Result()
        let outcome: RenderOutcome
        if case .kustomization(let root) = source, let known = kustomize?.renders[root.directory] {
            outcome = known
        } else {
            outcome = rendering.render(source)
        }
        // The fix probes the values itself (HelmSourceFixer): no second round of probes here.
        var entries = RenderedCheck.entries(for: source, outcome: outcome, context: context, rendering: rendering, probeValues: false)
        var lines: [String] = []
        // A kustomization's outcome was settled with the run's other roots: it may write a file
        // they share even when it has no finding of its own.
        if case .kustomization(let root) = source, let fixed = kustomize?.outcomes[root.directory] {
            result.changes = fixed.changes
            result.fixes = fixed.fixes
            lines = fixed.lines.map { "  \(rendering.display(source)): \($0)\n" }
            entries = entries.map { Self.without(fixed.fixedWorkloads, $0) }
        } else if case .rendered(let stream) = outcome, entries.contains(where: { !($0.result?.findings.isEmpty ?? true) }) {
            if case .helmChart(let chart) = source {
                var chartOptions = options
                chartOptions.rendered = true
                let chartContext = rendering.context(context, for: source, stream: stream)
                let planned = ManifestFixer.fix(stream.bytes, options: chartOptions, context: chartContext)
                let fixed = HelmSourceFixer(rendering: rendering, scope: kustomize?.scope).fix(chart, render: stream, planned: planned) {
                    ManifestFixer.fix($0, options: chartOptions, context: chartContext)
                }
                result.changes = fixed.changes
                result.fixes = fixed.fixes
                lines = fixed.lines.map { "  \(rendering.display(source)): \($0)\n" }
                // What was fixed no longer violates: report what remains.
                entries = entries.map { Self.without(fixed.fixedWorkloads, $0) }
            }
        }
        for entry in entries {
            result.files += 1
            if entry.error != nil { result.failed = true }
            if entry.result?.skipped != nil { result.notChecked = true }
            result.workloads += entry.result?.workloads.count ?? 0
            let violating = Set(entry.result?.findings.map(\.workload) ?? []).count
            result.violating += violating
            if violating > 0 { result.violations = true }
            result.report += reporter.lines(entry)
        }
        result.report += lines.joined()
        return result
    }

    /// `entry` without the findings of the workloads (`Kind namespace/name`) fixed at the source.
    static func without(_ fixed: Set<String>, _ entry: CheckFileEntry) -> CheckFileEntry {
        guard !fixed.isEmpty, var result = entry.result else { return entry }
        result.findings.removeAll { fixed.contains($0.workload.renderKey) }
        return CheckFileEntry(path: entry.path, result: result, error: entry.error)
    }
}
