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

    /// Every lookup, whatever the mapping holds (plain keys, merge keys, alias and collection
    /// keys, a quoted `<<`), answers as the definition does: the first of
    /// the mapping's effective pairs (own keys, then merged ones) whose key reads as `key`.
    @Test func everyPathAnswersAsTheDefinition() throws {
        let long = String(repeating: "k", count: 70)
        let text = """
            base: &base {inherited: 1, own: 0, x: 9}
            names: &alias aliased
            plain: {a: 1, b: 2, "c": 3, 'd e': 4, \(long)a: 5, \(long)b: 6, "": 7, é: 8, 1: 9, true: 10}
            block:
              apiVersion: v1
              kind: Pod
              spec: {containers: []}
            merged:
              <<: *base
              own: 2
            aliasKey:
              ? *alias
              : via-alias
              z: 1
            complexKey:
              ? [a, b]
              : list
              y: 2
            quotedMerge:
              "<<": quoted
              w: 3
            scalar: text
            list: [a, b]
            """
        let root = try #require(try YAMLParser.parse(SourceText(text)).documents.first?.root)
        let keys = ["a", "b", "c", "d e", "d", long + "a", long + "b", long, "", "é", "e", "1", "true", "apiVersion", "kind", "spec",
                    "inherited", "own", "x", "aliased", "z", "y", "<<", "w", "missing", "text", "0"]
        var answered = 0
        for pair in root.pairs {
            let node = pair.value
            for key in keys {
                let expected = node.resolved.effectivePairs.first { $0.key.resolved.scalarValue == key }?.value
                let actual = node[key]
                #expect(actual?.id == expected?.id, "\(pair.key.scalarValue ?? "?")[\(key)]")
                if actual != nil { answered += 1 }
            }
        }
        #expect(answered == 24, "every key present is found: 10 in plain, 3 in block, 3 in merged and in base, 2 in aliasKey and quotedMerge, 1 in complexKey")
    }

    /// `ownPair` reads keys as bytes and makes a String only for non-ASCII keys whose bytes
    /// differ: it must answer as its definition (the first own pair whose key's String equals
    /// `key`), Unicode canonical equivalence included (the Kelvin sign equals `K`).
    @Test func ownPairAnswersAsTheDefinition() throws {
        let long = String(repeating: "k", count: 70)
        let text = """
            names: &alias aliased
            map:
              K: ascii
              \u{212A}elvin: kelvin sign
              caf\u{E9}: precomposed
              cafe\u{301}x: decomposed
              \(long)a: first
              \(long)b: second
              ? *alias
              : via-alias
              ? [a, b]
              : list
              "quoted": q
              <<: {merged: 1}
              1: one
            """
        let root = try #require(try YAMLParser.parse(SourceText(text)).documents.first?.root)
        let map = try #require(root["map"])
        let keys = ["K", "Kelvin", "\u{212A}elvin", "caf\u{E9}", "cafe\u{301}", "cafe\u{301}x", "caf\u{E9}x", long + "a", long + "b", long,
                    "aliased", "quoted", "<<", "merged", "1", "", "missing"]
        var found = 0
        for key in keys {
            let expected = map.pairs.first { $0.key.scalarValue == key }
            #expect(map.ownPair(key)?.key.id == expected?.key.id, "ownPair(\(key.debugDescription))")
            if expected != nil { found += 1 }
        }
        #expect(found == 12, "K, Kelvin both ways, café both ways, caféx both ways, two long keys, quoted, <<, 1")
    }

    @Test func duplicateKeysAreFoundPastTheHashedPrefix() {
        let long = String(repeating: "k", count: 70)
        #expect(throws: YAMLError.self) { try YAMLParser.parse(SourceText("\(long)a: 1\nb: 2\n\(long)a: 3\n")) }
        #expect(throws: Never.self) { try YAMLParser.parse(SourceText("\(long)a: 1\n\(long)b: 2\n\"<<\": 3\n<<: {c: 4}\n")) }
    }
}
