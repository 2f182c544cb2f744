/// Renders located operations as byte edits shaped like their neighbours: the indentation of
/// sibling keys, the document's sequence style, flow collections stay flow (`{}` too), JSON
/// stays JSON, the line break of the line being extended, quoting copied from siblings.
struct EditRenderer {
    let source: SourceText
    let style: DocumentStyle
    /// The document is JSON (flow root with double-quoted keys): every new key and string is quoted.
    let json: Bool

    /// Mappings that receive new keys, and mappings that lose every key, in the same patch:
    /// a mapping that loses its only key (`add`) while gaining another (`drop`) is neither
    /// written `{}` nor given a separator before the new key.
    let filled: Set<Node.ID>
    let emptied: Set<Node.ID>

    struct Refusal: Error { let text: String }

    init(source: SourceText, root: Node?, operations: [EditOperation] = []) {
        self.source = source
        self.style = DocumentStyle(root: root, source: source)
        if let root, root.collectionStyle == .flow, let key = root.pairs.first?.key {
            json = key.scalarStyle == .doubleQuoted
        } else {
            json = false
        }
        var filled = Set<Node.ID>()
        var emptied = Set<Node.ID>()
        for op in operations {
            switch op {
            case .insert(let mapping, _): filled.insert(mapping.id)
            case .removeKeys(let mapping, let keys, _) where mapping.pairs.allSatisfy({ keys.contains($0.key.scalarValue ?? "") }):
                emptied.insert(mapping.id)
            default: break
            }
        }
        self.filled = filled
        self.emptied = emptied
    }

    func render(_ op: EditOperation) -> Result<[Edit], Refusal> {
        switch op {
        case .insert(let mapping, let entries):
            if let refusal = endsInExplicitKey(mapping) ?? endsInUnterminatedBlockScalar(mapping) { return .failure(refusal) }
            return insert(entries, into: mapping)
        case .fill(let null, let key, let parent, let value): return fill(null, key: key, parent: parent, with: value)
        case .replace(let scalar, let value): return .success([replace(scalar, with: value)])
        case .append(let sequence, let items):
            if let refusal = endsInExplicitKey(sequence) ?? endsInUnterminatedBlockScalar(sequence) { return .failure(refusal) }
            return append(items, to: sequence)
        case .remove(let sequence, let indexes, let key): return remove(indexes, from: sequence, key: key)
        case .removeKeys(let mapping, let keys, let key): return removeKeys(keys, from: mapping, key: key)
        }
    }

    // MARK: Scalars and keys

    enum Quote { case plain, single, double }

    func quote(of node: Node?) -> Quote {
        switch node?.scalarStyle {
        case .doubleQuoted?: return .double
        case .singleQuoted?: return .single
        default: return .plain
        }
    }

    /// New text is written as bytes (see `RenderedLines`): a value as it appears in a block
    /// (`true`, `RuntimeDefault`, a flow collection).
    func writeScalar(_ value: NewValue, quote: Quote = .plain, into out: inout [UInt8]) {
        switch value {
        case .bool(let b): out.append(utf8: b ? "true" : "false")
        case .int(let i): out.append(utf8: String(i))
        case .string(let s): writeQuoted(s, quote: quote, into: &out)
        case .mapping, .sequence: writeFlow(value, quote: quote, into: &out)
        }
    }

