import PSSFixCore

/// `migrate` over Helm charts and kustomizations (issue 20): each is rendered and its workloads
/// judged as the cluster would receive them, reported at the template or resource file they
/// come from. AFTER FIXES counts pss-fix's fixes only for the workloads whose changes its
/// source fixers place (a chart's values, a kustomization's resources and patches, verified by
/// rendering again); a workload whose changes have no place there keeps its standing, as
/// `pss-fix --in-place` would leave it. `--diff` and `--in-place` write those source changes.
struct MigrationSources {
    struct Result {
        var statuses: [Migration.WorkloadStatus] = []
        /// Namespace objects in the renders: their labels count, but are not edited (they live
        /// in a template or resource the render does not say how to change).
        var manifests: [NamespacePolicy] = []
        var changes: [SourceFileChange] = []
        /// Sources that did not render (shown path, reason): not checked.
        var notRendered: [(path: String, reason: String)] = []
        /// What the source fixers did or left, for stderr (`--diff`, `--in-place`).
        var lines: [String] = []
    }

    let rendering: SourceRendering
    let context: PolicyContext
    /// At the migration's target level and version.
    let options: FixOptions

    func run(_ sources: [RenderSource], scope: WritableScope) -> Result {
        var result = Result()
        guard !sources.isEmpty else { return result }
        // Kustomization roots share bases and components: placed and verified together.
        let kustomize = KustomizeSourceFixer(rendering: rendering, context: context, options: options, scope: scope)
        kustomize.prepare(sources)
        for source in sources {
            let shown = rendering.display(source)
            var outcome = rendering.render(source)
            if case .kustomization(let root) = source, let known = kustomize.renders[root.directory] { outcome = known }
            guard case .rendered(let stream) = outcome else {
                if case .notRendered(let why) = outcome { result.notRendered.append((shown, "not rendered: \(why.message)")) }
                continue
            }
            let local = rendering.context(context, for: source)
            var fixOptions = options
            fixOptions.rendered = true
            let planned = ManifestFixer.fix(stream.bytes, options: fixOptions, context: local)
            var placed = Set<String>()
            var namespace: String?
            switch source {
            case .kustomization(let root):
                if let fixed = kustomize.outcomes[root.directory] {
                    placed = fixed.fixedWorkloads
                    result.changes += fixed.changes
                    result.lines += fixed.lines.map { "  \(shown): \($0)\n" }
                }
            case .helmChart(let chart):
                namespace = rendering.configured(chart).namespace
                if planned.changed {
                    let fixed = HelmSourceFixer(rendering: rendering).fix(chart, render: stream, planned: planned) {
                        ManifestFixer.fix($0, options: fixOptions, context: local)
                    }
                    placed = fixed.fixedWorkloads
                    result.changes += fixed.changes
                    result.lines += fixed.lines.map { "  \(shown): \($0)\n" }
                }
            case .file:
                break
            }
            if let parsed = try? YAMLParser.parse(SourceText(stream.bytes), keepKind: Workload.isRelevantKind) {
                result.manifests += NamespacePolicy.find(in: parsed)
            }
            var statuses = Migration.statuses(
                path: shown, original: stream.bytes, fixed: planned.fixed, version: options.version,
                exceptions: local.exceptions, report: planned, kinds: local.kinds)
            var places = RenderedLocations(stream: stream, sourcePath: source.path, display: rendering.collector.display)
            for i in statuses.indices {
                let id = statuses[i].identity
                if !statuses[i].changes.isEmpty && !placed.contains(id.renderKey) {
                    statuses[i].afterFixes = statuses[i].current
                    statuses[i].blockers = planned.workloads.indices.contains(i) ? planned.workloads[i].before : statuses[i].blockers
                    statuses[i].changes = []
                }
                // Reported at its template or resource file; a chart's objects without a
                // namespace are installed into the release namespace.
                let (path, location) = places.place(kind: id.kind, name: id.name, at: id.location)
                statuses[i].path = path
                var moved = WorkloadIdentity(
                    kind: id.kind, name: id.name, namespace: id.namespace ?? namespace, location: location, documentIndex: id.documentIndex)
                moved.replicas = id.replicas
                statuses[i].identity = moved
            }
            result.statuses += statuses
        }
        return result
    }
}
