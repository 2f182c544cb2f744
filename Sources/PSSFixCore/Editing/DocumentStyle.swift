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

    /// The walks read the tree's records by index: a `Node` per step changed its tree's
    /// reference count twice (atomically), and this ran for every document a fix changes. A
    /// parsed document's root is never a synthetic view (`NodeTree.foreign`), whose children
    /// live in other trees; for one, the defaults stay.
    init(root: Node?, source: SourceText) {
        guard let root else { return }
        learnSeparators(root, source: source)
        let tree = root.tree
        guard tree.foreign == nil else { return }
        let records = tree.records
        let children = tree.children
        sortsKeys = Self.allKeysSorted(tree, root: root.index)
        var foundStep = false
        var stack = [root.index]
        while let n = stack.popLast(), !(foundStep && sequenceOffset != nil) {
            let node = records[Int(n)]
            let first = Int(node.payload)
            let end = first + Int(node.count)
            switch node.kind {
            case .mapping where !Self.isFlow(node):
                for k in stride(from: first, to: end, by: 2) {
                    let key = records[Int(children[k])]
                    let value = records[Int(children[k + 1])]
                    guard value.location.line > key.location.line, value.kind == .mapping || value.kind == .sequence, !Self.isFlow(value)
                    else { continue }
                    if !foundStep, value.kind == .mapping, value.location.column > key.location.column {
                        indentStep = value.location.column - key.location.column
                        foundStep = true
                    }
                    if sequenceOffset == nil, value.kind == .sequence,
                        let dash = Self.dashColumn(of: Node(tree: tree, index: children[k + 1]), source: source)
                    {
                        sequenceOffset = max(0, dash - key.location.column)
                        if value.count > 0, case let item = records[Int(children[Int(value.payload)])], item.location.line == value.location.line {
                            self.dash = "-" + String(repeating: " ", count: max(1, item.location.column - dash - 1))
                        }
                    }
                }
                Self.pushValues(first, end, of: children, onto: &stack)
            case .mapping:
                for k in stride(from: first, to: end, by: 2) where !foundStep {
                    // Pretty JSON: `"spec": {` with its first key on the next line.
                    let key = records[Int(children[k])]
                    let value = records[Int(children[k + 1])]
                    if value.kind == .mapping, Self.isFlow(value), value.count > 0, case let firstKey = records[Int(children[Int(value.payload)])],
                        firstKey.location.line > value.location.line, firstKey.location.column > key.location.column
                    {
                        indentStep = firstKey.location.column - key.location.column
                        foundStep = true
                    }
                }
                Self.pushValues(first, end, of: children, onto: &stack)
            case .sequence:
                if Self.isFlow(node), node.count > 0, records[Int(children[first])].location.line > node.location.line {
                    expandsFlowSequences = true
                }
                var i = end - 1
                while i >= first {
                    stack.append(children[i])
                    i -= 1
                }
            default:
                break
            }
        }
    }

    /// A collection record written in flow style.
    static func isFlow(_ record: NodeTree.Record) -> Bool { record.style == 1 }

    /// True when at least three block mappings have two or more keys and all of them are sorted.
    static func allKeysSorted(_ tree: NodeTree, root: Int32) -> Bool {
        let records = tree.records
        let children = tree.children
        let bytes = tree.bytes
        var multiKey = 0
        var stack = [root]
        while let n = stack.popLast() {
            let node = records[Int(n)]
            let first = Int(node.payload)
            let end = first + Int(node.count)
            switch node.kind {
            case .mapping:
                if !isFlow(node) && node.count >= 4 {
                    for k in stride(from: first + 2, to: end, by: 2)
                    where !keyPrecedes(records[Int(children[k - 2])], in: bytes, records[Int(children[k])], in: bytes) {
                        return false
                    }
                    multiKey += 1
                }
                pushValues(first, end, of: children, onto: &stack)
            case .sequence:
                stack.append(contentsOf: children[first..<end])
            default:
                break
            }
        }
        return multiKey >= 3
    }

    /// Whether key `a`'s text sorts strictly before key `b`'s, byte by byte (a key that is not a
    /// scalar counts as empty), compared where the tree stores them.
    static func keyPrecedes(_ a: Node, _ b: Node) -> Bool { keyPrecedes(a.record, in: a.tree.bytes, b.record, in: b.tree.bytes) }

    static func keyPrecedes(_ x: NodeTree.Record, in xBytes: [UInt8], _ y: NodeTree.Record, in yBytes: [UInt8]) -> Bool {
        let m = x.kind == .scalar ? Int(x.count) : 0
        let n = y.kind == .scalar ? Int(y.count) : 0
        let order = xBytes.withUnsafeBufferPointer { p in
            yBytes.withUnsafeBufferPointer { q in
                min(m, n) == 0 ? 0 : memcmp(p.baseAddress! + Int(x.payload), q.baseAddress! + Int(y.payload), min(m, n))
            }
        }
        return order < 0 || (order == 0 && m < n)
    }

    /// Pushes the values of a mapping's pairs (`children[first..<end]`, keys and values in
    /// turn), last first, so that the first is popped first (the style walk takes the first
    /// indentation it meets; the sort test's answer does not depend on the order).
    static func pushValues(_ first: Int, _ end: Int, of children: [Int32], onto stack: inout [Int32]) {
        var v = end - 1
        while v > first {
            stack.append(children[v])
            v -= 2
        }
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
