/// The parts of a changed document that verification re-parses, when re-parsing them alone is
/// provably the same as re-parsing the whole document (issue 23: the re-parse of every changed
/// document was a quarter of `--diff`, and fixes change a few lines of each).
///
/// A window is a run of whole lines holding some consecutive pairs of one block mapping `M`
/// (an *insertion* window holds only new lines: pairs added to `M` at a line start). Its text
/// in the patched file is parsed as a stream of its own; the rest of the document is the
/// original's tree, moved by the bytes and lines the windows gained. Why that equals a full
/// re-parse (libyaml 0.2.5, scanner.c and parser.c):
///
/// - Before a window, the patched bytes are the original's, so libyaml reaches the window's
///   first line in the state the original parse had there. The window starts at a line start,
///   outside any scalar or flow collection (its first token is a key of `M` that is first on
///   its line, or follows the complete last value before it), where that state is only the
///   stack of open block collections and their indentations: the scanner's simple keys are
///   stale at a new line, flow level is 0.
/// - Within the window every token is at `M`'s column or deeper, so libyaml never looks below
///   that stack's entry for `M`: the window's tokens are the same whether the stack below holds
///   `M`'s ancestors (full parse) or nothing (the window alone, whose first key opens a mapping
///   at the same column). The one difference, whether the first key is a *required* simple
///   key, only decides between an error and a non-mapping result, and the window alone must
///   yield one block mapping at `M`'s column or nothing is concluded.
/// - After the window comes a token at `M`'s column or less (checked), or the document's end:
///   it closes whatever the window opened inside `M` as the end of the window's own stream
///   does, and leaves libyaml in the state the original parse had at the same token, so the
///   rest of the document parses to the original's tree, moved.
///
/// Anything else (directives, anchors and aliases, tabs in indentation, windows that would cut
/// a scalar or a flow collection, windows whose text is not one block mapping) gives no
/// windows, and the whole document is re-parsed as before. Flow-style documents have windows
/// of their own (`ReparseWindows+Flow.swift`). Tests compare the
/// result with a full re-parse, node for node, on every fix the test corpus makes.
struct ReparseWindow {
    /// The original bytes the window replaces: whole lines (empty for an insertion window).
    var original: Range<Int>
    /// The block mapping whose pairs the window holds, and which of its pairs the window's text
    /// replaces (for an insertion window an empty range: its pairs go before that index).
    var mapping: Node
    var pairs: Range<Int>
    /// The column of `mapping`'s keys (0-based).
    var column: Int
    /// How many collections hold `mapping` (the document's root mapping: 0).
    var depth: Int
    /// Bytes the edits inside add (negative: remove).
    var growth = 0
    /// Pairs added after the last pair of a flow mapping (`ReparseWindows+Flow.swift`): the
    /// window's text is parsed as `{` + its text after the comma + `}`.
    var flow = false
}

struct ReparseWindows {
    let source: SourceText
    let root: Node
    /// The document's bytes in the original: from the end of the previous document to the
    /// start of the next one (or the end of the file).
    let region: Range<Int>

    /// The windows covering every edit of a document (sorted, none overlapping), or nil when
    /// the document must be re-parsed whole.
    static func find(_ document: Document, source: SourceText, region: Range<Int>, edits: some Sequence<Edit>) -> [ReparseWindow]? {
        guard !document.partial, let root = document.root, root.isMapping else { return nil }
        let finder = ReparseWindows(source: source, root: root, region: region)
        guard !finder.hasDirective(before: root.span.start) else { return nil }
        if root.collectionStyle == .flow { return finder.flowWindows(edits) }
        guard root.collectionStyle == .block else { return nil }
        var windows: [ReparseWindow] = []
        for edit in edits {
            guard var window = finder.insertionWindow(edit) ?? finder.pairWindow(edit) else { return nil }
            window.growth = edit.replacement.count - edit.span.count
            // Merge with the windows before it while they overlap.
            while let last = windows.last, finder.overlap(last, window) {
                guard let merged = finder.merged(last, window) else { return nil }
                windows.removeLast()
                window = merged
            }
            if let last = windows.last {
                guard window.original.lowerBound >= last.original.upperBound else { return nil }
                // With no token between them, the second window's first token follows the first
                // window's text directly: it must close what that text opened (a column no
                // deeper), or it would continue it.
                if !finder.hasContent(last.original.upperBound..<window.original.lowerBound) {
                    guard window.column < last.column || window.mapping == last.mapping else { return nil }
                }
            }
            windows.append(window)
        }
        return windows.isEmpty ? nil : windows
    }

    // MARK: Windows of one edit

