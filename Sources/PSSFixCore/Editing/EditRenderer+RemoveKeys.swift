/// Removing keys from a mapping: whole lines in block style (a line with a comment is
/// commented out instead), `key: value, ` in flow style, and `{}` when every key goes and none
/// is added.
extension EditRenderer {
    func removeKeys(_ keys: Set<String>, from mapping: Node, key: Node?) -> Result<[Edit], Refusal> {
        let pairs = mapping.pairs
        let doomed = pairs.indices.filter { keys.contains(pairs[$0].key.scalarValue ?? "") }
        if mapping.collectionStyle == .flow {
            var edits: [Edit] = []
            if doomed.count == pairs.count {
                edits = [Edit(span: Span(pairs.first!.key.span.start, pairs.last!.value.span.end), text: "")]
            } else {
                for i in doomed {
                    if let next = pairs.indices.first(where: { $0 > i && !doomed.contains($0) }) {
                        edits.append(Edit(span: Span(pairs[i].key.span.start, pairs[next].key.span.start), text: ""))
                        continue
                    }
                    let previous = pairs.indices.last { $0 < i && !doomed.contains($0) }!
                    edits.append(Edit(span: Span(pairs[previous].value.span.end, pairs[i].value.span.end), text: ""))
                }
            }
            // A flow mapping over several lines may hold comments between its entries.
            if let lost = edits.lazy.compactMap({ self.comment(in: $0.span) }).first {
                return .failure(Refusal(text: "cannot remove keys of the mapping at \(mapping.location) without losing the comment at \(source.location(ofByte: lost))"))
            }
            return .success(Self.coalesce(edits))
        }
        var edits: [Edit] = []
        for i in doomed {
            let pair = pairs[i]
            if pair.value.scalarStyle == .literal || pair.value.scalarStyle == .folded {
                return .failure(Refusal(text: "will not remove a block scalar at \(pair.key.location)"))
            }
            if !source.onlySpacesBefore(pair.key.span.start) {
                // `- hostPort: 80` as an item's first key: pull the next key up behind the dash.
                guard let edit = removeFirstKeyOfItem(pairs, i) else {
                    return .failure(Refusal(text: "cannot remove \(pair.key.scalarValue ?? "") at \(pair.key.location) cleanly"))
                }
                edits.append(edit)
                continue
            }
            edits += removedLines(pair)
        }
        if doomed.count == pairs.count && !filled.contains(mapping.id) {
            // Every key goes and none comes: `key: {}` keeps it a mapping (null means something
            // else). The lines are removed as above, so their comments stay.
            guard let key else { return .failure(Refusal(text: "cannot empty a mapping that is not a mapping value")) }
            guard mapping.anchor == nil && mapping.tag == nil else {
                return .failure(Refusal(text: "the mapping at \(mapping.location) carries an anchor or tag; empty it by hand"))
            }
            // First among insertions at that offset: a key added after the mapping can move
            // there when the removed lines were the mapping's last (`{}` must precede it).
            let colon = afterColon(of: key, before: mapping)
            edits.append(Edit(span: Span(colon, colon), text: " {}", depth: Self.valueDepth))
        }
        return .success(Self.coalesce(edits))
    }

    /// `- hostPort: 80` then `  protocol: TCP`: the next key moves up behind the dash. Nil when
    /// there is no next key or a comment is in the way.
    func removeFirstKeyOfItem(_ pairs: Node.Pairs, _ i: Int) -> Edit? {
        let pair = pairs[i]
        let start = pair.key.span.start
        let contentEnd = source.lineContentEnd(ofByte: pair.value.lastLeaf.span.end)
        guard source.onlySpacesBeforeOrDash(start), i + 1 < pairs.count,
            !source.bytes[pair.value.lastLeaf.span.end..<contentEnd].contains(UInt8(ascii: "#")),
            !source.bytes[contentEnd..<pairs[i + 1].key.span.start].contains(UInt8(ascii: "#"))
        else { return nil }
        return Edit(span: Span(start, pairs[i + 1].key.span.start), text: "")
    }

