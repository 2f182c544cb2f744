import Testing

@testable import PSSFixCore

/// Flow-style documents (JSON) take windows too (`ReparseWindows+Flow.swift`): pairs added
/// after a mapping's last value on lines of their own, and a scalar value replaced in a pair
/// whose key starts its line. Each windowed document is compared node for node with a whole
/// re-parse; what the windows cannot prove (a one-line document, where columns would move)
/// is re-parsed whole.
@Suite struct FlowWindowTests {
    static func fix(_ text: String) -> (result: FileFixResult, compared: Int, differences: [String]) {
        var result: FileFixResult?
        let (compared, differences) = ReparseWindowsTests.crossChecked {
            result = ManifestFixer.fix(Array(text.utf8), options: FixOptions(level: .restricted))
        }
        return (result!, compared, differences)
    }

    static let pretty = """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {
            "name": "web"
          },
          "spec": {
            "containers": [
              {
                "name": "app",
                "image": "nginx:1.27"
              }
            ]
          }
        }

        """

    @Test func prettyJSONInsertionsTakeWindows() {
        let (result, compared, differences) = Self.fix(Self.pretty)
        #expect(result.changed)
        #expect(compared == 1, "the document was not windowed")
        #expect(differences.isEmpty, "\(differences)")
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty })
    }

    @Test func aReplacedValueTakesAPairWindow() {
        let text = Self.pretty.replacingOccurrences(
            of: "\"image\": \"nginx:1.27\"\n",
            with: "\"image\": \"nginx:1.27\",\n            \"securityContext\": {\n              \"allowPrivilegeEscalation\": true\n            }\n")
        let (result, compared, differences) = Self.fix(text)
        #expect(result.changed)
        #expect(String(decoding: result.fixed, as: UTF8.self).contains("\"allowPrivilegeEscalation\": false"))
        #expect(compared == 1, "the document was not windowed")
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test func aOneLineDocumentIsReparsedWhole() {
        let text = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}"# + "\n"
        let (result, compared, differences) = Self.fix(text)
        #expect(result.changed)
        #expect(compared == 0, "a one-line document took windows: the columns after an insertion move")
        #expect(differences.isEmpty)
    }
}
