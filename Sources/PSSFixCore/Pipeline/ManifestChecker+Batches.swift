/// `check` of a big stream batch by batch (issue 23), as `ManifestFixer.fixInBatches` fixes
/// one: the trees of about 256 KB of documents at a time instead of the whole stream's (a
/// 100,000-Pod stream took 950 MB). The result is the whole file's: every batch is parsed with
/// the file's line and document numbers, and results follow each other in file order.
extension ManifestChecker {
    /// The file's result from its batches; nil when the file must be checked whole: a batch
    /// that does not parse or holds a workload of the wrong shape (the whole file reports the
    /// first such problem, after libyaml has read all of it), or line breaks libyaml counts
    /// and a `\n` count does not (a lone `\r`, NEL, LS, PS: the batches' first lines would be off).
    static func checkInBatches(_ bytes: [UInt8], context: PolicyContext, batchBytes: Int) -> FileResult? {
        if TextPatcher.unsupportedLineBreak(in: bytes) != nil { return nil }
        var result = FileResult(error: nil, skipped: nil, workloads: [], findings: [])
        var line = 0
        var document = 0
        var start = 0
        while start < bytes.count {
            let end = ManifestFixer.cut(bytes, after: start + max(batchBytes, 1))
            let part = Array(bytes[start..<end])
            var source = SourceText(part)
            source.firstLine = line
            let stream: YAMLStream
            do {
                let region = YAMLParser.Region(bytes: 0..<part.count, firstLine: line, firstDocument: document)
                stream = YAMLStream(
                    source: source,
                    documents: try YAMLParser.parse(
                        source, region: region, keepKind: Workload.isRelevantKind, skipValuesOf: Workload.keysChecksNeverRead))
            } catch {
                return nil
            }
            if !WorkloadShape.problems(in: stream, kinds: context.kinds).isEmpty { return nil }
            let batch = judge(stream, context: context)
            result.workloads += batch.workloads
            result.findings += batch.findings
            result.exempted += batch.exempted
            result.exceptionProblems += batch.exceptionProblems
            result.policies += batch.policies
            result.unjudged += batch.unjudged
            result.warnings += batch.warnings
            line += ManifestFixer.count(UInt8(ascii: "\n"), in: part[...])
            document += stream.documents.count
            start = end
        }
        return result
    }
}
