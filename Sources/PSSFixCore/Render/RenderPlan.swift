/// What discovery decided for a set of inputs: which sources to render, which files each one
/// owns (never judged as loose files), what cannot be rendered on its own, and the loose files.
public struct RenderPlan: Sendable, Equatable {
    /// A source and the files it owns.
    public struct Entry: Sendable, Equatable {
        public let source: RenderSource
        /// Files the source reads (kustomization files, resources, patches, values files…). Sorted.
        public let claimedFiles: [String]
        /// Directories the source owns whole (a chart, a library chart it uses, a
        /// kustomization's `helmCharts` chart). Sorted.
        public let claimedDirectories: [String]

        /// `claimedFiles` as a set: `claims` runs once per input file and source.
        let fileSet: Set<String>

        public init(source: RenderSource, claimedFiles: [String], claimedDirectories: [String]) {
            self.source = source
            self.claimedFiles = claimedFiles
            self.claimedDirectories = claimedDirectories
            self.fileSet = Set(claimedFiles)
        }

        public func claims(_ file: String) -> Bool {
            fileSet.contains(file) || claimedDirectories.contains { RenderPath.isInside(file, $0) }
        }
    }

    /// Something found that is never rendered by itself, with the files it owns.
    public struct Unrendered: Sendable, Equatable {
        /// The chart or kustomization directory.
        public let path: String
        public let reason: NotRendered
        public let claimedFiles: [String]
        public let claimedDirectories: [String]

        public func claims(_ file: String) -> Bool {
            claimedFiles.contains(file) || claimedDirectories.contains { RenderPath.isInside(file, $0) }
        }
    }

    public struct Problem: Sendable, Hashable {
        public let path: String
        public let message: String
    }

    /// Charts and kustomization roots to render, sorted by path.
    public var entries: [Entry] = []
    /// Library charts no chart in reach depends on, and Components no root builds.
    public var unrendered: [Unrendered] = []
    /// Library chart directory → the charts that include it (their renders cover it).
    public var libraryCoverage: [String: [String]] = [:]
    /// Input manifest files that no source owns: judged as they are.
    public var looseFiles: [String] = []
    /// Kustomizations that do not parse or refer to missing paths (the render will say more).
    public var problems: [Problem] = []

    public init() {}

    /// The entries whose source owns `file`.
    public func owners(of file: String) -> [Entry] {
        entries.filter { $0.claims(file) }
    }
}
