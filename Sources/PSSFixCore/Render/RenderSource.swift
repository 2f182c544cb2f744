/// Something that renders to a stream of manifests: a plain file (renders to itself), a Helm
/// chart or a kustomization. Paths are absolute.
public enum RenderSource: Hashable, Sendable {
    case file(String)
    case helmChart(HelmChartSource)
    case kustomization(KustomizationSource)

    /// The file or directory the source is, for messages and ordering.
    public var path: String {
        switch self {
        case .file(let path): return path
        case .helmChart(let chart): return chart.path
        case .kustomization(let kustomization): return kustomization.directory
        }
    }
}

/// A chart and how to install it: what `helm template [RELEASE] CHART` gets.
public struct HelmChartSource: Hashable, Sendable {
    /// The chart directory, or a packaged `.tgz` (checked, never edited).
    public var path: String
    /// nil: helm's own default (`release-name`).
    public var releaseName: String?
    /// nil: helm's default namespace.
    public var namespace: String?
    /// `-f` files, in order (later files win).
    public var valuesFiles: [String]
    /// `--set` expressions, in order.
    public var setValues: [String]

    public init(path: String, releaseName: String? = nil, namespace: String? = nil,
                valuesFiles: [String] = [], setValues: [String] = []) {
        self.path = path
        self.releaseName = releaseName
        self.namespace = namespace
        self.valuesFiles = valuesFiles
        self.setValues = setValues
    }

    public var isArchive: Bool { path.hasSuffix(".tgz") }
}

/// A kustomization root: the directory holding `kustomization.yaml` (or `.yml`, `Kustomization`).
public struct KustomizationSource: Hashable, Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }
}
