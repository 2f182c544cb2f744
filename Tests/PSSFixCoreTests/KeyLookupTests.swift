import Testing
@testable import PSSFixCore

/// Key lookups compare stored hashes before strings: every way two keys can look alike must
/// still be told apart, and merge keys and alias keys must still be found.
@Suite struct KeyLookupTests {
    @Test func mergeKeyHashIsTheHashOfTheMergeKey() {
        #expect(Node.mergeKeyHash == Node.keyHash("<<"))
        for key in ["", "a", "<<", "kind", String(repeating: "x", count: 200)] { #expect(Node.keyHash(key) != 0, "\(key)") }
    }

    @Test func lookupsFindExactlyTheirKey() throws {
        let long = String(repeating: "k", count: 70)
        let text = """
            base: &base {inherited: 1, own: 0}
            names: &alias aliased
            map:
              <<: *base
              own: 2
              "<<": quoted
              \(long)a: first
              \(long)b: second
              ? *alias
              : via-alias
              short: s
            """
        let root = try #require(try YAMLParser.parse(SourceText(text)).documents.first?.root)
        let map = try #require(root["map"])
        #expect(map["own"]?.string == "2", "own keys win over merged ones")
        #expect(map["inherited"]?.int == 1, "merged keys are found")
        #expect(map["<<"]?.string == "quoted", "a quoted << is an ordinary key")
        #expect(map[long + "a"]?.string == "first")
        #expect(map[long + "b"]?.string == "second", "keys longer than the hashed prefix are compared whole")
        #expect(map["short"]?.string == "s")
        #expect(map["aliased"]?.string == "via-alias", "an alias key is looked up by its target's text")
        #expect(map["missing"] == nil)
        #expect(map[long] == nil)
    }

    @Test func duplicateKeysAreFoundPastTheHashedPrefix() {
        let long = String(repeating: "k", count: 70)
        #expect(throws: YAMLError.self) { try YAMLParser.parse(SourceText("\(long)a: 1\nb: 2\n\(long)a: 3\n")) }
        #expect(throws: Never.self) { try YAMLParser.parse(SourceText("\(long)a: 1\n\(long)b: 2\n\"<<\": 3\n<<: {c: 4}\n")) }
    }
}
