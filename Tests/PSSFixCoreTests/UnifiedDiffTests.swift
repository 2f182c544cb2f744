import Foundation
import Testing

@testable import PSSFixCore

private let path = "dir/file.yaml"
private let header = """
    diff --git a/dir/file.yaml b/dir/file.yaml
    --- a/dir/file.yaml
    +++ b/dir/file.yaml

    """

private func diff(_ old: String, _ new: String, context: Int = 3) -> String {
    String(decoding: diffBytes(old, new, context: context), as: UTF8.self)
}

private func diffBytes(_ old: String, _ new: String, context: Int = 3) -> [UInt8] {
    UnifiedDiff.make(old: Array(old.utf8), new: Array(new.utf8), path: path, context: context)
}

/// "l1\nl2\n...ln\n"
private func numbered(_ n: Int, replacing changes: [Int: String] = [:]) -> String {
    (1...n).map { changes[$0] ?? "l\($0)" }.map { $0 + "\n" }.joined()
}

@Suite("UnifiedDiff")
struct UnifiedDiffTests {
    // MARK: - Exact outputs

    /// A file that does not exist yet: git's new-file header, so `git apply` creates it.
    @Test func aNewFileHasGitsNewFileHeader() {
        let made = String(decoding: UnifiedDiff.make(old: [], new: Array("a\nb\n".utf8), path: path, newFile: true), as: UTF8.self)
        #expect(made == """
            diff --git a/dir/file.yaml b/dir/file.yaml
            new file mode 100644
            --- /dev/null
            +++ b/dir/file.yaml
            @@ -0,0 +1,2 @@
            +a
            +b

            """)
    }

    @Test func identicalInputsGiveEmptyDiff() {
        #expect(diffBytes("a\nb\n", "a\nb\n").isEmpty)
        #expect(diffBytes("", "").isEmpty)
        #expect(diffBytes("no newline", "no newline").isEmpty)
    }

    @Test func singleChangedLine() {
        let expected = header + """
            @@ -2,7 +2,7 @@
             l2
             l3
             l4
            -l5
            +five
             l6
             l7
             l8

            """
        #expect(diff(numbered(10), numbered(10, replacing: [5: "five"])) == expected)
    }

    @Test func singleLineFileUsesShortRanges() {
        #expect(diff("a\n", "b\n") == header + "@@ -1 +1 @@\n-a\n+b\n")
    }

    @Test func insertionInTheMiddle() {
        let new = numbered(5) + "new\n" + (6...10).map { "l\($0)\n" }.joined()
        let expected = header + """
            @@ -3,6 +3,7 @@
             l3
             l4
             l5
            +new
             l6
             l7
             l8

            """
        #expect(diff(numbered(10), new) == expected)
    }

    @Test func deletionInTheMiddle() {
        let new = numbered(10).replacingOccurrences(of: "l5\n", with: "")
        let expected = header + """
            @@ -2,7 +2,6 @@
             l2
             l3
             l4
            -l5
             l6
             l7
             l8

            """
        #expect(diff(numbered(10), new) == expected)
    }

    @Test func insertionAtEndOfFileWithoutFinalNewline() {
        let expected = header + """
            @@ -1,3 +1,4 @@
             a
             b
            -c
            \\ No newline at end of file
            +c
            +d
            \\ No newline at end of file

            """
        #expect(diff("a\nb\nc", "a\nb\nc\nd") == expected)
    }

    @Test func onlyTheFinalNewlineChanges() {
        #expect(
            diff("a\nb\n", "a\nb")
                == header + "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n")
        #expect(
            diff("a\nb", "a\nb\n")
                == header + "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
    }

    @Test func unchangedLastLineWithoutNewlineAsContext() {
        #expect(
            diff("a\nb\nc", "A\nb\nc")
                == header + "@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n\\ No newline at end of file\n")
    }

    @Test func crlfLinesKeepTheirTerminators() {
        let old = "a\r\nb\r\nc\r\nd\r\n"
        let new = "a\r\nB\r\nc\r\nd\r\n"
        let expected = Array(header.utf8) + Array("@@ -1,4 +1,4 @@\n a\r\n-b\r\n+B\r\n c\r\n d\r\n".utf8)
        #expect(diffBytes(old, new) == expected)
    }

    @Test func lineEndingChangeIsALineChange() {
        let expected = Array(header.utf8) + Array("@@ -1,2 +1,2 @@\n a\n-b\n+b\r\n".utf8)
        #expect(diffBytes("a\nb\n", "a\nb\r\n") == expected)
    }

    @Test func hunksMergeWhenContextsTouch() {
        // Changes at lines 4 and 11: 6 unchanged lines between them (== 2 * context) -> one hunk.
        let expected = header + """
            @@ -1,14 +1,14 @@
             l1
             l2
             l3
            -l4
            +four
             l5
             l6
             l7
             l8
             l9
             l10
            -l11
            +eleven
             l12
             l13
             l14

            """
        #expect(diff(numbered(20), numbered(20, replacing: [4: "four", 11: "eleven"])) == expected)
    }

    @Test func hunksStaySeparateWhenFurtherApart() {
        // Changes at lines 4 and 12: 7 unchanged lines between them -> two hunks.
        let expected = header + """
            @@ -1,7 +1,7 @@
             l1
             l2
             l3
            -l4
            +four
             l5
             l6
             l7
            @@ -9,7 +9,7 @@
             l9
             l10
             l11
            -l12
            +twelve
             l13
             l14
             l15

            """
        #expect(diff(numbered(20), numbered(20, replacing: [4: "four", 12: "twelve"])) == expected)
    }

    @Test func customContext() {
        let new = numbered(20, replacing: [4: "four", 7: "seven", 12: "twelve"])
        let expected = header + """
            @@ -3,6 +3,6 @@
             l3
            -l4
            +four
             l5
             l6
            -l7
            +seven
             l8
            @@ -11,3 +11,3 @@
             l11
            -l12
            +twelve
             l13

            """
        #expect(diff(numbered(20), new, context: 1) == expected)
        #expect(
            diff(numbered(20), new, context: 0) == header + """
                @@ -4 +4 @@
                -l4
                +four
                @@ -7 +7 @@
                -l7
                +seven
                @@ -12 +12 @@
                -l12
                +twelve

                """)
    }

    @Test func emptyOldFile() {
        #expect(diff("", "a\nb\n") == header + "@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(diff("", "x") == header + "@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n")
    }

    @Test func emptyNewFileAndPureInsertionRanges() {
        #expect(diff("a\nb\n", "") == header + "@@ -1,2 +0,0 @@\n-a\n-b\n")
        // Insertion with zero context: the empty old range names the line before it.
        #expect(diff("a\nb\n", "a\nx\nb\n", context: 0) == header + "@@ -1,0 +2 @@\n+x\n")
        #expect(diff("a\nb\n", "x\na\nb\n", context: 0) == header + "@@ -0,0 +1 @@\n+x\n")
        #expect(diff("a\nx\nb\n", "a\nb\n", context: 0) == header + "@@ -2 +1,0 @@\n-x\n")
    }

    @Test func gitQuotesUnusualPaths() {
        let out = String(
            decoding: UnifiedDiff.make(old: Array("a\n".utf8), new: Array("b\n".utf8), path: "my dir/\"q\".yaml"),
            as: UTF8.self)
        #expect(
            out == """
                diff --git "a/my dir/\\"q\\".yaml" "b/my dir/\\"q\\".yaml"
                --- "a/my dir/\\"q\\".yaml"\t
                +++ "b/my dir/\\"q\\".yaml"\t
                @@ -1 +1 @@
                -a
                +b

                """)
        let spaced = String(
            decoding: UnifiedDiff.make(old: Array("a\n".utf8), new: Array("b\n".utf8), path: "my dir/f.yaml"),
            as: UTF8.self)
        #expect(spaced.hasPrefix("diff --git a/my dir/f.yaml b/my dir/f.yaml\n--- a/my dir/f.yaml\t\n+++ b/my dir/f.yaml\t\n"))
    }

    @Test func colorize() {
        let plain = diffBytes("a\r\n--x\r\nc\r\nd", "a\r\nb\r\nc\r\ne")
        let esc = "\u{1B}"
        let expected =
            "\(esc)[1mdiff --git a/dir/file.yaml b/dir/file.yaml\(esc)[m\n"
            + "\(esc)[1m--- a/dir/file.yaml\(esc)[m\n"
            + "\(esc)[1m+++ b/dir/file.yaml\(esc)[m\n"
            + "\(esc)[36m@@ -1,4 +1,4 @@\(esc)[m\n"
            + " a\r\n"
            + "\(esc)[31m---x\r\(esc)[m\n"
            + "\(esc)[32m+b\r\(esc)[m\n"
            + " c\r\n"
            + "\(esc)[31m-d\(esc)[m\n"
            + "\\ No newline at end of file\n"
            + "\(esc)[32m+e\(esc)[m\n"
            + "\\ No newline at end of file\n"
        #expect(UnifiedDiff.colorize(plain) == Array(expected.utf8))
        #expect(UnifiedDiff.colorize([]) == [])
        // Text after the closing "@@" (git's function context) stays plain.
        #expect(
            UnifiedDiff.colorize(Array("@@ -1 +1 @@ spec:\n".utf8))
                == Array("\(esc)[36m@@ -1 +1 @@\(esc)[m spec:\n".utf8))
    }

    // MARK: - Line splitting and minimality

    @Test func lineSplittingKeepsTerminators() {
        let bytes = Array("a\r\n\nb\rc\nlast".utf8)
        let lines = LineDiff.lines(of: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
        #expect(lines == ["a\r\n", "\n", "b\rc\n", "last"])
        #expect(LineDiff.lines(of: []).isEmpty)
        #expect(LineDiff.lines(of: Array("\n".utf8)) == [0..<1])
    }

    @Test func editScriptIsMinimal() {
        var rng = DiffTestRNG(seed: 0xD1FF)
        for round in 0..<3200 {
            // Mostly short sequences over tiny alphabets (many ties), some longer ones with a
            // larger alphabet (lines unique to one side get discarded before Myers).
            let long = round % 16 == 0
            let alphabet = long ? 2 + rng.below(40) : 1 + rng.below(4)
            let a = (0..<rng.below(long ? 150 : 14)).map { _ in rng.below(alphabet) }
            var b = (0..<rng.below(long ? 150 : 14)).map { _ in rng.below(alphabet) }
            if long && rng.chance(50) {  // b = a with a few edits
                b = a
                for _ in 0..<(1 + rng.below(8)) {
                    let at = rng.below(b.count + 1)
                    if rng.chance(50) || b.isEmpty {
                        b.insert(rng.below(alphabet + 5), at: at)
                    } else {
                        b.remove(at: min(at, b.count - 1))
                    }
                }
            }
            let old = Array(a.map { "\($0)\n" }.joined().utf8)
            let new = Array(b.map { "\($0)\n" }.joined().utf8)
            let oldLines = LineDiff.lines(of: old)
            let newLines = LineDiff.lines(of: new)
            for exactOnly in [false, true] {
                let changes = LineDiff.changes(
                    old: old, oldLines: oldLines, new: new, newLines: newLines, exactOnly: exactOnly)
                checkScript(changes, a, b)
            }
        }
    }

    /// Applying the script to `a` reproduces `b`, unchanged runs match, blocks are non-empty and
    /// separated by unchanged lines, and the cost is optimal.
    private func checkScript(_ changes: [LineDiff.Change], _ a: [Int], _ b: [Int]) {
        var rebuilt: [Int] = []
        var i = 0
        var j = 0
        var cost = 0
        for (index, change) in changes.enumerated() {
            #expect(!change.old.isEmpty || !change.new.isEmpty)
            #expect(index == 0 || change.old.lowerBound > i, "blocks must not touch: \(changes)")
            #expect(a[i..<change.old.lowerBound].elementsEqual(b[j..<change.new.lowerBound]))
            rebuilt += a[i..<change.old.lowerBound]
            rebuilt += b[change.new]
            cost += change.old.count + change.new.count
            i = change.old.upperBound
            j = change.new.upperBound
        }
        #expect(a[i...].elementsEqual(b[j...]))
        rebuilt += a[i...]
        #expect(rebuilt == b, "a=\(a) b=\(b)")
        #expect(cost == a.count + b.count - 2 * lcsLength(a, b), "a=\(a) b=\(b) changes=\(changes)")
    }

    @Test func largeFilesWithFewChangesDiffInLinearTime() {
        // ~10 MB, ~375k lines, three changed lines.
        var old: [UInt8] = []
        old.reserveCapacity(11_000_000)
        let filler = Array("        image: registry.example/app:1.2.3 # padding\n".utf8)
        for i in 0..<250_000 {
            old.append(contentsOf: Array("  - name: c\(i)\n".utf8))
            if i % 2 == 0 { old.append(contentsOf: filler) }
        }
        var new = old
        let lines = LineDiff.lines(of: old)
        for index in [lines.count - 2, 120_000, 10] {  // back to front: ranges stay valid
            new.replaceSubrange(lines[index], with: Array("  - name: changed\n".utf8))
        }
        #expect(old.count > 10_000_000)
        let clock = ContinuousClock()
        var out: [UInt8] = []
        let elapsed = clock.measure {
            out = UnifiedDiff.make(old: old, new: new, path: path)
        }
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.components(separatedBy: "\n@@ ").count == 4)
        #expect(text.components(separatedBy: "\n+  - name: changed\n").count == 4)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func totallyDifferentFilesStayFast() {
        // No common line at all: every line is unique to its side and skips Myers entirely.
        let old = Array((0..<50_000).map { "old \($0)\n" }.joined().utf8)
        let new = Array((0..<50_000).map { "new \($0)\n" }.joined().utf8)
        let d = LineDiff(old: old, new: new)
        #expect(d.changes == [LineDiff.Change(old: 0..<50_000, new: 0..<50_000)])
    }

    // MARK: - Round trip through git apply and GNU patch

    @Test func roundTripThroughGitApplyAndPatch() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("unified-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("dir"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(path)
        let patchFile = root.appendingPathComponent("change.patch")
        try run(["git", "init", "-q", "."], in: root)

        var rng = DiffTestRNG(seed: 20_240_611)
        var checked = 0
        for round in 0..<300 {
            let old = randomText(&rng)
            let new = mutate(old, &rng)
            let oldBytes = render(old)
            let newBytes = render(new)
            let context = round % 10 == 9 ? 1 : 3
            let patch = UnifiedDiff.make(old: oldBytes, new: newBytes, path: path, context: context)
            if oldBytes == newBytes {
                #expect(patch.isEmpty)
                continue
            }
            try Data(patch).write(to: patchFile)
            let show = "round \(round)\n--- patch ---\n\(String(decoding: patch, as: UTF8.self))"

            try Data(oldBytes).write(to: file)
            let check = try run(gitApply + ["--check", patchFile.path], in: root)
            #expect(check.status == 0, "git apply --check: \(check.output)\n\(show)")
            let apply = try run(gitApply + [patchFile.path], in: root)
            #expect(apply.status == 0, "git apply: \(apply.output)\n\(show)")
            #expect(try Array(Data(contentsOf: file)) == newBytes, "git apply result differs\n\(show)")

            try Data(oldBytes).write(to: file)
            let patched = try run(
                ["patch", "-p1", "--batch", "--silent", "--no-backup-if-mismatch", "-i", patchFile.path],
                in: root)
            #expect(patched.status == 0, "patch: \(patched.output)\n\(show)")
            #expect(try Array(Data(contentsOf: file)) == newBytes, "patch result differs\n\(show)")
            checked += 1
        }
        #expect(checked > 250)
    }
}

// MARK: - Helpers

private let gitApply = [
    "git", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "apply", "--whitespace=nowarn",
]

@discardableResult
private func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private struct DiffTestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform-ish in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

private func lcsLength(_ a: [Int], _ b: [Int]) -> Int {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
        }
    }
    return table[0][0]
}

/// A text as lines of (content, terminator); only the last line may have an empty terminator.
private typealias Text = [(content: String, end: String)]

private let vocabulary = [
    "apiVersion: v1", "kind: Pod", "metadata:", "  name: web", "spec:", "  containers:",
    "    - name: app", "      image: nginx", "", "---", "  securityContext:", "    runAsNonRoot: true",
]

private func randomLine(_ rng: inout DiffTestRNG) -> String {
    rng.chance(80) ? vocabulary[rng.below(vocabulary.count)] : "line \(rng.below(1000))"
}

private func randomText(_ rng: inout DiffTestRNG) -> Text {
    let style = rng.below(3)  // 0: LF, 1: CRLF, 2: mixed
    let count = rng.chance(5) ? 0 : 1 + rng.below(25)
    var text: Text = (0..<count).map { _ in
        let crlf = style == 1 || (style == 2 && rng.chance(50))
        return (randomLine(&rng), crlf ? "\r\n" : "\n")
    }
    if !text.isEmpty && rng.chance(30) { text[text.count - 1].end = "" }
    return text
}

private func mutate(_ original: Text, _ rng: inout DiffTestRNG) -> Text {
    var text = original
    let crlfNearby = text.contains { $0.end == "\r\n" }
    for _ in 0..<(1 + rng.below(4)) {
        let end = crlfNearby && rng.chance(70) ? "\r\n" : "\n"
        switch rng.below(7) {
        case 0, 1:  // insert 1-3 lines
            let at = rng.below(text.count + 1)
            for _ in 0..<(1 + rng.below(3)) { text.insert((randomLine(&rng), end), at: at) }
        case 2:  // delete 1-2 lines
            guard !text.isEmpty else { continue }
            let at = rng.below(text.count)
            text.removeSubrange(at..<min(text.count, at + 1 + rng.below(2)))
        case 3, 4:  // replace a line
            guard !text.isEmpty else { continue }
            text[rng.below(text.count)].content = randomLine(&rng)
        case 5:  // toggle the final newline
            guard !text.isEmpty else { continue }
            text[text.count - 1].end = text[text.count - 1].end.isEmpty ? end : ""
        default:  // change one line's terminator
            guard !text.isEmpty else { continue }
            let at = rng.below(text.count)
            text[at].end = text[at].end == "\r\n" ? "\n" : "\r\n"
        }
    }
    // Only the last line may lack a terminator.
    for i in text.indices.dropLast() where text[i].end.isEmpty { text[i].end = "\n" }
    return text
}

private func render(_ text: Text) -> [UInt8] {
    Array(text.map { $0.content + $0.end }.joined().utf8)
}
