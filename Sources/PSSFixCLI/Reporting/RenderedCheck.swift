import PSSFixCore

/// `check` for one chart or kustomization: the rendered stream judged as any stream is, then
/// reported file by file at the templates and resources the objects come from. A source that
/// did not render is one `skipped` entry: not checked, never a pass (exit 3).
enum RenderedCheck {
    static func entries(
        for source: RenderSource, outcome: RenderOutcome, context: PolicyContext, rendering: SourceRendering
    ) -> [CheckFileEntry] {
        let shown = rendering.display(source)
        switch outcome {
        case .notRendered(let why):
            return [CheckFileEntry(path: shown, result: .skipped("not rendered: \(why.message)"), error: nil)]
        case .rendered(let stream):
            var result = ManifestChecker.check(stream.bytes, context: rendering.context(context, for: source), rendered: true)
            // pss-fix does not yet put fixes into charts and kustomizations at their source
            // (issues 20 and 21): nothing there is "fixable by pss-fix --in-place" today.
            result.findings = result.findings.map {
                ManifestChecker.Finding(workload: $0.workload, level: $0.level, version: $0.version, violation: $0.violation, fixable: false)
            }
            if let error = result.error {
                return [CheckFileEntry(path: shown, result: nil, error: .init(location: nil, message: "the render does not parse: \(error.location.line):\(error.location.column): \(error.message)"))]
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
}
