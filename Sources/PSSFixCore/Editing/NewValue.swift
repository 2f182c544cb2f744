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
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .sequence(let items): return "[" + items.map(\.summary).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key): \($0.value.summary)" }.joined(separator: ", ") + "}"
        }
    }

    /// `summary`'s bytes, appended to `text` without making the String.
    func writeSummary(into text: inout [UInt8]) {
        func add(_ string: String) {
            var string = string
            string.withUTF8 { text.append(contentsOf: $0) }
        }
        switch self {
        case .bool(let b): add(b ? "true" : "false")
        case .int(let i): add(String(i))
        case .string(let s): add(s)
        case .sequence(let items):
            text.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { add(", ") }
                item.writeSummary(into: &text)
            }
            text.append(UInt8(ascii: "]"))
        case .mapping(let pairs):
            text.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                if i > 0 { add(", ") }
                add(pair.key)
                add(": ")
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
