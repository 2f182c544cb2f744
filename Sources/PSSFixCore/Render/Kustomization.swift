/// What one kustomization file refers to, read without running kustomize: which directories
/// it builds with it and which files it reads, so that discovery knows what belongs to a root
/// and the renderer knows what the build will need.
public struct Kustomization: Sendable, Equatable {
    /// The names kustomize accepts for the file, in the order it looks for them.
    public static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// A `transformers:`, `generators:` or `validators:` entry.
    public enum PluginConfig: Sendable, Equatable {
        case file(String)
        case directory(String)
        /// YAML written into the kustomization itself.
        case inline(String)
    }

    public let directory: String
    public let file: String
    /// `kind: Component`: only ever built as part of another kustomization.
    public let isComponent: Bool
    /// Directories built as part of this one: resources and bases that are directories, and
    /// components.
    public private(set) var kustomizations: [String] = []
    /// Files the build reads: resources, patches, generator inputs, plugin configs,
    /// replacements, CRD and configuration files, Helm values files.
    public private(set) var files: [String] = []
    /// Directories read as a whole: the charts of `helmCharts`.
    public private(set) var directories: [String] = []
    public private(set) var pluginConfigs: [PluginConfig] = []
    /// `helmCharts:` entries (rendered by kustomize through helm: `--enable-helm`).
    public private(set) var usesHelmCharts = false
    /// `openapi: path:`: a schema file that *replaces* kustomize's built-in one for the whole
    /// build (measured with v5.5: a Deployment's containers then merge by nothing, so a
    /// strategic-merge patch replaces the list), so no kind's merge keys are known.
    public private(set) var customSchema: String?
    /// Remote resources and components (URLs), which are not followed.
    public private(set) var remoteReferences: [String] = []
    /// References to paths that do not exist, and a file that does not parse.
    public private(set) var problems: [String] = []

    /// The kustomization file in `directory`, if there is one.
    public static func file(in directory: String, tree: any FileTree) -> String? {
        fileNames.lazy.map { directory + "/" + $0 }.first { tree.isFile($0) }
    }

    /// Reads the kustomization in `directory`; nil when there is none.
    public static func load(directory: String, tree: any FileTree) -> Kustomization? {
        guard let file = file(in: directory, tree: tree) else { return nil }
        guard let root = tree.yamlRoot(of: file)?.resolved else {
            var broken = Kustomization(directory: directory, file: file, isComponent: false)
            broken.problems.append("\(file): not a YAML mapping pss-fix can read")
            return broken
        }
        var k = Kustomization(directory: directory, file: file, isComponent: root["kind"]?.string == "Component")
        k.read(root, tree: tree)
        return k
    }

    mutating func read(_ root: Node, tree: any FileTree) {
        for key in ["resources", "bases", "components"] {
            for entry in strings(root[key]) { addBuilt(entry, tree: tree) }
        }
        for key in ["patches", "patchesJson6902", "replacements"] {
            for item in root[key]?.resolved.items ?? [] {
                if let path = item["path"]?.string { addFile(path, tree: tree) }
            }
        }
        for entry in strings(root["patchesStrategicMerge"]) where !isInline(entry) { addFile(entry, tree: tree) }
        for key in ["crds", "configurations"] {
            for entry in strings(root[key]) { addFile(entry, tree: tree) }
        }
        if let path = root["openapi"]?["path"]?.string {
            addFile(path, tree: tree)
            customSchema = RenderPath.join(directory, path)
        }
        for key in ["configMapGenerator", "secretGenerator"] {
            for generator in root[key]?.resolved.items ?? [] {
                // `files: [KEY=]PATH`, `envs: [PATH]`, `env: PATH`.
                for entry in strings(generator["files"]) {
                    addFile(entry.split(separator: "=", maxSplits: 1).last.map(String.init) ?? entry, tree: tree)
                }
                for entry in strings(generator["envs"]) { addFile(entry, tree: tree) }
                if let env = generator["env"]?.string { addFile(env, tree: tree) }
            }
        }
        for key in ["transformers", "generators", "validators"] {
            for entry in strings(root[key]) { addPlugin(entry, tree: tree) }
        }
        readHelmCharts(root, tree: tree)
    }

    mutating func readHelmCharts(_ root: Node, tree: any FileTree) {
        let charts = root["helmCharts"]?.resolved.items ?? []
        guard !charts.isEmpty else { return }
        usesHelmCharts = true
        let home = root["helmGlobals"]?["chartHome"]?.string ?? "charts"
        for chart in charts {
            guard let name = chart["name"]?.string else { continue }
            let chartDirectory = RenderPath.join(RenderPath.join(directory, home), name)
            if tree.isDirectory(chartDirectory) { directories.append(chartDirectory) }
            if let values = chart["valuesFile"]?.string { addFile(values, tree: tree) }
            for values in strings(chart["additionalValuesFiles"]) { addFile(values, tree: tree) }
        }
    }

    mutating func addBuilt(_ entry: String, tree: any FileTree) {
        if Self.isRemote(entry) { remoteReferences.append(entry); return }
        let path = RenderPath.join(directory, entry)
        if tree.isDirectory(path) {
            kustomizations.append(path)
        } else if tree.isFile(path) {
            files.append(path)
        } else {
            problems.append("\(file): \(entry) does not exist")
        }
    }

    mutating func addFile(_ entry: String, tree: any FileTree) {
        let path = RenderPath.join(directory, entry)
        if tree.isFile(path) { files.append(path) } else { problems.append("\(file): \(entry) does not exist") }
    }

    mutating func addPlugin(_ entry: String, tree: any FileTree) {
        if isInline(entry) { pluginConfigs.append(.inline(entry)); return }
        if Self.isRemote(entry) { remoteReferences.append(entry); return }
        let path = RenderPath.join(directory, entry)
        if tree.isDirectory(path) {
            // A kustomization whose output is plugin configuration, built with this one.
            pluginConfigs.append(.directory(path))
            kustomizations.append(path)
        } else if tree.isFile(path) {
            pluginConfigs.append(.file(path))
            files.append(path)
        } else {
            problems.append("\(file): \(entry) does not exist")
        }
    }

    /// Entries that hold YAML rather than a path (inline patches and plugin configs).
    func isInline(_ entry: String) -> Bool { entry.contains("\n") }

    /// kustomize's remote forms: URLs, `git@host:`, `github.com/owner/repo//path?ref=`.
    static func isRemote(_ entry: String) -> Bool {
        entry.contains("://") || entry.hasPrefix("git@") || entry.hasPrefix("github.com/")
            || entry.hasPrefix("gitlab.com/") || entry.hasPrefix("bitbucket.org/") || entry.contains("?ref=")
    }

    func strings(_ node: Node?) -> [String] {
        node?.resolved.items.compactMap(\.string) ?? []
    }
}
