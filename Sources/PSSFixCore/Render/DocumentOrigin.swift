/// Where a rendered document came from, as precisely as its renderer says.
public enum DocumentOrigin: Hashable, Sendable {
    /// A file on disk, read as it is: a plain input file, or a resource file kustomize
    /// loaded (kustomize names the file, not the document: a multi-document file's document
    /// is found by kind and by its name before prefixes and suffixes).
    case file(String)
    /// A Helm template: its `# Source:` path as helm printed it
    /// (`web/templates/deployment.yaml`, `web/charts/db/templates/sts.yaml`) and the file on
    /// disk it names, when there is one (not for a packaged chart or subchart).
    case helmTemplate(source: String, file: String?)
    /// Made by a kustomize generator (`configMapGenerator`, `helmCharts`, ...): the generator's
    /// kind and the kustomization file that configured it.
    case generated(generator: String, configuredIn: String?)
    /// A resource from a remote base: the repository, its ref and the path inside it.
    case remote(repo: String, ref: String?, path: String)
    /// The renderer said nothing about it (helm output without a `# Source:` line).
    case unknown

    /// The file on disk the document's text comes from, when there is one.
    public var file: String? {
        switch self {
        case .file(let path): return path
        case .helmTemplate(_, let file): return file
        default: return nil
        }
    }
}

/// One entry of kustomize's `alpha.config.kubernetes.io/transformations` annotation.
public struct KustomizeTransformation: Hashable, Sendable {
    /// `PatchTransformer`, `PrefixTransformer`, ...
    public let transformer: String
    /// The kustomization file (absolute) that configured it, when kustomize said.
    public let configuredIn: String?

    public init(transformer: String, configuredIn: String?) {
        self.transformer = transformer
        self.configuredIn = configuredIn
    }
}
