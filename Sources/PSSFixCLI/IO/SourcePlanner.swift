import FoundationEssentials
import Glibc
import PSSFixCore

/// The sources stage of a run: which inputs are loose files (judged as they are) and which
/// belong to a Helm chart or a kustomization root (judged as rendered, never as loose files).
/// One plan for both renderers (`RenderDiscovery`); rendering itself is `ProcessRenderer`.
struct SourcePlan {
    /// Files no chart or kustomization owns.
    var looseFiles: [InputFile]
    /// Charts and kustomization roots to render, in path order.
    var sources: [RenderSource]
    /// What cannot be rendered on its own and is not covered by a render (an unused
    /// Component): not checked, reported as such.
    var unrendered: [(path: String, reason: String)]
    /// Library chart → the charts whose renders cover it.
    var libraryCoverage: [(library: String, charts: [String])]

    /// Plans `files` (the collected manifest files) for `paths` (as given). Standard input is
    /// always a loose file.
    /// A kustomization whose file is excluded is left out of the walk, as if it were not there
    /// (the user chose; excluded files are never written either, see `WritableScope`).
    static func make(files: [InputFile], paths: [String], collector: InputCollector, exclusion: PathExclusion = PathExclusion()) -> SourcePlan {
        let onDisk = files.compactMap(\.realPath)
        let named = paths.filter { $0 != "-" }.map(collector.absolute)
        guard !named.isEmpty else {
            return SourcePlan(looseFiles: files, sources: [], unrendered: [], libraryCoverage: [])
        }
        let plan = RenderDiscovery(tree: DiskFileTree()).plan(paths: named, manifestFiles: onDisk) { directory in
            guard !exclusion.isEmpty, let file = Kustomization.file(in: directory, tree: DiskFileTree()) else { return false }
            return exclusion.excludes(InputFile(displayPath: collector.display(file), realPath: file))
        }
        let loose = Set(plan.looseFiles)
        return SourcePlan(
            looseFiles: files.filter { $0.realPath.map { loose.contains($0) } ?? true },
            sources: plan.entries.map(\.source),
            unrendered: plan.unrendered.map { ($0.path, $0.reason.message) },
            libraryCoverage: plan.libraryCoverage.keys.sorted().map { ($0, plan.libraryCoverage[$0] ?? []) })
    }
}

/// The sources stage as every command starts it: the config (its `exclude:` decides the
/// inputs), the collected inputs, and which of them belong to charts and kustomizations.
struct RunInputs {
    let loaded: ContextBuilder.LoadedConfig
    let problems: [InputCollector.Problem]
    let plan: SourcePlan
    /// What `--exclude` and `exclude:` take out: never written by a source fix either.
    let exclusion: PathExclusion

    /// Nil after reporting a usage error (values for several charts) on stderr.
    static func gather(
        paths: [String], selection: SelectionOptions, contextOptions: ContextOptions, charts: ChartOptions, console: Console
    ) -> RunInputs? {
        let loaded = ContextBuilder.loadConfig(paths: paths, options: contextOptions, console: console)
        let (collected, problems) = ContextBuilder.collect(paths: paths, selection: selection, loaded: loaded, console: console)
        let collector = InputCollector(workingDirectory: console.workingDirectory)
        let exclusion = ContextBuilder.exclusion(selection: selection, loaded: loaded, collector: collector)
        let plan = SourcePlan.make(files: collected, paths: paths, collector: collector, exclusion: exclusion)
        if let message = SourceRendering.validate(plan, charts: charts) {
            console.err("pss-fix: error: \(message)\n")
            return nil
        }
        return RunInputs(loaded: loaded, problems: problems, plan: plan, exclusion: exclusion)
    }
}
