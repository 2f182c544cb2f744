/// Reads what `helm template` prints: `---` before every manifest and `# Source: PATH` on the
/// line after it. Helm splits templates on every line that starts with `---` (its own
/// separator regex), so no manifest holds such a line and splitting there is exact, even for
/// manifests that would not parse.
public enum HelmTemplateOutput {
    static let sourcePrefix = Array("# Source: ".utf8)

    /// The stream as printed, one document per manifest, each with its template as origin;
    /// `chart` maps template paths to files on disk (nil: origins without files).
    public static func parse(_ bytes: [UInt8], chart: HelmChartLayout?) -> RenderedStream {
        var starts = separatorLineStarts(bytes)
        // Text before the first `---` (some helm plugins print there) is kept as a document of
        // its own when it holds anything but blanks, so that no byte goes unaccounted for.
        let head = starts.first ?? bytes.count
        if head > 0 && bytes[0..<head].contains(where: { !SourceText.isBlank($0) }) { starts.insert(0, at: 0) }
        var documents: [RenderedDocument] = []
        for (i, start) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1] : bytes.count
            let origin: DocumentOrigin
            if let source = sourcePath(bytes, documentStart: start, end: end) {
                origin = .helmTemplate(source: source, file: chart?.file(forSource: source))
            } else {
                origin = .unknown
            }
            documents.append(RenderedDocument(span: Span(start, end), origin: origin))
        }
        return RenderedStream(bytes: bytes, documents: documents)
    }

    /// Offsets of the lines that start with `---`.
    static func separatorLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var lineStart = 0
        while lineStart < bytes.count {
            if bytes.count - lineStart >= 3 && bytes[lineStart] == UInt8(ascii: "-")
                && bytes[lineStart + 1] == UInt8(ascii: "-") && bytes[lineStart + 2] == UInt8(ascii: "-") {
                starts.append(lineStart)
            }
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            lineStart = newline + 1
        }
        return starts
    }

    /// The `# Source:` path on the line after the document's `---`.
    static func sourcePath(_ bytes: [UInt8], documentStart: Int, end: Int) -> String? {
        guard let newline = bytes[documentStart..<end].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let line = newline + 1
        guard end - line > sourcePrefix.count, bytes[line..<(line + sourcePrefix.count)].elementsEqual(sourcePrefix) else {
            return nil
        }
        var lineEnd = bytes[line..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
        if lineEnd > line && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let path = String(decoding: bytes[(line + sourcePrefix.count)..<lineEnd], as: UTF8.self)
        return path.isEmpty ? nil : path
    }
}
