import Foundation
import PropertyBased
import Synchronization
import Testing

@testable import PSSFixCore

/// Verification re-parses only the changed windows of a document and moves the rest of the
/// original tree around them (`ReparseWindows`, `TreeGraft`). That is only sound if the result
/// is, node for node, the tree a full re-parse of the patched document gives: every span,
/// location, style, tag and value. These tests fix every file the repository holds and
/// thousands of generated manifests in every layout, and compare the two for every document a
/// window re-parsed.
@Suite struct ReparseWindowsTests {
    /// Compares every windowed document with the whole re-parse while `body` runs; the number
    /// of documents compared and the differences found.
    static func crossChecked(_ body: () -> Void) -> (compared: Int, differences: [String]) {
        let found = Mutex<(Int, [String])>((0, []))
        ReparseWindowsCheck.observing({ difference in
            found.withLock {
                $0.0 += 1
                if let difference { $0.1.append(difference) }
            }
        }) { body() }
        return found.withLock { $0 }
    }

    /// Every YAML and JSON file of the repository's golden cases, examples, render cases and
    /// the upstream conformance fixtures.
    static func repositoryFiles() throws -> [(name: String, bytes: [UInt8])] {
        var files: [(String, [UInt8])] = []
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for folder in ["Golden", "Examples", "ChartCases", "KustomizeCases", "RenderCases", "Tests/PSSFixCoreTests/Conformance/Fixtures"] {
            let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard ["yaml", "yml", "json"].contains(url.pathExtension) else { continue }
                files.append((url.path, Array(try Data(contentsOf: url))))
            }
        }
        return files
    }

    static let optionSets: [FixOptions] = [
        FixOptions(level: .restricted),
        FixOptions.partial(level: .restricted),
        FixOptions.partial(level: .baseline),
        FixOptions(level: .restricted, optIn: Set(FixerRegistry.all.filter { $0.isOptIn }.map { $0.checkID }), runAsUser: 1000),
    ]

    @Test func windowedDocumentsAreTheFullReparseOnRepositoryFiles() throws {
        let files = try Self.repositoryFiles()
        #expect(files.count > 700, "the repository's YAML files were not found")
        var changed = 0
        let (compared, differences) = Self.crossChecked {
            for options in Self.optionSets {
                for (_, bytes) in files {
                    let result = ManifestFixer.fix(bytes, options: options)
                    if result.fixed != result.original { changed += 1 }
                }
            }
        }
        print("reparse windows, repository files: \(changed) fixes, \(compared) documents re-parsed through windows")
        #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
        // Most changed documents take the windows (the rest are flow, anchored or odd layouts).
        #expect(compared > changed / 2, "\(compared) windowed of \(changed) fixes")
    }

    @Test func windowedDocumentsAreTheFullReparseOnGeneratedManifests() {
        var rng: any SeededRandomNumberGenerator = Xoshiro(seed: (23, 5, 2026, 12))
        var cases: [[UInt8]] = []
        for _ in 0..<3_000 { cases.append(ManifestRenderer.render(ManifestGen.generate(&rng)).bytes) }
        var changed = 0
        let (compared, differences) = Self.crossChecked {
            for (i, bytes) in cases.enumerated() {
                let result = ManifestFixer.fix(bytes, options: Self.optionSets[i % Self.optionSets.count])
                if result.fixed != result.original { changed += 1 }
            }
        }
        print("reparse windows, generated manifests: \(changed) fixes, \(compared) documents re-parsed through windows")
        #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
        #expect(compared > changed / 3, "\(compared) windowed of \(changed) fixes")
    }

    /// The soundness property itself, on edits nobody planned: random lines inserted at line
    /// starts and line ends at every column, values replaced by random YAML (quotes, flow
    /// collections, block scalars, anchors, aliases, tags, comments, tabs, document markers),
    /// lines deleted, one to three edits at a time, on every repository file. Whenever the
    /// windows give a document, the whole re-parse must succeed and give the same tree.
    @Test func windowsNeverDisagreeWithAWholeReparseOnRandomEdits() throws {
        let files = try Self.repositoryFiles()
        var random = SplitMix64(seed: 2026_12_03)
        var tried = 0
        var windowed = 0
        var differences: [String] = []
        for (name, bytes) in files {
            guard let stream = try? YAMLParser.parse(SourceText(bytes)), !stream.documents.isEmpty else { continue }
            let source = stream.source
            for _ in 0..<30 {
                var edits: [Edit] = []
                for _ in 0..<random.int(1...3) { edits.append(Self.randomEdit(source, &random)) }
                guard let patch = try? Patch(edits) else { continue }
                let patched = patch.apply(to: bytes)
                guard let (k, oldRange, newRange) = Self.region(of: patch.edits, in: stream, patchedCount: patched.count) else { continue }
                tried += 1
                let newSource = SourceText(patched)
                guard let result = Verifier.reparseWindows(
                    stream.documents[k], original: source, oldRange: oldRange, patched: newSource, newRange: newRange, edits: patch.edits)
                else { continue }
                windowed += 1
                let whole = try? YAMLParser.parse(
                    newSource, region: YAMLParser.Region(bytes: newRange, firstLine: newSource.lineIndex(ofByte: newRange.lowerBound), firstDocument: k),
                    keepKind: nil)
                let difference = whole?.count == 1 ? TreeDifference.first(result, whole![0]) : "the whole document does not parse as one"
                if let difference {
                    differences.append("\(name): \(difference)\n--- edits: \(patch.edits.map { "\($0.span) \(String(decoding: $0.replacement, as: UTF8.self).debugDescription)" })")
                }
            }
        }
        print("reparse windows, random edits: \(tried) tried, \(windowed) through windows, \(differences.count) differences")
        #expect(differences.isEmpty, "\(differences.prefix(5).joined(separator: "\n\n"))")
        // The edits are random: many must still take the windows for the property to mean much.
        #expect(windowed > tried / 10, "\(windowed) of \(tried)")
    }

    static let snippets: [String] = [
        "x", "1", "true", "''", "'a b'", "\"q\"", "\"multi\n  line\"", "[a, b]", "{a: 1}", "{", "]", "|\n  text\n", "|+\n  kept\n\n",
        ">-\n  folded\n", "&anchor v", "*anchor", "!!str 5", "!custom x", "# comment", "\t", "- item", "a: b", "? k\n: v", "---", "...",
        "%TAG ! tag:x,2000:", "key: |\n  z\n", "é", "null", "~", "- a: 1\n  b: 2",
    ]

    /// One random edit of `source`.
    static func randomEdit(_ source: SourceText, _ random: inout SplitMix64) -> Edit {
        let bytes = source.bytes
        let lines = source.lineStarts.count
        let line = random.int(0...lines - 1)
        let start = source.lineStarts[line]
        let end = source.lineContentEnd(ofByte: start)
        let lb = source.dominantLineBreak.rawValue
        // Half the new lines take the indentation of the line edited or the next one (a key
        // that fits, or one level off), the others any indentation up to 12.
        func indentation(_ l: Int) -> Int {
            var i = source.lineStarts[min(l, lines - 1)]
            let start = i
            while i < bytes.count && bytes[i] == 32 { i += 1 }
            return i - start
        }
        func pad() -> String {
            let near = max(0, indentation(line + random.int(0...1)) + [0, 0, 2, -2][random.int(0...3)])
            return String(repeating: " ", count: random.int(0...1) == 0 ? near : random.int(0...12))
        }
        func newLines() -> String {
            (0..<random.int(1...3)).map { _ in pad() + (random.int(0...3) == 0 ? snippets[random.int(0...snippets.count - 1)] : "k\(random.int(0...9)): " + snippets[random.int(0...snippets.count - 1)]) }
                .joined(separator: lb)
        }
        switch random.int(0...4) {
        case 0:  // lines inserted after a line's content, a break before each (as the renderer writes)
            return Edit(span: Span(end, end), text: lb + newLines())
        case 1:  // lines inserted at a line start
            return Edit(span: Span(start, start), text: newLines() + lb)
        case 2:  // a line's text after its indentation replaced
            var i = start
            while i < end && bytes[i] == 32 { i += 1 }
            let from = random.int(i...max(i, end))
            return Edit(span: Span(from, end), text: snippets[random.int(0...snippets.count - 1)])
        case 3:  // whole lines deleted
            let last = min(lines - 1, line + random.int(0...2))
            let stop = last + 1 < lines ? source.lineStarts[last + 1] : bytes.count
            return Edit(span: Span(start, stop), text: "")
        default:  // a few bytes anywhere replaced
            let from = random.int(0...max(0, bytes.count - 1))
            let to = min(bytes.count, from + random.int(0...6))
            return Edit(span: Span(from, to), text: snippets[random.int(0...snippets.count - 1)])
        }
    }

    /// The document whose region (as `Verifier` draws regions) holds every edit, and its range
    /// before and after; nil when the edits span documents or sit on a boundary.
    static func region(of edits: [Edit], in stream: YAMLStream, patchedCount: Int) -> (Int, Range<Int>, Range<Int>)? {
        let documents = stream.documents
        var bounds = [0]
        for k in documents.indices.dropFirst() { bounds.append(max(bounds[k - 1], documents[k - 1].span.end)) }
        bounds.append(max(bounds[bounds.count - 1], stream.source.count))
        var found: Int?
        var growth = 0
        for edit in edits {
            guard let k = Verifier.region(of: edit, bounds: bounds), found == nil || found == k else { return nil }
            found = k
            growth += edit.replacement.count - edit.span.count
        }
        guard let k = found, documents[k].root != nil else { return nil }
        let old = bounds[k]..<bounds[k + 1]
        return (k, old, old.lowerBound..<(old.upperBound + growth))
    }
}
