import Foundation
import Testing
@testable import PSSFixCLI

/// Whatever pss-fix is fed, it must not crash, hang or damage a file: a bad file gets
/// `FILE:LINE:COL: error: …` and stays byte-for-byte as it was, every other file is still
/// processed, and the exit code is 2 when any input was in error.
@Suite struct HostileInputTests {
    enum Expect: Sendable {
        /// Reported as an error at this position, containing this text; the file is untouched.
        case error(line: Int, column: Int, containing: String)
        /// Read and judged: not a workload (or already fine), so nothing changes.
        case unchanged
        /// Read, judged and fixed: the output must contain this text.
        case fixed(containing: String)
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let expect: Expect
        var description: String { name }
    }

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"

    /// Every byte value, in a fixed order (a "binary file" that is the same on every run).
    static let binary: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }

    static let cases: [Case] = [
        Case(name: "binary.yaml", bytes: binary, expect: .error(line: 1, column: 2, containing: "invalid leading UTF-8 octet")),
        Case(name: "invalid-utf8.yaml", bytes: text("kind: Pod\nmetadata: {name: ") + [0xFF, 0xFE] + text("}\n"),
             expect: .error(line: 2, column: 18, containing: "invalid leading UTF-8 octet")),
        Case(name: "empty.yaml", bytes: [], expect: .unchanged),
        Case(name: "comment-only.yaml", bytes: text("# nothing here yet\n# really\n"), expect: .unchanged),
        Case(name: "scalar-document.yaml", bytes: text("just a scalar\n---\n42\n"), expect: .unchanged),
        Case(name: "list-document.yaml", bytes: text("- kind: Pod\n- spec: {}\n"), expect: .unchanged),
        Case(name: "deep-flow.yaml", bytes: text("kind: Pod\nx: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"),
             expect: .error(line: 2, column: 1003, containing: "nesting deeper than 1000 levels")),
        Case(name: "deep-block.yaml", bytes: text("kind: Pod\nspec:\n" + (1...3_000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined() + "   x: 1\n"),
             expect: .error(line: 1_002, column: 1001, containing: "nesting deeper than 1000 levels")),
        // 999 levels (just inside the bound) in a container's args: built, fixed, verified and
        // released on a worker thread without exhausting its stack.
        Case(name: "deep-but-allowed.yaml",
             bytes: text(pod + "  containers:\n  - name: c\n    image: i\n    args: " + String(repeating: "[", count: 995) + String(repeating: "]", count: 995) + "\n"),
             expect: .fixed(containing: "allowPrivilegeEscalation: false")),
        // Ten times ten times … 30 levels: 10^30 nodes if anything expanded aliases.
        Case(name: "billion-laughs.yaml",
             bytes: text(pod + "  containers:\n  - name: c\n    image: i\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
                 + (1...30).map { "  a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 10).joined(separator: ", ") + "]\n" }.joined()),
             expect: .fixed(containing: "runAsNonRoot: true")),
        Case(name: "duplicate-key.yaml", bytes: text(pod + "  containers: []\n  containers: []\n"),
             expect: .error(line: 6, column: 3, containing: "duplicate key \"containers\"")),
        Case(name: "tab-indent.yaml", bytes: text(pod + "\tcontainers: []\n"),
             expect: .error(line: 5, column: 1, containing: "found character that cannot start any token")),
        Case(name: "unclosed-flow.yaml", bytes: text(pod + "  containers: [{name: a, image: b}\n"),
             expect: .error(line: 6, column: 1, containing: "did not find expected")),
        Case(name: "undefined-alias.yaml", bytes: text(pod + "  containers: *nope\n"),
             expect: .error(line: 5, column: 15, containing: "unknown alias *nope")),
        Case(name: "five-mb-scalar.yaml",
             bytes: text(pod + "  containers:\n  - name: c\n    image: i\n    args: [\"" + String(repeating: "x", count: 5_000_000) + "\"]\n"),
             expect: .fixed(containing: "seccompProfile:")),
        Case(name: "kind-not-a-string.yaml", bytes: text("apiVersion: v1\nkind: [Pod]\nspec: {containers: [{name: a, image: b}]}\n"),
             expect: .unchanged),
        Case(name: "containers-scalar.yaml", bytes: text(pod + "  containers: notalist\n"),
             expect: .error(line: 5, column: 15, containing: "Pod/p: spec.containers must be a list, found a single value")),
        Case(name: "container-scalar.yaml", bytes: text(pod + "  containers:\n  - just-a-string\n"),
             expect: .error(line: 6, column: 5, containing: "Pod/p: spec.containers[0] must be a mapping, found a single value")),
        Case(name: "container-list.yaml", bytes: text(pod + "  initContainers:\n  - [a, list]\n  containers: []\n"),
             expect: .error(line: 6, column: 5, containing: "Pod/p: spec.initContainers[0] must be a mapping, found a list")),
        Case(name: "security-context-scalar.yaml",
             bytes: text(pod + "  containers:\n  - name: c\n    image: i\n    securityContext: hardened\n"),
             expect: .error(line: 8, column: 22, containing: "Pod/p: spec.containers[0].securityContext must be a mapping, found a single value")),
        Case(name: "security-context-list.yaml",
             bytes: text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      securityContext: [1, 2]\n      containers: []\n"),
             expect: .error(line: 7, column: 24, containing: "Deployment/d: spec.template.spec.securityContext must be a mapping, found a list")),
        Case(name: "capabilities-drop-scalar.yaml",
             bytes: text(pod + "  containers:\n  - name: c\n    image: i\n    securityContext:\n      capabilities: {drop: ALL}\n"),
             expect: .error(line: 9, column: 28, containing: "Pod/p: spec.containers[0].securityContext.capabilities.drop must be a list")),
    ]

    /// All hostile files in one folder next to one ordinary workload, fixed in place together.
    @Test func inPlaceReportsEachAndFixesTheRest() throws {
        let dir = TempDir()
        for c in Self.cases { FileManager.default.createFile(atPath: dir.path + "/" + c.name, contents: Data(c.bytes)) }
        dir.write("zz-ordinary.yaml", unfixedPod)
        let run = TestConsole(cwd: dir.path)
        let code = try runCLI(["--in-place", "."], run)
        #expect(code == 2, "an input in error makes the exit code 2")
        #expect(!run.errText.contains("internal error"), "\(run.errText.prefix(2000))")
        for c in Self.cases {
            let after = Array(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + c.name)))
            switch c.expect {
            case .error(let line, let column, let text):
                #expect(after == c.bytes, "\(c.name) must be left byte-for-byte as it was")
                let prefix = "\(c.name):\(line):\(column): error: \(text)"
                #expect(run.errText.contains(prefix), "\(c.name): expected `\(prefix)` in:\n\(run.errText.prefix(3000))")
            case .unchanged:
                #expect(after == c.bytes, "\(c.name) must not change")
                #expect(!run.errText.contains("\(c.name):"), "\(c.name) is not an error")
            case .fixed(let text):
                let output = String(decoding: after, as: UTF8.self)
                #expect(after != c.bytes && output.contains(text), "\(c.name) should have been fixed")
                #expect(!run.errText.contains("\(c.name):") || !run.errText.contains("\(c.name): error"), "\(c.name) is not an error")
            }
        }
        #expect(dir.read("zz-ordinary.yaml").contains("allowPrivilegeEscalation: false"), "the other files are still processed")
    }

    /// `check` reads the same files with its lighter trees: same errors, same exit code.
    @Test func checkReportsEachWithItsPosition() throws {
        let dir = TempDir()
        for c in Self.cases { FileManager.default.createFile(atPath: dir.path + "/" + c.name, contents: Data(c.bytes)) }
        let run = TestConsole(cwd: dir.path)
        let code = try runCLI(["check", "--format", "json", "."], run)
        #expect(code == 2)
        let json = try JSONSerialization.jsonObject(with: Data(run.out)) as? [String: Any]
        let errors = (json?["errors"] as? [[String: Any]]) ?? []
        let errorCases = Self.cases.filter { if case .error = $0.expect { return true } else { return false } }
        #expect(errors.count == errorCases.count, "\(errors)")
        for c in errorCases {
            guard case .error(let line, let column, let text) = c.expect else { continue }
            let match = errors.first { ($0["file"] as? String) == c.name }
            #expect(match?["line"] as? Int == line && match?["column"] as? Int == column, "\(c.name): \(String(describing: match))")
            #expect((match?["message"] as? String)?.contains(text) == true, "\(c.name): \(String(describing: match))")
        }
        // The fixable ones are judged as workloads with findings.
        let findings = (json?["findings"] as? [[String: Any]]) ?? []
        for name in ["deep-but-allowed.yaml", "billion-laughs.yaml", "five-mb-scalar.yaml"] {
            #expect(findings.contains { ($0["file"] as? String) == name }, "\(name) is judged")
        }
    }

    /// A file changed on disk between pss-fix reading it and writing it is left alone.
    @Test func aFileChangedSinceItWasReadIsNotOverwritten() throws {
        let dir = TempDir()
        let path = dir.write("web.yaml", "edited by someone else\n")
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.replace(path, with: Array("fixed\n".utf8), expecting: Array(unfixedPod.utf8))
        }
        #expect(dir.read("web.yaml") == "edited by someone else\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers == ["web.yaml"], "no temporary file is left behind: \(leftovers)")
        // Unchanged since reading: replaced.
        try AtomicWriter.replace(path, with: Array("fixed\n".utf8), expecting: Array("edited by someone else\n".utf8))
        #expect(dir.read("web.yaml") == "fixed\n")
    }

    /// A new file (a kustomize patch) is created only where nothing is: whatever appeared there
    /// since pss-fix planned it wins, and no temporary file is left behind.
    @Test func aNewFileIsCreatedOnlyWhereNothingIs() throws {
        let dir = TempDir()
        try AtomicWriter.create(dir.path + "/pss-fix-patch.yaml", with: Array("new\n".utf8))
        #expect(dir.read("pss-fix-patch.yaml") == "new\n")
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.create(dir.path + "/pss-fix-patch.yaml", with: Array("again\n".utf8))
        }
        #expect(dir.read("pss-fix-patch.yaml") == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["pss-fix-patch.yaml"])
    }

    /// A path that became a symlink after it was collected is never replaced by a regular file.
    @Test func aPathThatBecameASymlinkIsNotReplaced() throws {
        let dir = TempDir()
        let target = dir.write("real.yaml", unfixedPod)
        let link = dir.path + "/link.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.replace(link, with: Array("fixed\n".utf8), expecting: Array(unfixedPod.utf8))
        }
        let type = try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType
        #expect(type == .typeSymbolicLink)
        #expect(dir.read("real.yaml") == unfixedPod)
    }
}
