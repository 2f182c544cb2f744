/// One node of a YAML document as written: its exact byte span, style, anchor and tag.
///
/// A node is a position in its parse's `NodeTree` (flat arrays, see there). Fixes and
/// verification refer to "this node" by identity (`id`: the tree and the position) rather than
/// by a path that aliases make ambiguous; `===` compares identities. A node holds its tree: one
/// kept beyond its file's processing keeps the whole parse in memory, so results carry
/// locations and strings, not nodes.
public struct Node: Sendable, Hashable {
    public enum ScalarStyle: String, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public enum CollectionStyle: String, Sendable {
        case block, flow
    }

    public struct Pair: Sendable {
        public let key: Node
        public let value: Node
    }

    public enum Kind: Sendable {
        case scalar(value: String, style: ScalarStyle)
        case mapping(pairs: Pairs, style: CollectionStyle)
        case sequence(items: Items, style: CollectionStyle)
        /// An alias and the anchored node it names (nil when the anchor is undefined).
        case alias(name: String, target: Node?)
    }

    /// A mapping's pairs as stored in its tree (no array is made to read them).
    public struct Pairs: RandomAccessCollection, Sendable {
        let tree: NodeTree
        let first: Int
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(i: Int) -> Pair {
            Pair(key: tree.child(first + 2 * i), value: tree.child(first + 2 * i + 1))
        }
        /// Pair `i`'s key's and value's records, read in place: no node is made (a node changes
        /// its tree's reference count, atomically; binary searches over a mapping's keys by
        /// position ask for nothing else).
        func keyRecord(_ i: Int) -> NodeTree.Record { tree.childRecord(first + 2 * i) }
        func valueRecord(_ i: Int) -> NodeTree.Record { tree.childRecord(first + 2 * i + 1) }
    }

    /// A sequence's items as stored in its tree.
    public struct Items: RandomAccessCollection, Sendable {
        let tree: NodeTree
        let first: Int
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(i: Int) -> Node { tree.child(first + i) }
        /// Item `i`'s record, read in place (see `Pairs.keyRecord`).
        func record(_ i: Int) -> NodeTree.Record { tree.childRecord(first + i) }
    }

    /// Who a node is: its tree and its place in it.
    public struct ID: Hashable, Sendable {
        let tree: ObjectIdentifier
        let index: Int32
    }

    let tree: NodeTree
    let index: Int32

    init(tree: NodeTree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    public var id: ID { ID(tree: ObjectIdentifier(tree), index: index) }

    public static func == (a: Node, b: Node) -> Bool { a.tree === b.tree && a.index == b.index }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    var record: NodeTree.Record {
        @inline(__always) get { tree.records[Int(index)] }
    }

    public var kind: Kind {
        let r = record
        switch r.kind {
        case .scalar:
            return .scalar(value: tree.value(r), style: Self.scalarStyles[Int(r.style)])
        case .mapping:
            return .mapping(pairs: Pairs(tree: tree, first: Int(r.payload), count: Int(r.count) / 2), style: r.style == 1 ? .flow : .block)
        case .sequence:
            return .sequence(items: Items(tree: tree, first: Int(r.payload), count: Int(r.count)), style: r.style == 1 ? .flow : .block)
        case .alias:
            return .alias(name: tree.strings[Int(r.payload)], target: r.count < 0 ? nil : Node(tree: tree, index: r.count))
        }
    }

    static let scalarStyles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]

    /// Bytes the node occupies, anchor and tag included. Block collections end at their last
    /// child's end (never at libyaml's END mark, which sits after trailing comments).
    public var span: Span { record.span }
    /// Where the node starts, for messages (1-based line, scalar column).
    public var location: Location { record.location }
    public var anchor: String? { tree.string(record.anchor) }
    /// The tag as written and resolved by libyaml (`tag:yaml.org,2002:str`, `!custom`), if any.
    public var tag: String? { tree.string(record.tag) }
    /// A scalar's `Node.keyHash` of its value, 0 for other nodes: key lookups compare this
    /// first and the strings only on a match (lookups were a tenth of `check`, most of it
    /// copying and releasing key strings that did not match).
    var keyHash: UInt64 { record.keyHash }
    var hasTag: Bool { record.tag >= 0 }

    /// A hash of a scalar's first 64 bytes and its length, never 0 (0 marks "not a scalar"):
    /// keys are short, and a 500 KB block scalar should not be hashed whole.
    static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let seed: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return seed | 1 }
        return WordHash.hash(UnsafeRawPointer(base), count: min(bytes.count, 64), seed: seed) | 1
    }

    static func keyHash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { keyHash($0) }
    }

    /// `keyHash("<<")`, as a literal: a `static let` is a lazy global whose every read in a
    /// lookup loop checks its initialisation (a test pins the value).
    static var mergeKeyHash: UInt64 { 0x05c3_ee63_fe48_d229 }
}

extension Node {
    public var isScalar: Bool { record.kind == .scalar }
    public var isMapping: Bool { record.kind == .mapping }
    public var isSequence: Bool { record.kind == .sequence }
    public var isAlias: Bool { record.kind == .alias }

