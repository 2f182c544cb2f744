/// A unified diff written piece by piece (issue 23): a big stream fixed batch by batch
/// (`ManifestFixer.fixInBatches`) hands its old and new text over one batch at a time, and the
/// diff of the whole file is written hunk by hunk without ever holding the file's lines. The
/// bytes are those `UnifiedDiff.make` gives for the whole file when its line diff is the
/// concatenation of the pieces' line diffs (documents are never reordered and pss-fix's changes
/// never slide across a `---` line; see `LineDiff`'s document-by-document path): hunks merge
/// across pieces when at most `2 * context` unchanged lines apart, and context runs on into the
/// next piece.
public struct UnifiedDiffWriter {
    private let path: String
    private let context: Int
    private let write: ([UInt8]) -> Void
    private var wroteHeader = false
    /// 0-based index of the next old and new line.
    private var oldLine = 0
    private var newLine = 0
    /// The hunk being built (its header needs its final size), if any.
    private var hunk: Hunk?
    /// Unchanged lines since the last change (at most `2 * context` while a hunk is open, at
    /// most `context` otherwise): trailing context of the open hunk, or leading context of the
    /// next one.
    private var recent: [[UInt8]] = []

    private struct Hunk {
        var oldStart: Int
        var newStart: Int
        var oldCount = 0
        var newCount = 0
        var body: [UInt8] = []
    }

    public init(path: String, context: Int = 3, write: @escaping ([UInt8]) -> Void) {
        self.path = path
        self.context = max(0, context)
        self.write = write
    }

    /// The next piece of the file: `old` and `new` start where the previous piece ended, at a
    /// line start.
    public mutating func add(old: [UInt8], new: [UInt8]) {
        if old == new {
            let lines = LineDiff.lines(of: old)
            unchanged(lines.indices, lines, old)
            return
        }
        let diff = LineDiff(old: old, new: new)
        var i = 0
        for change in diff.changes {
            unchanged(i..<change.old.lowerBound, diff.oldLines, old)
            changed(change, diff, old, new)
            i = change.old.upperBound
        }
        unchanged(i..<diff.oldLines.count, diff.oldLines, old)
    }

    /// Ends the diff: the open hunk gets its trailing context and is written.
    public mutating func finish() {
        close()
    }

    /// Unchanged lines: only the first `2 * context + 1` (which close an open hunk) and the
    /// last `context` (leading context of the next one) are looked at.
    private mutating func unchanged(_ range: Range<Int>, _ lines: [Range<Int>], _ bytes: [UInt8]) {
        let keepHead = 2 * context + 1
        for k in range {
            if k - range.lowerBound >= keepHead && range.upperBound - k > context {
                // Neither closes a hunk nor can lead the next: only counted.
                oldLine += 1
                newLine += 1
                continue
            }
            recent.append(Self.line(lines[k], bytes))
            oldLine += 1
            newLine += 1
            if hunk != nil {
                if recent.count > 2 * context { close() }
            } else if recent.count > context {
                recent.removeFirst(recent.count - context)
            }
        }
    }

    private mutating func changed(_ change: LineDiff.Change, _ diff: LineDiff, _ old: [UInt8], _ new: [UInt8]) {
        if hunk == nil {
            hunk = Hunk(oldStart: oldLine - recent.count, newStart: newLine - recent.count)
        }
        for line in recent { append(0x20, line) }
        hunk!.oldCount += recent.count
        hunk!.newCount += recent.count
        recent.removeAll(keepingCapacity: true)
        for k in change.old { append(0x2D, Self.line(diff.oldLines[k], old)) }
        for k in change.new { append(0x2B, Self.line(diff.newLines[k], new)) }
        hunk!.oldCount += change.old.count
        hunk!.newCount += change.new.count
        oldLine += change.old.count
        newLine += change.new.count
    }

    /// Writes the open hunk with up to `context` lines of trailing context; the lines after
    /// those stay in `recent` (the last `context` of them lead the next hunk).
    private mutating func close() {
        guard var h = hunk else { return }
        let trail = min(context, recent.count)
        for line in recent[..<trail] {
            h.body.append(0x20)
            Self.appendLine(line, to: &h.body)
        }
        h.oldCount += trail
        h.newCount += trail
        recent.removeFirst(trail)
        if recent.count > context { recent.removeFirst(recent.count - context) }
        hunk = nil
        var out: [UInt8] = []
        if !wroteHeader {
            UnifiedDiff.appendHeader(path: path, newFile: false, to: &out)
            wroteHeader = true
        }
        out.append(contentsOf: "@@ -".utf8)
        UnifiedDiff.appendRange(start: h.oldStart, count: h.oldCount, to: &out)
        out.append(contentsOf: " +".utf8)
        UnifiedDiff.appendRange(start: h.newStart, count: h.newCount, to: &out)
        out.append(contentsOf: " @@\n".utf8)
        out.append(contentsOf: h.body)
        write(out)
    }

    private mutating func append(_ marker: UInt8, _ line: [UInt8]) {
        hunk!.body.append(marker)
        Self.appendLine(line, to: &hunk!.body)
    }

    /// A line as `make` writes it: its bytes, and git's marker when it has no line break.
    private static func appendLine(_ line: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: line)
        if line.last != 0x0A { out.append(contentsOf: "\n\\ No newline at end of file\n".utf8) }
    }

    private static func line(_ range: Range<Int>, _ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[range])
    }
}
