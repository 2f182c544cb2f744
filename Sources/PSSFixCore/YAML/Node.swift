/// One node of a YAML document as written: its exact byte span, style, anchor and tag.
///
/// Nodes are immutable reference types so that fixes and verification can refer to "this
/// node" by identity (`ObjectIdentifier`) rather than by a path that aliases make ambiguous.
public final class Node: Sendable {
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
        case mapping(pairs: [Pair], style: CollectionStyle)
        case sequence(items: [Node], style: CollectionStyle)
        /// An alias and the anchored node it names (nil when the anchor is undefined).
        case alias(name: String, target: Node?)
    }

    public let kind: Kind
    /// Bytes the node occupies, anchor and tag included. Block collections end at their last
    /// child's end (never at libyaml's END mark, which sits after trailing comments).
    public let span: Span
    /// Where the node starts, for messages (1-based line, scalar column).
    public let location: Location
    public let anchor: String?
    /// The tag as written and resolved by libyaml (`tag:yaml.org,2002:str`, `!custom`), if any.
    public let tag: String?
    /// A scalar's `Node.keyHash` of its value, 0 for other nodes: key lookups compare this
    /// first and the strings only on a match (lookups were a tenth of `check`, most of it
    /// copying and releasing key strings that did not match).
    let keyHash: UInt64

    init(kind: Kind, span: Span, location: Location, anchor: String?, tag: String?, keyHash: UInt64? = nil) {
        self.kind = kind
        self.span = span
        self.location = location
        self.anchor = anchor
        self.tag = tag
        if let keyHash {
            self.keyHash = keyHash
        } else if case .scalar(var value, _) = kind {
            self.keyHash = value.withUTF8 { Node.keyHash($0) }
        } else {
            self.keyHash = 0
        }
    }

    /// FNV-1a of a scalar's first 64 bytes and its length, never 0 (0 marks "not a scalar"):
    /// keys are short, and a 500 KB block scalar should not be hashed whole.
    static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        for b in bytes.prefix(64) { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return hash | 1
    }

    static func keyHash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { keyHash($0) }
    }

    /// `keyHash("<<")`, as a literal: a `static let` is a lazy global whose every read in a
    /// lookup loop checks its initialisation (a test pins the value).
    static var mergeKeyHash: UInt64 { 0x0810_8807_b4ce_8987 }
}

extension Node {
    public var isScalar: Bool { if case .scalar = kind { return true } else { return false } }
    public var isMapping: Bool { if case .mapping = kind { return true } else { return false } }
    public var isSequence: Bool { if case .sequence = kind { return true } else { return false } }
    public var isAlias: Bool { if case .alias = kind { return true } else { return false } }

    /// The node an alias points to; the node itself otherwise.
    public var resolved: Node {
        if case .alias(_, let target) = kind, let target { return target.resolved }
        return self
    }

    public var scalarValue: String? {
        if case .scalar(let value, _) = kind { return value }
        return nil
    }

    public var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = kind { return style }
        return nil
    }

    public var collectionStyle: CollectionStyle? {
        switch kind {
        case .mapping(_, let style), .sequence(_, let style): return style
        default: return nil
        }
    }

    public var pairs: [Pair] {
        if case .mapping(let pairs, _) = kind { return pairs }
        return []
    }

    public var items: [Node] {
        if case .sequence(let items, _) = kind { return items }
        return []
    }

    /// A null as Kubernetes' YAML decoder reads it: empty plain scalar, `~`, `null`.
    public var isNull: Bool {
        guard case .scalar(let value, let style) = kind, style == .plain else { return false }
        if let tag, tag != "tag:yaml.org,2002:null" { return false }
        let count = value.utf8.count
        if count == 0 { return true }
        guard count == 1 || count == 4 else { return false }  // most scalars stop here
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
        guard case .scalar("<<", let style) = kind else { return false }
        return style == .plain && (tag == nil || tag == "tag:yaml.org,2002:merge")
    }

    /// The value under `key`, looking through aliases and merge keys. Returns the node as
    /// written (possibly an alias); use `resolved` for its content.
    public subscript(key: String) -> Node? {
        let node = resolved
        guard case .mapping(let pairs, _) = node.kind else { return nil }
        // Fast path (almost every lookup): own keys first, merges only when present. Hashes
        // first: most keys do not match, and a hash compare touches no string.
        // (Keys compare as bytes, as the API server's decoder does.)
        var hasMerge = false
        let hash = Node.keyHash(key)
        for pair in pairs {
            let k = pair.key
            if k.keyHash == hash {
                if k.scalarValue == key && !k.isMergeKey { return pair.value }
            } else if k.keyHash == Node.mergeKeyHash {
                hasMerge = true
            } else if k.keyHash == 0, k.resolved.scalarValue == key {
                return pair.value
            }
        }
        if hash == Node.mergeKeyHash { hasMerge = pairs.contains { $0.key.isMergeKey } }
        guard hasMerge else { return nil }
        for pair in node.effectivePairs where pair.key.resolved.scalarValue == key {
            return pair.value
        }
        return nil
    }

    /// The pair under `key` in this mapping's own text (no merges, no aliases).
    public func ownPair(_ key: String) -> Pair? {
        pairs.first { $0.key.scalarValue == key }
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
        guard case .scalar(let value, let style) = node.kind else { return nil }
        if style != .plain && node.tag != "tag:yaml.org,2002:bool" { return nil }
        // Cheap rejection first: this runs for every plain scalar during verification.
        guard value.utf8.count <= 5, let first = value.utf8.first, "tTfFyYnNoO".utf8.contains(first) else { return nil }
        switch value {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// An integer in plain decimal (or `0x`/`0o` forms), as in `runAsUser: 0`.
    public var int: Int? {
        let node = resolved
        guard case .scalar(let value, let style) = node.kind, style == .plain || node.tag == "tag:yaml.org,2002:int" else {
            return nil
        }
        guard let first = value.utf8.first, (first >= 48 && first <= 57) || first == 45 || first == 43 else { return nil }
        if let plain = Int(value) { return plain }
        let v = String(value.filter { $0 != "_" })
        if v.hasPrefix("0x") { return Int(v.dropFirst(2), radix: 16) }
        if v.hasPrefix("0o") { return Int(v.dropFirst(2), radix: 8) }
        return Int(v)
    }
}
