/// A unified diff written piece by piece (issue 23): a big stream fixed batch by batch
/// (`ManifestFixer.fixInBatches`) hands its old and new text over one batch at a time, and the
/// diff of the whole file is written hunk by hunk without ever holding the file's lines. Each
/// piece is diffed document by document, as `UnifiedDiff.make` diffs a whole stream with many
/// changes (`LineDiff.documentScript`); hunks merge across pieces when at most `2 * context`
/// unchanged lines apart, and context runs on into the next piece. `matchesWholeFileDiff` says,
/// after `finish`, whether the bytes are certainly `make`'s for the whole file: not when `make`
/// would have diffed the file as one range (few changes: its Myers run stays within budget,
/// and may align equal lines differently), nor when a piece's `---` lines differ between the
/// sides, nor when the common first or last lines run across a piece. The caller then makes
/// the diff of the whole file instead.
public struct UnifiedDiffWriter {
    /// Set by `finish` (see the type's comment).
    public private(set) var matchesWholeFileDiff = false
    /// What decides it: changed lines (removed plus added), the common first lines of the file
    /// and the common last lines after the last changed piece; `unsure` when one is not known.
    private var edits = 0
    private var prefix: Int?
    private var suffix = 0
    private var unsure = false
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
            suffix += lines.count
            unchanged(lines.indices, lines, old)
            return
        }
        let oldLines = LineDiff.lines(of: old)
        let newLines = LineDiff.lines(of: new)
        // The common first lines of the file end in the first changed piece, the common last
        // lines start in the last one: `make` leaves both out before choosing how to diff.
        func same(_ i: Int, _ j: Int) -> Bool { old[oldLines[i]].elementsEqual(new[newLines[j]]) }
        var head = 0
        while head < oldLines.count && head < newLines.count && same(head, head) { head += 1 }
        var tail = 0
        while tail < oldLines.count - head && tail < newLines.count - head && same(oldLines.count - 1 - tail, newLines.count - 1 - tail) {
            tail += 1
        }
        if head == oldLines.count || head == newLines.count || tail == oldLines.count - head || tail == newLines.count - head {
            unsure = true
        }
        if prefix == nil { prefix = oldLine + head }
        suffix = tail
        let changes: [LineDiff.Change]
        if let script = LineDiff.documentScript(old: old, oldLines: oldLines, new: new, newLines: newLines) {
            changes = script
        } else {
            unsure = true
            changes = LineDiff.changes(old: old, oldLines: oldLines, new: new, newLines: newLines)
        }
        var i = 0
        for change in changes {
            unchanged(i..<change.old.lowerBound, oldLines, old)
            changed(change, oldLines, newLines, old, new)
            edits += change.old.count + change.new.count
            i = change.old.upperBound
        }
        unchanged(i..<oldLines.count, oldLines, old)
    }

    /// Ends the diff: the open hunk gets its trailing context and is written.
    public mutating func finish() {
        close()
        if let prefix {
            let total = (oldLine - prefix - suffix) + (newLine - prefix - suffix)
            matchesWholeFileDiff = !unsure && edits > LineDiff.wholeRangeEditLimit(total: total) + 2
        } else {
            matchesWholeFileDiff = true  // no change: no diff either way
        }
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

    private mutating func changed(
        _ change: LineDiff.Change, _ oldLines: [Range<Int>], _ newLines: [Range<Int>], _ old: [UInt8], _ new: [UInt8]
    ) {
        if hunk == nil {
            hunk = Hunk(oldStart: oldLine - recent.count, newStart: newLine - recent.count)
        }
        for line in recent { append(0x20, line) }
        hunk!.oldCount += recent.count
        hunk!.newCount += recent.count
        recent.removeAll(keepingCapacity: true)
        for k in change.old { append(0x2D, Self.line(oldLines[k], old)) }
        for k in change.new { append(0x2B, Self.line(newLines[k], new)) }
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
