/// Per-document facts the planner needs and nodes do not carry: each value's key and parent
/// mapping, and which anchored nodes are shared through aliases.
struct DocumentIndex {
    struct Parent {
        let key: Node
        let mapping: Node
    }

    /// Each value's key and mapping (`ParentTable`); nil for no document or a synthetic tree.
    private let parents: ParentTable?
    /// Anchored node -> the aliases (and merge values) that refer to it.
    private(set) var aliases: [Node.ID: [Node]] = [:]
    private(set) var anchored: [Node] = []
    /// The document's root mapping (through an alias), if it is one.
    private(set) var root: Node?

    init(root: Node?) {
        guard let root else {
            parents = nil
            return
        }
        self.root = root.resolved.isMapping ? root.resolved : nil
        // Planned documents are parsed trees (synthetic ones, PodView's filtered views, are
        // only read).
        guard root.tree.foreign == nil else {
            parents = nil
            return
        }
        let table = ParentTable(tree: root.tree, root: root.index)
        parents = table
        // The walk that finds the parents finds the aliases: made now when the document has
        // one (a scan of its records tells), else only when a parent is first asked for. Most
        // documents a fix changes have no alias and never ask (only removals and templates
        // do): the walk, made for every one of them, was 1.3 % of `--diff`.
        if Self.holdsAlias(root) {
            var aliases: [Node.ID: [Node]] = [:]
            var anchored: [Node] = []
            table.build { target, alias in
                if aliases[target.id] == nil { anchored.append(target) }
                aliases[target.id, default: []].append(alias)
            }
            self.aliases = aliases
            self.anchored = anchored
        }
    }

    /// Some record of the document's tree is an alias (its records are contiguous, from its
    /// first leaf to the root's own).
    private static func holdsAlias(_ root: Node) -> Bool {
        // An alias names its anchor in `strings` (with anchors and tags): most trees have none,
        // and then no record needs reading.
        guard !root.tree.strings.isEmpty else { return false }
        let lo = Int(root.firstRecord), hi = Int(root.index)
        return root.tree.records.withUnsafeBufferPointer { records in
            records[lo...hi].contains { $0.kind == .alias }
        }
    }

    /// Each value's key and mapping, as record indexes of the document's tree, for the records
    /// from `base` on (-1: not a mapping's value). Flat arrays, not a dictionary keyed by node:
    /// hashing every node of a changed document was most of this index's cost. A class, so
    /// that it can be filled on first use behind a `let`.
    private final class ParentTable {
        let tree: NodeTree
        let root: Int32
        private var built = false
        private var base = 0
        private var parentKeys: [Int32] = []
        private var parentMappings: [Int32] = []

        init(tree: NodeTree, root: Int32) {
            self.tree = tree
            self.root = root
        }

        func parent(of index: Int32) -> (key: Int32, mapping: Int32)? {
            if !built { build { _, _ in } }
            let i = Int(index) - base
            guard i >= 0, i < parentKeys.count, parentKeys[i] >= 0 else { return nil }
            return (parentKeys[i], parentMappings[i])
        }

        /// Walks the document once, depth first (keys and values pushed pair by pair, items in
        /// order, popped last first), telling `alias` of each alias with its target in that
        /// order.
        func build(alias: (_ target: Node, _ alias: Node) -> Void) {
            built = true
            var found: [(value: Int32, key: Int32, mapping: Int32)] = []
            var low = Int32.max
            var high = Int32.min
            var stack = [root]
            tree.records.withUnsafeBufferPointer { records in
                tree.children.withUnsafeBufferPointer { children in
                    while let i = stack.popLast() {
                        let record = records[Int(i)]
                        let first = Int(record.payload)
                        switch record.kind {
                        case .mapping:
                            for k in stride(from: first, to: first + Int(record.count), by: 2) {
                                let (key, value) = (children[k], children[k + 1])
                                found.append((value, key, i))
                                low = min(low, value)
                                high = max(high, value)
                                stack.append(key)
                                stack.append(value)
                            }
                        case .sequence:
                            stack.append(contentsOf: children[first..<(first + Int(record.count))])
                        case .alias:
                            guard record.count >= 0 else { continue }
                            alias(Node(tree: tree, index: record.count), Node(tree: tree, index: i))
                        case .scalar:
                            continue
                        }
                    }
                }
            }
            guard low <= high else { return }
            base = Int(low)
            parentKeys = [Int32](repeating: -1, count: Int(high - low) + 1)
            parentMappings = parentKeys
            for entry in found {
                parentKeys[Int(entry.value) - base] = entry.key
                parentMappings[Int(entry.value) - base] = entry.mapping
            }
        }
    }

    func parent(of node: Node) -> Parent? {
        guard let parents, node.tree === parents.tree, let (key, mapping) = parents.parent(of: node.index) else { return nil }
        return Parent(key: Node(tree: parents.tree, index: key), mapping: Node(tree: parents.tree, index: mapping))
    }

    /// The innermost anchored node that some alias refers to and that contains `node`.
    func sharedAncestor(of node: Node) -> Node? {
        var best: Node?
        for anchor in anchored where anchor.span.start <= node.span.start && node.span.end <= anchor.span.end {
            if best == nil || best!.span.count >= anchor.span.count { best = anchor }
        }
        return best
    }

    /// True when `node` is a mapping nothing but its aliases reads: the value of a top-level
    /// key of a workload or List object that is not one of the object's own fields (`x-defaults:`
    /// next to `spec:`). The API server drops such a field (or rejects it with strict
    /// validation), so writing into it changes only what the aliases see. Anything else
    /// (a container, a pod's `securityContext`, a field of a custom resource) is a real object.
    func isTemplate(_ node: Node) -> Bool {
        guard let parent = parent(of: node), let name = parent.key.scalarValue, !Self.objectFields.contains(name),
            let kind = parent.mapping["kind"]?.string, Workload.Kind(rawValue: kind) != nil || Workload.isListKind(kind)
        else { return false }
        guard let root else { return false }
        if parent.mapping === root { return true }
        // An item of a List at the root.
        guard let listKind = root["kind"]?.string, Workload.isListKind(listKind), let items = root["items"]?.resolved else { return false }
        return items.items.contains { $0.resolved === parent.mapping }
    }

    /// Top-level fields of the objects pss-fix reads (workloads, PodTemplate, List).
    static let objectFields: Set<String> = ["apiVersion", "kind", "metadata", "spec", "status", "template", "items"]
}