    /// The edits that take one `key: value` pair of a block mapping out, from the key's line to
    /// the value's last line. Without a comment, those lines go. With one, nothing an author
    /// wrote about it is lost: the key's line is commented out (`# add:  # for ping`), and so
    /// is each list item that carries a comment (`# - NET_RAW  # raw sockets`, as when only
    /// some items go); comment lines stay, other item lines go. Any other multi-line value with
    /// a comment in it is commented out line by line.
    func removedLines(_ pair: Node.Pair) -> [Edit] {
        let bytes = source.bytes
        let key = pair.key
        let valueEnd = pair.value.lastLeaf.span.end
        let contentEnd = source.lineContentEnd(ofByte: valueEnd)
        let keyLine = source.lineIndex(ofByte: key.span.start)
        let lastLine = source.lineIndex(ofByte: contentEnd)
        let lineStart = source.lineStarts[keyLine]
        let hash = UInt8(ascii: "#")
        var edits: [Edit] = []
        if keyLine == lastLine {
            // The value ends on the key's line (a scalar, `[A, B]`): a comment after it keeps the line.
            if bytes[valueEnd..<contentEnd].contains(hash) { return [Edit(span: Span(key.span.start, key.span.start), text: "# ")] }
            deleteLines(from: lineStart, through: contentEnd, into: &edits)
            return edits
        }
        let keyLineEnd = source.lineContentEnd(ofByte: key.span.start)
        guard pair.value.isSequence, pair.value.collectionStyle == .block, pair.value.span.start > keyLineEnd,
            let items = oneLineItems(pair.value)
        else {
            // Any other multi-line value (`add: [` over several lines): its lines go, or with a
            // comment among them, every line that is not already a comment is commented out.
            guard comment(in: Span(lineStart, contentEnd)) != nil else {
                deleteLines(from: lineStart, through: contentEnd, into: &edits)
                return edits
            }
            for line in keyLine...lastLine {
                let first = source.nextNonBlank(from: source.lineStarts[line], before: source.lineContentEnd(ofByte: source.lineStarts[line]))
                if first < source.lineContentEnd(ofByte: source.lineStarts[line]) && bytes[first] != hash {
                    edits.append(Edit(span: Span(first, first), text: "# "))
                }
            }
            return edits
        }
        let keyComment = bytes[key.span.end..<keyLineEnd].contains(hash)
        let commentLines = ((keyLine + 1)...lastLine).filter { line in
            items[line] == nil && bytes[source.lineStarts[line]..<source.lineContentEnd(ofByte: source.lineStarts[line])].first { $0 != 32 && $0 != 9 } == hash
        }
        let commentedItems = items.filter { bytes[$0.value.end..<source.lineContentEnd(ofByte: $0.value.end)].contains(hash) }
        guard keyComment || !commentLines.isEmpty || !commentedItems.isEmpty else {
            deleteLines(from: lineStart, through: contentEnd, into: &edits)
            return edits
        }
        edits.append(Edit(span: Span(key.span.start, key.span.start), text: "# "))
        for line in (keyLine + 1)...lastLine {
            guard let item = items[line] else { continue }  // comment and blank lines stay
            if commentedItems[line] != nil {
                edits.append(Edit(span: Span(item.dash, item.dash), text: "# "))
            } else {
                deleteLines(from: source.lineStarts[line], through: source.lineContentEnd(ofByte: item.end), into: &edits)
            }
        }
        return edits
    }

    /// The items of a block list, by line, when each sits on one line with its dash first on
    /// it: line -> (dash offset, end of the item's text). Nil otherwise.
    func oneLineItems(_ sequence: Node) -> [Int: (dash: Int, end: Int)]? {
        var items: [Int: (dash: Int, end: Int)] = [:]
        for item in sequence.items {
            let end = item.lastLeaf.span.end
            guard let dash = DocumentStyle.dashOffset(ofItem: item, sequence: sequence, source: source), source.onlySpacesBefore(dash),
                case let line = source.lineIndex(ofByte: dash), line == source.lineIndex(ofByte: end)
            else { return nil }
            items[line] = (dash, end)
        }
        return items
    }

    /// Deletes whole lines from `lineStart` to the line holding `contentEnd`, with their line
    /// break. On the last line of a file without a final newline, the break before them goes
    /// instead (joining the deletions of the lines just above), so the line kept above does not
    /// gain a final newline.
    func deleteLines(from lineStart: Int, through contentEnd: Int, into edits: inout [Edit]) {
        if contentEnd < source.count {
            edits.append(Edit(span: Span(lineStart, source.lineStarts[source.lineIndex(ofByte: contentEnd) + 1]), text: ""))
            return
        }
        var start = lineStart
        while let previous = edits.last, previous.replacement.isEmpty, previous.span.end == start {
            start = previous.span.start
            edits.removeLast()
        }
        if start > 0 { start -= 1 }
        if start > 0 && source.bytes[start - 1] == UInt8(ascii: "\r") { start -= 1 }
        edits.append(Edit(span: Span(start, contentEnd), text: ""))
    }

    /// Where a comment may start in `span`: any `#`. In a flow collection libyaml starts one
    /// right after `,`, `[` or `{` as well as after a space (found by fuzzing: `NET_RAW,# ping`);
    /// a `#` inside a scalar counts too, which only makes a refusal likelier.
    func comment(in span: Span) -> Int? {
        source.bytes[span.start..<span.end].firstIndex(of: UInt8(ascii: "#"))
    }

    /// Merges touching deletions so the patch never sees two edits sharing an offset.
    static func coalesce(_ edits: [Edit]) -> [Edit] {
        let sorted = edits.sorted { $0.span.start < $1.span.start }
        var out: [Edit] = []
        for e in sorted {
            if let last = out.last, last.replacement.isEmpty, e.replacement.isEmpty, last.span.end >= e.span.start {
                out[out.count - 1] = Edit(span: Span(last.span.start, max(last.span.end, e.span.end)), replacement: [])
            } else {
                out.append(e)
            }
        }
        return out
    }
}
