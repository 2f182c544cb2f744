import Glibc
import PSSFixCore

/// `--diff` of a big stream in bounded memory (issue 23): the file is fixed batch by batch
/// (`ManifestFixer.fixInBatches`) and its diff and summary lines go to unlinked temporary
/// files as each batch is done, so neither the trees, the reports, the fixed text nor the
/// outputs of the whole stream are ever held (a 30 MB stream of 100,000 Pods took 1.7 GB;
/// its summary alone is 37 MB). The outputs are copied to stdout and stderr when the file's
/// turn comes, and are the bytes the whole-file path gives; when a batch fails (a parse
/// error, a failed verification) or the diff written in pieces might not be the whole file's
/// (`UnifiedDiffWriter.matchesWholeFileDiff`: few changes), they are dropped and the file is
/// fixed whole, which reports it as before.
struct BatchedDiff {
    let diff: Spool
    let text: Spool
    /// The lines about objects that are not judged: before every workload's, as for a whole file.
    let unjudged: String
    /// The file's counts, for the run's totals.
    let tally: FixSummary
    let violations: Bool

    /// nil when the file must be fixed whole (or a temporary file cannot be made).
    static func run(
        _ bytes: [UInt8], path: String, options: FixOptions, context: PolicyContext, summary: FixSummary, verbose: Bool, color: Bool,
        batchBytes: Int
    ) -> BatchedDiff? {
        guard let diffSpool = Spool(), let textSpool = Spool() else { return nil }
        var tally = FixSummary(palette: summary.palette, policyLabel: summary.policyLabel)
        var unjudged: [UnjudgedObject] = []
        var changed = false
        var violations = false
        var writer = UnifiedDiffWriter(path: path) { hunk in diffSpool.write(color ? UnifiedDiff.colorize(hunk) : hunk) }
        let done = ManifestFixer.fixInBatches(bytes, options: options, context: context, batchBytes: batchBytes) { batch in
            var result = batch.result
            unjudged += result.unjudged
            result.unjudged = []
            changed = changed || result.changed
            violations = violations || result.remainingCount > 0
            tally.countWorkloads(of: result)
            textSpool.write(Array(summary.lines(for: path, result, verbose: verbose).utf8))
            writer.add(old: result.original, new: result.fixed)
        }
        guard done else { return nil }
        writer.finish()
        // Few changes in the file: the whole file's diff may align equal lines differently.
        guard writer.matchesWholeFileDiff else { return nil }
        // A spool that could not be written whole (a full disk) must not print part of a diff.
        guard diffSpool.complete, textSpool.complete else { return nil }
        tally.countBatchedFile(changed: changed)
        var objects = FileFixResult(status: .processed, original: [], fixed: [], workloads: [])
        objects.unjudged = unjudged
        return BatchedDiff(
            diff: diffSpool, text: textSpool, unjudged: unjudged.isEmpty ? "" : summary.lines(for: path, objects, verbose: verbose),
            tally: tally, violations: violations)
    }
}
