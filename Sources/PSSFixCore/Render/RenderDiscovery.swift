/// Finds the Helm charts and kustomization roots among a set of inputs, which files each one
/// owns, and the loose files left over.
///
/// - A directory with `Chart.yaml` is a chart; everything under it is the chart's (templates
///   are never loose files); a file or directory inside a chart resolves to the chart, and a
///   subchart (`charts/NAME`) to its outermost parent. A `.tgz` named as input is a chart.
/// - A library chart (`type: library`) is never rendered alone: it is covered by the charts
///   that depend on it (in `charts/` or through `file://`), looked for among the inputs and
///   then under the repository's top level.
/// - A directory with a kustomization file is a root unless another kustomization of the
///   input builds it (as a resource, base or component); `kind: Component` is never a root.
///   Every file a root's build reads belongs to it.
/// - A single file outside charts resolves to the kustomization roots that read it, found
///   among the kustomizations under the repository's top level (the nearest directory with
///   `.git`) or, outside a repository, under the file's directory.
public struct RenderDiscovery: Sendable {
    let tree: any FileTree

    public init(tree: any FileTree) {
        self.tree = tree
    }

    /// `paths`: the inputs as named (absolute). `manifestFiles`: the manifest files the input
    /// walk found (absolute): those no source owns are the plan's loose files.
    /// `excluded`: kustomization directories found by the walk that are left out (`--exclude`).
    public func plan(paths: [String], manifestFiles: [String], excluded: (String) -> Bool = { _ in false }) -> RenderPlan {
        var charts: Set<String> = []
        var archives: Set<String> = []
        var candidates: Set<String> = []
        var singleFiles: [String] = []
        for path in paths {
            guard let real = tree.realPath(RenderPath.normalize(path)) else { continue }
            if tree.isFile(real) {
                if real.hasSuffix(".tgz") {
                    archives.insert(real)
                } else if let chart = enclosingChart(of: RenderPath.parent(real)) {
                    charts.insert(chart)
                } else {
                    singleFiles.append(real)
                }
            } else if tree.isDirectory(real) {
                if let chart = enclosingChart(of: real) {
                    charts.insert(chart)
                } else {
                    let found = walk(real)
                    charts.formUnion(found.charts)
                    candidates.formUnion(found.kustomizations.filter { !excluded($0) })
                }
            }
        }

        var plan = RenderPlan()
        // Kustomizations named as input: roots are the ones no other input kustomization builds.
        var inputGraph = KustomizationGraph(tree: tree)
        inputGraph.load(candidates.sorted())
        var roots = Set(inputGraph.roots(among: Array(candidates)))
        for component in candidates.sorted() where inputGraph.nodes[component]?.isComponent == true {
            if !inputGraph.nodes.values.contains(where: { $0.kustomizations.contains(component) }) {
                plan.unrendered.append(unbuiltComponent(component, graph: inputGraph))
            }
        }
        let resolved = resolveSingleFiles(singleFiles)
        roots.formUnion(resolved.roots)
        plan.unrendered += resolved.components

        var graph = KustomizationGraph(tree: tree)
        graph.load(roots.sorted())
        var chartHomes: Set<String> = []
        for root in roots.sorted() {
            let claims = graph.claims(of: root)
            chartHomes.formUnion(claims.directories)
            plan.entries.append(RenderPlan.Entry(source: .kustomization(KustomizationSource(directory: root)),
                                                 claimedFiles: claims.files.sorted(), claimedDirectories: claims.directories.sorted()))
            for k in graph.reached(from: root) {
                plan.problems += k.problems.map { RenderPlan.Problem(path: k.file, message: $0) }
            }
        }

        // Charts a kustomization renders through `helmCharts` belong to it, not to helm alone.
        addCharts(charts.filter { chart in !chartHomes.contains { RenderPath.isInside(chart, $0) } }, to: &plan)
        for archive in archives.sorted() {
            plan.entries.append(RenderPlan.Entry(source: .helmChart(HelmChartSource(path: archive)),
                                                 claimedFiles: [archive], claimedDirectories: []))
        }

        plan.entries.sort { $0.source.path < $1.source.path }
        plan.unrendered.sort { $0.path < $1.path }
        // A base built by several roots reports its problems once.
        plan.problems = Set(plan.problems).sorted { ($0.path, $0.message) < ($1.path, $1.message) }
        let loose = manifestFiles.map(RenderPath.normalize).filter { file in
            !plan.entries.contains { $0.claims(file) } && !plan.unrendered.contains { $0.claims(file) }
        }
        // Sorted and without repeats. The input walk hands its files over in order, so one
        // pass usually proves it and the sort (5 ms for 10,000 paths, before any file is
        // processed) is left for inputs that overlap or come in another order.
        plan.looseFiles = zip(loose, loose.dropFirst()).allSatisfy { $0 < $1 } ? loose : Set(loose).sorted()
        return plan
    }

    // MARK: Charts

