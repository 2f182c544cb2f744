import PropertyBased
import Testing

@testable import PSSFixCore

/// Verification compares each value a fix adds with the re-parsed node by
/// `SemanticValue.matches`, which builds no collection: it must answer as its definition,
/// `SemanticValue(value) == SemanticValue.build(node, overlay: nil)`, for values written in
/// every way YAML allows (plain words that read as booleans, numbers or null, quotes, tags,
/// flow and block collections, keys quoted or not) and for nodes of other values.
@Suite struct SemanticValueMatchTests {
    /// `value` as YAML text, each scalar and key written one of several ways at random.
    static func yaml(_ value: NewValue, _ rng: inout any SeededRandomNumberGenerator) -> String {
        func pick(_ options: [String]) -> String { options.randomElement(using: &rng)! }
        switch value {
        case .bool(let b):
            return pick([b ? "true" : "false", b ? "True" : "FALSE", b ? "yes" : "no", "\"\(b)\"", "!!str \(b)", "!!bool \(b)"])
        case .int(let i):
            return pick(["\(i)", "'\(i)'", "!!str \(i)", "\(i).0", "+\(i)", "0x\(String(i, radix: 16))"])
        case .string(let s):
            return pick(["'\(s)'", "\"\(s)\"", "!!str '\(s)'"] + (["RuntimeDefault", "ALL", "é", "true", ""].contains(s) ? [s, s] : []))
        case .sequence(let items):
            return "[" + items.map { yaml($0, &rng) }.joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { pair in
                let key = pick(["\"\(pair.key)\"", "'\(pair.key)'"] + (["RuntimeDefault", "ALL", "é", "true"].contains(pair.key) ? [pair.key] : []))
                return key + ": " + yaml(pair.value, &rng)
            }.joined(separator: ", ") + "}"
        }
    }

    /// The node `text` parses to as the value of a key, nil when it does not parse (repeated keys).
    static func node(_ text: String) -> Node? {
        (try? YAMLParser.parse(SourceText("v: " + text + "\n")))?.documents.first?.root?.pairs.first?.value
    }

    @Test func matchesAnswersAsTheDefinition() {
        var rng: any SeededRandomNumberGenerator = Xoshiro(seed: (5, 8, 13, 21))
        var agreed = (matching: 0, differing: 0)
        for _ in 0..<4_000 {
            let value = PlannerSignatureTests.value(&rng)
            let other = Bool.random(using: &rng) ? value : PlannerSignatureTests.value(&rng)
            guard let node = Self.node(Self.yaml(other, &rng)) else { continue }
            let expected = SemanticValue(value) == SemanticValue.build(node, overlay: nil)
            #expect(SemanticValue.matches(value, node) == expected, "\(value.summary) against \(node.span)")
            if expected { agreed.matching += 1 } else { agreed.differing += 1 }
        }
        // Both answers must be exercised, or the test proves little.
        #expect(agreed.matching > 500 && agreed.differing > 500, "\(agreed)")
    }

    @Test func aliasesAndNullsAreNotValues() throws {
        let root = try #require(try YAMLParser.parse(SourceText("a: &x {k: ALL}\nb: *x\nc: ~\nd: [*x]\n")).documents.first?.root)
        let value = NewValue.mapping([("k", .string("ALL"))])
        #expect(SemanticValue.matches(value, try #require(root["a"])))
        #expect(!SemanticValue.matches(value, try #require(root.pairs[1].value)), "an alias stays an alias")
        #expect(!SemanticValue.matches(.string(""), try #require(root["c"])), "null is not the empty string")
        #expect(!SemanticValue.matches(.sequence([value]), try #require(root["d"])))
    }
}
