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

    /// Plans `allowPrivilegeEscalation: false` into container `app`, then verifies `patched`.
    func verify(_ patched: String) throws -> Bool {
        let stream = try YAMLParser.parse(SourceText(Self.original))
        let app = try #require(stream.documents[0].root?["spec"]?["containers"]?.items.first)
        let op = EditOperation.insert(mapping: app, entries: [("securityContext", .mapping([(key: "allowPrivilegeEscalation", value: .bool(false))]))])
        switch Verifier.verify(original: stream, operations: [op], patched: Array(patched.utf8)) {
        case .success: return true
        case .failure: return false
        }
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
    }

    @Test func refusesAnyOtherDifference() throws {
        let variants = [
            // The planned value wrong, or missing, or an extra key.
            Self.planned.replacingOccurrences(of: "allowPrivilegeEscalation: false", with: "allowPrivilegeEscalation: true"),
            Self.original,
            Self.planned.replacingOccurrences(of: "allowPrivilegeEscalation: false", with: "allowPrivilegeEscalation: false\n      privileged: false"),
            // An untouched sibling, container, document or block scalar changed.
            Self.planned.replacingOccurrences(of: "image: nginx", with: "image: nginx:2"),
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
}