    /// The node an alias points to; the node itself otherwise.
    public var resolved: Node {
        if tree.records[Int(index)].kind != .alias { return self }  // almost always
        var node = self
        while true {
            let r = node.record
            guard r.kind == .alias, r.count >= 0 else { return node }
            node = Node(tree: node.tree, index: r.count)
        }
    }

    /// The index of the first record of this node's subtree: its leftmost leaf, the first node
    /// the parser appended of it (a subtree's records are contiguous and end with its own).
    var firstRecord: Int32 {
        var first = self
        while first.isMapping || first.isSequence {
            let r = first.record
            guard r.count > 0 else { break }
            first = Node(tree: tree, index: tree.children[Int(r.payload)])
        }
        return first.index
    }

    /// The deepest last descendant of a block collection: what its text ends with (a flow
    /// collection ends with its own bracket).
    var lastLeaf: Node {
        switch kind {
        case .mapping(let pairs, .block): return pairs.last?.value.lastLeaf ?? self
        case .sequence(let items, .block): return items.last?.lastLeaf ?? self
        default: return self
        }
    }

    public var scalarValue: String? {
        let r = record
        return r.kind == .scalar ? tree.value(r) : nil
    }

    public var scalarStyle: ScalarStyle? {
        let r = record
        return r.kind == .scalar ? Self.scalarStyles[Int(r.style)] : nil
    }

    public var collectionStyle: CollectionStyle? {
        let r = record
        switch r.kind {
        case .mapping, .sequence: return r.style == 1 ? .flow : .block
        default: return nil
        }
    }

    public var pairs: Pairs {
        let r = record
        return Pairs(tree: tree, first: Int(r.payload), count: r.kind == .mapping ? Int(r.count) / 2 : 0)
    }

    public var items: Items {
        let r = record
        return Items(tree: tree, first: Int(r.payload), count: r.kind == .sequence ? Int(r.count) : 0)
    }

    /// A null as Kubernetes' YAML decoder reads it: empty plain scalar, `~`, `null`.
    public var isNull: Bool {
        let r = record
        guard r.kind == .scalar, r.style == 0 else { return false }
        if r.tag >= 0, tree.strings[Int(r.tag)] != "tag:yaml.org,2002:null" { return false }
        let count = Int(r.count)
        if count == 0 { return true }
        guard count == 1 || count == 4 else { return false }  // most scalars stop here
        let value = tree.value(r)
        return value == "~" || value == "null" || value == "Null" || value == "NULL"
    }

    /// The `key: value` pairs of a mapping with `<<` merge keys expanded: own keys first, then
    /// merged ones (earlier merge sources win), as YAML 1.1 and Kubernetes' decoder read them.
    public var effectivePairs: [Pair] {
        let node = resolved
        guard case .mapping(let pairs, _) = node.kind else { return [] }
        var own: [Pair] = []
        var merged: [Pair] = []
        for pair in pairs {
            if pair.key.isMergeKey {
                let source = pair.value.resolved
                let sources = source.isSequence ? source.items.map(\.resolved) : [source]
                for s in sources {
                    for p in s.effectivePairs where !merged.contains(where: { $0.key.scalarValue == p.key.scalarValue }) {
                        merged.append(p)
                    }
                }
            } else {
                own.append(pair)
            }
        }
        let ownKeys = Set(own.compactMap(\.key.scalarValue))
        return own + merged.filter { !ownKeys.contains($0.key.scalarValue ?? "") }
    }

    public var isMergeKey: Bool {
        let r = record
        guard r.keyHash == Node.mergeKeyHash, r.kind == .scalar, r.style == 0, r.count == 2, tree.value(r) == "<<" else { return false }
        return r.tag < 0 || tree.strings[Int(r.tag)] == "tag:yaml.org,2002:merge"
    }

