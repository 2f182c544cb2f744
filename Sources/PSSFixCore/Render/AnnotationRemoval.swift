/// Cuts annotations out of kustomize's output by whole lines. kustomize prints block YAML with
/// sorted keys and no comments, so a key's text is its own line plus every following line that
/// is blank or indented deeper (an indentless `- ` item at the key's column included); when
/// every annotation goes, the `annotations:` key goes too, which gives byte for byte what
/// kustomize prints without `buildMetadata`.
enum AnnotationRemoval {
    static func edits(removing keys: Set<String>, from annotations: Node, in metadata: Node,
                      source: SourceText) -> Result<[Edit], NotRendered> {
        let pairs = annotations.pairs
        let doomed = pairs.filter { keys.contains($0.key.scalarValue ?? "") }
        if doomed.isEmpty { return .success([]) }
        guard annotations.collectionStyle == .block else {
            return .failure(NotRendered(.renderFailed, "kustomize printed annotations in flow style at \(annotations.location); cannot remove its origin annotations"))
        }
        if doomed.count == pairs.count, let pair = metadata.ownPair("annotations") {
            return .success([Edit(span: lines(of: pair.key, source: source), text: "")])
        }
        return .success(doomed.map { Edit(span: lines(of: $0.key, source: source), text: "") })
    }

    /// From the start of the key's line to the start of the first line that belongs to
    /// something else (or the end of the document).
    static func lines(of key: Node, source: SourceText) -> Span {
        let bytes = source.bytes
        let keyLine = source.lineIndex(ofByte: key.span.start)
        let start = source.lineStarts[keyLine]
        let column = key.span.start - start
        var line = keyLine + 1
        while line < source.lineStarts.count {
            let lineStart = source.lineStarts[line]
            var i = lineStart
            while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
            let blank = i >= bytes.count || bytes[i] == UInt8(ascii: "\n") || bytes[i] == UInt8(ascii: "\r")
            let indent = i - lineStart
            let indentlessItem = indent == column && bytes[i] == UInt8(ascii: "-") && i + 1 < bytes.count
                && (bytes[i + 1] == UInt8(ascii: " ") || bytes[i + 1] == UInt8(ascii: "\n"))
            if !blank && indent <= column && !indentlessItem { return Span(start, lineStart) }
            line += 1
        }
        return Span(start, bytes.count)
    }
}