    func scalarText(_ value: NewValue, quote: Quote = .plain) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        writeScalar(value, quote: quote, into: &out)
        return out
    }

    /// A key, or a string value: quoted in JSON and as its neighbours are.
    func writeQuoted(_ text: String, quote: Quote, into out: inout [UInt8]) {
        let mark: UInt8? = json || quote == .double ? UInt8(ascii: "\"") : quote == .single ? UInt8(ascii: "'") : nil
        if let mark { out.append(mark) }
        out.append(utf8: text)
        if let mark { out.append(mark) }
    }

    /// `{a: 1, b: [x]}` (or JSON) on one line.
    func writeFlow(_ value: NewValue, quote: Quote, into out: inout [UInt8]) {
        switch value {
        case .mapping(let pairs):
            out.append(UInt8(ascii: "{"))
            writeFlowPairs(pairs, quote: quote, into: &out)
            out.append(UInt8(ascii: "}"))
        case .sequence(let items):
            out.append(UInt8(ascii: "["))
            writeFlowItems(items, quote: quote, into: &out)
            out.append(UInt8(ascii: "]"))
        default:
            writeScalar(value, quote: quote, into: &out)
        }
    }

    /// `a, [x]`: items in flow style, each after a separator when `leadingComma`, else
    /// between separators.
    func writeFlowItems(_ items: [NewValue], quote: Quote, leadingComma: Bool = false, into out: inout [UInt8]) {
        for (i, item) in items.enumerated() {
            if i > 0 || leadingComma { out.append(utf8: comma) }
            writeFlow(item, quote: quote, into: &out)
        }
    }

    func flowText(_ value: NewValue, quote: Quote) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        writeFlow(value, quote: quote, into: &out)
        return out
    }

    /// `a: 1, b: [x]`: pairs in flow style, each after a separator when `leadingComma`, else
    /// between separators.
    func writeFlowPairs(_ pairs: [(key: String, value: NewValue)], quote: Quote, leadingComma: Bool = false, into out: inout [UInt8]) {
        for (i, pair) in pairs.enumerated() {
            if i > 0 || leadingComma { out.append(utf8: comma) }
            writeQuoted(pair.key, quote: quote, into: &out)
            out.append(utf8: colon)
            writeFlow(pair.value, quote: quote, into: &out)
        }
    }

    func flowPairs(_ pairs: [(key: String, value: NewValue)], quote: Quote, leadingComma: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        writeFlowPairs(pairs, quote: quote, leadingComma: leadingComma, into: &out)
        return out
    }

    /// Separators: minified JSON keeps its `":"` and `","`; YAML always needs `": "`.
    var colon: String { json ? style.colon : ": " }
    var comma: String { json ? style.comma : ", " }

    // MARK: Line structure

    func lineBreak(after offset: Int) -> [UInt8] {
        switch source.lineBreak(endingLineAt: offset) ?? source.dominantLineBreak {
        case .lf: return [10]
        case .crlf: return [13, 10]
        }
    }

    /// Text added after a block collection goes after its last descendant; when that sits in a
    /// `? key` entry, libyaml places the empty key or value it implies at the next token, which
    /// may be lines further on under another parent (`- ?` then `d:` at the root: found by
    /// fuzzing). No reliable end exists, so the edit is refused.
    func endsInExplicitKey(_ node: Node) -> Refusal? {
        var current = node
        while true {
            switch current.kind {
            case .mapping(let pairs, .block):
                guard let last = pairs.last else { return nil }
                if source.isExplicitKey(last.key) || (last.key.span.isEmpty && last.value.span.isEmpty) {
                    return Refusal(text: "the text at \(current.location) ends in a `? key` entry; pss-fix does not add text after one")
                }
                current = last.value
            case .sequence(let items, .block):
                guard let last = items.last else { return nil }
                current = last
            default:
                return nil
            }
        }
    }

    /// A block scalar (`|`, `>`, `|+`) that ends the file without a final line break: text
    /// added after it needs a line break first, which becomes part of the scalar's value (only
    /// `|-`/`>-` drop it). Refused rather than changing the value (found by fuzzing).
    func endsInUnterminatedBlockScalar(_ node: Node) -> Refusal? {
        let leaf = node.lastLeaf
        guard let style = leaf.scalarStyle, style == .literal || style == .folded,
            leaf.span.end >= source.bytes.count, source.bytes.last != UInt8(ascii: "\n")
        else { return nil }
        if blockScalarIndicators(leaf).contains(UInt8(ascii: "-")) { return nil }  // strip chomping
        return Refusal(text: "the block scalar at \(leaf.location) ends the file without a line break; adding text after it would change its value")
    }

    /// Where text after `node` goes: the end of its last line (after any trailing comment), or
    /// for a block scalar the end of its last content line; `atLineStart` for `|+`/`>+`, whose
    /// trailing blank lines belong to the value.
    func insertionPoint(after node: Node) -> (offset: Int, atLineStart: Bool) {
        let leaf = node.lastLeaf
        guard let style = leaf.scalarStyle, style == .literal || style == .folded else {
            return (source.lineContentEnd(ofByte: leaf.span.end), false)
        }
        let end = leaf.span.end
        let bytes = source.bytes
        guard end > 0, bytes[end - 1] == UInt8(ascii: "\n") else { return (source.lineContentEnd(ofByte: end), false) }
        if blockScalarKeepsTrailingLines(leaf) { return (end, true) }
        // Without a known content indentation (an explicit indicator, or no content line) the
        // point stays after every line of the scalar: a value-preserving place in any case.
        guard let contentIndent = blockScalarContentIndent(leaf) else { return (end, true) }
        // Back up over the final break and the blank lines clip/strip chomping discards. A line
        // of spaces deeper than the content's indentation is content (spaces), not blank: the
        // value would lose it (found by fuzzing).
        var p = end - 1
        if p > 0 && bytes[p - 1] == UInt8(ascii: "\r") { p -= 1 }
        while true {
            let lineStart = source.lineStarts[source.lineIndex(ofByte: p)]
            guard lineStart > leaf.span.start, p - lineStart <= contentIndent, bytes[lineStart..<p].allSatisfy({ $0 == 32 }) else { break }
            p = lineStart - 1
            if p > 0 && bytes[p - 1] == UInt8(ascii: "\r") { p -= 1 }
        }
        return (p, false)
    }

    /// Moves an insertion point past comment lines that follow it directly and are indented at
    /// least as deep as the new text (`# readOnly: true` under the last key belongs to the
    /// block above: uncommenting it must not land inside the new securityContext). Stops at a
    /// blank line, a less-indented comment, or content.
    func skippingCommentedLines(_ point: (offset: Int, atLineStart: Bool), indent: Int) -> (offset: Int, atLineStart: Bool) {
        guard !point.atLineStart else { return point }
        let bytes = source.bytes
        var offset = point.offset
        while offset < bytes.count {
            var next = offset
            if bytes[next] == UInt8(ascii: "\r") { next += 1 }
            guard next < bytes.count, bytes[next] == UInt8(ascii: "\n") else { break }
            next += 1
            var i = next
            while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "#"), i - next >= indent else { break }
            offset = source.lineContentEnd(ofByte: i)
        }
        return (offset, false)
    }

    /// The offset just after the `:` that follows `key` (where its value's text may begin).
    func afterColon(of key: Node, before value: Node) -> Int {
        var offset = key.span.end
        while offset < value.span.start && source.bytes[offset] != UInt8(ascii: ":") { offset += 1 }
        return offset + 1
    }

    /// How deep a block scalar's content is indented: the indentation of its first line that is
    /// not all spaces; nil with an explicit indentation indicator (`|2`) or no such line.
    func blockScalarContentIndent(_ node: Node) -> Int? {
        let bytes = source.bytes
        let indicators = blockScalarIndicators(node)
        if indicators.contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) { return nil }
        var i = indicators.endIndex
        while i < node.span.end && bytes[i] != 10 { i += 1 }
        i += 1
        while i < node.span.end {
            var j = i
            while j < node.span.end && bytes[j] == 32 { j += 1 }
            if j < node.span.end && bytes[j] != 10 && bytes[j] != 13 { return j - i }
            while j < node.span.end && bytes[j] != 10 { j += 1 }
            i = j + 1
        }
        return nil
    }

    /// True for `|+` / `>+` (keep chomping).
    func blockScalarKeepsTrailingLines(_ node: Node) -> Bool {
        blockScalarIndicators(node).contains(UInt8(ascii: "+"))
    }

    /// The indicators after a block scalar's `|` or `>` (chomping `+`/`-`, an indentation
    /// digit), up to the first space, tab, line break or comment.
    func blockScalarIndicators(_ node: Node) -> ArraySlice<UInt8> {
        let bytes = source.bytes
        var i = node.span.start
        while i < bytes.count && bytes[i] != UInt8(ascii: "|") && bytes[i] != UInt8(ascii: ">") { i += 1 }
        let start = min(i + 1, bytes.count)
        var end = start
        while end < bytes.count && ![10, 13, 32, 9, UInt8(ascii: "#")].contains(bytes[end]) { end += 1 }
        return bytes[start..<end]
    }

    /// Lines for `key: value` in block style at `indent` spaces.
    func writeBlock(_ key: String, _ value: NewValue, indent: Int, quote: Quote, into lines: inout RenderedLines) {
        lines.pad(indent)
        lines.write { writeQuoted(key, quote: quote, into: &$0) }
        lines.append(UInt8(ascii: ":"))
        switch value {
        case .mapping(let pairs) where !pairs.isEmpty:
            lines.endLine()
            for pair in pairs { writeBlock(pair.key, pair.value, indent: indent + style.indentStep, quote: quote, into: &lines) }
        case .sequence(let items) where !items.isEmpty:
            lines.endLine()
            let gap = style.dash.utf8.count - 1
            for item in items { writeItem(item, column: indent + style.effectiveSequenceOffset, gap: gap, quote: quote, into: &lines) }
        default:
            lines.append(UInt8(ascii: " "))
            lines.write { writeScalar(value, quote: quote, into: &$0) }
            lines.endLine()
        }
    }

    func blockLines(_ entries: [(key: String, value: NewValue)], indent: Int, quote: Quote) -> RenderedLines {
        var lines = RenderedLines()
        for entry in entries { writeBlock(entry.key, entry.value, indent: indent, quote: quote, into: &lines) }
        return lines
    }

    /// Lines of one block-list item with its dash at `column` and `gap` spaces after it: a
    /// mapping writes its first key on the dash's line and the rest under it, in block style
    /// (kustomization `patches:` entries); anything else is one scalar or flow value.
    func writeItem(_ item: NewValue, column: Int, gap: Int, quote: Quote, into lines: inout RenderedLines) {
        guard case .mapping(let pairs) = item, !pairs.isEmpty else {
            lines.pad(column)
            lines.append(UInt8(ascii: "-"))
            lines.pad(gap)
            lines.write { writeScalar(item, quote: quote, into: &$0) }
            lines.endLine()
            return
        }
        var dash: [UInt8] = []
        dash.appendSpaces(column)
        dash.append(UInt8(ascii: "-"))
        dash.appendSpaces(gap)
        let inner = column + 1 + gap
        let first = lines.count
        for pair in pairs { writeBlock(pair.key, pair.value, indent: inner, quote: quote, into: &lines) }
        lines.replacePrefix(ofLine: first, count: inner, with: dash)
    }

    /// Lines joined for insertion at a point: before each line a break, or after each line when
    /// the point is at a line start.
    func join(_ lines: RenderedLines, at point: (offset: Int, atLineStart: Bool)) -> [UInt8] {
        // At a line start, the break is the one ending the line above: ask from that line's start,
        // since from its `\n` byte the `\r` before it would not be seen (CRLF files got LF lines).
        let above = source.lineStarts[source.lineIndex(ofByte: max(0, point.offset - 1))]
        let lb = lineBreak(after: point.atLineStart ? above : point.offset)
        return lines.joined(lineBreak: lb, breakAfter: point.atLineStart)
    }

    /// Multi-line flow value (pretty JSON): nested mappings open on the key's line and close at its indent.
    func writeMultilineFlow(_ value: NewValue, indent: Int, quote: Quote, lb: [UInt8], into out: inout [UInt8]) {
        let inner = indent + style.indentStep
        if case .sequence(let items) = value, !items.isEmpty, style.expandsFlowSequences {
            writeBracketed("[", "]", indent: indent, lb: lb, into: &out) { out in
                for (i, item) in items.enumerated() {
                    if i > 0 { Self.writeNextEntry(indent: inner, lb: lb, into: &out) }
                    writeMultilineFlow(item, indent: inner, quote: quote, lb: lb, into: &out)
                }
            }
            return
        }
        guard case .mapping(let pairs) = value, !pairs.isEmpty else { return writeFlow(value, quote: quote, into: &out) }
        writeBracketed("{", "}", indent: indent, lb: lb, into: &out) { writeMultilinePairs(pairs, indent: inner, quote: quote, lb: lb, into: &$0) }
    }

    /// `open`, the entries `body` writes on lines of their own one step deeper than `indent`,
    /// and `close` on a line of its own at `indent`.
    func writeBracketed(
        _ open: Unicode.Scalar, _ close: Unicode.Scalar, indent: Int, lb: [UInt8], into out: inout [UInt8], _ body: (inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: open))
        out.append(contentsOf: lb)
        out.appendSpaces(indent + style.indentStep)
        body(&out)
        out.append(contentsOf: lb)
        out.appendSpaces(indent)
        out.append(UInt8(ascii: close))
    }

    /// The comma ending an entry of a multi-line flow collection, and the next line's start.
    static func writeNextEntry(indent: Int, lb: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: lb)
        out.appendSpaces(indent)
    }

    /// `"key": value` pairs one per line at `indent` (the first after its indentation, which
    /// the caller writes), a comma ending all but the last, values over several lines when
    /// they are collections.
    func writeMultilinePairs(_ pairs: [(key: String, value: NewValue)], indent: Int, quote: Quote, lb: [UInt8], into out: inout [UInt8]) {
        for (i, pair) in pairs.enumerated() {
            if i > 0 { Self.writeNextEntry(indent: indent, lb: lb, into: &out) }
            writeQuoted(pair.key, quote: quote, into: &out)
            out.append(utf8: ": ")
            writeMultilineFlow(pair.value, indent: indent, quote: quote, lb: lb, into: &out)
        }
    }

    // MARK: Operations

    func insert(_ entries: [(key: String, value: NewValue)], into mapping: Node) -> Result<[Edit], Refusal> {
        let pairs = mapping.pairs
        let quote = self.quote(of: pairs.last?.key)
        if pairs.contains(where: { source.isExplicitKey($0.key) }) {
            return .failure(Refusal(text: "the mapping at \(mapping.location) has a `? key` entry; pss-fix does not add keys next to one"))
        }
        guard let last = pairs.last else {
            // Helm's `toYaml` of an empty dict: `securityContext:` then `{}` alone on the next
            // line. A person turns that into a block at the braces' indentation.
            // The braces only: an anchor or tag before them (`&sc {}`) stays.
            var start = mapping.span.start
            while start < mapping.span.end && source.bytes[start] != UInt8(ascii: "{") { start += 1 }
            let lineEnd = source.lineContentEnd(ofByte: mapping.span.end)
            // Only as a block key's value (the text before it ends in `:`), never as an item of
            // a flow list that happens to sit alone on its line (found by fuzzing).
            let before = source.previousNonBlank(before: start)
            if !json, mapping.anchor == nil, mapping.tag == nil, start > 0, source.onlySpacesBefore(start),
                before >= 0, source.bytes[before] == UInt8(ascii: ":"),
                source.bytes[mapping.span.end..<lineEnd].allSatisfy({ $0 == 32 }),
                source.lineIndex(ofByte: start) > 0
            {
                let indent = start - source.lineStarts[source.lineIndex(ofByte: start)]
                let lines = blockLines(entries, indent: indent, quote: quote)
                let lb = lineBreak(after: start)
                // The braces' place holds the first line without its indentation.
                let text = lines.joined(lineBreak: lb, breakAfter: false).dropFirst(lb.count + indent)
                return .success([Edit(span: Span(start, lineEnd), replacement: Array(text), depth: indent)])
            }
            // `key: {}` on a block key's line, as in Helm values (`securityContext: {}` with the
            // suggestions commented out under it): filled, it becomes a block under the key, so
            // the commented lines below stay where they were, after the new keys (issue 20).
            if !json, mapping.anchor == nil, mapping.tag == nil, before >= 0, source.bytes[before] == UInt8(ascii: ":"),
                !source.onlySpacesBefore(start), source.bytes[mapping.span.end..<lineEnd].allSatisfy({ $0 == 32 }),
                mapping.span.end > start, source.bytes[mapping.span.end - 1] == UInt8(ascii: "}")
            {
                let lineStart = source.lineStarts[source.lineIndex(ofByte: start)]
                let head = source.bytes[lineStart..<before]
                let keyIndent = head.prefix { $0 == 32 }.count
                let content = head.dropFirst(keyIndent)
                let plainKey = content.first.map { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "[") } ?? false
                // Only with the commented suggestions under it; otherwise `{}` stays flow (the
                // smallest edit fills the braces).
                let nextLine = source.lineIndex(ofByte: start) + 1
                var suggestions = false
                if nextLine < source.lineStarts.count {
                    var i = source.lineStarts[nextLine]
                    while i < source.count && source.bytes[i] == 32 { i += 1 }
                    suggestions = i < source.count && source.bytes[i] == UInt8(ascii: "#") && i - source.lineStarts[nextLine] > keyIndent
                }
                if suggestions && plainKey && !content.contains(UInt8(ascii: ":")) && !content.contains(UInt8(ascii: "#")) {
                    let indent = keyIndent + style.indentStep
                    let lb = lineBreak(after: start)
                    let lines = blockLines(entries, indent: indent, quote: quote)
                    return .success([Edit(span: Span(before + 1, mapping.span.end), replacement: lines.joined(lineBreak: lb, breakAfter: false), depth: indent)])
                }
            }
            // `{}` (or `{ }`): the smallest edit rewrites the braces.
            if let refusal = holdsComment(mapping) { return .failure(refusal) }
            let body = flowPairs(entries, quote: quote)
            if let keep = keptInside(mapping, from: start) { return .success([Edit(span: Span(keep, keep), replacement: body)]) }
            return .success([Edit(span: Span(start, mapping.span.end), replacement: [UInt8(ascii: "{")] + body + [UInt8(ascii: "}")])])
        }
        if mapping.collectionStyle == .flow {
            // `[name: a]` is a one-pair mapping without braces: a key added after it would be a
            // new list item (found by fuzzing).
            guard opensWithBrace(mapping) else {
                return .failure(Refusal(text: "the mapping at \(mapping.location) is a single pair in a flow list, without braces to add a key in"))
            }
            let lastKeyLine = last.key.location.line
            if emptied.contains(mapping.id) {
                return .success([insertInPlaceOfRemovedKeys(entries, into: mapping, multiline: lastKeyLine > mapping.location.line, quote: quote)])
            }
            if lastKeyLine > mapping.location.line {
                let lb = lineBreak(after: last.value.span.end)
                let indent = last.key.location.column - 1
                // The new lines: a break and each pair at the last key's indentation.
                var text = lb
                text.appendSpaces(indent)
                writeMultilinePairs(entries, indent: indent, quote: quote, lb: lb, into: &text)
                // Spaces after the last value stay where they are: the comma goes right after the
                // value, the new lines after the spaces (found by fuzzing: they used to move).
                let end = last.value.span.end
                var lineEnd = end
                while lineEnd < source.bytes.count && (source.bytes[lineEnd] == 32 || source.bytes[lineEnd] == 9) { lineEnd += 1 }
                if lineEnd > end && (lineEnd == source.bytes.count || source.bytes[lineEnd] == 10 || source.bytes[lineEnd] == 13) {
                    return .success([
                        Edit(span: Span(end, end), text: ",", depth: indent),
                        Edit(span: Span(lineEnd, lineEnd), replacement: text, depth: indent),
                    ])
                }
                return .success([Edit(span: Span(end, end), replacement: [UInt8(ascii: ",")] + text, depth: indent)])
            }
            let text = flowPairs(entries, quote: quote, leadingComma: true)
            return .success([Edit(span: Span(last.value.span.end, last.value.span.end), replacement: text, depth: 1000)])
        }
        guard let first = pairs.first, source.onlySpacesBeforeOrDash(first.key.span.start) else {
            return .failure(Refusal(text: "cannot tell the indentation of the mapping at \(mapping.location)"))
        }
        let indent = first.key.location.column - 1
        if style.sortsKeys { return .success(sortedInsert(entries, into: mapping, indent: indent, quote: quote)) }
        let point = skippingCommentedLines(insertionPoint(after: last.value), indent: indent)
        let lines = blockLines(entries, indent: indent, quote: quote)
        return .success([Edit(span: Span(point.offset, point.offset), replacement: join(lines, at: point), depth: indent)])
    }

    /// New keys for a flow mapping that loses every key it had (`{add: [NET_RAW]}` gaining
    /// `drop`): they go where its first key starts, which the removal deletes up to the last
    /// value's end, so no separator comes before them. Over several lines (pretty JSON) they
    /// keep the first key's line and indentation.
    func insertInPlaceOfRemovedKeys(_ entries: [(key: String, value: NewValue)], into mapping: Node, multiline: Bool, quote: Quote) -> Edit {
        let first = mapping.pairs[0].key
        guard multiline else { return Edit(span: Span(first.span.start, first.span.start), replacement: flowPairs(entries, quote: quote)) }
        var text: [UInt8] = []
        writeMultilinePairs(entries, indent: first.location.column - 1, quote: quote, lb: lineBreak(after: first.span.start), into: &text)
        return Edit(span: Span(first.span.start, first.span.start), replacement: text)
    }

    /// In a file whose keys are sorted, each new key goes before the first greater key (above
    /// the comment lines that belong to it); keys greater than all go at the end.
    func sortedInsert(_ entries: [(key: String, value: NewValue)], into mapping: Node, indent: Int, quote: Quote) -> [Edit] {
        let pairs = mapping.pairs
        var groups: [Int: [(key: String, value: NewValue)]] = [:]
        for entry in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            var slot = pairs.firstIndex { !(($0.key.scalarValue ?? "").utf8.lexicographicallyPrecedes(entry.key.utf8)) } ?? pairs.count
            // Only before a key that starts its own line (not `- name:` behind a dash).
            if slot < pairs.count && !source.onlySpacesBefore(pairs[slot].key.span.start) { slot = pairs.count }
            groups[slot, default: []].append((entry.key, sortedValue(entry.value)))
        }
        var edits: [Edit] = []
        for (slot, group) in groups {
            let lines = blockLines(group, indent: indent, quote: quote)
            if slot == pairs.count {
                let point = skippingCommentedLines(insertionPoint(after: pairs.last!.value), indent: indent)
                edits.append(Edit(span: Span(point.offset, point.offset), replacement: join(lines, at: point), depth: indent))
                continue
            }
            var lineStart = source.lineStarts[source.lineIndex(ofByte: pairs[slot].key.span.start)]
            // Comment lines directly above the key belong to it.
            while lineStart > 0 {
                let previous = source.lineStarts[source.lineIndex(ofByte: lineStart - 1)]
                let text = source.bytes[previous..<lineStart].drop { $0 == 32 }
                guard text.first == UInt8(ascii: "#"), slot > 0 || previous > mapping.span.start else { break }
                lineStart = previous
            }
            edits.append(Edit(span: Span(lineStart, lineStart), replacement: join(lines, at: (lineStart, true)), depth: indent))
        }
        return edits
    }

    /// Nested new mappings follow the file's sorted order too.
    func sortedValue(_ value: NewValue) -> NewValue {
        guard case .mapping(let pairs) = value else { return value }
        return .mapping(pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, sortedValue($0.value)) })
    }

    func fill(_ null: Node, key: Node, parent: Node, with value: NewValue) -> Result<[Edit], Refusal> {
        if source.isExplicitKey(key) {
            return .failure(Refusal(text: "the key at \(key.location) is written `? key`; pss-fix does not fill its value"))
        }
        if parent.collectionStyle == .flow {
            let text = flowText(value, quote: quote(of: key))
            guard null.span.isEmpty else { return .success([Edit(span: null.span, replacement: text)]) }
            // `{a: }` gets the value after its colon; `{"a" }` (a key with no colon at all, found
            // by fuzzing) gets the colon too, right after the key.
            let i = source.nextNonBlank(from: key.span.end)
            if i < source.bytes.count && source.bytes[i] == UInt8(ascii: ":") {
                return .success([Edit(span: Span(i + 1, i + 1), replacement: [UInt8(ascii: " ")] + text, depth: Self.valueDepth)])
            }
            return .success([Edit(span: Span(key.span.end, key.span.end), replacement: Array(": ".utf8) + text, depth: Self.valueDepth)])
        }
        let keyIndent = key.location.column - 1
        var lines = RenderedLines()
        switch value {
        case .sequence(let items):
            for item in items {
                lines.pad(keyIndent + style.effectiveSequenceOffset)
                lines.append(style.dash)
                lines.write { writeScalar(item, quote: quote(of: key), into: &$0) }
                lines.endLine()
            }
        case .mapping(let pairs):
            lines = blockLines(pairs, indent: keyIndent + style.indentStep, quote: quote(of: key))
        default:
            return .success([replace(null, with: value)])
        }
        var edits: [Edit] = []
        if !null.span.isEmpty {
            // `key: ~  # c` -> `key:  # c`, then the block goes under it.
            edits.append(Edit(span: Span(afterColon(of: key, before: null), null.span.end), text: ""))
        }
        let point = skippingCommentedLines(
            (offset: source.lineContentEnd(ofByte: null.span.end), atLineStart: false), indent: keyIndent + style.indentStep)
        edits.append(Edit(span: Span(point.offset, point.offset), replacement: join(lines, at: point), depth: keyIndent + style.indentStep))
        return .success(edits)
    }

    /// An empty collection is rewritten whole (`{}` -> `{a: 1}`); one written over several
    /// lines with a comment inside (`{ # was: runAsNonRoot` ... `}`) would lose the comment, so
    /// it is refused (found by fuzzing).
    func holdsComment(_ node: Node) -> Refusal? {
        guard source.bytes[node.span.start..<node.span.end].contains(UInt8(ascii: "#")) else { return nil }
        return Refusal(text: "the empty \(node.isMapping ? "mapping" : "list") at \(node.location) holds a comment; pss-fix does not rewrite it")
    }

    /// A flow mapping written with braces (after its anchor and tag, if any). A one-pair
    /// mapping in a flow list (`[name: {a: 1}]`) has none, even when its value ends in `}`.
    func opensWithBrace(_ mapping: Node) -> Bool {
        let bytes = source.bytes
        let end = mapping.span.end
        var i = mapping.span.start
        for _ in 0..<2 {  // `&anchor` and `!tag`, in either order
            i = source.nextNonBlank(from: i, before: end)
            if i < end && (bytes[i] == UInt8(ascii: "&") || bytes[i] == UInt8(ascii: "!")) {
                while i < end && !SourceText.isBlank(bytes[i]) { i += 1 }
            }
        }
        i = source.nextNonBlank(from: i, before: end)
        return i < end && bytes[i] == UInt8(ascii: "{") && bytes[end - 1] == UInt8(ascii: "}")
    }

    /// Where to insert into an empty flow collection whose brackets hold more than nothing or
    /// one space (`{` line break `}`, tabs): right after the opening bracket, so that what is
    /// between them stays (found by fuzzing); nil for `{}` and `{ }`, which are rewritten.
    func keptInside(_ node: Node, from start: Int) -> Int? {
        let open = source.bytes[start]
        guard open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else { return nil }
        let inner = source.bytes[(start + 1)..<max(start + 1, node.span.end - 1)]
        return inner.isEmpty || inner.elementsEqual([32]) ? nil : start + 1
    }

    /// Orders an empty value's text before every other insertion at the same offset.
    static let valueDepth = Int.max / 2

    func replace(_ scalar: Node, with value: NewValue) -> Edit {
        let text = scalarText(value, quote: value.isString ? quote(of: scalar) : .plain)
        guard scalar.span.isEmpty else { return Edit(span: scalar.span, replacement: text) }
        // An empty value sits right after its colon, where a line end may also receive lines
        // for the enclosing mappings: the value must come first on the line.
        return Edit(span: scalar.span, replacement: [UInt8(ascii: " ")] + text, depth: Self.valueDepth)
    }

    func append(_ items: [NewValue], to sequence: Node) -> Result<[Edit], Refusal> {
        let quote = self.quote(of: sequence.items.last)
        guard let last = sequence.items.last else {
            if let refusal = holdsComment(sequence) { return .failure(refusal) }
            if sequence.collectionStyle == .flow, let keep = keptInside(sequence, from: sequence.span.start) {
                var text: [UInt8] = []
                writeFlowItems(items, quote: quote, into: &text)
                return .success([Edit(span: Span(keep, keep), replacement: text)])
            }
            return .success([Edit(span: sequence.span, replacement: flowText(.sequence(items), quote: quote))])
        }
        if sequence.collectionStyle == .flow {
            if last.location.line > sequence.location.line {
                let lb = lineBreak(after: last.span.end)
                var text: [UInt8] = []
                for item in items {
                    text.append(UInt8(ascii: ","))
                    text += lb
                    text.appendSpaces(last.location.column - 1)
                    writeScalar(item, quote: quote, into: &text)
                }
                return .success([Edit(span: Span(last.span.end, last.span.end), replacement: text, depth: 1000)])
            }
            var text: [UInt8] = []
            writeFlowItems(items, quote: quote, leadingComma: true, into: &text)
            return .success([Edit(span: Span(last.span.end, last.span.end), replacement: text, depth: 1000)])
        }
        guard let dash = DocumentStyle.dashOffset(ofItem: last, sequence: sequence, source: source),
            source.onlySpacesBefore(dash)
        else {
            return .failure(Refusal(text: "cannot tell the layout of the list at \(sequence.location)"))
        }
        let column = dash - source.lineStarts[source.lineIndex(ofByte: dash)]
        let point = skippingCommentedLines(insertionPoint(after: last), indent: column)
        // The list's own dash spacing (`-   ALL` in files that align items to 4 columns).
        let gap = max(1, last.location.column - 1 - column - 1)
        var lines = RenderedLines()
        for item in items { writeItem(item, column: column, gap: gap, quote: quote, into: &lines) }
        return .success([Edit(span: Span(point.offset, point.offset), replacement: join(lines, at: point), depth: column)])
    }

    func remove(_ indexes: Set<Int>, from sequence: Node, key: Node?) -> Result<[Edit], Refusal> {
        let items = sequence.items
        if indexes.count == items.count {
            // The planner removes the key of a list that loses every item (`add:`), so only lists
            // it cannot remove come here: every style is refused alike, never left as `[]`.
            guard key != nil else { return .failure(Refusal(text: "cannot empty a list that is not a mapping value")) }
            return .failure(Refusal(text: "the list at \(sequence.location) carries an anchor or tag; empty it by hand"))
        }
        if sequence.collectionStyle == .flow {
            var edits: [Edit] = []
            var i = 0
            while i < items.count {
                guard indexes.contains(i) else {
                    i += 1
                    continue
                }
                var j = i
                while j + 1 < items.count && indexes.contains(j + 1) { j += 1 }
                if j + 1 < items.count {
                    edits.append(Edit(span: Span(items[i].span.start, items[j + 1].span.start), text: ""))
                } else {
                    edits.append(Edit(span: Span(items[i - 1].span.end, items[j].span.end), text: ""))
                }
                i = j + 1
            }
            // A list over several lines may hold comments between its items (found by fuzzing:
            // `NET_RAW,  # ping` removed with its comment): refused rather than lost.
            if let lost = edits.lazy.compactMap({ self.comment(in: $0.span) }).first {
                return .failure(Refusal(text: "cannot remove items of the list at \(sequence.location) without losing the comment at \(source.location(ofByte: lost))"))
            }
            return .success(edits)
        }
        var edits: [Edit] = []
        for i in indexes.sorted() {
            let item = items[i]
            guard let dash = DocumentStyle.dashOffset(ofItem: item, sequence: sequence, source: source),
                source.onlySpacesBefore(dash)
            else { return .failure(Refusal(text: "cannot tell the layout of the list at \(sequence.location)")) }
            let lineStart = source.lineStarts[source.lineIndex(ofByte: dash)]
            let itemEnd = item.lastLeaf.span.end
            let contentEnd = source.lineContentEnd(ofByte: itemEnd)
            if source.bytes[itemEnd..<contentEnd].contains(UInt8(ascii: "#")) {
                // `- NET_ADMIN  # why` becomes `# - NET_ADMIN  # why`: the author's comment
                // survives and still says what it was about.
                edits.append(Edit(span: Span(dash, dash), text: "# "))
            } else {
                deleteLines(from: lineStart, through: contentEnd, into: &edits)
            }
        }
        return .success(edits)
    }
}

