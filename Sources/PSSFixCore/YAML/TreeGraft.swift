/// A document's tree rebuilt with runs of pairs of some block mappings replaced by the pairs of
/// other trees, everything else moved by the bytes and lines added before it: the tree of the
/// patched document when verification re-parsed only the windows of it that changed
/// (`ReparseWindows`, which says why that is the tree a full re-parse gives).
///
/// Built in bulk, not node by node (a recursive copy cost as much as the windows' parse): a
/// document's records, children and values are contiguous in its tree (the parser appends a
/// document's nodes one after the other, children before their collection), so they are
/// copied as three slices, their indexes rebased and every span and line moved in one pass;
/// each window's records are appended the same way and its spliced mapping given a new run of
/// children. The replaced pairs' records stay in the arrays, unreachable. Block collections'
/// spans are then remade from their children, as the parser makes them.
enum TreeGraft {
    struct Splice {
        /// The old tree's record of the mapping, and which of its pairs are replaced.
        let mapping: Int32
        let pairs: Range<Int>
        /// A mapping of another tree, in the patched file's terms but for its offsets, `shift`
        /// bytes early (a flow window is parsed from a copy of its text): its pairs go in.
        let replacement: Node
        /// How many collections hold the mapping (the document's root: 0).
        let depth: Int
        var shift = 0
    }

    /// A window's effect on what follows it: bytes and lines added after `range` (original).
    struct Move {
        let range: Range<Int>
        let bytes: Int
        let lines: Int
    }

