/// A value a fix adds to a manifest, before it is rendered in the style of its neighbours.
public indirect enum NewValue: Sendable, Equatable {
    /// A boolean, rendered `true`/`false` (never quoted).
    case bool(Bool)
    /// An integer, rendered in decimal.
    case int(Int)
    /// A string such as `RuntimeDefault` or `ALL`: plain in YAML when safe, quoted in JSON.
    case string(String)
    /// Keys in order.
    case mapping([(key: String, value: NewValue)])
    case sequence([NewValue])

    public static func == (a: NewValue, b: NewValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.sequence(let x), .sequence(let y)): return x == y
        case (.mapping(let x), .mapping(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// `{type: RuntimeDefault}` for messages.
    public var summary: String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        writeSummary(into: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `summary`'s bytes, appended to `text` (the planner's signatures are written so, with no
    /// String made per value).
    func writeSummary(into text: inout [UInt8]) {
        switch self {
        case .bool(let b): text.append(utf8: b ? "true" : "false")
        case .int(let i): text.append(utf8: String(i))
        case .string(let s): text.append(utf8: s)
        case .sequence(let items):
            text.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { text.append(utf8: ", ") }
                item.writeSummary(into: &text)
            }
            text.append(UInt8(ascii: "]"))
        case .mapping(let pairs):
            text.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                if i > 0 { text.append(utf8: ", ") }
                text.append(utf8: pair.key)
                text.append(utf8: ": ")
                pair.value.writeSummary(into: &text)
            }
            text.append(UInt8(ascii: "}"))
        }
    }

    /// Wraps `self` in mappings for each key of `path`: `["a","b"], x` becomes `{a: {b: x}}`.
    static func nested(_ path: ArraySlice<String>, _ leaf: NewValue) -> NewValue {
        guard let first = path.first else { return leaf }
        return .mapping([(first, nested(path.dropFirst(), leaf))])
    }
}
