/// Per-document facts the planner needs and nodes do not carry: each value's key and parent
/// mapping, and which anchored nodes are shared through aliases.
struct DocumentIndex {
    struct Parent {
        let key: Node
        let mapping: Node
    }

    /// Each value's key and mapping, as record indexes of the document's tree, for the records
    /// from `base` on (-1: not a mapping's value). Flat arrays, not a dictionary keyed by node:
    /// this index is built for every document a fix changes, and hashing every node of it was
    /// most of the cost.
    private let tree: NodeTree?
    private var base = 0
    private var parentKeys: [Int32] = []
    private var parentMappings: [Int32] = []
    /// Anchored node -> the aliases (and merge values) that refer to it.
    private(set) var aliases: [Node.ID: [Node]] = [:]
    private(set) var anchored: [Node] = []
    /// The document's root mapping (through an alias), if it is one.
    private(set) var root: Node?

    init(root: Node?) {
        guard let root else {
            tree = nil
            return
        }
        tree = root.tree
        self.root = root.resolved.isMapping ? root.resolved : nil
        var found: [(value: Int32, key: Int32, mapping: Int32)] = []
        var low = Int32.max
        var high = Int32.min
        // Planned documents are parsed trees (synthetic ones, PodView's filtered views, are
        // only read): walked by their records, with no node made per visit (this index is built
        // for every changed document; the walk by nodes was 3 % of `--diff`).
        guard root.tree.foreign == nil else { return }
        walk(root.tree, from: root.index, into: &found, low: &low, high: &high)
        guard low <= high else { return }
        base = Int(low)
        parentKeys = [Int32](repeating: -1, count: Int(high - low) + 1)
        parentMappings = parentKeys
        for entry in found {
            parentKeys[Int(entry.value) - base] = entry.key
            parentMappings[Int(entry.value) - base] = entry.mapping
        }
    }

    /// The walk over records, depth first (keys and values pushed pair by pair, items in order,
    /// popped last first): `anchored` and each alias list follow that order.
    private mutating func walk(
        _ tree: NodeTree, from start: Int32, into found: inout [(value: Int32, key: Int32, mapping: Int32)],
        low: inout Int32, high: inout Int32
    ) {
        var stack = [start]
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
                        let target = Node(tree: tree, index: record.count)
                        if aliases[target.id] == nil { anchored.append(target) }
                        aliases[target.id, default: []].append(Node(tree: tree, index: i))
                    case .scalar:
                        continue
                    }
                }
            }
        }
    }

    func parent(of node: Node) -> Parent? {
        guard let tree, node.tree === tree else { return nil }
        let i = Int(node.index) - base
        guard i >= 0, i < parentKeys.count, parentKeys[i] >= 0 else { return nil }
        return Parent(key: Node(tree: tree, index: parentKeys[i]), mapping: Node(tree: tree, index: parentMappings[i]))
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
