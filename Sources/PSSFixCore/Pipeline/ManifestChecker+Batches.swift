/// `check` of a big stream batch by batch (issue 23), as `ManifestFixer.fixInBatches` fixes
/// one: the trees of about 256 KB of documents at a time instead of the whole stream's (a
/// 100,000-Pod stream took 950 MB). Every batch is parsed with the file's line and document
/// numbers, and the batches' results follow each other in file order.
extension ManifestChecker {
    /// The file's result from its batches; nil when the file must be checked whole (see below).
    static func checkInBatches(_ bytes: [UInt8], context: PolicyContext, batchBytes: Int) -> FileResult? {
        var result = FileResult(error: nil, skipped: nil, workloads: [], findings: [])
        let done = checkInBatches(bytes, context: context, batchBytes: batchBytes) { result.append($0) }
        return done ? result : nil
    }

    /// Hands each batch's result to `each`, in file order, and returns true; false when the file
    /// must be checked whole, and then what `each` was given is not the file's result: a batch
    /// that does not parse or holds a workload of the wrong shape (the whole file reports the
    /// first such problem, after libyaml has read all of it), or line breaks libyaml counts and
    /// a `\n` count does not (a lone `\r`, NEL, LS, PS: the batches' first lines would be off).
    /// A caller that streams the batches' reports (`check` of a big stream keeps its output, not
    /// its findings) drops what it made when this returns false.
    public static func checkInBatches(
        _ bytes: [UInt8], context: PolicyContext, batchBytes: Int, each: (FileResult) -> Void
    ) -> Bool {
        if TextPatcher.unsupportedLineBreak(in: bytes) != nil { return false }
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
                return false
            }
            if !WorkloadShape.problems(in: stream, kinds: context.kinds).isEmpty { return false }
            each(judge(stream, context: context))
            line += ManifestFixer.count(UInt8(ascii: "\n"), in: part[...])
            document += stream.documents.count
            start = end
        }
        return true
    }
}
