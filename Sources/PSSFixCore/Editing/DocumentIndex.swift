/// Per-document facts the planner needs and nodes do not carry: each value's key and parent
/// mapping, and which anchored nodes are shared through aliases.
struct DocumentIndex {
    struct Parent {
        let key: Node
        let mapping: Node
    }

    private(set) var parents: [ObjectIdentifier: Parent] = [:]
    /// Anchored node -> the aliases (and merge values) that refer to it.
    private(set) var aliases: [ObjectIdentifier: [Node]] = [:]
    private(set) var anchored: [Node] = []

    init(root: Node?) {
        guard let root else { return }
        var stack = [root]
        while let node = stack.popLast() {
            switch node.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    parents[ObjectIdentifier(pair.value)] = Parent(key: pair.key, mapping: node)
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            case .sequence(let items, _):
                stack.append(contentsOf: items)
            case .alias(_, let target?):
                if aliases[ObjectIdentifier(target)] == nil { anchored.append(target) }
                aliases[ObjectIdentifier(target), default: []].append(node)
            default:
                break
            }
        }
    }

    func parent(of node: Node) -> Parent? { parents[ObjectIdentifier(node)] }

    /// The innermost anchored node that some alias refers to and that contains `node`.
    func sharedAncestor(of node: Node) -> Node? {
        var best: Node?
        for anchor in anchored where anchor.span.start <= node.span.start && node.span.end <= anchor.span.end {
            if best == nil || best!.span.count >= anchor.span.count { best = anchor }
        }
        return best
    }
}
