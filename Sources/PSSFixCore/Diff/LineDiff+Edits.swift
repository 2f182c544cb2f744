#if canImport(Glibc)
import Glibc
#endif

/// A line diff guided by the edits that made the new bytes: only the lines an edit touches
/// are diffed.
///
/// Every byte outside an edit is copied unchanged, so the lines between two edits are the same
/// on both sides and pair up one to one; a line diff is needed only inside each edited window
/// (the whole lines an edit touches, windows that overlap merged). Each window goes through the
/// same steps as a whole file (common first and last lines, then Myers), so a fix of a few lines
/// in a big file costs a few lines, not the file: on the benchmark's sample the whole-file diff
/// hashed and compared every line between a file's first and last change.
///
/// The result is a minimal script within each window; across windows it can differ from the
/// whole-file script only where a changed line could slide past an unchanged one equal to it
/// (both are valid and of the same size: the unchanged lines between windows are a common
/// subsequence either way).
extension LineDiff {
    /// nil when `edits` do not turn `old` into `new` exactly (checked byte for byte), so the
    /// caller can fall back to the whole-file diff; an empty `edits` is nil too.
    /// `lineStarts`: both files' line starts as `SourceText` makes them, when known (else
    /// the files are split here).
    public init?(old: [UInt8], new: [UInt8], edits: [Edit], lineStarts: (old: [Int], new: [Int])? = nil) {
        guard !edits.isEmpty, let patch = try? Patch(edits), let windows = LineDiff.windows(old: old, new: new, edits: patch.edits)
        else { return nil }
        let oldLines = lineStarts.map { LineDiff.lines(starts: $0.old, count: old.count) } ?? LineDiff.lines(of: old)
        let newLines = lineStarts.map { LineDiff.lines(starts: $0.new, count: new.count) } ?? LineDiff.lines(of: new)
        var removed = [Bool](repeating: false, count: oldLines.count)
        var added = [Bool](repeating: false, count: newLines.count)
        var lastOld = 0
        var lastNew = 0
        for window in windows {
            // Windows start and end at line starts on both sides (checked when they were made),
            // so they fall on line boundaries here.
            guard let a = LineDiff.lineIndex(startingAt: window.old.lowerBound, in: oldLines, from: lastOld, total: old.count),
                let b = LineDiff.lineIndex(startingAt: window.old.upperBound, in: oldLines, from: a, total: old.count),
                let c = LineDiff.lineIndex(startingAt: window.new.lowerBound, in: newLines, from: lastNew, total: new.count),
                let d = LineDiff.lineIndex(startingAt: window.new.upperBound, in: newLines, from: c, total: new.count),
                a - lastOld == c - lastNew
            else { return nil }
            _ = LineDiff.flag(
                old: old, oldLines: oldLines[a..<b], new: new, newLines: newLines[c..<d],
                removed: &removed, added: &added, exactOnly: false, byDocument: true)
            lastOld = b
            lastNew = d
        }
        guard oldLines.count - lastOld == newLines.count - lastNew else { return nil }
        let changes = LineDiff.blocks(removed: removed, added: added)
        guard LineDiff.anchored(changes, old: old, oldLines: oldLines, new: new, newLines: newLines) else { return nil }
        self.init(oldLines: oldLines, newLines: newLines, changes: changes)
    }

