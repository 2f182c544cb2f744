#if canImport(Glibc)
import Glibc
#endif

/// Big streams fixed batch by batch (issue 23): one `helm template` or `kustomize build` output
/// of 100,000 Pods took 1.7 GB to fix as one tree; a batch of documents is parsed, judged,
/// planned, patched and verified on its own, handed to the caller, and released before the next.
/// YAML documents parse independently (libyaml resets its scanner at `---`; verification
/// already re-parses changed documents one by one), so a batch is fixed exactly as the same
/// documents in the whole file; reports name the file's lines and documents (`Origin`).
extension ManifestFixer {
    /// One batch: `result.original` and `result.fixed` are the batch's bytes only, which follow
    /// the previous batch's in the file (cuts are at line starts).
    public struct Batch {
        public let result: FileFixResult
        /// 0-based line of the batch's first byte in the original file and in the fixed one.
        public let firstLine: Int
        public let patchedFirstLine: Int
    }

    /// Batches of about this many bytes (cut at the next `---` line after it): 256 KB keep a
    /// 100,000-Pod stream at 63 MB peak (1 MB: 107 MB) for the same CPU time.
    public static let batchBytes = 1 << 18

    /// Files at least this big are checked and diffed batch by batch (smaller ones whole; the
    /// benchmark corpus's largest file is 2 MB).
    public static let batchThreshold = 4 << 20

    /// Fixes `bytes` batch by batch, calling `each` with every batch in file order, and returns
    /// true; or returns false, possibly after some batches, when the file must be fixed whole
    /// with `fix` (the caller then discards what it got): when a batch does not parse or does
    /// not verify (the whole file reports that as one error, or fixes nothing), when the file
    /// has carriage returns (an edit follows the file's first line break, which a batch may not
    /// see) or other line breaks the editor does not handle, or Go template markers (the whole
    /// file decides whether it is a template). Workload indexes for `hiddenContainers` and
    /// Namespace labels are per file: such runs are not batched (the caller does not ask).
    public static func fixInBatches(
        _ bytes: [UInt8], options: FixOptions, context: PolicyContext?, batchBytes: Int = ManifestFixer.batchBytes,
        _ each: (Batch) -> Void
    ) -> Bool {
        if !options.rendered && TemplateDetection.containsMarkers(bytes) { return false }
        if TextPatcher.unsupportedLineBreak(in: bytes) != nil || count(UInt8(ascii: "\r"), in: bytes[...]) > 0 { return false }
        var options = options
        options.rendered = true  // the whole file was looked at for template markers
        var origin = Origin()
        var start = 0
        while start < bytes.count {
            let end = cut(bytes, after: start + max(batchBytes, 1))
            let part = Array(bytes[start..<end])
            let (result, documents) = fix(part, options: options, context: context, labels: [:], hiddenContainers: [:], origin: origin)
            guard result.status == .processed else { return false }
            each(Batch(result: result, firstLine: origin.line, patchedFirstLine: origin.patchedLine))
            origin.line += count(UInt8(ascii: "\n"), in: part[...])
            origin.patchedLine += count(UInt8(ascii: "\n"), in: result.fixed[...])
            origin.document += documents
            start = end
        }
        return true
    }

    /// The start of the first line at or after `offset` that opens a document (`---` alone or
    /// followed by a blank); the end of `bytes` when there is none. libyaml reads such a line
    /// at column 0 as a document start wherever it is (it ends block and plain scalars, and is
    /// an error inside quoted scalars and flow collections, which then fails the batch too).
    static func cut(_ bytes: [UInt8], after offset: Int) -> Int {
        guard offset < bytes.count else { return bytes.count }
        return bytes.withUnsafeBufferPointer { b -> Int in
            let base = b.baseAddress!
            var i = offset
            while i < b.count, let hit = memchr(base + i, Int32(UInt8(ascii: "\n")), b.count - i) {
                let line = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
                if line + 3 <= b.count, b[line] == 0x2D, b[line + 1] == 0x2D, b[line + 2] == 0x2D,
                    line + 3 == b.count || b[line + 3] == 0x20 || b[line + 3] == 0x09 || b[line + 3] == 0x0A
                {
                    return line
                }
                i = line
            }
            return b.count
        }
    }

    /// How many times `byte` occurs in `bytes`.
    static func count(_ byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { b -> Int in
            guard var p = b.baseAddress else { return 0 }
            let end = p + b.count
            var n = 0
            while p < end, let hit = memchr(p, Int32(byte), end - p) {
                n += 1
                p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return n
        }
    }
}