    /// An insertion of whole lines at a line start (or, as the renderer writes them, at the end
    /// of a line with a break before each new line: the same bytes as the lines inserted at the
    /// next line's start) whose first line is a key at the column of a block mapping that is
    /// open there and whose last value ends before it.
    func insertionWindow(_ edit: Edit) -> ReparseWindow? {
        guard edit.isInsertion, !edit.replacement.isEmpty else { return nil }
        let bytes = source.bytes
        let q = edit.span.start
        let text = edit.replacement
        let point: Int
        let firstLine: ArraySlice<UInt8>
        if q < bytes.count, bytes[q] == 10, text[0] == 10 {
            point = q + 1
            firstLine = text[1...]
        } else if q + 1 < bytes.count, bytes[q] == 13, bytes[q + 1] == 10, text.count >= 2, text[0] == 13, text[1] == 10 {
            point = q + 2
            firstLine = text[2...]
        } else if q >= region.lowerBound, q == 0 || bytes[q - 1] == 10, text.last == 10 {
            point = q
            firstLine = text[...]
        } else {
            return nil
        }
        guard point > region.lowerBound, point <= region.upperBound else { return nil }
        // The first new line: a key (not a list item, comment or blank line) at `column`.
        var i = firstLine.startIndex
        while i < firstLine.endIndex && firstLine[i] == 32 { i += 1 }
        guard i < firstLine.endIndex, ![10, 13, 9, 35, 45].contains(firstLine[i]) else { return nil }
        let column = i - firstLine.startIndex
        // The mapping at that column on the path of last nodes before the point.
        var node = root
        var depth = 0
        while !(node.isMapping && keyColumn(node) == column) {
            guard node.collectionStyle == .block, depth < YAMLParser.maxDepth else { return nil }
            let child: Node
            if node.isMapping {
                let pairs = node.pairs
                guard let k = lastIndex(pairs.count, where: { pairs.keyRecord($0).span.start < point }) else { return nil }
                child = pairs[k].value
            } else {
                let items = node.items
                guard let k = lastIndex(items.count, where: { items.record($0).span.start < point }) else { return nil }
                child = items[k]
            }
            guard child.isMapping || child.isSequence else { return nil }
            node = child
            depth += 1
        }
        guard node.collectionStyle == .block else { return nil }
        let pairs = node.pairs
        guard let k = lastIndex(pairs.count, where: { pairs.keyRecord($0).span.start < point }) else { return nil }
        // Nothing of the mapping's last pair before the point may reach past it.
        guard pairs.keyRecord(k).span.end <= point, pairs.valueRecord(k).span.end <= point else { return nil }
        guard let next = nextContent(from: point) else { return nil }
        if k + 1 < pairs.count {
            // Between two pairs: the next token is the next key.
            let key = pairs[k + 1].key
            guard source.onlySpacesBefore(key.span.start), next.start == lineStart(key.span.start), next.indent == column else { return nil }
        } else {
            guard next.end || next.indent < column else { return nil }
        }
        return ReparseWindow(original: point..<point, mapping: node, pairs: (k + 1)..<(k + 1), column: column, depth: depth)
    }

    /// The lines of the innermost block-mapping pair that holds the edit and whose key is first
    /// on its line: from that line to the next key's line (or, for the last pair, to the first
    /// line after the mapping that holds a token).
    func pairWindow(_ edit: Edit) -> ReparseWindow? {
        let a = edit.span.start
        let b = edit.span.end
        var node = root
        var depth = 0
        var best: ReparseWindow?
        while node.collectionStyle == .block, depth < YAMLParser.maxDepth {
            if node.isMapping {
                let pairs = node.pairs
                guard let k = lastIndex(pairs.count, where: { pairs.keyRecord($0).span.start <= a }) else { break }
                let key = pairs[k].key
                guard a >= key.span.end else { break }
                // The window ends with the line of the pair's last text (a block scalar's trailing
                // blank lines are its own: its span holds them); comment and blank lines after it
                // stay outside, where an insertion of a shallower key may follow (its own window).
                let end = lineAfter(max(key.span.end, pairs.valueRecord(k).span.end))
                if k + 1 < pairs.count {
                    let next = pairs[k + 1].key
                    guard source.onlySpacesBefore(next.span.start), end <= lineStart(next.span.start) else { break }
                } else {
                    guard let next = nextContent(from: end), next.end || next.indent < keyColumn(node) else { break }
                }
                guard b <= end else { break }
                if source.onlySpacesBefore(key.span.start) {
                    best = ReparseWindow(
                        original: lineStart(key.span.start)..<end, mapping: node, pairs: k..<(k + 1), column: keyColumn(node), depth: depth)
                }
                node = pairs[k].value
            } else if node.isSequence {
                let items = node.items
                guard let k = lastIndex(items.count, where: { items.record($0).span.start <= a }) else { break }
                node = items[k]
            } else {
                break
            }
            depth += 1
        }
        return best
    }

