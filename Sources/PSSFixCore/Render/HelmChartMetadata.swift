/// The parts of a chart's `Chart.yaml` that discovery and source mapping need.
public struct HelmChartMetadata: Sendable, Equatable {
    public struct Dependency: Sendable, Equatable {
        public let name: String
        public let alias: String?
        /// As written: `file://../common`, `https://…`, `oci://…`, or nil.
        public let repository: String?
    }

    public let name: String
    /// `application` (also when unset) or `library`.
    public let type: String
    public let dependencies: [Dependency]

    public var isLibrary: Bool { type == "library" }

    /// Reads `DIRECTORY/Chart.yaml`; nil when it is missing, malformed or has no name.
    public static func read(chartDirectory: String, tree: any FileTree) -> HelmChartMetadata? {
        guard let root = tree.yamlRoot(of: chartDirectory + "/Chart.yaml"), let name = root["name"]?.string else {
            return nil
        }
        let dependencies = (root["dependencies"]?.resolved.items ?? []).compactMap { item -> Dependency? in
            guard let name = item["name"]?.string else { return nil }
            return Dependency(name: name, alias: item["alias"]?.string, repository: item["repository"]?.string)
        }
        return HelmChartMetadata(name: name, type: root["type"]?.string ?? "application", dependencies: dependencies)
    }

    /// Directories of the dependencies kept in the chart (`charts/*` directories, links
    /// resolved) and of `file://` dependencies; packaged `.tgz` subcharts are not included.
    public func dependencyDirectories(chartDirectory: String, tree: any FileTree) -> [String] {
        var found: [String] = []
        let charts = chartDirectory + "/charts"
        for name in tree.children(of: charts) where !name.hasPrefix(".") {
            let path = charts + "/" + name
            if tree.isDirectory(path), let real = tree.realPath(path) { found.append(real) }
        }
        for dependency in dependencies {
            guard let repository = dependency.repository, repository.hasPrefix("file://") else { continue }
            let path = RenderPath.join(chartDirectory, String(repository.dropFirst("file://".count)))
            if let real = tree.realPath(path), tree.isDirectory(real) { found.append(real) }
        }
        return Array(Set(found)).sorted()
    }
}
