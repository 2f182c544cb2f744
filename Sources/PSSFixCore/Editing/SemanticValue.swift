/// What a YAML node means to Kubernetes' decoder, without its formatting: the referee that
/// verification compares (original + planned changes == re-parsed result).
indirect enum SemanticValue: Equatable {
    case null
    /// A resolved scalar: canonical text plus whether it decodes as a string.
    case scalar(String, isString: Bool)
    case mapping([(SemanticValue, SemanticValue)])
    case sequence([SemanticValue])
    /// Aliases stay aliases: editing an anchor is visible through every alias, by name.
    case alias(String)

    static func == (a: SemanticValue, b: SemanticValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.scalar(let x, let s), .scalar(let y, let t)): return x == y && s == t
        case (.sequence(let x), .sequence(let y)): return x == y
        case (.alias(let x), .alias(let y)): return x == y
        case (.mapping(let x), .mapping(let y)):
            // Key order carries no meaning for Kubernetes (and sorted files get keys in place).
            guard x.count == y.count else { return false }
            return x.allSatisfy { pair in y.contains { $0.0 == pair.0 && $0.1 == pair.1 } }
        default: return false
        }
    }

    init(_ value: NewValue) {
        switch value {
        case .bool(let b): self = .scalar(b ? "true" : "false", isString: false)
        case .int(let i): self = .scalar(String(i), isString: false)
        case .string(let s): self = .scalar(s, isString: true)
        case .sequence(let items): self = .sequence(items.map(SemanticValue.init))
        case .mapping(let pairs): self = .mapping(pairs.map { (.scalar($0.key, isString: true), SemanticValue($0.value)) })
        }
    }

    init(_ node: Node) { self = SemanticValue.build(node, overlay: nil) }

    /// Builds the value of `node`, with `overlay`'s planned changes applied where they target nodes.
    static func build(_ node: Node, overlay: Overlay?) -> SemanticValue {
        let id = node.id
        if let overlay {
            if let v = overlay.replace[id] { return SemanticValue(v) }
            if let v = overlay.fill[id] { return SemanticValue(v) }
        }
        switch node.kind {
        case .alias(let name, _):
            return .alias(name)
        case .scalar(let value, let style):
            if node.isNull { return .null }
            if style != .plain { return .scalar(value, isString: true) }
            if let b = node.bool { return .scalar(b ? "true" : "false", isString: false) }
            if let i = node.int { return .scalar(String(i), isString: false) }
            return .scalar(value, isString: node.tag == nil || node.tag == "tag:yaml.org,2002:str")
        case .sequence(let items, _):
            var values: [SemanticValue] = []
            let removed = overlay?.remove[id] ?? []
            for (i, item) in items.enumerated() where !removed.contains(i) {
                values.append(build(item, overlay: overlay))
            }
            values += (overlay?.append[id] ?? []).map(SemanticValue.init)
            return .sequence(values)
        case .mapping(let pairs, _):
            let dropped = overlay?.removeKeys[id] ?? []
            var values = pairs.filter { !dropped.contains($0.key.scalarValue ?? "") }
                .map { (build($0.key, overlay: overlay), build($0.value, overlay: overlay)) }
            for (key, value) in overlay?.insert[id] ?? [] {
                values.append((.scalar(key, isString: true), SemanticValue(value)))
            }
            return .mapping(values)
        }
    }

    /// `SemanticValue(value) == build(node, overlay: nil)`, decided without building either
    /// collection: verification asks it for every value a fix adds, and building both sides
    /// (arrays of pairs, boxes) was most of the allocations of comparing a patched document
    /// with its plan. Scalars are still compared as their meanings; collections walk in step,
    /// with `==`'s rules (a sequence in order; a mapping of as many pairs, each of the value's
    /// found among the node's). `SemanticValueMatchTests` holds it to the definition.
    static func matches(_ value: NewValue, _ node: Node) -> Bool {
        switch value {
        case .bool, .int, .string:
            return node.isScalar && SemanticValue(value) == build(node, overlay: nil)
        case .sequence(let items):
            guard node.isSequence else { return false }
            let nodeItems = node.items
            guard items.count == nodeItems.count else { return false }
            for i in items.indices where !matches(items[i], nodeItems[i]) { return false }
            return true
        case .mapping(let pairs):
            guard node.isMapping else { return false }
            let nodePairs = node.pairs
            guard pairs.count == nodePairs.count else { return false }
            return pairs.allSatisfy { pair in
                nodePairs.contains { $0.key.isScalar && build($0.key, overlay: nil) == .scalar(pair.key, isString: true) && matches(pair.value, $0.value) }
            }
        }
    }

    /// Planned changes keyed by the node they change.
    struct Overlay {
        var insert: [Node.ID: [(key: String, value: NewValue)]] = [:]
        var fill: [Node.ID: NewValue] = [:]
        var replace: [Node.ID: NewValue] = [:]
        var append: [Node.ID: [NewValue]] = [:]
        var remove: [Node.ID: Set<Int>] = [:]
        var removeKeys: [Node.ID: Set<String>] = [:]

        init(_ operations: [EditOperation]) {
            for op in operations {
                let id = op.target.id
                switch op {
                case .insert(_, let entries): insert[id, default: []] += entries
                case .fill(_, _, _, let value): fill[id] = value
                case .replace(_, let value): replace[id] = value
                case .append(_, let items): append[id, default: []] += items
                case .remove(_, let indexes, _): remove[id, default: []].formUnion(indexes)
                case .removeKeys(_, let keys, _): removeKeys[id, default: []].formUnion(keys)
                }
            }
        }
    }
}