    // MARK: Merging

    func overlap(_ x: ReparseWindow, _ y: ReparseWindow) -> Bool {
        let p = x.original, q = y.original
        if p.isEmpty && q.isEmpty { return false }
        if p.isEmpty { return q.lowerBound < p.lowerBound && p.lowerBound < q.upperBound }
        if q.isEmpty { return p.lowerBound < q.lowerBound && q.lowerBound < p.upperBound }
        return p.lowerBound < q.upperBound && q.lowerBound < p.upperBound
    }

    /// One window for two that overlap: the one holding the other, or both pair runs of the
    /// same mapping; nil otherwise.
    func merged(_ x: ReparseWindow, _ y: ReparseWindow) -> ReparseWindow? {
        let p = x.original, q = y.original
        var result: ReparseWindow
        if p.lowerBound <= q.lowerBound && q.upperBound <= p.upperBound {
            result = x
        } else if q.lowerBound <= p.lowerBound && p.upperBound <= q.upperBound {
            result = y
        } else if x.mapping == y.mapping {
            result = x
            result.original = min(p.lowerBound, q.lowerBound)..<max(p.upperBound, q.upperBound)
            result.pairs = min(x.pairs.lowerBound, y.pairs.lowerBound)..<max(x.pairs.upperBound, y.pairs.upperBound)
        } else {
            return nil
        }
        result.growth = x.growth + y.growth
        return result
    }

    // MARK: Lines

    /// The column of a mapping's keys (its first key's: libyaml aligns the rest with it).
    func keyColumn(_ mapping: Node) -> Int {
        let pairs = mapping.pairs
        return pairs.isEmpty ? -1 : pairs.keyRecord(0).location.column - 1
    }

    func lineStart(_ offset: Int) -> Int { source.lineStarts[source.lineIndex(ofByte: offset)] }

    /// `offset` if it starts a line, else the start of the next line (or the end of the file).
    func lineAfter(_ offset: Int) -> Int {
        if offset == 0 || offset >= source.count || source.bytes[offset - 1] == 10 { return min(offset, source.count) }
        let line = source.lineIndex(ofByte: offset)
        return line + 1 < source.lineStarts.count ? source.lineStarts[line + 1] : source.count
    }

    /// The first line from `start` (a line start) within the document that holds a token: its
    /// start and indentation; `end` when the document ends first (its region's end, or a `...`
    /// line). nil for a tab before the first token (indentation libyaml may reject).
    func nextContent(from start: Int) -> (start: Int, indent: Int, end: Bool)? {
        let bytes = source.bytes
        var line = start
        while line < region.upperBound {
            var i = line
            while i < region.upperBound && bytes[i] == 32 { i += 1 }
            if i == region.upperBound { return (region.upperBound, 0, true) }
            switch bytes[i] {
            case 9:
                return nil
            case 10, 13, 35:  // blank line or comment
                while i < region.upperBound && bytes[i] != 10 { i += 1 }
                line = i + 1
            default:
                let marker = i == line && i + 3 <= bytes.count && (bytes[i] == 46 || bytes[i] == 45)
                    && bytes[i + 1] == bytes[i] && bytes[i + 2] == bytes[i]
                    && (i + 3 == bytes.count || [32, 9, 10, 13].contains(bytes[i + 3]))
                return (line, i - line, marker)
            }
        }
        return (region.upperBound, 0, true)
    }

    /// Some line of `range` (whole lines) holds a token: not only blank lines and comments.
    func hasContent(_ range: Range<Int>) -> Bool {
        var line = range.lowerBound
        while line < range.upperBound {
            if Self.holdsToken(source.bytes, lineAt: line, before: range.upperBound) { return true }
            while line < range.upperBound && source.bytes[line] != 10 { line += 1 }
            line += 1
        }
        return false
    }

    /// The line at `line` (up to `end`) holds a token: it is not blank or a comment.
    static func holdsToken(_ bytes: [UInt8], lineAt line: Int, before end: Int) -> Bool {
        var i = line
        while i < end && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
        return i < end && ![10, 13, 35].contains(bytes[i])
    }

    /// A `%` directive line between the document's region start and its root: the window's
    /// own stream would not know its tag handles.
    func hasDirective(before end: Int) -> Bool {
        let bytes = source.bytes
        var i = region.lowerBound
        while i < end {
            if bytes[i] == UInt8(ascii: "%") && (i == 0 || bytes[i - 1] == 10) { return true }
            i += 1
        }
        return false
    }

    func lastIndex(_ count: Int, where predicate: (Int) -> Bool) -> Int? {
        // Children are in document order: binary search for the last one that qualifies.
        let end = partitionPoint(0..<count, predicate)
        return end == 0 ? nil : end - 1
    }
}
