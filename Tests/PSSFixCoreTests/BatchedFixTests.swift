import Testing

@testable import PSSFixCore

/// A big stream fixed batch by batch (`ManifestFixer.fixInBatches`, issue 23) must give what
/// the whole file gives: the same fixed bytes, the same reports (lines and document numbers of
/// the file, before and after the fix), the same diff (`UnifiedDiffWriter`), whatever the size
/// of the batches; and it must hand the file back to `fix` where it cannot.
@Suite struct BatchedFixTests {
    /// Documents of every kind the batches must keep apart: workloads to fix, one a person must
    /// finish (hostNetwork), one fixed around an exception annotation (its location after the
    /// fix is a line of the fixed file), a legacy seccomp annotation, an object of an unknown kind with a
    /// pod template, a ConfigMap, comments between documents, an explicit end, an empty document.
    static func stream(_ count: Int) -> String {
        var text = "# a rendered release\n"
        for i in 0..<count {
            if i > 0 { text += i % 9 == 4 ? "# between documents\n---\n" : "---\n" }
            switch i % 8 {
            case 0:
                text += "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\(i)\nspec:\n  containers:\n  - name: app\n    image: a:1\n"
            case 1:
                text += """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: d\(i)
                    spec:
                      template:
                        metadata:
                          annotations:
                            pss-fix/ignore: "hostNamespaces: the node agent needs the node's network"
                        spec:
                          hostNetwork: true
                          containers:
                          - name: agent
                            image: a:1

                    """
            case 2:
                text += "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\(i)\ndata:\n  key: |\n    ---\n    not a document\n"
            case 3:
                text += """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: p\(i)
                      annotations:
                        seccomp.security.alpha.kubernetes.io/pod: unconfined
                    spec:
                      containers:
                      - name: app
                        image: a:1
                        securityContext:
                          capabilities:
                            add: [NET_ADMIN, NET_RAW]
                    ...

                    """
            case 4:
                text += "apiVersion: v1\nkind: Pod\nmetadata:\n  name: root\(i)\nspec:\n  hostNetwork: true\n  containers:\n  - name: app\n    image: a:1\n"
            case 5:
                text += """
                    apiVersion: example.com/v1
                    kind: Widget
                    metadata:
                      name: w\(i)
                    spec:
                      template:
                        spec:
                          containers:
                          - name: app
                            image: a:1

                    """
            case 6:
                text += "# an empty document follows\n"
            default:
                text += """
                    apiVersion: batch/v1
                    kind: Job
                    metadata: {name: j\(i)}
                    spec:
                      template:
                        spec:
                          securityContext: {runAsNonRoot: true}
                          containers:
                          - {name: app, image: "a:1"}

                    """
            }
        }
        return text
    }

    /// What a report says, as text (every field the summary and the JSON show).
    static func describe(_ w: WorkloadReport) -> String {
        let exempted = w.exempted.map { "\($0.violation.checkID)@\($0.source.location)" }
        return [
            "\(w.displayName) \(w.location) doc \(w.documentIndex) blocked \(w.blocked)",
            "applied \(w.applied.map(\.summary)) pending \(w.pending.map(\.summary))",
            "manual \(w.manual.map(\.reason)) before \(w.before.map(\.message)) remaining \(w.remaining.map(\.message))",
            "exempted \(exempted) problems \(w.exceptionProblems.map(\.location)) warnings \(w.warnings)",
        ].joined(separator: "\n")
    }

    @Test(arguments: [1, 150, 700, 4000, 1 << 20])
    func batchesGiveWhatTheWholeFileGives(batchBytes: Int) throws {
        let bytes = Array(Self.stream(60).utf8)
        let options = FixOptions(level: .restricted, version: .latest)
        let whole = ManifestFixer.fix(bytes, options: options)
        #expect(whole.status == .processed)
        #expect(whole.changed)

        var fixed: [UInt8] = []
        var original: [UInt8] = []
        var reports: [String] = []
        var unjudged: [UnjudgedObject] = []
        var diff: [UInt8] = []
        var writer = UnifiedDiffWriter(path: "s.yaml") { diff += $0 }
        var batches = 0
        let done = ManifestFixer.fixInBatches(bytes, options: options, context: nil, batchBytes: batchBytes) { batch in
            #expect(batch.result.status == .processed)
            #expect(batch.firstLine == original.filter { $0 == 0x0A }.count)
            #expect(batch.patchedFirstLine == fixed.filter { $0 == 0x0A }.count)
            original += batch.result.original
            fixed += batch.result.fixed
            reports += batch.result.workloads.map(Self.describe)
            unjudged += batch.result.unjudged
            writer.add(old: batch.result.original, new: batch.result.fixed)
            batches += 1
        }
        writer.finish()
        #expect(done)
        #expect(batches > 1 || batchBytes >= bytes.count)
        #expect(original == bytes)
        #expect(fixed == whole.fixed)
        #expect(reports == whole.workloads.map(Self.describe))
        #expect(unjudged == whole.unjudged)
        #expect(!unjudged.isEmpty)
        // The exception annotation is reported at its line in the fixed file, which lies below
        // its line in the original once earlier documents gained lines.
        let exempted = whole.workloads.filter { !$0.exempted.isEmpty && !$0.applied.isEmpty }
        #expect(exempted.count > 3)
        #expect(exempted.allSatisfy { $0.exempted[0].source.location.line > $0.location.line + 7 })
        #expect(diff == UnifiedDiff.make(old: bytes, new: whole.fixed, path: "s.yaml"))
    }