    /// The value under `key`, looking through aliases and merge keys. Returns the node as
    /// written (possibly an alias); use `resolved` for its content.
    public subscript(key: String) -> Node? {
        let node = resolved
        let tree = node.tree
        // Own keys first, merges only when present. Hashes first: most keys do not match, and
        // a hash compare touches no string. (Keys compare as bytes, as the API server's
        // decoder does.)
        var hasMerge = false
        var key = key
        var hash: UInt64 = 0
        if tree.foreign == nil {
            // A parsed tree's keys are read in its arrays in place, with no node made per key:
            // the hottest reader of the tree (about 80 lookups per workload judged).
            let found: Int32 = key.withUTF8 { keyBytes in
                hash = Node.keyHash(keyBytes)
                return tree.records.withUnsafeBufferPointer { records in
                    let r = records[Int(node.index)]
                    guard r.kind == .mapping else { return -2 }
                    return tree.children.withUnsafeBufferPointer { children in
                        var i = Int(r.payload)
                        let end = i + Int(r.count) - 1
                        while i < end {
                            let k = records[Int(children[i])]
                            if k.keyHash == hash {
                                if k.kind == .scalar, tree.value(k, equals: keyBytes),
                                    hash != Node.mergeKeyHash || !Node(tree: tree, index: children[i]).isMergeKey
                                {
                                    return children[i + 1]
                                }
                            } else if k.keyHash == Node.mergeKeyHash {
                                hasMerge = true
                            } else if k.keyHash == 0,
                                Node(tree: tree, index: children[i]).resolved.scalarValue == String(decoding: keyBytes, as: UTF8.self)
                            {
                                return children[i + 1]  // an alias key, read as its target's text
                            }
                            i += 2
                        }
                        return -1
                    }
                }
            }
            if found == -2 { return nil }  // not a mapping
            if found >= 0 { return Node(tree: tree, index: found) }
        } else {
            guard node.isMapping else { return nil }
            hash = key.withUTF8 { Node.keyHash($0) }
            for pair in node.pairs {
                let k = pair.key
                if k.keyHash == hash {
                    if k.scalarValue == key && !k.isMergeKey { return pair.value }
                } else if k.keyHash == Node.mergeKeyHash {
                    hasMerge = true
                } else if k.keyHash == 0, k.resolved.scalarValue == key {
                    return pair.value
                }
            }
        }
        if hash == Node.mergeKeyHash { hasMerge = node.pairs.contains { $0.key.isMergeKey } }
        guard hasMerge else { return nil }
        for pair in node.effectivePairs where pair.key.resolved.scalarValue == key {
            return pair.value
        }
        return nil
    }

    /// The pair under `key` in this mapping's own text (no merges, no aliases).
    public func ownPair(_ key: String) -> Pair? {
        let pairs = self.pairs
        guard tree.foreign == nil else { return pairs.first { $0.key.scalarValue == key } }
        // Keys are read where the tree stores them, a String made only for a key with non-ASCII
        // bytes when the bytes differ (Strings compare by canonical equivalence: `K`, U+212A,
        // equals `K`): the planner asks this at every step of every fix's path.
        var utf8 = key
        return utf8.withUTF8 { wanted -> Pair? in
            let hash = Node.keyHash(wanted)
            let asciiWanted = !wanted.contains { $0 >= 0x80 }
            for i in pairs.indices {
                let r = pairs.keyRecord(i)
                guard r.kind == .scalar else { continue }
                if r.keyHash == hash && tree.value(r, equals: wanted) { return pairs[i] }
                if asciiWanted && !tree.hasNonASCII(r) { continue }
                if tree.value(r) == key { return pairs[i] }
            }
            return nil
        }
    }

    /// A scalar's string, looking through an alias; nil for null and collections.
    public var string: String? {
        let node = resolved
        guard !node.isNull else { return nil }
        return node.scalarValue
    }

    /// A boolean as Kubernetes' YAML-to-JSON decoder (go-yaml, YAML 1.1 rules) reads a plain
    /// scalar. Quoted `"true"` is a string, not a bool.
    public var bool: Bool? {
        let node = resolved
        let r = node.record
        guard r.kind == .scalar else { return nil }
        if r.style != 0 && node.tag != "tag:yaml.org,2002:bool" { return nil }  // style 0: plain
        // Cheap rejection first, on the stored bytes (no String is made): this runs for every
        // plain scalar during verification and for every boolean field a check reads.
        guard r.count >= 1 && r.count <= 5, "tTfFyYnNoO".utf8.contains(node.tree.bytes[Int(r.payload)]) else { return nil }
        switch node.tree.value(r) {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// An integer in plain decimal (or `0x`/`0o` forms), as in `runAsUser: 0`.
    public var int: Int? {
        let node = resolved
        let r = node.record
        guard r.kind == .scalar, r.style == 0 || node.tag == "tag:yaml.org,2002:int" else { return nil }
        // The first byte rules most values out before a String is made.
        guard r.count >= 1, case let first = node.tree.bytes[Int(r.payload)], (first >= 48 && first <= 57) || first == 45 || first == 43
        else { return nil }
        let value = node.tree.value(r)
        if let plain = Int(value) { return plain }
        let v = String(value.filter { $0 != "_" })
        if v.hasPrefix("0x") { return Int(v.dropFirst(2), radix: 16) }
        if v.hasPrefix("0o") { return Int(v.dropFirst(2), radix: 8) }
        return Int(v)
    }
}

/// Node identity (the same node of the same tree), as `===` compared class instances before
/// nodes were stored flat.
public func === (a: Node, b: Node) -> Bool { a == b }
public func !== (a: Node, b: Node) -> Bool { a != b }
public func === (a: Node?, b: Node?) -> Bool { a == b }
public func !== (a: Node?, b: Node?) -> Bool { a != b }

/// `x?.pairs ?? []`, `x?.items ?? [fallback]`: literals are held by a tree of their own whose
/// children are the given nodes.
extension Node.Pairs: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Node.Pair...) {
        self.init(tree: NodeTree(foreign: elements.flatMap { [$0.key, $0.value] }), first: 0, count: elements.count)
    }
}

extension Node.Items: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Node...) {
        self.init(tree: NodeTree(foreign: elements), first: 0, count: elements.count)
    }
}
