import Foundation
import Testing
@testable import PSSFixCLI
import PSSFixCore

/// `check` of a big stream judges and renders it batch by batch (`BatchedCheck`, issue 23);
/// the environment makes small files take that path, which must print exactly what the
/// whole-file path prints in every format: findings across batches, then what a report puts
/// after them (exempted findings, warnings, objects not judged, exception problems) gathered
/// from every batch, and the totals; and its way back to the whole file (a batch that fails).
@Suite struct BatchedCheckTests {
    static let documents = [
        unfixedPod,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: priv\nspec:\n  containers:\n  - name: app\n    image: a\n    securityContext: {privileged: true}\n",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: a\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: exempt
          annotations:
            pss-fix/ignore: "hostNamespaces: reads host network stats"
            pss-fix/ignore.app: "noSuchCheck: a typo"
            seccomp.security.alpha.kubernetes.io/pod: unconfined
        spec:
          hostNetwork: true
          containers:
          - name: app
            image: a

        """,
    ]

    static func stream(_ count: Int) -> String {
        (0..<count).map { documents[$0 % documents.count] }.joined(separator: "---\n")
    }

    static func run(_ args: [String], in dir: TempDir, batched: Bool) throws -> (Int32, String, String) {
        let env = batched ? ["PSS_FIX_BATCH_THRESHOLD": "0", "PSS_FIX_BATCH_BYTES": "300"] : [:]
        let console = TestConsole(cwd: dir.path, env: env)
        let code = try runCLI(args, console)
        return (code, console.outText, String(decoding: console.err, as: UTF8.self))
    }

    @Test(arguments: [
        ["check", "."], ["check", "--format", "json", "."], ["check", "--format", "sarif", "."],
        ["check", "--level", "baseline", "."], ["check", "-q", "."],
    ])
    func batchedCheckPrintsWhatTheWholeFilePrints(args: [String]) throws {
        let dir = TempDir()
        dir.write("a.yaml", unfixedPod)
        dir.write("empty.yaml", "")
        dir.write("stream.yaml", Self.stream(30))
        dir.write("z-bad.yaml", Self.stream(9) + "---\nkind: Pod\nkind: Pod\n")
        let whole = try Self.run(args, in: dir, batched: false)
        let batched = try Self.run(args, in: dir, batched: true)
        #expect(whole.0 == 2)
        #expect(batched.0 == whole.0)
        #expect(batched.1 == whole.1)
        #expect(batched.2 == whole.2)
        // The stream's report holds every part that is gathered across batches.
        for part in ["stream.yaml", "z-bad.yaml", "priv", "Widget", "exempt", "unconfined", "noSuchCheck"] {
            #expect(whole.1.contains(part), "\(part) is in the report")
        }
    }

    /// The batched path is taken for the stream (so the test above compares two paths) and
    /// given up for the file whose last batch does not parse.
    @Test func batchesAreTakenAndDroppedOnFailure() throws {
        let writer = JSONCheckReporter(exceptionsFile: nil)
        let context = PolicyContext.fixed(.restricted, .latest)
        let good = BatchedCheck.run(
            Array(Self.stream(30).utf8), path: "s.yaml", rendered: false, context: context, writer: writer, batchBytes: 300)
        let checked = try #require(good)
        #expect(checked.totals.files == 1)
        #expect(checked.totals.workloads == 18)
        #expect(checked.totals.unjudged == 6)
        #expect(checked.totals.exempted == 6)
        var findings: [UInt8] = []
        checked.findings.drain { findings += $0 }
        #expect(String(decoding: findings, as: UTF8.self).components(separatedBy: "\"file\": \"s.yaml\"").count - 1 == checked.totals.findings)
        let bad = Array((Self.stream(9) + "---\nkind: Pod\nkind: Pod\n").utf8)
        #expect(BatchedCheck.run(bad, path: "b.yaml", rendered: false, context: context, writer: writer, batchBytes: 300) == nil)
    }
}
