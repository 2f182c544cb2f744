import Testing
@testable import PSSFixCore

/// `DocumentStyle` reads node records directly (no String per scalar): its answers must be the
/// ones the String-based reading gave.
@Suite struct DocumentStyleTests {
    /// Key order by bytes, as `String.utf8.lexicographicallyPrecedes` orders the key texts
    /// (non-scalar keys count as empty): prefixes, equal keys, non-ASCII, empty and alias keys.
    @Test func keysCompareAsTheirUTF8Does() throws {
        let keys = ["", "a", "ab", "abc", "b", "B", "é", "e\u{301}", "日本", "z9", "zz", "\"q\"", "ab ", "a b"]
        var yaml = "base: &k anchor\n"
        for (i, key) in keys.enumerated() { yaml += "k\(i): \(key.isEmpty ? "''" : "'\(key)'")\n" }
        yaml += "alias: *k\n"
        let stream = try YAMLParser.parse(SourceText(Array(yaml.utf8)))
        let root = try #require(stream.documents.first?.root)
        // The values are the keys to compare (scalars), plus an alias (counts as empty).
        let nodes = root.pairs.map(\.value)
        var compared = 0
        for a in nodes {
            for b in nodes {
                let x = a.scalarValue ?? "", y = b.scalarValue ?? ""
                #expect(DocumentStyle.keyPrecedes(a, b) == x.utf8.lexicographicallyPrecedes(y.utf8), "\(x.debugDescription) < \(y.debugDescription)")
                compared += 1
            }
        }
        #expect(compared == nodes.count * nodes.count && nodes.count == keys.count + 2)
    }

    /// Sorted keys are recognised from three multi-key block mappings on, and one unsorted
    /// mapping anywhere (however deep, in a list) rules it out; indentation and list offsets as
    /// written.
    @Test func learnsSortingIndentationAndListOffsets() throws {
        let sorted = """
            a: 1
            b:
                c: 1
                d:
                  - e: 1
                    f: 2
            """
        var style = try Self.style(sorted)
        #expect(style.sortsKeys)
        #expect(style.indentStep == 4)
        #expect(style.sequenceOffset == 2)
        style = try Self.style(sorted.replacingOccurrences(of: "e: 1\n        f: 2", with: "f: 1\n        e: 2"))
        #expect(!style.sortsKeys)
        style = try Self.style("spec:\n  containers:\n  - name: a\n    image: b\n")
        #expect(style.indentStep == 2 && style.sequenceOffset == 0 && !style.sortsKeys)
        style = try Self.style("{\"a\":[\n  1,\n  2],\"b\":{\"c\":1}}")
        #expect(style.expandsFlowSequences && style.colon == ":" && style.comma == ",")
    }

    static func style(_ text: String) throws -> DocumentStyle {
        let source = SourceText(Array(text.utf8))
        let stream = try YAMLParser.parse(source)
        return DocumentStyle(root: stream.documents.first?.root, source: source)
    }
}
