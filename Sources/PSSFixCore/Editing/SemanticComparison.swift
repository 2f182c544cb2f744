#if canImport(Glibc)
import Glibc
#endif
/// Compares an edited document with its re-parsed result without building either meaning in
/// full: verification ran once per changed file and building both trees' `SemanticValue`s was
/// its largest cost (more than the re-parse itself).
///
/// Nodes are walked in step. A node of the original that contains no edit target is proven
/// unchanged by its text (the same text in the same place parses to the same value); only when
/// the text differs is its meaning built and compared. Along the paths to the targets, mappings are
/// matched by key (order carries no meaning), sequences by position after removals, and the
/// targets themselves by meaning, with the planned change applied (`SemanticValue.Overlay`).
struct SemanticComparison {
    let old: SourceText
    let new: SourceText
    let overlay: SemanticValue.Overlay
    /// Edit targets, to tell untouched subtrees (compared as bytes) from the paths to them: by
    /// record index, sorted, when all are nodes of one tree (the parse of the original file, as
    /// the planner's always are: a binary search costs less than hashing an identity), else
    /// by identity; and their spans sorted by start (a stream's file may hold tens of
    /// thousands of targets, and every node on the paths asks).
    let targetTree: NodeTree?
    let targetIndexes: [Int32]
    let targetIDs: Set<Node.ID>
    let targetSpans: [Span]

    init(old: SourceText, new: SourceText, overlay: SemanticValue.Overlay, targets: [Node]) {
        self.old = old
        self.new = new
        self.overlay = overlay
        targetSpans = targets.map(\.span).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        let tree = targets.first?.tree
        if let tree, targets.allSatisfy({ $0.tree === tree }) {
            targetTree = tree
            targetIndexes = targets.map(\.index).sorted()
            targetIDs = []
        } else {
            targetTree = nil
            targetIndexes = []
            targetIDs = Set(targets.map(\.id))
        }
    }

    func same(_ a: Node, _ b: Node) -> Bool {
        guard contains(a) else {
            // Same text is the cheap proof; a block scalar's span may lose trailing blank lines
            // when a key is added after it (same value), so differing text is judged by meaning.
            return sameText(a, b) || SemanticValue.build(a, overlay: nil) == SemanticValue.build(b, overlay: nil)
        }
        let id = a.id
        if let value = overlay.replace[id] ?? overlay.fill[id] { return SemanticValue.matches(value, b) }
        if a.isScalar || a.isAlias {
            return SemanticValue.build(a, overlay: overlay) == SemanticValue.build(b, overlay: nil)
        }
        switch (a.kind, b.kind) {
        case (.mapping(let pairs, _), .mapping(let newPairs, _)):
            let dropped = overlay.removeKeys[id] ?? []
            let inserted = overlay.insert[id] ?? []
            // The usual case first, without allocating: every pair where it was, the new ones
            // after them. Success there is success below (keys are unique: the matching below
            // would pair the same keys); anything else is decided below.
            if dropped.isEmpty, pairs.count + inserted.count == newPairs.count, inPlace(pairs, newPairs, inserted) { return true }
            let kept = pairs.filter { !dropped.contains($0.key.scalarValue ?? "") }
            guard kept.count + inserted.count == newPairs.count else { return false }
            // A key written alike in both (the usual case) is matched by its bytes; only the
            // others by meaning, the new keys' meanings built once each, when first needed.
            var unmatched = Array(newPairs.indices)
            var newKeys = [SemanticValue?](repeating: nil, count: newPairs.count)
            for pair in kept {
                var u = contains(pair.key) ? nil : unmatched.firstIndex { sameScalar(pair.key, newPairs[$0].key) }
                if u == nil {
                    let key = SemanticValue.build(pair.key, overlay: overlay)
                    u = unmatched.firstIndex { i in
                        if newKeys[i] == nil { newKeys[i] = SemanticValue.build(newPairs[i].key, overlay: nil) }
                        return newKeys[i] == key
                    }
                }
                guard let u, same(pair.value, newPairs[unmatched[u]].value) else { return false }
                unmatched.remove(at: u)
            }
            for (key, value) in inserted {
                guard let u = unmatched.firstIndex(where: { newPairs[$0].key.scalarValue == key && !newPairs[$0].key.isAlias }),
                    SemanticValue.matches(value, newPairs[unmatched[u]].value)
                else { return false }
                unmatched.remove(at: u)
            }
            return unmatched.isEmpty
        case (.sequence(let items, _), .sequence(let newItems, _)):
            let removed = overlay.remove[id] ?? []
            let appended = overlay.append[id] ?? []
            // Every item kept (the usual case) is compared in place, without a filtered copy.
            if removed.isEmpty { return sameItems(items, newItems, appended) }
            return sameItems(items.enumerated().filter { !removed.contains($0.offset) }.map(\.element), newItems, appended)
        default:
            return false
        }
    }

