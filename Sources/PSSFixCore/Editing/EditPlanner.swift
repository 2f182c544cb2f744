/// Turns fix intents for one document into located edit operations: walks each intent's path
/// through the document (aliases and `<<` merges included), decides where text must change,
/// refuses changes that would leak through a shared anchor, and merges what targets the same node.
struct EditPlanner {
    struct Located {
        let intent: FixIntent
        var operation: EditOperation
        /// The alias followed on the way, if any (to tell users of a shared anchor apart).
        var via: Node?
        /// For keys added to a mapping that merges one anchored mapping (`- <<: *worker`) and
        /// lacks them in both: the same keys added to the anchored mapping instead, which the
        /// merging one inherits, and the merge's alias. Taken when every user of the anchor
        /// needs the same change (`redirectIntoMergedAnchors`).
        var inherited: (operation: EditOperation, via: Node)?

        init(intent: FixIntent, operation: EditOperation, via: Node?, inherited: (operation: EditOperation, via: Node)? = nil) {
            self.intent = intent
            self.operation = operation
            self.via = via
            self.inherited = inherited
        }
    }

    let index: DocumentIndex

    /// Operations found so far (internal setter: `redirectIntoMergedAnchors` retargets some).
    var located: [Located] = []
    private(set) var skipped: [(intent: FixIntent, reason: String)] = []
    private(set) var unchanged: [FixIntent] = []
    /// Intents whose change is in the returned operations, with the node that changes.
    private(set) var applied: [(intent: FixIntent, target: Node)] = []

    init(root: Node?) {
        self.index = DocumentIndex(root: root)
    }

    mutating func add(_ intent: FixIntent) {
        switch locate(intent) {
        case .success(let op?):
            located.append(op)
        case .success(nil):
            unchanged.append(intent)
        case .failure(let reason):
            skipped.append((intent, reason.text))
        }
    }

    struct Refusal: Error { let text: String }

    private enum Walk {
        case found(Node, via: Node?)
        case missing(parent: Node, remaining: ArraySlice<String>, via: Node?)
        case null(Node, key: Node, parent: Node, remaining: ArraySlice<String>, via: Node?)
    }

    /// Follows `path` from `base` through mappings, aliases and merge keys.
    private func walk(_ base: Node, _ path: [String], via start: Node?) -> Result<Walk, Refusal> {
        var current = base.resolved
        var via: Node? = base.isAlias ? base : start
        for (i, key) in path.enumerated() {
            guard current.isMapping else {
                return .failure(Refusal(text: "\(path[..<i].joined(separator: ".")) is not a mapping"))
            }
            var value: Node?
            var keyNode: Node?
            var owner = current
            if let own = current.ownPair(key) {
                value = own.value
                keyNode = own.key
            } else {
                // Through `<<: *defaults`: the value lives in the anchored mapping.
                for pair in current.pairs where pair.key.isMergeKey {
                    let sources = pair.value.resolved.isSequence ? Array(pair.value.resolved.items) : [pair.value]
                    for source in sources {
                        if let hit = source.resolved[key], let found = source.resolved.effectivePairs.first(where: { $0.value === hit }) {
                            value = hit
                            keyNode = found.key
                            owner = source.resolved
                            if source.isAlias { via = source }
                            break
                        }
                    }
                    if value != nil { break }
                }
            }
            guard var node = value, let keyNode else {
                return .success(.missing(parent: current, remaining: path[i...], via: via))
            }
            if node.isAlias {
                via = node
                node = node.resolved
            }
            if node.isNull {
                if node !== value { return .failure(Refusal(text: "\(key) is an alias of a null value")) }
                if node.anchor != nil || node.tag != nil {
                    return .failure(Refusal(text: "\(key) is an empty value with an anchor or tag; fill it by hand"))
                }
                return .success(.null(node, key: keyNode, parent: owner, remaining: path[(i + 1)...], via: via))
            }
            if i == path.count - 1 { return .success(.found(node, via: via)) }
            current = node
        }
        return .success(.found(current, via: via))
    }

