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
}
