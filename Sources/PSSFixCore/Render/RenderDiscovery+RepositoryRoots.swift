extension RenderDiscovery {
    /// Every kustomization root under the repository's top level of each path (the nearest
    /// directory with `.git`), else under the path itself: the roots a fix must also account for
    /// when it edits a shared file (issue 21: "count every root that renders an edited file,
    /// inside the given paths or not"). Each repository is walked once. Sorted.
    public func repositoryKustomizationRoots(near paths: [String]) -> [String] {
        let scopes = Set(paths.map { repositoryTop(of: $0) ?? (tree.isDirectory($0) ? $0 : RenderPath.parent($0)) })
        var roots = Set<String>()
        for scope in scopes.sorted() {
            let candidates = walk(scope).kustomizations
            var graph = KustomizationGraph(tree: tree)
            graph.load(candidates)
            roots.formUnion(graph.roots(among: candidates))
        }
        return roots.sorted()
    }
}
