/// A half-open range of **byte** offsets into a source file's UTF-8 bytes.
///
/// libyaml reports positions in Unicode scalars; the parser converts them once so that every
/// later stage (edits, diffs, verification) works in bytes only.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    public var isEmpty: Bool { start == end }
    public var count: Int { end - start }
    public var description: String { "\(start)..<\(end)" }
}

/// A human-facing position: 1-based line, 1-based column counted in Unicode scalars (what
/// libyaml counts and what SARIF calls `unicodeCodePoints`).
public struct Location: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Location, b: Location) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}