    private func locate(_ intent: FixIntent) -> Result<Located?, Refusal> {
        func located(_ op: EditOperation, _ via: Node?) -> Result<Located?, Refusal> {
            .success(Located(intent: intent, operation: op, via: via))
        }
        /// Keys added to `parent`, with the same keys added to the anchored mapping it merges as
        /// the alternative.
        func inserted(into parent: Node, _ entries: [(key: String, value: NewValue)], _ via: Node?) -> Result<Located?, Refusal> {
            let inherited = singleMergedAnchor(of: parent).map { (EditOperation.insert(mapping: $0.resolved, entries: entries), $0) }
            return .success(Located(intent: intent, operation: .insert(mapping: parent, entries: entries), via: via, inherited: inherited))
        }
        switch intent.action {
        case .set(let base, let path, let value):
            switch walk(base, path, via: intent.via) {
            case .failure(let r): return .failure(r)
            case .success(.missing(let parent, let remaining, let via)):
                return inserted(into: parent, [(remaining.first!, .nested(remaining.dropFirst(), value))], via)
            case .success(.null(let node, let key, let parent, let remaining, let via)):
                if remaining.isEmpty { return located(.replace(scalar: node, value: value), via) }
                return located(.fill(null: node, key: key, parent: parent, value: .nested(remaining, value)), via)
            case .success(.found(let node, let via)):
                guard node.isScalar else {
                    return .failure(Refusal(text: "\(path.joined(separator: ".")) is not a scalar"))
                }
                if SemanticValue(node) == SemanticValue(value) { return .success(nil) }
                if node.tag != nil || node.anchor != nil {
                    return .failure(Refusal(text: "\(path.joined(separator: ".")) carries a tag or anchor; change it by hand"))
                }
                return located(.replace(scalar: node, value: value), via)
            }
        case .include(let base, let path, let item):
            switch walk(base, path, via: intent.via) {
            case .failure(let r): return .failure(r)
            case .success(.missing(let parent, let remaining, let via)):
                return inserted(into: parent, [(remaining.first!, .nested(remaining.dropFirst(), .sequence([item])))], via)
            case .success(.null(let node, let key, let parent, let remaining, let via)):
                return located(.fill(null: node, key: key, parent: parent, value: .nested(remaining, .sequence([item]))), via)
            case .success(.found(let node, let via)):
                guard node.isSequence else {
                    return .failure(Refusal(text: "\(path.joined(separator: ".")) is not a list"))
                }
                if node.items.contains(where: { SemanticValue($0) == SemanticValue(item) }) { return .success(nil) }
                return located(.append(sequence: node, items: [item]), via)
            }
        case .removeKeys(let mapping, let keys):
            let present = Set(keys.filter { mapping.ownPair($0) != nil })
            if present.isEmpty { return .success(nil) }
            return located(.removeKeys(mapping: mapping, keys: present, key: index.parent(of: mapping)?.key), route(intent, to: mapping))
        case .remove(let sequence, let items):
            let via = route(intent, to: sequence)
            let indexes = Set(sequence.items.indices.filter { i in items.contains { $0 === sequence.items[i] } })
            if indexes.isEmpty { return .success(nil) }
            let parent = index.parent(of: sequence)
            // Every item goes: the key goes too (`add:` and its list), as a person would write
            // it, whatever the list's style; `add: []` says nothing more. Comments in it are kept
            // by the renderer (the key line is commented out with them). An anchored or tagged
            // list stays for a person: deleting its anchor would break its aliases.
            if indexes.count == sequence.items.count, sequence.anchor == nil, sequence.tag == nil, let parent,
                let name = parent.key.scalarValue, parent.key.anchor == nil
            {
                return located(.removeKeys(mapping: parent.mapping, keys: [name], key: index.parent(of: parent.mapping)?.key), via)
            }
            return located(.remove(sequence: sequence, indexes: indexes, key: parent?.key), via)
        }
    }

