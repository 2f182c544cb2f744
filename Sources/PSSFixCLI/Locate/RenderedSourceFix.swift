import PSSFixCore

/// The fix command for one chart or kustomization: render, judge, and for a chart put the
/// planned changes into its values (verified by rendering again, `HelmSourceFixer`); report
/// what was fixed at which file and what remains, at the templates and resources the objects
/// come from. Kustomizations are judged and reported; fixing them at the source is issue 21.
struct RenderedSourceFix {
    struct Result {
        var report = ""
        var changes: [(path: String, original: [UInt8], fixed: [UInt8])] = []
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

    func run(_ source: RenderSource) -> Result {
        var result = Result()
        let outcome = rendering.render(source)
        // The fix probes the values itself (HelmSourceFixer): no second round of probes here.
        var entries = RenderedCheck.entries(for: source, outcome: outcome, context: context, rendering: rendering, probeValues: false)
        var lines: [String] = []
        if case .rendered(let stream) = outcome, entries.contains(where: { !($0.result?.findings.isEmpty ?? true) }) {
            if case .helmChart(let chart) = source {
                var chartOptions = options
                chartOptions.rendered = true
                let planned = ManifestFixer.fix(stream.bytes, options: chartOptions, context: rendering.context(context, for: source))
                let fixed = HelmSourceFixer(rendering: rendering).fix(chart, render: stream, planned: planned)
                result.changes = fixed.changes
                result.fixes = fixed.fixes
                lines = fixed.lines.map { "  \(rendering.display(source)): \($0)\n" }
                // What was fixed no longer violates: report what remains.
                entries = entries.map { Self.without(fixed.fixedWorkloads, $0) }
            } else {
                lines = ["  \(palette.yellow("left")) \(rendering.display(source)): pss-fix does not fix kustomizations at their source yet; fix the resource or patch above, or build and fix the output (`kubectl kustomize DIR | pss-fix -`)\n"]
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
        result.findings.removeAll { fixed.contains("\($0.workload.kind) \($0.workload.namespace ?? "")/\($0.workload.name ?? "")") }
        return CheckFileEntry(path: entry.path, result: result, error: entry.error)
    }
}
