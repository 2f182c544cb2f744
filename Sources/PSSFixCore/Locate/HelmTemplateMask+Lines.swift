/// Line-level questions about a masked template: which lines a key or mapping spans, which
/// actions print inside them and at what column, and whether such an action prints a key's
/// value. Masked actions alone on their lines read as comments here, like YAML comments.
extension HelmTemplateMask {
    /// 0-based byte column of `offset` in its line.
    func column(of offset: Int) -> Int {
        let source = SourceText(masked)
        return offset - source.lineStarts[source.lineIndex(ofByte: offset)]
    }

    /// The line indices under a key: after its line, up to the next line of content (not blank,
    /// not a comment or a masked action) indented no deeper than the key.
    func extent(ofKey key: Node) -> Range<Int> {
        let source = SourceText(masked)
        let line = source.lineIndex(ofByte: key.span.start)
        return (line + 1)..<nextContentLine(after: line, indent: column(of: key.span.start), source: source, dashContinues: true)
    }

    /// The line indices of a block mapping: from its first line up to the next line of content
    /// indented less than its keys.
    func extent(ofMapping mapping: Node) -> Range<Int> {
        let source = SourceText(masked)
        let line = source.lineIndex(ofByte: mapping.span.start)
        let indent = mapping.pairs.first.map { column(of: $0.key.span.start) } ?? 0
        return line..<nextContentLine(after: line, indent: indent - 1, source: source)
    }

    /// `dashContinues`: a `- ` item at exactly `indent` still belongs to the key above (a
    /// list written without indentation under its key).
    func nextContentLine(after line: Int, indent: Int, source: SourceText, dashContinues: Bool = false) -> Int {
        var j = line + 1
        while j < source.lineStarts.count {
            var i = source.lineStarts[j]
            let end = j + 1 < source.lineStarts.count ? source.lineStarts[j + 1] : masked.count
            while i < end && masked[i] == 32 { i += 1 }
            let blank = i >= end || masked[i] == 10 || masked[i] == 13 || masked[i] == UInt8(ascii: "#")
            let item = dashContinues && i - source.lineStarts[j] == indent && masked[i] == UInt8(ascii: "-")
                && (i + 1 >= end || masked[i + 1] == 32 || masked[i + 1] == 10 || masked[i + 1] == 13)
            if !blank && !item && i - source.lineStarts[j] <= indent { return j }
            j += 1
        }
        return j
    }

    /// The actions alone on their lines that print something, starting in `lines`.
    func printers(in lines: Range<Int>) -> [Action] {
        let source = SourceText(masked)
        return actions.filter { $0.ownLine && $0.role == .output && lines.contains(source.lineIndex(ofByte: $0.span.start)) }
    }

    /// 0-based line of `offset`.
    func line(of offset: Int) -> Int { SourceText(masked).lineIndex(ofByte: offset) }

    /// Whether an action alone on its lines prints the value of the key on the content line
    /// above it (`volumeMounts:` then `{{ toYaml .Values.mounts | indent 10 }}`): that key has
    /// no value of its own and the action prints at the key's column or deeper, which YAML
    /// reads as the key's list (or mapping). Only within one `if`/`with` branch.
    func isValueOfKeyAbove(_ action: Action) -> Bool {
        guard let level = action.level else { return false }
        let source = SourceText(masked)
        var line = source.lineIndex(ofByte: action.span.start) - 1
        while line >= 0 {
            let start = source.lineStarts[line]
            let end = source.lineContentEnd(ofByte: start)
            var i = start
            while i < end && masked[i] == 32 { i += 1 }
            if i == end || masked[i] == UInt8(ascii: "#") {
                line -= 1
                continue
            }
            var last = end
            while last > i && masked[last - 1] == 32 { last -= 1 }
            // In the same branch: a key closing an `{{- with }}` block is not what a printer in
            // the next block prints for.
            let keyColumn = i - start
            guard masked[last - 1] == UInt8(ascii: ":"), keyColumn <= level, masked[i] != UInt8(ascii: "-"),
                context(at: i) == context(at: action.span.start)
            else { return false }
            // And the key has no literal value of its own after the action.
            var next = source.lineIndex(ofByte: max(action.span.start, action.span.end - 1)) + 1
            while next < source.lineStarts.count {
                let start = source.lineStarts[next]
                let end = source.lineContentEnd(ofByte: start)
                var j = start
                while j < end && masked[j] == 32 { j += 1 }
                if j == end || masked[j] == UInt8(ascii: "#") {
                    next += 1
                    continue
                }
                return j - start < keyColumn || (j - start == keyColumn && masked[j] != UInt8(ascii: "-"))
            }
            return true
        }
        return false
    }

    /// An action's text, for messages.
    func text(of action: Action) -> String {
        String(decoding: original[action.span.start..<action.span.end], as: UTF8.self)
    }
}
