#if canImport(Glibc)
import Glibc
#endif

/// How a document lays out its block collections, learnt from the document itself so that new
/// text looks like its neighbours.
struct DocumentStyle {
    /// Spaces a nested block mapping is indented by relative to its parent key (default 2).
    var indentStep = 2
    /// Column offset of a block sequence's `-` relative to its parent key: 0 for the
    /// "indentless" kubectl style (`- name:` under `containers:`), usually 2 for Helm style.
    var sequenceOffset: Int?
    /// Multi-line flow sequences put one item per line (pretty-printed JSON), so new ones do too.
    var expandsFlowSequences = false
    /// Separators between a key and its value and between pairs in one-line flow collections:
    /// `": "` / `", "` normally, `":"` / `","` in minified JSON.
    var colon = ": "
    var comma = ", "
    /// Every block mapping with several keys has them in byte order (kustomize, `kubectl get -o
    /// yaml`): new keys then go to their sorted place instead of the end.
    var sortsKeys = false
    /// `- ` or, in files that align list items with the indentation (`-   name:`), the dash
    /// and as many spaces as they use.
    var dash = "- "

    init(root: Node?, source: SourceText) {
        guard let root else { return }
        learnSeparators(root, source: source)
        sortsKeys = Self.allKeysSorted(root)
        var foundStep = false
        // The walks read node records, not `Node.kind`, which makes a String of every scalar.
        var stack = [root]
        while let node = stack.popLast(), !(foundStep && sequenceOffset != nil) {
            switch node.record.kind {
            case .mapping where node.collectionStyle == .block:
                let pairs = node.pairs
                for pair in pairs {
                    let value = pair.value
                    guard value.location.line > pair.key.location.line, value.collectionStyle == .block else { continue }
                    if !foundStep, value.isMapping, value.location.column > pair.key.location.column {
                        indentStep = value.location.column - pair.key.location.column
                        foundStep = true
                    }
                    if sequenceOffset == nil, value.isSequence, let dash = Self.dashColumn(of: value, source: source) {
                        sequenceOffset = max(0, dash - pair.key.location.column)
                        if let first = value.items.first, first.location.line == value.location.line {
                            self.dash = "-" + String(repeating: " ", count: max(1, first.location.column - dash - 1))
                        }
                    }
                }
                Self.push(pairs, onto: &stack)
            case .mapping:
                let pairs = node.pairs
                for pair in pairs where !foundStep {
                    // Pretty JSON: `"spec": {` with its first key on the next line.
                    let value = pair.value
                    if value.collectionStyle == .flow, value.isMapping, let first = value.pairs.first,
                        first.key.location.line > value.location.line, first.key.location.column > pair.key.location.column
                    {
                        indentStep = first.key.location.column - pair.key.location.column
                        foundStep = true
                    }
                }
                Self.push(pairs, onto: &stack)
            case .sequence:
                let items = node.items
                if node.collectionStyle == .flow, let first = items.first, first.location.line > node.location.line {
                    expandsFlowSequences = true
                }
                for i in items.indices.reversed() { stack.append(items[i]) }
            default:
                break
            }
        }
    }

    /// True when at least three block mappings have two or more keys and all of them are sorted.
    static func allKeysSorted(_ root: Node) -> Bool {
        var multiKey = 0
        var stack = [root]
        while let node = stack.popLast() {
            switch node.record.kind {
            case .mapping:
                let pairs = node.pairs
                if node.collectionStyle == .block && pairs.count >= 2 {
                    for i in 1..<pairs.count where !keyPrecedes(pairs[i - 1].key, pairs[i].key) { return false }
                    multiKey += 1
                }
                Self.push(pairs, onto: &stack)
            case .sequence:
                stack.append(contentsOf: node.items)
            default:
                break
            }
        }
        return multiKey >= 3
    }

    /// Whether key `a`'s text sorts strictly before key `b`'s, byte by byte (a key that is not a
    /// scalar counts as empty), compared where the tree stores them.
    static func keyPrecedes(_ a: Node, _ b: Node) -> Bool {
        let x = a.record, y = b.record
        let m = x.kind == .scalar ? Int(x.count) : 0
        let n = y.kind == .scalar ? Int(y.count) : 0
        let order = a.tree.bytes.withUnsafeBufferPointer { p in
            b.tree.bytes.withUnsafeBufferPointer { q in
                min(m, n) == 0 ? 0 : memcmp(p.baseAddress! + Int(x.payload), q.baseAddress! + Int(y.payload), min(m, n))
            }
        }
        return order < 0 || (order == 0 && m < n)
    }

    /// Pushes the values of `pairs`, last first, so that the first is popped first (the style
    /// walk takes the first indentation it meets; the sort test's answer does not depend on the
    /// order).
    static func push(_ pairs: Node.Pairs, onto stack: inout [Node]) {
        for i in pairs.indices.reversed() { stack.append(pairs[i].value) }
    }

    /// Reads the separators of the root flow mapping (JSON); block documents keep the defaults.
    mutating func learnSeparators(_ root: Node, source: SourceText) {
        guard root.collectionStyle == .flow, root.pairs.count >= 2 else { return }
        let first = root.pairs[0]
        let second = root.pairs[1]
        let afterKey = source.bytes[first.key.span.end..<first.value.span.start]
        let afterValue = source.bytes[first.value.span.end..<second.key.span.start]
        if afterKey.elementsEqual(":".utf8) { colon = ":" }
        if afterValue.elementsEqual(",".utf8) { comma = "," }
    }

    /// Default sequence offset when the document has no nested block sequence: indented by the step.
    var effectiveSequenceOffset: Int { sequenceOffset ?? indentStep }

    /// 1-based column of a block sequence's first `-` (its span starts there; see YAMLParser).
    static func dashColumn(of sequence: Node, source: SourceText) -> Int? {
        guard let offset = dashOffset(ofItem: sequence.items.first, sequence: sequence, source: source) else { return nil }
        return offset - source.lineStarts[source.lineIndex(ofByte: offset)] + 1
    }

    /// Byte offset of the `-` that introduces `item` in a block sequence.
    static func dashOffset(ofItem item: Node?, sequence: Node, source: SourceText) -> Int? {
        guard let item else { return nil }
        var i = item.span.start - 1
        while i >= 0 {
            let b = source.bytes[i]
            if b == UInt8(ascii: "-") { return i }
            if b != UInt8(ascii: " ") && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\r") { return nil }
            i -= 1
        }
        return nil
    }
}