    /// The kept items match the new ones in order, and the appended values follow them.
    private func sameItems(_ kept: some RandomAccessCollection<Node>, _ newItems: Node.Items, _ appended: [NewValue]) -> Bool {
        guard kept.count + appended.count == newItems.count else { return false }
        for (i, item) in kept.enumerated() where !same(item, newItems[i]) { return false }
        for (i, value) in appended.enumerated() where !SemanticValue.matches(value, newItems[kept.count + i]) {
            return false
        }
        return true
    }

    /// Each old pair matches the new pair at its index (keys written alike), and the inserted
    /// pairs follow in the planned order.
    private func inPlace(_ pairs: Node.Pairs, _ newPairs: Node.Pairs, _ inserted: [(key: String, value: NewValue)]) -> Bool {
        for i in pairs.indices {
            let (old, new) = (pairs[i], newPairs[i])
            guard !contains(old.key), sameScalar(old.key, new.key), same(old.value, new.value) else { return false }
        }
        for (j, entry) in inserted.enumerated() {
            let new = newPairs[pairs.count + j]
            guard !new.key.isAlias, new.key.scalarValue == entry.key, SemanticValue.matches(entry.value, new.value)
            else { return false }
        }
        return true
    }

    /// `node` is an edit target or holds one.
    func contains(_ node: Node) -> Bool {
        isTarget(node) || (!node.isScalar && !node.isAlias && holdsTargetSpan(node.span))
    }

    func isTarget(_ node: Node) -> Bool {
        guard let targetTree else { return targetIDs.contains(node.id) }
        guard node.tree === targetTree else { return false }
        let i = partitionPoint(targetIndexes.indices) { targetIndexes[$0] < node.index }
        return i < targetIndexes.count && targetIndexes[i] == node.index
    }

    /// Some target's span lies within `span`: among the targets starting inside it (found by
    /// binary search), one that also ends inside it.
    func holdsTargetSpan(_ span: Span) -> Bool {
        var lo = partitionPoint(targetSpans.indices) { targetSpans[$0].start < span.start }
        while lo < targetSpans.count && targetSpans[lo].start <= span.end {
            if targetSpans[lo].end <= span.end { return true }
            lo += 1
        }
        return false
    }

    /// Two scalars with the same style, tag and value bytes: their meanings are equal (a
    /// scalar's meaning is made of nothing else), so no `SemanticValue` is needed to tell.
    func sameScalar(_ a: Node, _ b: Node) -> Bool {
        let x = a.record, y = b.record
        guard x.kind == .scalar, y.kind == .scalar, x.keyHash == y.keyHash, x.count == y.count, x.style == y.style,
            (x.tag < 0 && y.tag < 0) || a.tag == b.tag
        else { return false }
        return a.tree.bytes.withUnsafeBufferPointer { p in
            b.tree.bytes.withUnsafeBufferPointer { q in
                x.count == 0 || memcmp(p.baseAddress! + Int(x.payload), q.baseAddress! + Int(y.payload), Int(x.count)) == 0
            }
        }
    }

    /// Same kind of node, same anchor and tag, same text.
    func sameText(_ a: Node, _ b: Node) -> Bool {
        guard a.span.count == b.span.count, a.anchor == b.anchor, a.tag == b.tag,
            a.isScalar == b.isScalar, a.isMapping == b.isMapping, a.isSequence == b.isSequence, a.isAlias == b.isAlias
        else { return false }
        return old.bytes.withUnsafeBufferPointer { x in
            new.bytes.withUnsafeBufferPointer { y in
                a.span.count == 0 || memcmp(x.baseAddress! + a.span.start, y.baseAddress! + b.span.start, a.span.count) == 0
            }
        }
    }
}
