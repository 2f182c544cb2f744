/// Kustomizations and the directories each builds with it, loaded from a set of starting
/// directories and everything they reach. Answers which kustomizations are roots (built by
/// nothing else), what a root reaches, and which files a root's build reads.
public struct KustomizationGraph: Sendable {
    public private(set) var nodes: [String: Kustomization] = [:]
    let tree: any FileTree

    public init(tree: any FileTree) {
        self.tree = tree
    }

    /// Loads the kustomizations in `directories` and, transitively, every kustomization they
    /// build. Directories without a kustomization file are ignored.
    public mutating func load(_ directories: [String]) {
        var pending = directories
        while let directory = pending.popLast() {
            guard nodes[directory] == nil, let k = Kustomization.load(directory: directory, tree: tree) else { continue }
            nodes[directory] = k
            pending += k.kustomizations
        }
    }

    /// The kustomizations among `candidates` that no loaded kustomization builds, components
    /// left out (they are never built alone). Sorted.
    public func roots(among candidates: [String]) -> [String] {
        let built = Set(nodes.values.flatMap(\.kustomizations))
        return Set(candidates).filter { nodes[$0].map { !$0.isComponent } ?? false && !built.contains($0) }.sorted()
    }

    /// The kustomizations a build of `root` includes, `root` first, each once, in a stable order.
    public func reached(from root: String) -> [Kustomization] {
        var order: [Kustomization] = []
        var seen: Set<String> = []
        var pending = [root]
        while !pending.isEmpty {
            let directory = pending.removeFirst()
            guard seen.insert(directory).inserted, let k = nodes[directory] else { continue }
            order.append(k)
            pending += k.kustomizations
        }
        return order
    }

    /// Files and whole directories a build of `root` reads, kustomization files included.
    public func claims(of root: String) -> (files: Set<String>, directories: Set<String>) {
        var files: Set<String> = []
        var directories: Set<String> = []
        for k in reached(from: root) {
            files.insert(k.file)
            files.formUnion(k.files)
            directories.formUnion(k.directories)
        }
        return (files, directories)
    }
}
