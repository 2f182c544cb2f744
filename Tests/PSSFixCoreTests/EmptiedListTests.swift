import Testing

@testable import PSSFixCore

/// A list that loses every item (`capabilities.add` when each capability is removed) loses its
/// key too, in every style; its comments stay (the key's line is commented out with them).
/// Never `add: []`.
@Suite struct EmptiedListTests {
    static func fix(_ text: String, _ options: FixOptions = FixOptions()) -> (result: FileFixResult, text: String) {
        let result = ManifestFixer.fix(Array(text.utf8), options: options)
        return (result, String(decoding: result.fixed, as: UTF8.self))
    }

    static let head = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: a\n    securityContext:\n"

    /// (name, capabilities as written, capabilities expected) for the restricted fix, which
    /// also adds `drop: [ALL]`.
    static let styles: [(String, String, String)] = [
        ("block, only key", "      capabilities:\n        add:\n        - NET_RAW\n        - CHOWN\n",
         "      capabilities:\n        drop:\n        - ALL\n"),
        ("block, one item", "      capabilities:\n        add:\n        - CHOWN\n",
         "      capabilities:\n        drop:\n        - ALL\n"),
        ("block, indented items, before drop", "      capabilities:\n        add:\n          - NET_RAW\n        drop:\n          - ALL\n",
         "      capabilities:\n        drop:\n          - ALL\n"),
        ("block, after drop", "      capabilities:\n        drop: [ALL]\n        add:\n        - NET_RAW\n",
         "      capabilities:\n        drop: [ALL]\n"),
        ("flow, only key", "      capabilities:\n        add: [NET_RAW, CHOWN]\n",
         "      capabilities:\n        drop:\n        - ALL\n"),
        ("flow, one quoted item, after drop", "      capabilities:\n        drop: [\"ALL\"]\n        add: [\"NET_RAW\"]\n",
         "      capabilities:\n        drop: [\"ALL\"]\n"),
        ("flow over lines", "      capabilities:\n        add: [\n          NET_RAW,\n          CHOWN\n        ]\n",
         "      capabilities:\n        drop:\n        - ALL\n"),
        ("flow mapping, only key", "      capabilities: {add: [NET_RAW, CHOWN]}\n", "      capabilities: {drop: [ALL]}\n"),
        ("flow mapping, with drop", "      capabilities: {add: [NET_RAW], drop: [ALL]}\n", "      capabilities: {drop: [ALL]}\n"),
    ]

    @Test(arguments: styles.indices)
    func theKeyGoesInEveryStyle(_ i: Int) {
        let (name, written, expected) = Self.styles[i]
        let (result, text) = Self.fix(Self.head + written)
        #expect(result.status == .processed, "\(name)")
        #expect(text.contains(Self.head + expected), "\(name):\n\(text)")
        #expect(!text.contains("add"), "\(name):\n\(text)")
        #expect(result.workloads.allSatisfy { $0.remaining.isEmpty && $0.manual.isEmpty }, "\(name)")
        #expect(Self.fix(text).text == text, "\(name): not idempotent")
    }

