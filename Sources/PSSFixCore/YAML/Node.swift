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

    init(kind: Kind, span: Span, location: Location, anchor: String?, tag: String?) {
        self.kind = kind
        self.span = span
        self.location = location
        self.anchor = anchor
        self.tag = tag
    }
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
        // Fast path (almost every lookup): own keys first, merges only when present.
        // Lengths first: a String comparison that fails is a runtime call, and most do fail.
        // (Keys compare as bytes, as the API server's decoder does.)
        var hasMerge = false
        let length = key.utf8.count
        for pair in pairs {
            if case .scalar(let value, _) = pair.key.kind {
                let n = value.utf8.count
                if n == length && value == key && !pair.key.isMergeKey { return pair.value }
                if n == 2 && value == "<<" { hasMerge = true }
            } else if pair.key.resolved.scalarValue == key {
                return pair.value
            }
        }
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
