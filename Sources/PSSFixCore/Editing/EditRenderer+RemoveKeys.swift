/// Removing keys from a mapping: whole lines in block style (a trailing comment stays, on its
/// own line), `key: value, ` in flow style, and `{}` when every key goes.
extension EditRenderer {
    func removeKeys(_ keys: Set<String>, from mapping: Node, key: Node?) -> Result<[Edit], Refusal> {
        let pairs = mapping.pairs
        let doomed = pairs.indices.filter { keys.contains(pairs[$0].key.scalarValue ?? "") }
        if mapping.collectionStyle == .flow {
            if doomed.count == pairs.count {
                return .success([Edit(span: Span(pairs.first!.key.span.start, pairs.last!.value.span.end), text: "")])
            }
            var edits: [Edit] = []
            for i in doomed {
                if let next = pairs.indices.first(where: { $0 > i && !doomed.contains($0) }) {
                    edits.append(Edit(span: Span(pairs[i].key.span.start, pairs[next].key.span.start), text: ""))
                    continue
                }
                let previous = pairs.indices.last { $0 < i && !doomed.contains($0) }!
                edits.append(Edit(span: Span(pairs[previous].value.span.end, pairs[i].value.span.end), text: ""))
            }
            return .success(Self.coalesce(edits))
        }
        if doomed.count == pairs.count {
            guard let key else { return .failure(Refusal(text: "cannot empty a mapping that is not a mapping value")) }
            guard mapping.anchor == nil && mapping.tag == nil else {
                return .failure(Refusal(text: "the mapping at \(mapping.location) carries an anchor or tag; empty it by hand"))
            }
            let colon = afterColon(of: key, before: mapping)
            let end = source.lineContentEnd(ofByte: lastLeaf(mapping).span.end)
            // A comment among the keys would go with them: keep every line, write `{}` after
            // the colon and comment the removed keys out instead (found by the property tests:
            // an annotation removed with the comment above it).
            if source.bytes[colon..<end].contains(UInt8(ascii: "#")) {
                var edits = [Edit(span: Span(colon, colon), text: " {}")]
                for pair in pairs {
                    let valueEnd = lastLeaf(pair.value).span.end
                    guard source.onlySpacesBefore(pair.key.span.start),
                        pair.key.location.line == source.lineIndex(ofByte: valueEnd) + 1
                    else {
                        return .failure(Refusal(text: "cannot empty the mapping at \(mapping.location) without losing a comment"))
                    }
                    edits.append(Edit(span: Span(pair.key.span.start, pair.key.span.start), text: "# "))
                }
                return .success(edits)
            }
            return .success([Edit(span: Span(colon, end), text: " {}")])
        }
        var edits: [Edit] = []
        for i in doomed {
            let pair = pairs[i]
            let start = pair.key.span.start
            let lineStart = source.lineStarts[source.lineIndex(ofByte: start)]
            let valueEnd = lastLeaf(pair.value).span.end
            if pair.value.scalarStyle == .literal || pair.value.scalarStyle == .folded {
                return .failure(Refusal(text: "will not remove a block scalar at \(pair.key.location)"))
            }
            let contentEnd = source.lineContentEnd(ofByte: valueEnd)
            let hash = source.bytes[valueEnd..<contentEnd].firstIndex(of: UInt8(ascii: "#"))
            if !source.onlySpacesBefore(start) {
                // `- hostPort: 80` as an item's first key: pull the next key up behind the dash.
                guard source.onlySpacesBeforeOrDash(start), i + 1 < pairs.count, hash == nil else {
                    return .failure(Refusal(text: "cannot remove \(pair.key.scalarValue ?? "") at \(pair.key.location) cleanly"))
                }
                let between = source.bytes[contentEnd..<pairs[i + 1].key.span.start]
                guard !between.contains(UInt8(ascii: "#")) else {
                    return .failure(Refusal(text: "cannot remove \(pair.key.scalarValue ?? "") at \(pair.key.location) without moving a comment"))
                }
                edits.append(Edit(span: Span(start, pairs[i + 1].key.span.start), text: ""))
                continue
            }
            if hash != nil {
                // Comment the line out rather than lose the author's comment about it.
                guard pair.key.location.line == source.lineIndex(ofByte: valueEnd) + 1 else {
                    return .failure(Refusal(text: "cannot remove \(pair.key.scalarValue ?? "") at \(pair.key.location) without losing a comment"))
                }
                edits.append(Edit(span: Span(start, start), text: "# "))
            } else if contentEnd < source.count {
                edits.append(Edit(span: Span(lineStart, source.lineStarts[source.lineIndex(ofByte: contentEnd) + 1]), text: ""))
            } else {
                var from = lineStart
                if from > 0 { from -= 1 }
                if from > 0 && source.bytes[from - 1] == UInt8(ascii: "\r") { from -= 1 }
                edits.append(Edit(span: Span(from, contentEnd), text: ""))
            }
        }
        return .success(Self.coalesce(edits))
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