    @Test func prettyJSONLosesTheKeyAndGainsDropInItsPlace() {
        let input = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "a"},
              "spec": {
                "containers": [
                  {
                    "name": "a",
                    "image": "a",
                    "securityContext": {
                      "capabilities": {
                        "add": ["NET_RAW", "CHOWN"]
                      },
                      "allowPrivilegeEscalation": false
                    }
                  }
                ],
                "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}}
              }
            }

            """
        let (result, text) = Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("""
                      "capabilities": {
                        "drop": [
                          "ALL"
                        ]
                      },
            """), "\(text)")
        #expect(!text.contains("add"))
    }

    @Test func minifiedJSONLosesTheKey() {
        let input = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"a","image":"a","securityContext":{"capabilities":{"drop":["ALL"],"add":["NET_RAW"]}}}]}}"#
        let (result, text) = Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains(#""capabilities":{"drop":["ALL"]},"allowPrivilegeEscalation":false"#), "\(text)")
        let (onlyAdd, onlyAddText) = Self.fix(input.replacingOccurrences(of: #""drop":["ALL"],"#, with: ""))
        #expect(onlyAdd.status == .processed)
        #expect(onlyAddText.contains(#""capabilities":{"drop":["ALL"]}"#), "\(onlyAddText)")
    }

    /// Comments on the key, between items and on items stay; the key line and the items that
    /// carry a comment are commented out, so what the comments were about is still said.
    @Test func commentsStayWithTheCommentedOutKey() {
        let input = Self.head + "      capabilities:\n        add:  # for the VPN\n        - NET_ADMIN\n        # and the clock\n        - SYS_TIME  # ntpd\n        drop: [ALL]\n"
        let (result, text) = Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("      capabilities:\n        # add:  # for the VPN\n        # and the clock\n        # - SYS_TIME  # ntpd\n        drop: [ALL]\n"), "\(text)")
    }

    @Test func aCommentAfterAOneLineListKeepsItsLine() {
        let (result, text) = Self.fix(Self.head + "      capabilities:\n        add: [NET_RAW]  # ping\n")
        #expect(result.status == .processed)
        #expect(text.contains("      capabilities:\n        # add: [NET_RAW]  # ping\n        drop:\n        - ALL\n"), "\(text)")
    }

    /// A list over several lines with a comment inside is commented out line by line (it used
    /// to become `add: [` + a line of spaces + `]`, losing the comment).
    @Test func aMultiLineFlowListWithACommentIsCommentedOut() {
        let (result, text) = Self.fix(Self.head + "      capabilities:\n        add: [\n          NET_RAW,  # ping\n          CHOWN\n        ]\n        drop: [ALL]\n")
        #expect(result.status == .processed)
        #expect(text.contains("        # add: [\n          # NET_RAW,  # ping\n          # CHOWN\n        # ]\n        drop: [ALL]\n"), "\(text)")
    }

    /// Only some items go from a flow list over several lines whose removed item carries a
    /// comment: refused with the reason, never silently losing the comment (found by fuzzing).
    @Test func aCommentBetweenFlowItemsIsNeverLost() {
        let input = Self.head + "      capabilities:\n        add: [\n          NET_RAW,  # ping\n          CHOWN\n        ]\n"
        let (result, text) = Self.fix(input, FixOptions(level: .baseline))
        #expect(result.status == .processed)
        #expect(text == input)
        #expect(result.workloads[0].manual.contains { $0.reason.contains("without losing the comment at 12:21") }, "\(result.workloads[0].manual)")
    }

    /// A flow mapping that loses its only key and gains `drop` is one change: when the removal
    /// is refused, so is the insertion that would take the key's place (found by fuzzing).
    @Test func aRefusedRemovalTakesTheInsertionInItsPlaceAlong() {
        let input = Self.head + "      capabilities: {add: [\"NET_RAW #x\"]}\n"
        let (result, text) = Self.fix(input)
        #expect(result.status == .processed)
        #expect(text.contains("      capabilities: {add: [\"NET_RAW #x\"]}\n"), "\(text)")
        let left = result.workloads[0].manual.filter { $0.checkID == "capabilities_restricted" }
        #expect(left.count == 2 && left.allSatisfy { $0.reason.contains("without losing the comment") }, "\(left)")
    }

    /// Baseline adds no `drop`: the emptied `capabilities` stays a mapping, `{}`, with the
    /// comments of the removed key below it.
    @Test func baselineLeavesAnEmptyMappingWithTheComments() {
        let options = FixOptions(level: .baseline)
        let (plain, plainText) = Self.fix(Self.head + "      capabilities:\n        add:\n        - NET_ADMIN\n      runAsUser: 1000\n", options)
        #expect(plain.status == .processed)
        #expect(plainText.contains("      capabilities: {}\n      runAsUser: 1000\n"), "\(plainText)")
        let (commented, commentedText) = Self.fix(Self.head + "      capabilities:  # why\n        add:\n        - NET_ADMIN  # tunnel\n", options)
        #expect(commented.status == .processed)
        #expect(commentedText.hasSuffix("      capabilities: {}  # why\n        # add:\n        # - NET_ADMIN  # tunnel\n"), "\(commentedText)")
    }

    /// A mapping emptied (`capabilities: {}`) while a key is added after it: the added key's
    /// place falls in the removed lines and moves to the end of `capabilities:`, where `{}` is
    /// written too; `{}` must come first (it came second: `capabilities:` + the new line + `{}`).
    @Test func anEmptiedMappingKeepsItsBracesBeforeAKeyAddedAfterIt() throws {
        let input = Self.head + "      capabilities:\n        add: [NET_RAW]\n"
        let stream = try YAMLParser.parse(SourceText(input))
        let container = try #require(Workload.find(in: stream).first?.pod.containers.first)
        let add = try #require(container.securityContext?.mapping("capabilities")?.sequence("add"))
        let intents = [
            FixIntent(.remove(sequence: add, items: Array(add.items)), checkID: "capabilities_baseline", summary: "remove"),
            FixIntent(.set(base: container.node, path: ["securityContext", "allowPrivilegeEscalation"], value: .bool(false)),
                      checkID: "allowPrivilegeEscalation", summary: "set"),
        ]
        let outcome = TextPatcher.patch(stream, intents: [0: intents])
        #expect(outcome.problem == nil)
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == Self.head + "      capabilities: {}\n      allowPrivilegeEscalation: false\n")
    }

    @Test func crlfAndAMissingFinalNewlineAreKept() {
        let crlf = (Self.head + "      capabilities:\n        add:  # c\n        - NET_RAW\n        - CHOWN\n").replacingOccurrences(of: "\n", with: "\r\n")
        let (result, text) = Self.fix(crlf)
        #expect(result.status == .processed)
        #expect(text.contains("      capabilities:\r\n        # add:  # c\r\n        drop:\r\n        - ALL\r\n"), "\(text.debugDescription)")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

        let noNewline = Self.head + "      capabilities:\n        add:\n        - NET_RAW  # x\n        - CHOWN"
        let (result2, text2) = Self.fix(noNewline)
        #expect(result2.status == .processed)
        #expect(text2.contains("      capabilities:\n        # add:\n        # - NET_RAW  # x\n        drop:\n        - ALL\n"), "\(text2)")
        #expect(!text2.hasSuffix("\n"))
    }

    /// An anchored list cannot lose its key (its aliases would break): refused the same way in
    /// block and flow style, never emptied to `&caps []`.
    @Test func anAnchoredListIsLeftAloneInEveryStyle() {
        for written in ["        add: &caps [NET_RAW]\n", "        add: &caps\n        - NET_RAW\n"] {
            let input = Self.head + "      capabilities:\n" + written + "        drop: [ALL]\n"
            let (result, text) = Self.fix(input)
            #expect(result.status == .processed)
            #expect(text.contains(written), "\(text)")
            #expect(result.workloads[0].manual.contains { $0.reason.contains("carries an anchor or tag; empty it by hand") }, "\(result.workloads[0].manual)")
        }
    }

    /// The rule is the planner's, not the capability fixer's: an opt-in fix that removes every
    /// unsafe sysctl removes the `sysctls` key as well.
    @Test func everyEmptiedListLosesItsKey() {
        let input = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: a\n  securityContext:\n    sysctls: [{name: kernel.msgmax, value: \"1\"}]\n    runAsNonRoot: true\n"
        let (result, text) = Self.fix(input, FixOptions(optIn: ["sysctls"]))
        #expect(result.status == .processed)
        #expect(text.contains("  securityContext:\n    runAsNonRoot: true\n"), "\(text)")
        #expect(!text.contains("sysctls"))
    }
}
