/// One change to a file's bytes: replace `span` (empty for an insertion) with `replacement`.
public struct Edit: Sendable, Equatable {
    public let span: Span
    public let replacement: [UInt8]
    /// Nesting depth of the node the edit belongs to. Two insertions at the same offset are
    /// applied innermost first, so a key added to a nested mapping lands before a key added to
    /// its parent at the same line end.
    public let depth: Int

    public init(span: Span, replacement: [UInt8], depth: Int = 0) {
        self.span = span
        self.replacement = replacement
        self.depth = depth
    }

    public init(span: Span, text: String, depth: Int = 0) {
        self.init(span: span, replacement: Array(text.utf8), depth: depth)
    }

    public var isInsertion: Bool { span.isEmpty }
}

/// A set of edits that do not overlap, applied in one forward pass: every byte outside an
/// edit is copied unchanged by construction.
public struct Patch: Sendable {
    public enum Conflict: Error, Sendable, Equatable {
        case overlap(Span, Span)
    }

    public let edits: [Edit]

    /// Sorts the edits and refuses overlaps. Insertions at the same offset are allowed and are
    /// ordered innermost first; an insertion inside a replaced range is an overlap.
    public init(_ edits: [Edit]) throws(Conflict) {
        let sorted = edits.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.span.start != y.span.start { return x.span.start < y.span.start }
            if x.isInsertion != y.isInsertion { return x.isInsertion }  // insert before a replacement starting there
            if x.depth != y.depth { return x.depth > y.depth }
            return a.offset < b.offset
        }.map(\.element)
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            if a.span.end > b.span.start { throw .overlap(a.span, b.span) }
            if !a.isInsertion && !b.isInsertion && a.span.start == b.span.start { throw .overlap(a.span, b.span) }
        }
        self.edits = sorted
    }

    public var isEmpty: Bool { edits.isEmpty }

    public func apply(to bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.replacement.count })
        var cursor = 0
        for edit in edits {
            out.append(contentsOf: bytes[cursor..<edit.span.start])
            out.append(contentsOf: edit.replacement)
            cursor = edit.span.end
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }
}
