/// Maps helm's `# Source:` paths to files on disk. Helm names a template by the chart's name
/// (from Chart.yaml, not the directory) and a subchart's by `charts/NAME`, where NAME is the
/// subchart's name or its alias in the parent's dependencies; the directory may be named
/// otherwise, so names are looked up in each `Chart.yaml`.
public struct HelmChartLayout: Sendable {
    public let directory: String
    let tree: any FileTree

    /// nil for a packaged chart (`.tgz`): its templates are not files on disk.
    public init?(chartDirectory: String, tree: any FileTree) {
        guard tree.isDirectory(chartDirectory) else { return nil }
        self.directory = chartDirectory
        self.tree = tree
    }

    /// `web/charts/db/templates/sts.yaml` → `DIR/charts/postgres/templates/sts.yaml` (when
    /// that chart's name or alias is `db`); nil when the file is not on disk.
    public func file(forSource source: String) -> String? {
        var parts = source.split(separator: "/").map(String.init)
        guard parts.count >= 2, let top = HelmChartMetadata.read(chartDirectory: directory, tree: tree), parts[0] == top.name else {
            return nil
        }
        parts.removeFirst()
        var dir = directory
        var metadata = top
        while parts.count > 2 && parts[0] == "charts" && parts[1] != "templates" {
            guard let sub = subchart(named: parts[1], in: dir, metadata: metadata) else { return nil }
            dir = sub.directory
            metadata = sub.metadata
            parts.removeFirst(2)
        }
        let file = dir + "/" + parts.joined(separator: "/")
        return tree.isFile(file) ? file : nil
    }

    func subchart(named name: String, in parent: String, metadata: HelmChartMetadata) -> (directory: String, metadata: HelmChartMetadata)? {
        // An alias renames the subchart in helm's paths.
        let chartName = metadata.dependencies.first { $0.alias == name }?.name ?? name
        let charts = parent + "/charts"
        var candidates = tree.children(of: charts).filter { !$0.hasPrefix(".") }
        // The usual layout first: the directory is named after the chart.
        if let i = candidates.firstIndex(of: chartName) { candidates.swapAt(0, i) }
        for candidate in candidates {
            let path = charts + "/" + candidate
            guard tree.isDirectory(path), let sub = HelmChartMetadata.read(chartDirectory: path, tree: tree),
                  sub.name == chartName else { continue }
            return (path, sub)
        }
        return nil
    }
}
