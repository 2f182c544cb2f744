import PSSFixCore

/// `check` of a big stream in bounded memory (issue 23): the file is judged batch by batch
/// (`ManifestChecker.checkInBatches`) and each batch's findings are rendered at once into an
/// unlinked temporary file, so the stream's findings are never all held (a 30 MB stream of
/// 100,000 Pods held 690 MB of them for its 150 MB JSON report). What a report puts after a
/// file's findings (exempted findings, warnings, objects not judged, exception problems) is
/// few and kept until the end, then rendered as one more piece: the file's findings and that
/// piece are the bytes its whole-file rendering gives, in every format. When a batch fails (a
/// parse error, a workload of the wrong shape) what was made is dropped and the file is checked
/// whole, which reports it as before.
struct BatchedCheck: Sendable {
    /// The rendered findings, joined by the writer's separator.
    let findings: Spool
    /// The rendered rest of the file's report.
    let rest: CheckChunk
    /// The file's counts, for the run's totals.
    let totals: CheckTotals

    /// nil when the file must be checked whole: a cluster dump (regrouped per workload over the
    /// whole file), a template that is not checked, a failed batch, a temporary file that could
    /// not be made or written.
    static func run(
        _ bytes: [UInt8], path: String, rendered: Bool, context: PolicyContext, writer: any CheckWriter, batchBytes: Int
    ) -> BatchedCheck? {
        guard !ClusterInput.mayBeDump(bytes),
            rendered || TemplateDetection.skipReason(bytes, example: "") == nil,
            let spool = Spool()
        else { return nil }
        let separator = Array(writer.separator.utf8)
        var totals = CheckTotals()
        var rest: ManifestChecker.FileResult?
        let done = ManifestChecker.checkInBatches(bytes, context: context, batchBytes: batchBytes) { batch in
            totals.count(batch)
            // The findings alone: what a writer streams for them is nothing but the findings.
            var found = batch
            (found.exempted, found.warnings, found.unjudged, found.exceptionProblems) = ([], [], [], [])
            for part in writer.render(CheckFileEntry(path: path, result: found, error: nil)).stream where !part.isEmpty {
                if !spool.isEmpty { spool.write(separator) }
                spool.write(Array(part.utf8))
            }
            // The rest, from every batch in order.
            var tail = batch
            (tail.workloads, tail.findings, tail.policies) = ([], [], [])
            if rest == nil { rest = tail } else { rest!.append(tail) }
        }
        guard done, spool.complete else { return nil }
        totals.files += 1
        let tail = rest.map { writer.render(CheckFileEntry(path: path, result: $0, error: nil)) } ?? CheckChunk()
        return BatchedCheck(findings: spool, rest: tail, totals: totals)
    }
}
