import Foundation
import Testing
@testable import PSSFixCLI

/// `--diff` of a big stream is made batch by batch (`BatchedDiff`, issue 23); the environment
/// makes small files take that path, which must print exactly what the whole-file path prints:
/// here through its way back to the whole file (a failing batch; a diff with few changes, which
/// the batches do not vouch for). The batches' own diff is checked against the whole file's in
/// `UnifiedDiffWriterTests` and, on real streams, by `Benchmarks/compare.sh`.
@Suite struct BatchedDiffTests {
    static let documents = [
        unfixedPod,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: priv\nspec:\n  containers:\n  - name: app\n    image: a\n    securityContext: {privileged: true}\n",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: a\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n",
    ]

    static func stream(_ count: Int) -> String {
        (0..<count).map { documents[$0 % documents.count] }.joined(separator: "---\n")
    }

    static func run(_ args: [String], in dir: TempDir, batched: Bool) throws -> (Int32, [UInt8], [UInt8]) {
        let env = batched ? ["PSS_FIX_BATCH_THRESHOLD": "0", "PSS_FIX_BATCH_BYTES": "300"] : [:]
        let console = TestConsole(cwd: dir.path, env: env)
        let code = try runCLI(args, console)
        return (code, console.out, console.err)
    }

    @Test(arguments: [["--diff", "."], ["--diff", "--partial", "."], ["--diff", "-q", "."], ["--diff", "--color", "always", "."]])
    func batchedDiffPrintsWhatTheWholeFilePrints(args: [String]) throws {
        let dir = TempDir()
        dir.write("a.yaml", unfixedPod)
        dir.write("stream.yaml", Self.stream(30))
        dir.write("z-bad.yaml", Self.stream(9) + "---\nkind: Pod\nkind: Pod\n")
        let whole = try Self.run(args, in: dir, batched: false)
        let batched = try Self.run(args, in: dir, batched: true)
        #expect(whole.0 == 2)
        #expect(!whole.1.isEmpty)
        #expect(batched.0 == whole.0)
        #expect(batched.1 == whole.1)
        #expect(batched.2 == whole.2)
        #expect(String(decoding: whole.2, as: UTF8.self).contains("z-bad.yaml:"))
    }
}