    /// `check` batch by batch gives the whole file's result, field by field.
    @Test(arguments: [1, 150, 700, 4000, 1 << 20])
    func checkBatchesGiveWhatTheWholeFileGives(batchBytes: Int) throws {
        let bytes = Array(Self.stream(60).utf8)
        let context = PolicyContext.fixed(.restricted, .latest)
        let whole = ManifestChecker.check(bytes, context: context)
        let batched = try #require(ManifestChecker.checkInBatches(bytes, context: context, batchBytes: batchBytes))
        func describe(_ r: ManifestChecker.FileResult) -> [String] {
            r.findings.map { "\($0.workload) \($0.level) \($0.version) \($0.violation.message) \($0.fixable)" }
                + r.exempted.map { "\($0.workload) \($0.exempted.violation.checkID) \($0.exempted.source.location)" }
                + r.warnings.map { "\($0.workload) \($0.location) \($0.message)" }
                + r.exceptionProblems.map { "\($0.location) \($0.message)" } + r.policies.map { "\($0)" }
        }
        #expect(whole.error == nil && batched.error == nil)
        #expect(whole.workloads.count > 30 && !whole.findings.isEmpty && !whole.exempted.isEmpty && !whole.warnings.isEmpty)
        #expect(batched.workloads == whole.workloads)
        #expect(describe(batched) == describe(whole))
        #expect(batched.unjudged == whole.unjudged)
        // A duplicate key in a late batch: the whole file reports it.
        let duplicate = Array((Self.stream(20) + "---\nkind: Pod\nkind: Pod\n").utf8)
        #expect(ManifestChecker.checkInBatches(duplicate, context: context, batchBytes: batchBytes) == nil)
    }

    @Test func aFileTheBatchesCannotTakeGoesBackWhole() {
        let options = FixOptions(level: .restricted, version: .latest)
        let good = Self.stream(20)
        // A duplicate key in a late document: the whole file is one error, so no batch may stand.
        var calls = 0
        let duplicate = Array((good + "---\nkind: Pod\nkind: Pod\n").utf8)
        #expect(!ManifestFixer.fixInBatches(duplicate, options: options, context: nil, batchBytes: 100) { _ in calls += 1 })
        #expect(calls > 0)  // batches before it were handed over, and are to be discarded
        #expect(ManifestFixer.fix(duplicate, options: options).status != .processed)
        // Carriage returns, Go template markers: decided on the whole file, nothing handed over.
        calls = 0
        let crlf = Array(good.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(!ManifestFixer.fixInBatches(crlf, options: options, context: nil, batchBytes: 100) { _ in calls += 1 })
        let template = Array((good + "---\nmetadata:\n  name: {{ .Values.name }}\n").utf8)
        #expect(!ManifestFixer.fixInBatches(template, options: options, context: nil, batchBytes: 100) { _ in calls += 1 })
        #expect(calls == 0)
    }

    @Test func cutsAreDocumentStartLines() {
        let text = Array("a: 1\n--- x\nb: |\n  ---\n---\n----\n---\tc\n---".utf8)
        var cuts: [Int] = []
        var at = 0
        while true {
            at = ManifestFixer.cut(text, after: at)
            guard at < text.count else { break }
            cuts.append(at)
            at += 1
        }
        #expect(cuts == [5, 22, 31, 37])
    }
}

/// The diff written piece by piece is `UnifiedDiff.make`'s for the whole file, wherever the
/// pieces are cut: hunks merge across a cut, context runs on into the next piece, and the file's
/// edges cut context short.
@Suite struct UnifiedDiffWriterTests {
    /// Old line i and what it became (itself, changed, or followed by an added line).
    static func lines(_ n: Int, changed: Set<Int>, added: Set<Int> = [], lastNewline: Bool = true) -> [(old: String, new: [String])] {
        var groups: [(old: String, new: [String])] = []
        for i in 0..<n {
            var new = [changed.contains(i) ? "line \(i) changed\n" : "line \(i)\n"]
            if added.contains(i) { new.append("added after \(i)\n") }
            groups.append(("line \(i)\n", new))
        }
        if !lastNewline {
            groups[n - 1].old.removeLast()
            groups[n - 1].new[groups[n - 1].new.count - 1].removeLast()
        }
        return groups
    }