    /// The rebuilt document, or nil when it holds what a graft does not handle: an anchor or
    /// alias in a window or an anchor in the pairs it replaces (aliases after a window might
    /// then name other nodes), complex or repeated keys in a spliced mapping, nesting near the
    /// parser's bound. The whole document is then parsed instead.
    static func graft(_ document: Document, splices: [Splice], moves: [Move], baseBytes: Int, baseLines: Int) -> Document? {
        guard let root = document.root else { return nil }
        let old = root.tree
        let lo = Int(root.firstRecord), hi = Int(root.index)
        var storage = NodeTree.Storage()
        // Records are plain values: copied as bytes, with room for every window's records (a
        // window's tree holds one document: its root's index + 1 records).
        let room = hi - lo + 1 + splices.reduce(0) { $0 + Int($1.replacement.index) + 1 }
        storage.records = old.records.withUnsafeBufferPointer { source in
            Array(unsafeUninitializedCapacity: room) { buffer, count in
                buffer.baseAddress!.initialize(from: source.baseAddress! + lo, count: hi - lo + 1)
                count = hi - lo + 1
            }
        }
        // The first collection and scalar appended hold the lowest children and value offsets;
        // the root's children come last, and the last scalar's value.
        var childLo = 0, byteLo = 0, byteHi = 0
        let moved = Mover(moves: moves, baseBytes: baseBytes, baseLines: baseLines)
        let aliasesOutside = storage.records.withUnsafeMutableBufferPointer { records -> Bool in
            if let c = records.firstIndex(where: { ($0.kind == .mapping || $0.kind == .sequence) && $0.count > 0 }) {
                childLo = Int(records[c].payload)
            }
            if let v = records.firstIndex(where: { $0.kind == .scalar && $0.count > 0 }) { byteLo = Int(records[v].payload) }
            if let v = records.lastIndex(where: { $0.kind == .scalar && $0.count > 0 }) {
                byteHi = Int(records[v].payload + records[v].count)
            }
            // A file's first document (the usual case: one document per file) needs no index
            // rebased, and what ends before the first window, where nothing earlier moved, stays.
            let rebase = lo != 0 || childLo != 0 || byteLo != 0
            let still = !rebase && baseBytes == 0 && baseLines == 0 ? (moves.first?.range.upperBound ?? Int.max) : Int.min
            for i in records.indices where records[i].span.end >= still {
                var r = records[i]
                if rebase {
                    switch r.kind {
                    case .mapping, .sequence: r.payload = r.count > 0 ? r.payload - Int32(childLo) : 0
                    case .scalar: r.payload = r.count > 0 ? r.payload - Int32(byteLo) : 0
                    case .alias:
                        guard Int(r.count) >= lo, Int(r.count) <= hi else { return true }
                        r.count -= Int32(lo)
                    }
                }
                r.location.line = moved.line(r.location.line, at: r.span.start)
                r.span = Span(moved.offset(r.span.start, isEnd: false), moved.offset(r.span.end, isEnd: true))
                records[i] = r
            }
            return false
        }
        guard !aliasesOutside else { return nil }
        let rootRecord = old.records[hi]
        let childHi = rootRecord.count > 0 ? Int(rootRecord.payload + rootRecord.count) : childLo
        guard childLo <= childHi, byteLo <= byteHi else { return nil }
        storage.children = lo == 0 ? Array(old.children[childLo..<childHi]) : old.children[childLo..<childHi].map { $0 - Int32(lo) }
        storage.values = ByteArena(old.bytes[byteLo..<byteHi])
        storage.strings = old.strings

        // The windows' pairs, each mapping's replaced run of pairs swapped for them.
        let grouped = Dictionary(grouping: splices, by: \.mapping)
        for (mapping, list) in grouped {
            let m = Int(mapping) - lo
            guard m >= 0, m <= hi - lo, storage.records[m].kind == .mapping else { return nil }
            let own = storage.records[m]
            var pairs: [Int32] = []
            var next = 0
            // In document order (as the windows are, and grouping keeps): two insertions at one
            // point go in the order their text has.
            for splice in list {
                guard splice.pairs.lowerBound >= next, splice.pairs.upperBound <= Int(own.count) / 2 else { return nil }
                guard anchorFree(storage, own, splice.pairs) else { return nil }
                pairs += storage.children[Int(own.payload) + 2 * next..<Int(own.payload) + 2 * splice.pairs.lowerBound]
                guard let added = append(splice.replacement, into: &storage, depth: splice.depth, shift: splice.shift) else { return nil }
                pairs += added
                next = splice.pairs.upperBound
            }
            pairs += storage.children[Int(own.payload) + 2 * next..<Int(own.payload + own.count)]
            guard uniqueScalarKeys(pairs, in: storage) else { return nil }
            storage.records[m].payload = Int32(storage.children.count)
            storage.records[m].count = Int32(pairs.count)
            storage.children += pairs
        }
        // Block collections end where their last child does (children come first, but for
        // the window pairs, appended last, whose spans are already final).
        // Only the spliced mappings and what holds them change: they come after the first
        // spliced mapping (a collection's record follows its children's).
        let firstSpliced = (grouped.keys.min().map { Int($0) - lo }) ?? storage.records.count
        storage.children.withUnsafeBufferPointer { children in
            storage.records.withUnsafeMutableBufferPointer { records in
                for i in firstSpliced..<records.count where records[i].style == 0 && records[i].count > 0 {
                    let r = records[i]
                    guard r.kind == .mapping || r.kind == .sequence else { continue }
                    records[i].span.end = max(records[Int(children[Int(r.payload + r.count) - 1])].span.end, r.span.start)
                }
            }
        }
        storage.trim()
        return Document(
            index: document.index, root: Node(tree: NodeTree(storage), index: Int32(hi - lo)),
            span: Span(moved.offset(document.span.start, isEnd: false), moved.offset(document.span.end, isEnd: false)),
            explicitStart: document.explicitStart, explicitEnd: document.explicitEnd)
    }

    /// Where original offsets and lines are in the patched file.
    struct Mover {
        let moves: [Move]
        let baseBytes: Int
        let baseLines: Int

        /// At an insertion window's point, what starts there (the next token) moves past the
        /// new lines and what ends there stays.
        func offset(_ x: Int, isEnd: Bool) -> Int {
            guard let first = moves.first, first.range.upperBound <= x else { return x + baseBytes }  // before every window
            var d = baseBytes
            for move in moves {
                let end = move.range.upperBound
                guard end < x || (end == x && !(isEnd && move.range.isEmpty)) else { break }
                d += move.bytes
            }
            return x + d
        }

        /// The line of a node starting at original offset `x`.
        func line(_ line: Int, at x: Int) -> Int {
            guard let first = moves.first, first.range.upperBound <= x else { return line + baseLines }
            var d = baseLines
            for move in moves {
                guard move.range.upperBound <= x else { break }
                d += move.lines
            }
            return line + d
        }
    }