    /// No changed line equals an unchanged line next to its block. Where one does, the whole
    /// file's Myers may pair them instead (the same number of changed lines, another script):
    /// the caller then diffs the whole file, so that a diff never depends on which way it was
    /// made (pinned on every fix of the repository's files and the benchmark corpus).
    private static func anchored(
        _ changes: [Change], old: [UInt8], oldLines: [Range<Int>], new: [UInt8], newLines: [Range<Int>]
    ) -> Bool {
        old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                for change in changes {
                    var neighbours: [Range<Int>] = []
                    if change.old.lowerBound > 0 { neighbours.append(oldLines[change.old.lowerBound - 1]) }
                    if change.old.upperBound < oldLines.count { neighbours.append(oldLines[change.old.upperBound]) }
                    for neighbour in neighbours {
                        for k in change.old where bytesEqual(a, oldLines[k], a, neighbour) { return false }
                        for k in change.new where bytesEqual(b, newLines[k], a, neighbour) { return false }
                    }
                }
                return true
            }
        }
    }

    /// The lines of a file of `count` bytes whose lines start at `starts` (`SourceText`'s,
    /// which counts a last, empty line after a final line break: not a line here).
    static func lines(starts: [Int], count: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(starts.count)
        for (i, start) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1] : count
            if start < end { result.append(start..<end) }
        }
        return result
    }

    /// One edited window: the byte range of whole lines on each side.
    struct Window: Equatable {
        var old: Range<Int>
        var new: Range<Int>
    }

    /// The windows of sorted, non-overlapping edits (as `Patch` orders them), each starting and
    /// ending at a line start (or the end) on both sides; nil unless applying the edits to
    /// `old` gives `new` byte for byte.
    static func windows(old: [UInt8], new: [UInt8], edits: [Edit]) -> [Window]? {
        old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                guard applied(edits, a, b) else { return nil }
                var result: [Window] = []
                var delta = 0  // new offset minus old offset after the edits seen so far
                var i = 0
                while i < edits.count {
                    let start = lineStart(before: edits[i].span.start, in: a)
                    if let last = result.last, start < last.old.upperBound { return nil }  // cannot happen: edits are sorted
                    let newStart = start + delta
                    guard atLineStart(newStart, b) else { return nil }
                    var end = edits[i].span.end
                    delta += edits[i].replacement.count - edits[i].span.count
                    i += 1
                    var close = lineEnd(after: end, in: a)
                    while true {
                        // Edits starting before the window's end join it (`delta` then maps
                        // its end to the new side).
                        if i < edits.count, edits[i].span.start < close {
                            end = edits[i].span.end
                            delta += edits[i].replacement.count - edits[i].span.count
                            i += 1
                            close = max(close, lineEnd(after: end, in: a))
                            continue
                        }
                        // An insertion at a line start whose text does not end a line joins
                        // the old line after it.
                        if !atLineStart(close + delta, b) {
                            guard close < a.count else { return nil }
                            close = lineEnd(after: close + 1, in: a)
                            continue
                        }
                        break
                    }
                    result.append(Window(old: start..<close, new: newStart..<(close + delta)))
                }
                return result
            }
        }
    }

    /// Whether applying `edits` (sorted, non-overlapping) to `a` gives exactly `b`.
    private static func applied(_ edits: [Edit], _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = 0
        var delta = 0
        for edit in edits {
            let span = edit.span.start..<edit.span.end
            guard span.lowerBound >= cursor, span.upperBound <= a.count else { return false }
            // The unchanged stretch before the edit, then the edit's bytes.
            guard bytesEqual(a, cursor..<span.lowerBound, b, (cursor + delta)..<(span.lowerBound + delta)) else { return false }
            let at = span.lowerBound + delta
            guard at + edit.replacement.count <= b.count else { return false }
            let same = edit.replacement.withUnsafeBufferPointer { r in
                bytesEqual(r, 0..<r.count, b, at..<(at + r.count))
            }
            guard same else { return false }
            delta += edit.replacement.count - span.count
            cursor = span.upperBound
        }
        return a.count + delta == b.count && bytesEqual(a, cursor..<a.count, b, (cursor + delta)..<b.count)
    }

    /// The start of the line holding `offset`.
    private static func lineStart(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var k = offset
        while k > 0 && bytes[k - 1] != 0x0A { k -= 1 }
        return k
    }

    /// `offset` when a line starts there, else the start of the next line (or the end).
    private static func lineEnd(after offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if atLineStart(offset, bytes) { return offset }
        guard let base = bytes.baseAddress, let hit = memchr(base + offset, 0x0A, bytes.count - offset) else { return bytes.count }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
    }

    /// A line starts at `offset` (the end of the bytes counts as one).
    private static func atLineStart(_ offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        offset == 0 || offset == bytes.count || (offset < bytes.count && bytes[offset - 1] == 0x0A)
    }

    /// The index of the line starting at `offset` (`lines.count` at the end), searched from
    /// line `from` on; nil when no line starts there.
    private static func lineIndex(startingAt offset: Int, in lines: [Range<Int>], from: Int, total: Int) -> Int? {
        if offset == total { return lines.count }
        let i = partitionPoint(from..<lines.count) { lines[$0].lowerBound < offset }
        return i < lines.count && lines[i].lowerBound == offset ? i : nil
    }
}