    /// Application charts become entries owning their directory and the library charts and
    /// `file://` dependencies they include; library charts are covered through dependents.
    func addCharts(_ charts: Set<String>, to plan: inout RenderPlan) {
        var applications: Set<String> = []
        var libraries: [String] = []
        for chart in charts.sorted() {
            if HelmChartMetadata.read(chartDirectory: chart, tree: tree)?.isLibrary == true {
                libraries.append(chart)
            } else {
                applications.insert(chart)
            }
        }
        for library in libraries {
            var dependents = applications.filter { dependencyClosure(of: $0).contains(library) }
            if dependents.isEmpty {
                // Named alone: its dependents elsewhere in the repository render it.
                let scope = repositoryTop(of: library) ?? RenderPath.parent(library)
                dependents = Set(walk(scope).charts.filter {
                    HelmChartMetadata.read(chartDirectory: $0, tree: tree)?.isLibrary == false && dependencyClosure(of: $0).contains(library)
                })
                applications.formUnion(dependents)
            }
            if dependents.isEmpty {
                plan.unrendered.append(RenderPlan.Unrendered(
                    path: library,
                    reason: NotRendered(.notRenderable, "\(library) is a library chart: it is rendered only through the charts that depend on it, and none was found"),
                    claimedFiles: [], claimedDirectories: [library]))
            } else {
                plan.libraryCoverage[library] = dependents.sorted()
            }
        }
        for chart in applications.sorted() {
            let owned = Set([chart]).union(dependencyClosure(of: chart))
            plan.entries.append(RenderPlan.Entry(source: .helmChart(HelmChartSource(path: chart)),
                                                 claimedFiles: [], claimedDirectories: owned.sorted()))
        }
    }

    /// The chart directories a chart includes, transitively (subcharts, libraries, `file://`).
    func dependencyClosure(of chart: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = [chart]
        while let next = pending.popLast() {
            guard let metadata = HelmChartMetadata.read(chartDirectory: next, tree: tree) else { continue }
            for dependency in metadata.dependencyDirectories(chartDirectory: next, tree: tree) where seen.insert(dependency).inserted {
                pending.append(dependency)
            }
        }
        seen.remove(chart)
        return seen
    }

    /// The chart a path belongs to: the nearest directory at or above it with `Chart.yaml`,
    /// climbing out of `charts/` folders to the outermost parent chart.
    func enclosingChart(of directory: String) -> String? {
        var dir = directory
        var chart: String?
        while true {
            if tree.isFile(dir + "/Chart.yaml") { chart = dir; break }
            if dir == "/" { return nil }
            dir = RenderPath.parent(dir)
        }
        while var found = chart {
            let holder = RenderPath.parent(found)
            let parentChart = RenderPath.parent(holder)
            guard RenderPath.lastComponent(holder) == "charts", tree.isFile(parentChart + "/Chart.yaml") else { return found }
            found = parentChart
            chart = found
        }
        return chart
    }

    // MARK: Kustomizations

    /// The roots that read each single file, and Components that own a file no root reads.
    func resolveSingleFiles(_ files: [String]) -> (roots: Set<String>, components: [RenderPlan.Unrendered]) {
        var roots: Set<String> = []
        var components: [String: RenderPlan.Unrendered] = [:]
        var graphs: [String: (graph: KustomizationGraph, candidates: [String])] = [:]
        for file in files {
            let scope = repositoryTop(of: file) ?? RenderPath.parent(file)
            if graphs[scope] == nil {
                var graph = KustomizationGraph(tree: tree)
                let candidates = walk(scope).kustomizations.sorted()
                graph.load(candidates)
                graphs[scope] = (graph, candidates)
            }
            let (graph, candidates) = graphs[scope]!
            let directory = RenderPath.parent(file)
            let isKustomizationFile = Kustomization.fileNames.contains(RenderPath.lastComponent(file))
            var reachedByRoot = false
            for root in graph.roots(among: candidates) {
                let reaches = isKustomizationFile
                    ? graph.reached(from: root).contains { $0.directory == directory }
                    : graph.claims(of: root).files.contains(file)
                if reaches {
                    roots.insert(root)
                    reachedByRoot = true
                }
            }
            guard !reachedByRoot else { continue }
            for component in candidates where graph.nodes[component]?.isComponent == true {
                let claims = graph.claims(of: component)
                if claims.files.contains(file) { components[component] = unbuiltComponent(component, graph: graph) }
            }
        }
        return (roots, components.values.sorted { $0.path < $1.path })
    }

    func unbuiltComponent(_ directory: String, graph: KustomizationGraph) -> RenderPlan.Unrendered {
        let claims = graph.claims(of: directory)
        return RenderPlan.Unrendered(
            path: directory,
            reason: NotRendered(.notRenderable, "\(directory) is a kustomize Component: it is built only by a kustomization that lists it under components:, and none in the input does"),
            claimedFiles: claims.files.sorted(), claimedDirectories: claims.directories.sorted())
    }

    // MARK: Walking

    /// Charts and kustomization directories under `directory`: hidden entries and symlinks
    /// skipped (as the input walk does), charts not descended into.
    func walk(_ directory: String) -> (charts: [String], kustomizations: [String]) {
        var charts: [String] = []
        var kustomizations: [String] = []
        var pending = [directory]
        while let dir = pending.popLast() {
            let listing = tree.listing(of: dir)
            if listing.contains(where: { $0.name == "Chart.yaml" }) && tree.isFile(dir + "/Chart.yaml") {
                charts.append(dir)
                continue
            }
            if listing.contains(where: { Kustomization.fileNames.contains($0.name) }) && Kustomization.file(in: dir, tree: tree) != nil {
                kustomizations.append(dir)
            }
            for (name, isDirectory) in listing where isDirectory && !name.hasPrefix(".") {
                pending.append(dir == "/" ? "/" + name : dir + "/" + name)
            }
        }
        return (charts.sorted(), kustomizations.sorted())
    }

    /// The nearest directory at or above `path` that holds `.git` (a folder, or a file in a
    /// worktree).
    func repositoryTop(of path: String) -> String? {
        var dir = tree.isDirectory(path) ? path : RenderPath.parent(path)
        while true {
            if tree.entry(at: dir + "/.git") != .missing { return dir }
            if dir == "/" { return nil }
            dir = RenderPath.parent(dir)
        }
    }
}