    static func whole(_ groups: [(old: String, new: [String])]) -> [UInt8] {
        UnifiedDiff.make(
            old: Array(groups.map(\.old).joined().utf8), new: Array(groups.flatMap(\.new).joined().utf8), path: "f.yaml")
    }

    /// The diff written in pieces cut before the old lines `cuts`, where a batch is cut: before
    /// a line no change touches (a `---` line, which pss-fix never edits, and no line is added
    /// right before it). Other cuts are left out.
    static func written(_ groups: [(old: String, new: [String])], cuts: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        var writer = UnifiedDiffWriter(path: "f.yaml") { out += $0 }
        var from = 0
        let untouched = cuts.filter { [$0].contains(where: { c in groups[c].new == [groups[c].old] && groups[c - 1].new.count == 1 }) }
        for cut in untouched + [groups.count] {
            let piece = groups[from..<cut]
            writer.add(old: Array(piece.map(\.old).joined().utf8), new: Array(piece.flatMap(\.new).joined().utf8))
            from = cut
        }
        writer.finish()
        return out
    }

    @Test(arguments: [
        ([3, 9], Set<Int>()), ([0, 19], Set([5])), ([10], Set([9])), ([6, 12], Set<Int>()), ([2, 17], Set([10])),
        ([], Set<Int>()), ([], Set([0, 19])),
    ])
    func piecesGiveTheWholeDiff(changed: [Int], added: Set<Int>) {
        let groups = Self.lines(20, changed: Set(changed), added: added)
        let whole = Self.whole(groups)
        #expect(whole.isEmpty == (changed.isEmpty && added.isEmpty))
        for cuts in [[], [1], [4], [7, 8], [10], [3, 6, 9, 12, 15, 18], Array(1..<20)] {
            #expect(Self.written(groups, cuts: cuts) == whole, "cuts \(cuts)")
        }
    }

    /// A big stream with many changes is diffed document by document by `make` too: the writer
    /// says its bytes are `make`'s, and they are. With few changes `make` diffs one range, and
    /// the writer does not vouch for its bytes.
    @Test func aBigStreamWithManyChangesIsTheWholeFileDiff() {
        func stream(changedEvery: Int) -> (old: [UInt8], new: [UInt8], cuts: [Int]) {
            var old: [UInt8] = []
            var new: [UInt8] = []
            var cuts: [Int] = []
            for d in 0..<7000 {
                if d > 0 && d % 500 == 0 { cuts.append(d) }
                var o = d == 0 ? "" : "---\n"
                var n = o
                for k in 0..<20 {
                    o += "  key\(k): \(d)\n"
                    n += "  key\(k): \(d)\n"
                    if (d * 20 + k) % changedEvery == 0 { n += "  added: true\n" }
                }
                old += Array(o.utf8)
                new += Array(n.utf8)
            }
            return (old, new, cuts)
        }
        for (every, vouched) in [(37, true), (60_000, false)] {
            let (old, new, _) = stream(changedEvery: every)
            var out: [UInt8] = []
            var writer = UnifiedDiffWriter(path: "s.yaml") { out += $0 }
            // Pieces of 500 documents, cut before their `---` lines.
            let text = String(decoding: old, as: UTF8.self)
            let newText = String(decoding: new, as: UTF8.self)
            let oldDocs = text.components(separatedBy: "---\n")
            let newDocs = newText.components(separatedBy: "---\n")
            for start in stride(from: 0, to: oldDocs.count, by: 500) {
                let end = min(start + 500, oldDocs.count)
                let sep = start == 0 ? "" : "---\n"
                writer.add(
                    old: Array((sep + oldDocs[start..<end].joined(separator: "---\n")).utf8),
                    new: Array((sep + newDocs[start..<end].joined(separator: "---\n")).utf8))
            }
            writer.finish()
            #expect(writer.matchesWholeFileDiff == vouched)
            if vouched { #expect(out == UnifiedDiff.make(old: old, new: new, path: "s.yaml")) }
        }
    }

    @Test func noNewlineAtTheEnd() {
        let groups = Self.lines(8, changed: [7], lastNewline: false)
        let whole = Self.whole(groups)
        #expect(String(decoding: whole, as: UTF8.self).contains("No newline"))
        for cuts in [[], [5], [7]] {
            #expect(Self.written(groups, cuts: cuts) == whole, "cuts \(cuts)")
        }
    }
}
