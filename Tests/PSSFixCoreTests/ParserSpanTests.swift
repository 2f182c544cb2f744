import Foundation
import Testing
@testable import PSSFixCore

/// The parser's promises: byte spans (not libyaml's scalar counts), block collections that end
/// at their last child, zero-width nulls, errors with positions, selective trees.
@Suite struct ParserSpanTests {
    func parse(_ text: String) throws(YAMLError) -> YAMLStream { try YAMLParser.parse(SourceText(text)) }

    func text(_ stream: YAMLStream, _ node: Node?) -> String { stream.source.text(node!.span) }

    @Test func spansAreBytesAfterMultiByteText() throws {
        let s = try parse("# 日本語 😀\nname: \"héllo\"\nemoji: 😀x\n")
        let root = s.documents[0].root!
        #expect(text(s, root["name"]) == "\"héllo\"")
        #expect(text(s, root["emoji"]) == "😀x")
        #expect(root["emoji"]!.location == Location(line: 3, column: 8))
    }

    @Test func bomIsSkippedAndCRLFKept() throws {
        let s = try YAMLParser.parse(SourceText([0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: |\r\n  x\r\n".utf8)))
        let root = s.documents[0].root!
        #expect(text(s, root["a"]) == "1")
        #expect(root["b"]?.scalarValue == "x\n")
        #expect(s.source.dominantLineBreak == .crlf)
    }

    @Test func blockCollectionsEndAtTheirLastChildNotAtTheNextToken() throws {
        let s = try parse("a:\n  b: 1\n  # trailing comment\n\nc: 2\n")
        let a = s.documents[0].root!["a"]!
        #expect(text(s, a) == "b: 1")
    }

    @Test func nullsAreZeroWidthRightAfterTheColon() throws {
        let s = try parse("securityContext:   # set me\nx: ~\n")
        let sc = s.documents[0].root!["securityContext"]!
        #expect(sc.isNull && sc.span.isEmpty && sc.span.start == 16)
        #expect(s.documents[0].root!["x"]!.isNull)
    }

    @Test func duplicateKeysAndUnknownAliasesAreErrorsWithPositions() {
        #expect(throws: YAMLError.self) { try parse("a: 1\nb:\n  c: 1\n  c: 2\n") }
        do {
            _ = try parse("a: 1\nb:\n  c: 1\n  c: 2\n")
        } catch {
            #expect(error.location == Location(line: 4, column: 3))
            #expect(error.message.hasPrefix("duplicate key \"c\""))
        }
        do {
            _ = try parse("a: *nope\n")
            Issue.record("an unknown alias must fail")
        } catch {
            #expect(error.location == Location(line: 1, column: 4))
        }
    }

    @Test func documentsAndFlowSpans() throws {
        let s = try parse("%YAML 1.1\n---\na: {b: [1, 2]}\n...\n---\n# only a comment\n---\n")
        #expect(s.documents.count == 3)
        #expect(text(s, s.documents[0].root!["a"]) == "{b: [1, 2]}")
        #expect(s.documents[0].explicitStart && s.documents[0].explicitEnd)
    }

    /// Documents of other kinds keep only their first keys; their duplicate keys still fail.
    @Test func selectiveTreesForIrrelevantKinds() throws {
        let text = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              names: {kind: Thing}
            ---
            apiVersion: v1
            kind: Pod
            spec:
              containers: [{name: a, image: b}]

            """
        let s = try YAMLParser.parse(SourceText(text), keepKind: Workload.isRelevantKind)
        #expect(s.documents[0].partial)
        #expect(s.documents[0].root!["kind"]?.string == "CustomResourceDefinition")
        #expect(s.documents[0].root!["spec"] == nil, "no tree after an irrelevant kind")
        #expect(!s.documents[1].partial)
        #expect(Workload.find(in: s).count == 1)
        let duplicate = "kind: ConfigMap\ndata:\n  a: 1\n  a: 2\n"
        #expect(throws: YAMLError.self) { try YAMLParser.parse(SourceText(duplicate), keepKind: Workload.isRelevantKind) }
    }

    /// A line's content ends before `\r\n` from any offset on it, the `\n` itself included.
    @Test func lineContentEndSeesCRLFFromEveryOffset() {
        let source = SourceText(Array("ab\r\ncd\n".utf8))
        #expect((0...3).map(source.lineContentEnd(ofByte:)) == [2, 2, 2, 2])
        #expect((4...6).map(source.lineContentEnd(ofByte:)) == [6, 6, 6])
        #expect(source.lineBreak(endingLineAt: 3) == .crlf)
    }

    /// Skipped parts compare keys without building strings: the same duplicates as a full
    /// parse, in small and large mappings, at every depth, and no false ones.
    @Test func skippedPartsFindExactlyTheDuplicatesAFullParseFinds() {
        let many = (0..<40).map { "  k\($0): \($0)\n" }.joined()
        let long = (0..<300).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined()
        let cases: [(String, String?)] = [
            ("kind: ConfigMap\ndata:\n" + many + "  k39: again\n", "duplicate key \"k39\""),
            ("kind: ConfigMap\ndata:\n" + many + "  k40: new\n", nil),
            ("kind: ConfigMap\ndata:\n  a: {x: 1, y: {x: 2}}\n  b: {x: 3}\n", nil),
            ("kind: ConfigMap\ndata:\n  a: {x: 1, y: 2, x: 3}\n", "duplicate key \"x\""),
            ("kind: ConfigMap\ndata:\n  - {a: 1}\n  - {a: 2}\n", nil),
            ("apiVersion: v1\nkind: ConfigMap\napiVersion: v2\n", "duplicate key \"apiVersion\""),
            ("kind: ConfigMap\nx: &m {a: 1}\ny:\n  <<: *m\n  <<: *m\n  b: 2\n", nil),
            ("kind: ConfigMap\ndata:\n  \"a\": 1\n  'a': 2\n", "duplicate key \"a\""),
            ("kind: ConfigMap\ndata:\n  ab: 1\n  ba: 2\n  a: 3\n  b: 4\n", nil),
            // Aliases: an unknown one is an error in a skipped part as in a full parse.
            ("kind: ConfigMap\ndata:\n  a: *nope\n", "unknown alias *nope"),
            ("kind: ConfigMap\ndata:\n  *nope : 1\n", "unknown alias *nope"),
            ("kind: ConfigMap\ndata:\n  a: &x {b: 1}\n  c: *x\n  d: &y [1]\n  e: *y\n", nil),
            // Keys longer than the key buffer's first growth, and slots reused after a mapping
            // ends: a popped key is gone, a live one is still found.
            ("kind: ConfigMap\ndata:\n  a: {\(long): 1}\n  b: {\(long): 2, y: 3}\n", nil),
            ("kind: ConfigMap\ndata:\n  a: {\(long): 1, y: 2, \(long): 3}\n", "duplicate key \"\(long)\""),
            ("kind: ConfigMap\ndata:\n  a: {p: {q: 1}, q: 2}\n  b: {r: {p: 1}, p: 2, r2: {q: 1}, q: 3, p: 4}\n", "duplicate key \"p\""),
            ("kind: ConfigMap\ndata:\n  a: {p: {q: 1}, q: 2}\n  b: {r: {p: 1}, p: 2, r2: {q: 1}, q: 3}\n", nil),
        ]
        for (text, expected) in cases {
            for keep in [false, true] {
                do {
                    _ = try YAMLParser.parse(SourceText(text), keepKind: keep ? Workload.isRelevantKind : nil)
                    #expect(expected == nil, "\(text) should fail with \(expected ?? "")")
                } catch {
                    #expect(expected != nil && error.message.hasPrefix(expected!), "\(text): \(error)")
                }
            }
        }
    }
}

/// Check mode builds no trees for values no check reads; the verdicts must not change.
@Suite struct CheckModeParsingTests {
    @Test func skippedValuesKeepAnchorsAndDuplicateKeys() throws {
        let text = """
            kind: Pod
            spec:
              containers:
              - name: a
                env: &env [{name: X, value: "1"}]
                securityContext: {runAsNonRoot: true}
              - name: b
                env: *env
                resources: {limits: {cpu: 1, cpu: 2}}

            """
        #expect(throws: YAMLError.self) {
            try YAMLParser.parse(SourceText(text), keepKind: nil, skipValuesOf: Workload.keysChecksNeverRead)
        }
        let fine = text.replacingOccurrences(of: "cpu: 1, cpu: 2", with: "cpu: 1")
        let s = try YAMLParser.parse(SourceText(fine), keepKind: nil, skipValuesOf: Workload.keysChecksNeverRead)
        let pod = try #require(Workload.find(in: s).first?.pod)
        #expect(pod.containers.count == 2)
        #expect(pod.containers[0].securityContext?["runAsNonRoot"]?.bool == true)
    }

    @Test func sameVerdictsAsAFullParseOnEveryGoldenInputAndExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var files: [URL] = []
        for dir in ["Golden", "Examples"] {
            let e = FileManager.default.enumerator(at: root.appendingPathComponent(dir), includingPropertiesForKeys: nil)
            while let url = e?.nextObject() as? URL {
                if ["yaml", "json"].contains(url.pathExtension), !url.lastPathComponent.hasPrefix(".") { files.append(url) }
            }
        }
        #expect(files.count > 100)
        var compared = 0
        for url in files {
            let bytes = [UInt8](try Data(contentsOf: url))
            guard let full = try? YAMLParser.parse(SourceText(bytes)) else { continue }
            let light = try YAMLParser.parse(
                SourceText(bytes), keepKind: Workload.isRelevantKind, skipValuesOf: Workload.keysChecksNeverRead)
            let a = Workload.find(in: full), b = Workload.find(in: light)
            #expect(a.count == b.count, "\(url.path)")
            for (x, y) in zip(a, b) {
                for level in [PolicyLevel.baseline, .restricted] {
                    #expect(
                        Evaluator.evaluate(x.pod, level: level, version: .latest) == Evaluator.evaluate(y.pod, level: level, version: .latest),
                        "\(url.path)")
                    compared += 1
                }
            }
        }
        #expect(compared > 100)
    }
}

@Suite struct MarkConverterTests {
    /// Against the obvious definition (count lead bytes), for every index, in and out of order.
    @Test func matchesANaiveCountOnRandomText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", " ", "\n", "é", "日", "😀", "ü", "\r\n", "#"]
        for trial in 0..<50 {
            var text = trial % 5 == 0 ? "\u{FEFF}" : ""
            // Every third text is long ASCII runs with a rare multi-byte scalar: the converter
            // skips ASCII 32 and 8 bytes at a time, and the runs must cross those strides.
            let rare = trial % 3 == 2
            for _ in 0..<Int.random(in: 0..<(rare ? 1500 : 300), using: &generator) {
                text += rare && Int.random(in: 0..<60, using: &generator) != 0 ? "abcdefg"[...].randomElement(using: &generator).map(String.init)!
                    : pieces.randomElement(using: &generator)!
            }
            let bytes = Array(text.utf8)
            let base = text.hasPrefix("\u{FEFF}") ? 3 : 0
            var offsets: [Int] = []  // scalar index -> byte offset, the naive way
            var i = base
            while i < bytes.count {
                offsets.append(i)
                i += 1
                while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
            }
            offsets.append(bytes.count)
            var converter = MarkConverter(bytes: bytes)
            var order = Array(offsets.indices)
            if trial % 2 == 1 { order.shuffle(using: &generator) }
            // The same table as found by LibyamlInput.check (texts without a BOM).
            var checked = bytes.withUnsafeBufferPointer { LibyamlInput.check($0) }
            #expect((checked == nil) == (base == 3 || bytes.isEmpty))
            for index in order {
                #expect(converter.byteOffset(ofScalar: index) == offsets[index], "trial \(trial) index \(index)")
                if checked != nil { #expect(checked!.byteOffset(ofScalar: index) == offsets[index], "trial \(trial) index \(index)") }
            }
        }
    }
}
