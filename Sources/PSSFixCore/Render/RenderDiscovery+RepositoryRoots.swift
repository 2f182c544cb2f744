extension RenderDiscovery {
    /// Every kustomization root under the repository's top level of `path` (the nearest
    /// directory with `.git`), else under `path` itself: the roots a fix must also account for
    /// when it edits a shared file (issue 21: "count every root that renders an edited file,
    /// inside the given paths or not"). Sorted.
    public func repositoryKustomizationRoots(near path: String) -> [String] {
        let scope = repositoryTop(of: path) ?? (tree.isDirectory(path) ? path : RenderPath.parent(path))
        let candidates = walk(scope).kustomizations
        var graph = KustomizationGraph(tree: tree)
        graph.load(candidates)
        return graph.roots(among: candidates)
    }
}
