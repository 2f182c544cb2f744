/// Per-document facts the planner needs and nodes do not carry: each value's key and parent
/// mapping, and which anchored nodes are shared through aliases.
struct DocumentIndex {
    struct Parent {
        let key: Node
        let mapping: Node
    }

    private(set) var parents: [Node.ID: Parent] = [:]
    /// Anchored node -> the aliases (and merge values) that refer to it.
    private(set) var aliases: [Node.ID: [Node]] = [:]
    private(set) var anchored: [Node] = []
    /// The document's root mapping (through an alias), if it is one.
    private(set) var root: Node?

    init(root: Node?) {
        guard let root else { return }
        self.root = root.resolved.isMapping ? root.resolved : nil
        var stack = [root]
        while let node = stack.popLast() {
            switch node.kind {
            case .mapping(let pairs, _):
                for pair in pairs {
                    parents[pair.value.id] = Parent(key: pair.key, mapping: node)
                    stack.append(pair.key)
                    stack.append(pair.value)
                }
            case .sequence(let items, _):
                stack.append(contentsOf: items)
            case .alias(_, let target?):
                if aliases[target.id] == nil { anchored.append(target) }
                aliases[target.id, default: []].append(node)
            default:
                break
            }
        }
    }

    func parent(of node: Node) -> Parent? { parents[node.id] }

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
