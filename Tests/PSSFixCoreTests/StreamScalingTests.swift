import Testing

@testable import PSSFixCore

/// The parts that keep a stream of thousands of documents linear (a fix of one helm or
/// kustomize output): they must give what the simple forms they replaced gave. No timings here
/// (those are in Benchmarks/stream.sh); only results.
@Suite struct StreamScalingTests {
    /// `count` small documents, and the same with one line changed and one added in every
    /// document but each fifth: more changes than the hashed diff's budget allows for this size,
    /// so the document-by-document path runs.
    static func stream(_ count: Int, markers: Bool = true) -> (old: [UInt8], new: [UInt8]) {
        var old = ""
        var new = ""
        for i in 0..<count {
            let sep = i == 0 ? "" : (markers ? "---\n" : "#\n")
            let body = "kind: Pod\nmetadata:\n  name: p\(i)\nspec:\n  containers:\n  - name: app\n"
            old += sep + body + "    image: a:1\n"
            new += sep + body + (i % 5 == 0 ? "    image: a:1\n" : "    image: a:2\n    securityContext: {}\n")
        }
        return (Array(old.utf8), Array(new.utf8))
    }

    static func changes(_ old: [UInt8], _ new: [UInt8], exactOnly: Bool) -> [LineDiff.Change] {
        LineDiff.changes(
            old: old, oldLines: LineDiff.lines(of: old), new: new, newLines: LineDiff.lines(of: new), exactOnly: exactOnly)
    }

    @Test func aStreamDiffedByDocumentGivesTheWholeFileScript() {
        let (old, new) = Self.stream(1200)
        let byDocument = Self.changes(old, new, exactOnly: false)
        let whole = Self.changes(old, new, exactOnly: true)
        #expect(byDocument.count == 960)
        #expect(byDocument == whole)
    }

    @Test func withoutMatchingDocumentMarkersTheWholeFileIsDiffed() {
        // `#` lines instead of `---`: no document path; and a marker removed on one side.
        let (old, new) = Self.stream(1200, markers: false)
        #expect(Self.changes(old, new, exactOnly: false) == Self.changes(old, new, exactOnly: true))
        let (o2, n2) = Self.stream(1200)
        var fewer = n2
        let marker = Array("---\n".utf8)
        if let at = (0..<(fewer.count - 4)).first(where: { Array(fewer[$0..<($0 + 4)]) == marker }) {
            fewer.replaceSubrange(at..<(at + 4), with: Array("#--\n".utf8))
        }
        let script = Self.changes(o2, fewer, exactOnly: false)
        #expect(script == Self.changes(o2, fewer, exactOnly: true))
    }

    @Test func documentStartLines() {
        func start(_ s: String) -> Bool {
            let bytes = Array(s.utf8)
            return LineDiff.isDocumentStart(0..<bytes.count, in: bytes)
        }
        #expect(start("---\n") && start("---\r\n") && start("---") && start("--- # c\n") && start("--- !tag\n") && start("---\t{}\n"))
        #expect(!start("----\n") && !start("--\n") && !start(" ---\n") && !start("---x\n"))
    }

    /// The binary search that finds the document holding an edit target agrees with the scan it
    /// replaced, for every node of a stream with empty and comment-only documents.
    @Test func documentLookupAgreesWithAScan() throws {
        let text = "a: 1\n---\n---\n# only a comment\n---\nb: [1, 2]\n...\n# after\n---\nc: {d: e}\n"
        let stream = try YAMLParser.parse(SourceText(text))
        var spans: [Span] = []
        func visit(_ node: Node) {
            spans.append(node.span)
            for pair in node.pairs {
                visit(pair.key)
                visit(pair.value)
            }
            node.items.forEach(visit)
        }
        for document in stream.documents { document.root.map(visit) }
        spans += [Span(0, 0), Span(text.utf8.count, text.utf8.count), Span(3, 12)]
        for span in spans {
            let scan = stream.documents.firstIndex { $0.span.start <= span.start && span.end <= $0.span.end }
            #expect(Verifier.firstDocument(holding: span, in: stream.documents) == scan, "\(span)")
        }
    }

    /// Verification of a stream with many edited documents, and an insertion moved out of
    /// deleted lines in each of them (the lookups that were scans over the whole file).
    @Test func aFixedStreamVerifiesAndKeepsEveryDocument() {
        var text = ""
        for i in 0..<300 {
            text += (i == 0 ? "" : "---\n") + "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\(i)\nspec:\n  containers:\n  - name: a\n"
                + "    image: a\n    securityContext:\n      capabilities:\n        add:\n        - NET_RAW\n"
        }
        let result = ManifestFixer.fix(Array(text.utf8), options: FixOptions())
        #expect(result.status == .processed)
        #expect(result.workloads.count == 300)
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
        let fixed = String(decoding: result.fixed, as: UTF8.self)
        #expect(fixed.components(separatedBy: "      capabilities:\n        drop:\n        - ALL\n      allowPrivilegeEscalation: false\n").count == 301)
    }
}
