import Foundation
import PSSFixCore
import Testing
@testable import PSSFixCLI

/// The byte-level helpers that replaced String operations on hot paths (walk, read, JSON): each
/// is compared with the obvious String version on inputs that hit every word boundary.
@Suite struct ByteHelperTests {
    /// The JSON escaper skips eight clean bytes at a time: an escape at any offset of a word,
    /// and next to multi-byte UTF-8, must come out exactly as the simple per-character version.
    @Test func jsonStringEscapesAtEveryOffset() throws {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t", "é", " ", "~", "\u{7F}"] {
            for offset in 0..<20 {
                let s = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset) + "ü\"x"
                var out: [UInt8] = []
                JSONText.appendString(s, to: &out)
                #expect(String(decoding: out, as: UTF8.self) == reference(s), "offset \(offset) \(special.debugDescription)")
                // And the result is JSON that decodes back to the same string.
                let back = try JSONDecoder().decode(String.self, from: Data(out))
                #expect(back == s)
            }
        }
    }

    /// Integers are written digit by digit into the report: the same text as `String(value)`.
    @Test func jsonIntegersAsStringDescribesThem() {
        var values: [Int] = [0, 1, -1, 9, 10, 99, 100, 12345, -98765, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for value in values {
            var out: [UInt8] = [UInt8(ascii: "x")]
            JSONText.appendInt(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "x" + String(value))
        }
    }

    @Test func manifestExtensionsInAnyCase() {
        for name in ["a.yaml", "a.YML", "b.c.Json", "x.yml", ".yaml"] { #expect(InputCollector.hasManifestExtension(name), "\(name)") }
        for name in ["a.yaml~", "a.txt", "yaml", "a.yamll", "a.", "a.jsn", "a.ymlx"] {
            #expect(!InputCollector.hasManifestExtension(name), "\(name)")
        }
    }

    @Test func plainAbsolutePaths() {
        for path in ["/a/b.yaml", "/", "/a/.hidden/b", "/a/..b/c", "/a/b."] { #expect(InputCollector.isPlainAbsolute(path), "\(path)") }
        for path in ["a/b", "/a//b", "/a/./b", "/a/../b", "//a"] { #expect(!InputCollector.isPlainAbsolute(path), "\(path)") }
    }

    /// Listings sort by bytes when every name is ASCII: the same order as `String`'s, and
    /// `String`'s own order when a name is not (normalisation decides there).
    @Test func listingsSortAsStringsDo() {
        let ascii = ["b.yaml", "a", "B", "a.yaml", "a-b", "a_b", "aa", "", "Chart.yaml", "charts", "z~", "a b"]
        let entries = ascii.map { (name: $0, isDirectory: false) }
        #expect(DiskFileTree.sortedByName(entries).map(\.name) == ascii.sorted())
        let mixed = ["é", "e\u{301}x", "e", "f", "ea"]
        #expect(DiskFileTree.sortedByName(mixed.map { (name: $0, isDirectory: true) }).map(\.name) == mixed.sorted())
        let paths = ["a/c/d.yaml", "b.yaml", "a/b.yaml", "a/b.yaml", "a/c.yaml"]
        let sorted = ByteOrder.sortedIndices(paths)
        #expect(sorted.indices.map { paths[$0] } == ["a/b.yaml", "a/b.yaml", "a/c.yaml", "a/c/d.yaml", "b.yaml"])
        #expect(sorted.allASCII && !ByteOrder.sortedIndices(mixed).allASCII)
    }

    /// A path under the working directory is shown relative to it, by bytes when the part after
    /// it starts with an ASCII byte, else as `String` decides: a combining mark right after the
    /// `/` joins it into another character, so the path is not under it (shown whole, as before).
    @Test func displayPathsRelativeToTheWorkingDirectory() {
        let collector = InputCollector(workingDirectory: "/work/repo")
        #expect(collector.display("/work/repo/a/b.yaml") == "a/b.yaml")
        #expect(collector.display("/work/repo/é.yaml") == "é.yaml")
        #expect(collector.display("/work/repos/x.yaml") == "/work/repos/x.yaml")
        #expect(collector.display("/elsewhere/x.yaml") == "/elsewhere/x.yaml")
        #expect(collector.display("/work/repo/./a.yaml") == "a.yaml")
        let combining = "/work/repo/\u{301}x.yaml"
        #expect(collector.display(combining) == combining)
    }

    /// The fix summary groups a workload's changes by owner (the text before the first `:`
    /// character), found by byte where that is the same: the order must be the one
    /// Character-wise search gives, also around non-ASCII text and a combining mark.
    @Test func summariesGroupByOwnerAsCharactersDo() throws {
        let root = try #require(try YAMLParser.parse(SourceText(Array("a: 1\n".utf8))).documents.first?.root)
        let summaries = [
            "container \"b\": x", "pod: y", "container \"a\": z", "no colon", "container \"b\": w", ":\u{301}x: v", "é: u",
            "pod: t", ":lead", "ü:\u{301}: s", "another one",
        ]
        let intents = summaries.map { FixIntent(.set(base: root, path: ["x"], value: .string("1")), checkID: "c", summary: $0) }
        func owner(_ s: String) -> String { s.firstIndex(of: ":").map { String(s[..<$0]) } ?? "" }
        var owners: [String] = []
        for s in summaries where !owners.contains(owner(s)) { owners.append(owner(s)) }
        let expected = summaries.indices.sorted {
            (owners.firstIndex(of: owner(summaries[$0]))!, $0) < (owners.firstIndex(of: owner(summaries[$1]))!, $1)
        }.map { summaries[$0] }
        #expect(FixSummary.groupedByOwner(intents).map(\.summary) == expected)
    }

    /// Reading into uninitialised storage: empty files, files of every small size and a file
    /// larger than one read come back byte for byte.
    @Test func readReturnsExactBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pss-fix-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let console = Console(stdout: { _ in }, stderr: { _ in }, stdin: { [] }, workingDirectory: dir.path)
        for size in [0, 1, 7, 8, 9, 4095, 4096, 70_000, 300_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir.appendingPathComponent("f\(size).yaml").path
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let read = FileProcessor.read(InputFile(displayPath: "f", realPath: path), console: console)
            guard case .success(let got) = read else {
                Issue.record("read failed for size \(size)")
                continue
            }
            #expect(got == bytes, "size \(size)")
        }
        let missing = FileProcessor.read(InputFile(displayPath: "m", realPath: dir.appendingPathComponent("missing").path), console: console)
        guard case .failure = missing else {
            Issue.record("a missing file must fail")
            return
        }
    }
}
