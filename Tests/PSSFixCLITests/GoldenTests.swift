import Foundation
import Testing
@testable import PSSFixCLI
@testable import PSSFixCore

/// End-to-end cases under `Golden/<case>/`: `input.yaml` (or `.json`), optional `args` (extra
/// command-line arguments, one line), `expected.yaml` (or `.json`: stdout of `pss-fix input`)
/// and `expected.diff` (stdout of `pss-fix --diff input`).
///
/// Re-record with `PSS_FIX_RECORD=1 swift test --filter Golden`: the expected files are
/// rewritten and the test FAILS, so a recording is never silently green. Review every
/// re-recorded file by reading it (`git diff Golden/`).
enum Golden {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden").path

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["PSS_FIX_RECORD"] == "1" }
}

@Suite struct GoldenTests {
    @Test func thereAreEnoughCases() {
        #expect(Golden.cases.count >= 30, "found \(Golden.cases.count) golden cases")
    }

    @Test(arguments: Golden.cases)
    func goldenCase(_ name: String) throws {
        let dir = Golden.root + "/" + name
        let fm = FileManager.default
        let inputName = fm.fileExists(atPath: dir + "/input.json") ? "input.json" : "input.yaml"
        let ext = inputName.hasSuffix(".json") ? "json" : "yaml"
        let input = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + inputName)))
        let extra = (try? String(contentsOfFile: dir + "/args", encoding: .utf8))
            .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []

        let fixRun = TestConsole(cwd: dir)
        let fixCode = try runCLI(extra + [inputName], fixRun)
        let diffRun = TestConsole(cwd: dir)
        let diffCode = try runCLI(extra + ["--diff", inputName], diffRun)
        #expect(fixCode == diffCode)
        #expect(!fixRun.errText.contains("internal error"), "\(fixRun.errText)")

        let expectedPath = dir + "/expected.\(ext)"
        let diffPath = dir + "/expected.diff"
        if Golden.recording {
            fm.createFile(atPath: expectedPath, contents: Data(fixRun.out))
            fm.createFile(atPath: diffPath, contents: Data(diffRun.out))
            Issue.record("recorded \(name): review Golden/\(name) by reading it, then run again without PSS_FIX_RECORD")
            return
        }
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: expectedPath)))
        let expectedDiff = Array(try Data(contentsOf: URL(fileURLWithPath: diffPath)))
        #expect(fixRun.out == expected, "stdout differs from expected.\(ext):\n\(fixRun.outText)")
        #expect(diffRun.out == expectedDiff, "diff differs from expected.diff:\n\(diffRun.outText)")

        // Idempotence: fixing the expected output again changes nothing.
        let again = TestConsole(stdin: expected, cwd: dir)
        _ = try runCLI(extra + ["-"], again)
        #expect(again.out == expected, "a second run changed the output:\n\(again.outText)")

        guard expected != input else { return }
        // The output re-parses, keeps every comment, and differs only inside securityContext blocks.
        #expect(throws: Never.self) { try YAMLParser.parse(SourceText(expected)) }
        for comment in GoldenInvariants.comments(in: input) {
            #expect(GoldenInvariants.count(comment, in: expected) >= GoldenInvariants.count(comment, in: input), "lost comment \(comment)")
        }
        let outside = GoldenInvariants.changesOutsideSecurityContext(old: input, new: expected)
        #expect(outside.isEmpty, "changed lines outside securityContext blocks: \(outside)")
        _ = fixCode
    }
}

/// Checks shared by the golden cases.
enum GoldenInvariants {
    /// Comment texts (from `#` to the end of the line) as a simple scanner sees them.
    static func comments(in bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            let text = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return text.trimmingCharacters(in: .whitespaces) }
            if let r = text.range(of: " #") { return String(text[r.lowerBound...]).trimmingCharacters(in: .whitespaces) }
            return nil
        }
    }

    static func count(_ needle: String, in bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    /// Lines added or removed (per the unified diff) that are not inside a `securityContext`
    /// block: neither the line nor any less-indented line above it names `securityContext`.
    static func changesOutsideSecurityContext(old: [UInt8], new: [UInt8]) -> [String] {
        let diff = String(decoding: UnifiedDiff.make(old: old, new: new, path: "x"), as: UTF8.self)
        let oldLines = lines(old)
        let newLines = lines(new)
        var bad: [String] = []
        var oldLine = 0
        var newLine = 0
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@") {
                let parts = line.split(separator: " ")
                oldLine = Int(parts[1].dropFirst().split(separator: ",")[0])! - 1
                newLine = Int(parts[2].dropFirst().split(separator: ",")[0])! - 1
                if parts[1].hasSuffix(",0") { oldLine += 1 }
                if parts[2].hasSuffix(",0") { newLine += 1 }
            } else if line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("diff ") || line.hasPrefix("\\") {
                continue
            } else if line.hasPrefix("+") {
                if !insideSecurityContext(newLines, newLine) { bad.append("+" + newLines[newLine]) }
                newLine += 1
            } else if line.hasPrefix("-") {
                if !insideSecurityContext(oldLines, oldLine) { bad.append("-" + oldLines[oldLine]) }
                oldLine += 1
            } else if line.hasPrefix(" ") {
                oldLine += 1
                newLine += 1
            }
        }
        // JSON needs a comma after the value before a new key: `]` -> `],` is that comma, not a change.
        let removed = bad.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
        return bad.filter { line in
            if line.hasPrefix("+") { return !removed.contains { line.dropFirst() == $0 + "," || line.dropFirst() == $0.replacingOccurrences(of: "\r", with: "") + ",\r" } }
            return !bad.contains { $0.hasPrefix("+") && ($0.dropFirst() == line.dropFirst() + "," || $0.dropFirst() == line.dropFirst().replacingOccurrences(of: "\r", with: "") + ",\r") }
        }
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func insideSecurityContext(_ lines: [String], _ index: Int) -> Bool {
        guard index < lines.count else { return false }
        func indent(_ s: String) -> Int { s.prefix { $0 == " " || $0 == "-" }.count }
        if lines[index].contains("securityContext") { return true }
        var level = indent(lines[index])
        var i = index - 1
        while i >= 0 && level > 0 {
            let l = lines[i]
            if !l.trimmingCharacters(in: .whitespaces).isEmpty && !l.trimmingCharacters(in: .whitespaces).hasPrefix("#") && indent(l) < level {
                if l.contains("securityContext") { return true }
                level = indent(l)
            }
            i -= 1
        }
        return false
    }
}
