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
        // Optional: the report (stderr of the fix run, colour off) and the exit code. Cases that
        // pin the product's rules (atomic fixes, skipped input, unjudged kinds) have both.
        let stderrPath = dir + "/expected.stderr"
        let exitPath = dir + "/expected.exit"
        if Golden.recording {
            fm.createFile(atPath: expectedPath, contents: Data(fixRun.out))
            fm.createFile(atPath: diffPath, contents: Data(diffRun.out))
            if fm.fileExists(atPath: stderrPath) { fm.createFile(atPath: stderrPath, contents: Data(fixRun.err)) }
            if fm.fileExists(atPath: exitPath) { fm.createFile(atPath: exitPath, contents: Data("\(fixCode)\n".utf8)) }
            Issue.record("recorded \(name): review Golden/\(name) by reading it, then run again without PSS_FIX_RECORD")
            return
        }
        let expected = Array(try Data(contentsOf: URL(fileURLWithPath: expectedPath)))
        let expectedDiff = Array(try Data(contentsOf: URL(fileURLWithPath: diffPath)))
        let sameOutput = fixRun.out == expected
        #expect(sameOutput, "stdout differs from expected.\(ext):\n\(fixRun.outText)")
        let sameDiff = diffRun.out == expectedDiff
        #expect(sameDiff, "diff differs from expected.diff:\n\(diffRun.outText)")

        if let report = fm.contents(atPath: stderrPath) {
            let sameReport = fixRun.err == Array(report)
            #expect(sameReport, "stderr differs from expected.stderr:\n\(fixRun.errText)")
        }
        if let code = fm.contents(atPath: exitPath) {
            let expectedCode = Int32(String(decoding: code, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(fixCode == expectedCode, "exit code \(fixCode), expected.exit says \(expectedCode.map(String.init) ?? "?")")
        }

        // A skipped file (an unrendered template) is not fixed, so there is nothing to redo; on
        // stdin it would count as rendered text.
        if fixRun.errText.contains(": skipped: ") { return }
        // Idempotence: fixing the expected output again changes nothing.
        let again = TestConsole(stdin: expected, cwd: dir)
        _ = try runCLI(extra + ["-"], again)
        let idempotent = again.out == expected
        #expect(idempotent, "a second run changed the output:\n\(again.outText)")

        guard expected != input else { return }
        // The output re-parses, keeps every comment, and differs only inside securityContext blocks.
        #expect(throws: Never.self) { try YAMLParser.parse(SourceText(expected)) }
        for comment in GoldenInvariants.comments(in: input) {
            #expect(GoldenInvariants.count(comment, in: expected) >= GoldenInvariants.count(comment, in: input), "lost comment \(comment)")
        }
        // Automatic fixes stay inside securityContext; opt-in fixes (--fix) touch hostNetwork,
        // hostPort and probe hosts by design.
        if !extra.contains("--fix") {
            let outside = GoldenInvariants.changesOutsideSecurityContext(old: input, new: expected)
            #expect(outside.isEmpty, "changed lines outside securityContext blocks: \(outside)")
        }
        _ = fixCode
    }
}

/// Checks shared by the golden cases.
enum GoldenInvariants {
    /// Comment texts (from `#` to the end of the line) as a simple scanner sees them.
    static func comments(in bytes: [UInt8]) -> [String] {
        // Split on bytes: in a String, "\r\n" is one Character and would not split on "\n".
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).compactMap { raw in
            let text = String(decoding: raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw[...], as: UTF8.self)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { return trimmed }
            if let r = text.range(of: " #") { return String(text[r.lowerBound...]).trimmingCharacters(in: .whitespaces) }
            return nil
        }
    }

    static func count(_ needle: String, in bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
    }

    /// Lines added or removed that are not inside a `securityContext` block: neither the line
    /// nor any less-indented line above it names `securityContext`. A line that only gained text
    /// naming or inside a securityContext (one-line flow style), or a JSON comma, is fine.
    static func changesOutsideSecurityContext(old: [UInt8], new: [UInt8]) -> [String] {
        let diff = LineDiff(old: old, new: new)
        let oldLines = diff.oldLines.map { String(decoding: old[$0], as: UTF8.self) }
        let newLines = diff.newLines.map { String(decoding: new[$0], as: UTF8.self) }
        func clean(_ s: String) -> String {
            var t = s
            while t.hasSuffix("\n") || t.hasSuffix("\r") { t.removeLast() }
            return t
        }
        var bad: [String] = []
        for change in diff.changes {
            let removed = change.old.map { clean(oldLines[$0]) }
            let added = change.new.map { clean(newLines[$0]) }
            for (i, line) in zip(change.old, removed) where !insideSecurityContext(oldLines.map(clean), i) {
                if !added.contains(where: { extends($0, line) }) { bad.append("-" + line) }
            }
            for (i, line) in zip(change.new, added) where !insideSecurityContext(newLines.map(clean), i) {
                if !removed.contains(where: { extends(line, $0) }) { bad.append("+" + line) }
            }
        }
        return bad
    }

    /// `longer` is `shorter` with text inserted in one place, and that text is a JSON comma,
    /// names a securityContext, or sits after one on the line.
    static func extends(_ longer: String, _ shorter: String) -> Bool {
        if longer == shorter { return true }
        let a = Array(longer), b = Array(shorter)
        var p = 0
        while p < b.count && a[p] == b[p] { p += 1 }
        var s = 0
        while s < b.count - p && a[a.count - 1 - s] == b[b.count - 1 - s] { s += 1 }
        let inserted = String(a[p..<(a.count - s)])
        let removedMiddle = String(b[p..<(b.count - s)])
        let before = String(a[..<p])
        let trimmed = inserted.trimmingCharacters(in: .whitespaces)
        return trimmed == "," || inserted.contains("securityContext") || before.contains("securityContext")
            || (removedMiddle.isEmpty && inserted.allSatisfy(\.isWhitespace))
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func insideSecurityContext(_ lines: [String], _ index: Int) -> Bool {
        guard index < lines.count else { return false }
        // The seccomp fix removes an `unconfined` legacy annotation in the same edit (issue 19).
        if lines[index].contains("seccomp.security.alpha.kubernetes.io/") { return true }
        let trimmedLine = lines[index].trimmingCharacters(in: .whitespaces)
        if trimmedLine == "annotations:" || trimmedLine == "annotations: {}" {
            return index + 1 < lines.count && lines[index + 1].contains("seccomp.security.alpha.kubernetes.io/") || trimmedLine.hasSuffix("{}")
        }
        func indent(_ s: String) -> Int { s.prefix { $0 == " " || $0 == "-" }.count }
        if lines[index].contains("securityContext") { return true }
        let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty && trimmed.allSatisfy({ "}],".contains($0) }) {
            // A closing bracket belongs to the line that opened it: the nearest one above at its indent.
            var i = index - 1
            while i >= 0 && indent(lines[i]) != indent(lines[index]) { i -= 1 }
            return i >= 0 && insideSecurityContext(lines, i)
        }
        var level = indent(lines[index])
        var i = index - 1
        while i >= 0 && level > 0 {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if !l.isEmpty && !l.hasPrefix("#") && indent(lines[i]) < level {
                if l.contains("securityContext") { return true }
                level = indent(lines[i])
            }
            i -= 1
        }
        return false
    }
}