    /// Drops operations on anchored text unless every user of the anchor asked for the same
    /// change, then merges operations on the same node. Returns the operations to render.
    mutating func finish() -> [EditOperation] {
        redirectIntoMergedAnchors()
        // Operations are grouped by target and signature, groups in the order they first
        // appear. Keyed by the target's identity itself (a key made of its hash value could,
        // however unlikely, put two targets in one group); the signature is made only for a
        // target that more than one operation changes (three in four on the benchmark's sample).
        struct GroupKey: Hashable {
            let target: Node.ID
            let signature: String
        }
        var perTarget: [Node.ID: Int] = [:]
        perTarget.reserveCapacity(located.count)
        for i in located.indices { perTarget[located[i].operation.target.id, default: 0] += 1 }
        var bySignature: [GroupKey: Int] = [:]
        bySignature.reserveCapacity(located.count)
        var groups: [[Int]] = []
        groups.reserveCapacity(located.count)
        for i in located.indices {
            let id = located[i].operation.target.id
            guard perTarget[id]! > 1 else {
                groups.append([i])
                continue
            }
            let key = GroupKey(target: id, signature: Self.signature(located[i].operation))
            if let g = bySignature[key] {
                groups[g].append(i)
            } else {
                bySignature[key] = groups.count
                groups.append([i])
            }
        }
        var accepted: [EditOperation] = []
        accepted.reserveCapacity(groups.count)
        for members in groups {
            let target = located[members[0]].operation.target
            if let shared = index.sharedAncestor(of: target) {
                let group = members.map { located[$0] }
                if !everyUserAsks(group, shared: shared) {
                    let aliases = index.aliases[shared.id] ?? []
                    let name = shared.anchor ?? "?"
                    let uses = aliases.map { "\($0.location)" }.joined(separator: ", ")
                    for item in group {
                        skipped.append((item.intent, "it would change anchor &\(name) (defined at \(shared.location), also used at \(uses)), and not every place using it needs this change; change it by hand"))
                    }
                    continue
                }
            }
            accepted.append(located[members[0]].operation)
            for i in members { applied.append((located[i].intent, target)) }
        }
        return Self.merge(accepted)
    }

    /// What an operation does, as text (`insert securityContext={runAsNonRoot: true}`): two
    /// operations on one node with the same signature are the same change. Written as bytes,
    /// then made a String once (a String hashes in bulk, an array of bytes byte by byte):
    /// made of Strings, the signatures were 1.2 % of `--diff`.
    static func signature(_ op: EditOperation) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(128)
        func add(_ string: String) { text.append(utf8: string) }
        switch op {
        case .insert(_, let entries):
            add("insert ")
            for (i, entry) in entries.enumerated() {
                if i > 0 { text.append(UInt8(ascii: ",")) }
                add(entry.key)
                text.append(UInt8(ascii: "="))
                entry.value.writeSummary(into: &text)
            }
        case .fill(_, _, _, let v):
            add("fill ")
            v.writeSummary(into: &text)
        case .replace(_, let v):
            add("replace ")
            v.writeSummary(into: &text)
        case .append(_, let items): add("append \(items.map(\.summary))")
        case .remove(_, let idx, _): add("remove \(idx.sorted())")
        case .removeKeys(_, let keys, _): add("remove keys \(keys.sorted())")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// One operation per target node and kind: entries for the same mapping are merged
    /// (deeply), so a container gets one `securityContext:` block whatever number of fixes need
    /// it. Operations of different kinds on one node (keys added and keys removed) both stay.
    static func merge(_ ops: [EditOperation]) -> [EditOperation] {
        struct SlotKey: Hashable {
            let target: Node.ID
            let kind: EditOperation.Kind
        }
        var result: [EditOperation] = []
        result.reserveCapacity(ops.count)
        var slot: [SlotKey: Int] = [:]
        slot.reserveCapacity(ops.count)
        for op in ops {
            let id = SlotKey(target: op.target.id, kind: op.kind)
            guard let i = slot[id] else {
                slot[id] = result.count
                result.append(op)
                continue
            }
            switch (result[i], op) {
            case (.insert(let m, var a), .insert(_, let b)):
                mergeEntries(&a, b)
                result[i] = .insert(mapping: m, entries: a)
            case (.fill(let n, let k, let p, let a), .fill(_, _, _, let b)):
                result[i] = .fill(null: n, key: k, parent: p, value: a.merged(with: b))
            case (.append(let s, let a), .append(_, let b)):
                result[i] = .append(sequence: s, items: a + b.filter { !a.contains($0) })
            case (.remove(let s, let a, let k), .remove(_, let b, _)):
                result[i] = .remove(sequence: s, indexes: a.union(b), key: k)
            case (.removeKeys(let m, let a, let k), .removeKeys(_, let b, _)):
                result[i] = .removeKeys(mapping: m, keys: a.union(b), key: k)
            default:
                break  // .replace twice: the same scalar with the same signature, already identical
            }
        }
        return result
    }
}
