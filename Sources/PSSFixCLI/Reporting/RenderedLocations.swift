import PSSFixCore

/// Puts what was found in a rendered stream (a chart's `helm template`, a kustomization's
/// build) back where it comes from: the template or resource file each document names
/// (`# Source:` for Helm, `config.kubernetes.io/origin` for kustomize), at the line of the
/// object's `kind:` in that file when it can be told (one such line, or the one whose
/// document has the object's name), else at the file's first line.
struct RenderedLocations {
    let stream: RenderedStream
    /// Shown for documents without a file of their own (generated objects, unknown origin).
    let sourcePath: String
    let display: (String) -> String
    private let lineStarts: [Int]
    private var fileLines: [String: [String]] = [:]

    init(stream: RenderedStream, sourcePath: String, display: @escaping (String) -> String) {
        self.stream = stream
        self.sourcePath = sourcePath
        self.display = display
        var starts = [0]
        for (i, b) in stream.bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The origin file (absolute) of the document holding `location` of the rendered bytes.
    func originFile(of location: Location) -> String? {
        let line = max(0, min(location.line - 1, lineStarts.count - 1))
        return stream.document(containing: lineStarts[line] + max(0, location.column - 1))?.origin.file
    }

    /// Where to report a workload of kind `kind` named `name` found at `location` of the render.
    mutating func place(kind: String, name: String?, at location: Location) -> (path: String, location: Location) {
        let row = max(0, min(location.line - 1, lineStarts.count - 1))
        if case .generated(let generator, let configuredIn?)? = stream.document(containing: lineStarts[row] + max(0, location.column - 1))?.origin {
            // Made by a generator (a chart under helmCharts:): at the kustomization's entry.
            let key = generator == "HelmChartInflationGenerator" ? "helmCharts" : nil
            let at = key.flatMap { key in lines(of: configuredIn).firstIndex { $0.hasPrefix(key + ":") } }
            return (display(configuredIn), Location(line: (at ?? 0) + 1, column: 1))
        }
        guard let file = originFile(of: location) else { return (display(sourcePath), Location(line: 1, column: 1)) }
        return (display(file), Location(line: line(ofKind: kind, name: name, in: file) ?? 1, column: 1))
    }

    /// The 1-based line of `kind: KIND` in `file`: the only one, or the one whose document
    /// (up to the next `---`) names `name` or a name `name` ends with or contains (kustomize
    /// prefixes and suffixes names).
    mutating func line(ofKind kind: String, name: String?, in file: String) -> Int? {
        let lines = self.lines(of: file)
        let hits = lines.indices.filter { Self.value(of: "kind", in: lines[$0]) == kind }
        if hits.count == 1 { return hits[0] + 1 }
        guard let name, !hits.isEmpty else { return hits.first.map { $0 + 1 } }
        var best: (line: Int, score: Int)?
        for hit in hits {
            var start = hit
            while start > 0 && !lines[start - 1].hasPrefix("---") { start -= 1 }
            var end = hit
            while end + 1 < lines.count && !lines[end + 1].hasPrefix("---") { end += 1 }
            for i in start...end {
                guard let written = Self.value(of: "name", in: lines[i]), !written.isEmpty else { continue }
                let score = written == name ? 3 : (name.hasSuffix(written) || name.hasPrefix(written) ? 2 : (name.contains(written) ? 1 : 0))
                if score > (best?.score ?? 0) { best = (hit + 1, score) }
            }
        }
        return best?.line ?? hits[0] + 1
    }

    /// `value` of a `key: value` line (any indentation, quotes removed), if the line is one.
    static func value(of key: String, in line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix(key + ":") else { return nil }
        var value = trimmed.dropFirst(key.count + 1).trimmingWhitespace()
        if let hash = value.firstRange(of: " #") { value = String(value[..<hash.lowerBound]).trimmingWhitespace() }
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }

    mutating func lines(of file: String) -> [String] {
        if let known = fileLines[file] { return known }
        let bytes = DiskFileTree().contents(of: file) ?? []
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        fileLines[file] = lines
        return lines
    }
}
