/// A located change: the planner has found the exact node whose text changes.
enum EditOperation {
    /// Add keys at the end of a mapping (block, flow, or `{}`).
    case insert(mapping: Node, entries: [(key: String, value: NewValue)])
    /// `key:` / `key: ~` / `key: null` becomes `value` (a mapping or sequence).
    case fill(null: Node, key: Node, parent: Node, value: NewValue)
    /// A scalar's text becomes `value` (keeping its quote style).
    case replace(scalar: Node, value: NewValue)
    /// Add items at the end of a sequence.
    case append(sequence: Node, items: [NewValue])
    /// Drop the items at these indexes.
    case remove(sequence: Node, indexes: Set<Int>, key: Node?)
    /// Drop these keys from a mapping; `key` is the mapping's own key in its parent (to write
    /// `{}` when every key goes).
    case removeKeys(mapping: Node, keys: Set<String>, key: Node?)

    enum Kind: Hashable { case insert, fill, replace, append, remove, removeKeys }

    /// The operation's kind, to merge like with like.
    var kind: Kind {
        switch self {
        case .insert: return .insert
        case .fill: return .fill
        case .replace: return .replace
        case .append: return .append
        case .remove: return .remove
        case .removeKeys: return .removeKeys
        }
    }

    var target: Node {
        switch self {
        case .insert(let n, _), .fill(let n, _, _, _), .replace(let n, _), .append(let n, _), .remove(let n, _, _),
            .removeKeys(let n, _, _):
            return n
        }
    }
}

/// Deep merge for values two fixes add under the same key (both want `securityContext`).
extension NewValue {
    func merged(with other: NewValue) -> NewValue {
        switch (self, other) {
        case (.mapping(let a), .mapping(let b)):
            var result = a
            for pair in b {
                if let i = result.firstIndex(where: { $0.key == pair.key }) {
                    result[i].value = result[i].value.merged(with: pair.value)
                } else {
                    result.append(pair)
                }
            }
            return .mapping(result)
        case (.sequence(let a), .sequence(let b)):
            return .sequence(a + b.filter { !a.contains($0) })
        default:
            return other
        }
    }
}

func mergeEntries(_ into: inout [(key: String, value: NewValue)], _ more: [(key: String, value: NewValue)]) {
    for pair in more {
        if let i = into.firstIndex(where: { $0.key == pair.key }) {
            into[i].value = into[i].value.merged(with: pair.value)
        } else {
            into.append(pair)
        }
    }
}
