/// Finds what in a kustomization build needs more than `kubectl kustomize` offers: KRM
/// functions run as a program (`exec`) or a container, and legacy plugins. kubectl kustomize
/// refuses them, and with `--enable-alpha-plugins` skips exec functions without a word, so
/// a build that has them is not rendered unless a standalone kustomize was asked for.
public enum KRMFunctionScan {
    public enum Runtime: Sendable, Equatable {
        case exec(path: String)
        case container(image: String)
        /// A plugin config with neither annotation and a non-builtin apiVersion: kustomize
        /// looks for a Go or exec plugin for its kind.
        case legacyPlugin(apiVersion: String, kind: String)
    }

    public struct Use: Sendable, Equatable {
        public let runtime: Runtime
        /// The config file that asks for it (the kustomization file for inline configs).
        public let file: String
    }

    public static let functionAnnotations = ["config.kubernetes.io/function", "config.k8s.io/function"]

    /// Every function or plugin the build of `root` would run, in a stable order.
    public static func uses(buildingFrom root: String, graph: KustomizationGraph, tree: any FileTree) -> [Use] {
        var found: [Use] = []
        for k in graph.reached(from: root) {
            for config in k.pluginConfigs {
                switch config {
                case .file(let path):
                    for document in tree.yamlDocuments(of: path) {
                        if let use = use(in: document, file: path) { found.append(use) }
                    }
                case .inline(let text):
                    for document in (try? YAMLParser.parse(SourceText(text)))?.documents ?? [] {
                        if let use = use(in: document.root, file: k.file) { found.append(use) }
                    }
                case .directory(let directory):
                    // Configs produced by a kustomization: its resource files are the configs.
                    for file in graph.nodes[directory]?.files ?? [] {
                        for document in tree.yamlDocuments(of: file) {
                            if let use = use(in: document, file: file) { found.append(use) }
                        }
                    }
                }
            }
        }
        return found
    }

    static func use(in root: Node?, file: String) -> Use? {
        guard let root = root?.resolved, root.isMapping else { return nil }
        let annotations = root["metadata"]?["annotations"]
        for name in functionAnnotations {
            guard let text = annotations?[name]?.string,
                  let spec = try? YAMLParser.parse(SourceText(text)).documents.first?.root else { continue }
            if let path = spec["exec"]?["path"]?.string { return Use(runtime: .exec(path: path), file: file) }
            if let image = spec["container"]?["image"]?.string { return Use(runtime: .container(image: image), file: file) }
        }
        let apiVersion = root["apiVersion"]?.string ?? ""
        if apiVersion != "builtin" && !apiVersion.isEmpty {
            return Use(runtime: .legacyPlugin(apiVersion: apiVersion, kind: root["kind"]?.string ?? ""), file: file)
        }
        return nil
    }
}
