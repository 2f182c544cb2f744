import Testing

@testable import PSSFixCore

/// The verifier is the last gate before a file is written: it must accept exactly the original
/// plus the planned change, and refuse any other difference, wherever it is.
@Suite struct VerifierTests {
    static let original = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web   # the web tier
        spec:
          containers:
          - name: app
            image: nginx
            args:
            - |
              echo hi

          - name: side
            image: busybox
        ---
        kind: ConfigMap
        data: {a: "1"}

        """

    /// Plans `allowPrivilegeEscalation: false` into container `app`, then verifies `patched`
    /// both ways: re-parsing the whole file, and re-parsing only the documents the edit touches
    /// (the edit is the one replacement between the common prefix and suffix). Both must agree.
    func verify(_ patched: String, original: String = VerifierTests.original) throws -> Bool {
        let stream = try YAMLParser.parse(SourceText(original))
        let app = try #require(stream.documents[0].root?["spec"]?["containers"]?.items.first)
        let op = EditOperation.insert(mapping: app, entries: [("securityContext", .mapping([(key: "allowPrivilegeEscalation", value: .bool(false))]))])
        let new = Array(patched.utf8)
        let whole = Verifier.verify(original: stream, operations: [op], patched: new)
        let regional = Verifier.verify(original: stream, operations: [op], edits: Self.edits(from: Array(original.utf8), to: new), patched: new)
        switch (whole, regional) {
        case (.success, .success): return true
        case (.failure, .failure): return false
        default:
            Issue.record("the two verification paths disagree on:\n\(patched)")
            return false
        }
    }

    /// One replacement turning `old` into `new` (none when they are equal).
    static func edits(from old: [UInt8], to new: [UInt8]) -> [Edit] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        if prefix == old.count && prefix == new.count { return [] }
        return [Edit(span: Span(prefix, old.count - suffix), replacement: Array(new[prefix..<(new.count - suffix)]))]
    }

    static let planned = original.replacingOccurrences(
        of: "      echo hi\n\n", with: "      echo hi\n\n    securityContext:\n      allowPrivilegeEscalation: false\n")

    @Test func acceptsThePlannedChangeInAnyEquivalentForm() throws {
        #expect(try verify(Self.planned))
        // Flow style, or the key first: same meaning.
        #expect(try verify(Self.original.replacingOccurrences(
            of: "      echo hi\n\n", with: "      echo hi\n\n    securityContext: {allowPrivilegeEscalation: false}\n")))
        #expect(try verify(Self.original.replacingOccurrences(
            of: "  - name: app\n", with: "  - securityContext:\n      allowPrivilegeEscalation: false\n    name: app\n")))
        // A key on the edited path written another way (keys written alike are matched by
        // their bytes, the others by meaning).
        #expect(try verify(Self.planned.replacingOccurrences(of: "    image: nginx", with: "    \"image\": nginx")))
        #expect(try verify(Self.planned.replacingOccurrences(of: "    image: nginx", with: "    !!str image: nginx")))
    }

    @Test func refusesAnyOtherDifference() throws {
        let variants = [
            // The planned value wrong, or missing, or an extra key.
            Self.planned.replacingOccurrences(of: "allowPrivilegeEscalation: false", with: "allowPrivilegeEscalation: true"),
            Self.original,
            Self.planned.replacingOccurrences(of: "allowPrivilegeEscalation: false", with: "allowPrivilegeEscalation: false\n      privileged: false"),
            // An untouched sibling, container, document or block scalar changed; a key on the
            // edited path renamed, or made a number.
            Self.planned.replacingOccurrences(of: "image: nginx", with: "image: nginx:2"),
            Self.planned.replacingOccurrences(of: "    image: nginx", with: "    imag: nginx"),
            Self.planned.replacingOccurrences(of: "    image: nginx", with: "    1: nginx"),
            Self.planned.replacingOccurrences(of: "image: busybox", with: "image: busybox2"),
            Self.planned.replacingOccurrences(of: "data: {a: \"1\"}", with: "data: {a: \"2\"}"),
            Self.planned.replacingOccurrences(of: "echo hi", with: "echo ho"),
            Self.planned.replacingOccurrences(of: "name: web", with: "name: web2"),
            // The change landed in the wrong container.
            Self.original + "",
        ]
        let wrongPlace = Self.original.replacingOccurrences(
            of: "    image: busybox\n", with: "    image: busybox\n    securityContext:\n      allowPrivilegeEscalation: false\n")
        for variant in variants + [wrongPlace] {
            #expect(try !verify(variant), "accepted:\n\(variant)")
        }
    }

    /// Only the edited document is re-parsed: the others are proven unchanged by their bytes,
    /// wherever they are (before or after the edit, behind `...` and directives), and an edit
    /// that splits or merges documents is refused. (Comments carry no meaning: a changed comment
    /// in the edited document passes either way; the patcher never writes outside its edits.)
    @Test func reparsesOnlyTheEditedDocumentAndChecksTheRest() throws {
        let original = "# lead\n" + Self.original + "...\n%YAML 1.1\n---\nkind: Service\nspec: {a: 1}\n"
        let planned = original.replacingOccurrences(
            of: "      echo hi\n\n", with: "      echo hi\n\n    securityContext:\n      allowPrivilegeEscalation: false\n")
        #expect(try verify(planned, original: original))
        let stream = try YAMLParser.parse(SourceText(original))
        #expect(stream.documents.count == 3)
        let app = try #require(stream.documents[0].root?["spec"]?["containers"]?.items.first)
        let op = EditOperation.insert(mapping: app, entries: [("securityContext", .mapping([(key: "allowPrivilegeEscalation", value: .bool(false))]))])
        let new = Array(planned.utf8)
        guard case .success(let reparsed) = Verifier.verify(original: stream, operations: [op], edits: Self.edits(from: Array(original.utf8), to: new), patched: new)
        else {
            Issue.record("refused the planned change")
            return
        }
        #expect(Array(reparsed.documents.keys) == [0])
        #expect(!reparsed.wholeFile, "only the changed document is re-parsed")
        // The re-parsed document's spans and lines are the patched file's.
        let newApp = try #require(reparsed.documents[0]?.root?["spec"]?["containers"]?.items.first)
        let flag = try #require(newApp["securityContext"]?["allowPrivilegeEscalation"])
        #expect(Array(new[flag.span.start..<flag.span.end]) == Array("false".utf8))
        #expect(flag.location == reparsed.source.location(ofByte: flag.span.start))
        let broken = [
            planned.replacingOccurrences(of: "kind: Service", with: "kind: Service2"),
            planned.replacingOccurrences(of: "%YAML 1.1\n", with: ""),
            planned.replacingOccurrences(of: "allowPrivilegeEscalation: false\n", with: "allowPrivilegeEscalation: false\n---\n"),
            planned.replacingOccurrences(of: "allowPrivilegeEscalation: false\n", with: "allowPrivilegeEscalation: \"false\n"),
        ]
        for variant in broken {
            #expect(try !verify(variant, original: original), "accepted:\n\(variant)")
        }
    }

    /// An edit belongs to a document's region only strictly inside it (the first region from
    /// byte 0, the last to the end of file); on a boundary it could be either's, and the
    /// verifier re-parses the whole file instead.
    @Test func editsOnDocumentBoundariesBelongToNoRegion() {
        let bounds = [0, 10, 20, 30]
        func region(_ start: Int, _ end: Int) -> Int? { Verifier.region(of: Edit(span: Span(start, end), text: "x"), bounds: bounds) }
        #expect(region(0, 0) == 0)
        #expect(region(3, 9) == 0)
        #expect(region(9, 10) == nil)
        #expect(region(10, 10) == nil)
        #expect(region(11, 12) == 1)
        #expect(region(19, 19) == 1)
        #expect(region(20, 21) == nil)
        #expect(region(25, 30) == 2)
        #expect(region(30, 30) == 2)
        #expect(region(5, 15) == nil)
        // A deletion may end on the boundary after it (nothing is left at the junction), never
        // start on the one before it.
        func deletion(_ start: Int, _ end: Int) -> Int? { Verifier.region(of: Edit(span: Span(start, end), text: ""), bounds: bounds) }
        #expect(deletion(5, 10) == 0)
        #expect(deletion(12, 20) == 1)
        #expect(deletion(10, 12) == nil)
        #expect(deletion(15, 21) == nil)
        #expect(deletion(25, 30) == 2)
    }

    /// A document's last line removed (its only capability) right before the next `---`: the
    /// deletion ends on the boundary and is still the document's alone, so only the edited
    /// documents are re-parsed.
    @Test func aDeletedLastLineBeforeTheNextDocumentKeepsVerificationPerDocument() throws {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  securityContext:\n    runAsNonRoot: true\n"
            + "    seccompProfile: {type: RuntimeDefault}\n  containers:\n  - name: a\n    image: a\n    securityContext:\n"
            + "      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]\n        add: [NET_RAW]\n"
        let text = pod + "---\n" + pod + "---\nkind: ConfigMap\n"
        let stream = try YAMLParser.parse(SourceText(text))
        var intents: [Int: [FixIntent]] = [:]
        for workload in Workload.find(in: stream) {
            var plan = FixPlan()
            CapabilitiesRestrictedFixer.plan(workload.pod, options: FixOptions(), into: &plan)
            intents[workload.documentIndex, default: []] += plan.intents
        }
        let outcome = TextPatcher.patch(stream, intents: intents)
        #expect(outcome.problem == nil)
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == text.replacingOccurrences(of: "        add: [NET_RAW]\n", with: ""))
        #expect(outcome.reparsed?.wholeFile == false)
        #expect(outcome.reparsed.map { Set($0.documents.keys) } == [0, 1])
    }
}