extension NewValue {
    var isString: Bool { if case .string = self { return true } else { return false } }
}

extension SourceText {
    /// A key written with YAML's explicit `? ` indicator (on its line or the one above). Its
    /// value and the keys around it are laid out by the `?`, not by the key's own column: an
    /// entry added by the key's column became part of the key (found by fuzzing).
    func isExplicitKey(_ key: Node) -> Bool {
        let i = previousNonBlank(before: key.span.start)
        guard i >= 0 && bytes[i] == UInt8(ascii: "?") else { return false }
        var j = i - 1
        while j >= 0 && bytes[j] == 32 { j -= 1 }
        // At the start of a line (after `- `), or of a flow entry (`{? a: 1}`, `[? a]`).
        return j < 0 || onlySpacesBeforeOrDash(i) || "{[,".utf8.contains(bytes[j])
    }

    /// True when only spaces, `- ` or `? ` precede `offset` on its line (a block key we can align to).
    func onlySpacesBeforeOrDash(_ offset: Int) -> Bool {
        var i = offset - 1
        while i >= 0 && bytes[i] != UInt8(ascii: "\n") {
            let b = bytes[i]
            if b != 32 && b != UInt8(ascii: "-") && b != UInt8(ascii: "?") { return false }
            i -= 1
        }
        return true
    }
}