    /// Appends the pairs of window mapping `mapping` (its tree's records from its leftmost
    /// leaf on, contiguous like a document's) to `storage`; their new indexes, keys and values
    /// in turn. nil for an anchor or alias, or nesting too deep for the parser.
    private static func append(_ mapping: Node, into storage: inout NodeTree.Storage, depth: Int, shift: Int) -> [Int32]? {
        let tree = mapping.tree
        let lo = Int(mapping.firstRecord), hi = Int(mapping.index)
        // Its nesting is at most its record count: walked only when that is not enough.
        guard depth + (hi - lo) < YAMLParser.maxDepth - 1 || depth + Self.depth(mapping) < YAMLParser.maxDepth - 1 else { return nil }
        let recordBase = Int32(storage.records.count) - Int32(lo)
        let childBase = Int32(storage.children.count)
        let byteBase = Int32(storage.values.count)
        let own = tree.records[hi]
        return tree.records.withUnsafeBufferPointer { records -> [Int32]? in
            // Where the children of the collections inside and the values start; no anchor or alias.
            var childLo = own.payload, byteLo = Int32.max, byteHi: Int32 = 0
            for i in lo..<hi {  // not the mapping itself: its pairs join the spliced mapping
                let r = records[i]
                guard r.anchor < 0, r.kind != .alias else { return nil }
                if r.count > 0 {
                    if r.kind == .scalar {
                        byteLo = min(byteLo, r.payload)
                        byteHi = max(byteHi, r.payload + r.count)
                    } else {
                        childLo = min(childLo, r.payload)
                    }
                }
            }
            if byteLo > byteHi { (byteLo, byteHi) = (0, 0) }
            for i in lo..<hi {
                var r = records[i]
                if r.count > 0 {
                    r.payload = r.kind == .scalar ? r.payload - byteLo + byteBase : r.payload - childLo + childBase
                } else {
                    r.payload = 0
                }
                if r.tag >= 0 {
                    storage.strings.append(tree.strings[Int(r.tag)])
                    r.tag = Int32(storage.strings.count - 1)
                }
                if shift != 0 { r.span = Span(r.span.start + shift, r.span.end + shift) }
                storage.records.append(r)
            }
            tree.children.withUnsafeBufferPointer { children in
                for c in Int(childLo)..<Int(own.payload) { storage.children.append(children[c] + recordBase) }
            }
            if byteLo < byteHi {
                _ = tree.bytes.withUnsafeBufferPointer { storage.values.append(UnsafeBufferPointer(rebasing: $0[Int(byteLo)..<Int(byteHi)])) }
            }
            return tree.children[Int(own.payload)..<Int(own.payload + own.count)].map { $0 + recordBase }
        }
    }

    /// How many collections deep `node`'s deepest collection is (0 for none).
    private static func depth(_ node: Node) -> Int {
        guard node.isMapping || node.isSequence else { return 0 }
        let r = node.record
        var deepest = 0
        for c in 0..<Int(r.count) { deepest = max(deepest, depth(Node(tree: node.tree, index: node.tree.children[Int(r.payload) + c]))) }
        return deepest + 1
    }

    /// No anchor among `pairs` of `mapping` (a record of `storage`).
    private static func anchorFree(_ storage: NodeTree.Storage, _ mapping: NodeTree.Record, _ pairs: Range<Int>) -> Bool {
        func free(_ index: Int32) -> Bool {
            let r = storage.records[Int(index)]
            guard r.anchor < 0 else { return false }
            guard r.kind == .mapping || r.kind == .sequence else { return true }
            return (0..<Int(r.count)).allSatisfy { free(storage.children[Int(r.payload) + $0]) }
        }
        return (2 * pairs.lowerBound..<2 * pairs.upperBound).allSatisfy { free(storage.children[Int(mapping.payload) + $0]) }
    }

    /// The keys of `pairs` (keys and values in turn) are scalars, none repeated: the parser
    /// rejects repeated keys, and the whole document is then re-parsed to say so.
    private static func uniqueScalarKeys(_ pairs: [Int32], in storage: NodeTree.Storage) -> Bool {
        let count = pairs.count / 2
        if count > 32 {
            var seen = Set<String>()
            for i in 0..<count {
                let key = storage.records[Int(pairs[2 * i])]
                guard key.kind == .scalar, seen.insert(storage.value(key)).inserted else { return false }
            }
            return true
        }
        for i in 0..<count {
            let key = storage.records[Int(pairs[2 * i])]
            guard key.kind == .scalar else { return false }
            for j in 0..<i {
                let other = storage.records[Int(pairs[2 * j])]
                if other.keyHash == key.keyHash && storage.value(other) == storage.value(key) { return false }
            }
        }
        return true
    }
}
