/// git-style unified diffs of byte arrays, appliable with `git apply` and `patch -p1`.
public enum UnifiedDiff {
    /// The unified diff turning `old` into `new`, with `path` as the file name on both sides:
    ///
    ///     diff --git a/P b/P
    ///     --- a/P
    ///     +++ b/P
    ///     @@ -l,s +l,s @@
    ///
    /// Hunk headers follow GNU diff / git: `,s` is omitted when s == 1, an empty side starts at
    /// the line before it (`-0,0` for an empty file), and hunks whose context would overlap or
    /// touch (at most `2 * context` unchanged lines apart) are merged. Every line keeps its own
    /// terminator bytes (CRLF stays CRLF); a line without terminator (end of file) is followed
    /// by `\n\ No newline at end of file\n`. Returns an empty array when `old == new`.
    ///
    /// Paths that git would quote (`"`, `\`, control or non-ASCII bytes) are C-quoted like git;
    /// names containing a space get a trailing tab on the `---`/`+++` lines, as git does, so GNU
    /// patch reads the whole name.
    ///
    /// `newFile`: the file does not exist yet (`old` is empty); the header says so as git does
    /// (`new file mode 100644`, `--- /dev/null`), so that `git apply` and `patch` create it.
    ///
    /// `edits`, when given, are the edits that turned `old` into `new`: only the lines they
    /// touch are diffed (`LineDiff(old:new:edits:)`); edits that do not give `new` are ignored.
    /// `lineStarts`: both files' `SourceText.lineStarts`, when known.
    public static func make(
        old: [UInt8], new: [UInt8], path: String, context: Int = 3, newFile: Bool = false, edits: [Edit] = [],
        lineStarts: (old: [Int], new: [Int])? = nil
    ) -> [UInt8] {
        if old == new && !newFile { return [] }
        let diff = LineDiff(old: old, new: new, edits: edits, lineStarts: lineStarts) ?? LineDiff(old: old, new: new)
        let changes = diff.changes
        if changes.isEmpty { return [] }
        let ctx = max(0, context)

        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendHeader(path: path, newFile: newFile, to: &out)

        func emit(_ marker: UInt8, _ line: Range<Int>, _ bytes: [UInt8]) {
            out.append(marker)
            out.append(contentsOf: bytes[line])
            if !LineDiff.hasTerminator(line, in: bytes) {
                out.append(contentsOf: "\n\\ No newline at end of file\n".utf8)
            }
        }

        var first = 0
        while first < changes.count {
            var last = first
            while last + 1 < changes.count
                && changes[last + 1].old.lowerBound - changes[last].old.upperBound <= 2 * ctx
            {
                last += 1
            }
            // Leading / trailing context: the previous and next hunks are more than 2 * ctx
            // unchanged lines away, so only the file's edges can cut them short. Unchanged runs
            // have the same length on both sides.
            let head = changes[first]
            let tail = changes[last]
            let oldStart = max(0, head.old.lowerBound - ctx)
            let lead = head.old.lowerBound - oldStart
            let newStart = head.new.lowerBound - lead
            let oldEnd = min(diff.oldLines.count, tail.old.upperBound + ctx)
            let trail = oldEnd - tail.old.upperBound
            let newEnd = tail.new.upperBound + trail

            out.append(contentsOf: "@@ -".utf8)
            appendRange(start: oldStart, count: oldEnd - oldStart, to: &out)
            out.append(contentsOf: " +".utf8)
            appendRange(start: newStart, count: newEnd - newStart, to: &out)
            out.append(contentsOf: " @@\n".utf8)

            var i = oldStart
            for change in changes[first...last] {
                while i < change.old.lowerBound {
                    emit(0x20, diff.oldLines[i], old)
                    i += 1
                }
                for k in change.old { emit(0x2D, diff.oldLines[k], old) }
                for k in change.new { emit(0x2B, diff.newLines[k], new) }
                i = change.old.upperBound
            }
            while i < oldEnd {
                emit(0x20, diff.oldLines[i], old)
                i += 1
            }
            first = last + 1
        }
        return out
    }

    /// Adds ANSI colours to a diff produced by `make` (or by git without colour), like git's
    /// defaults: bold header lines (`diff --git`, `---`, `+++` and any other line before the
    /// first hunk of a file), cyan `@@ ... @@` (text after the closing `@@` stays plain), red
    /// `-` lines, green `+` lines; context and `\ No newline` lines stay plain.
    ///
    /// Each coloured line is wrapped as `colour + line + reset + "\n"`: a CRLF line's `\r` is
    /// kept (before the reset), and every byte of the input survives, so stripping the escape
    /// sequences gives back the exact diff.
    public static func colorize(_ diff: [UInt8]) -> [UInt8] {
        let bold: [UInt8] = Array("\u{1B}[1m".utf8)
        let cyan: [UInt8] = Array("\u{1B}[36m".utf8)
        let red: [UInt8] = Array("\u{1B}[31m".utf8)
        let green: [UInt8] = Array("\u{1B}[32m".utf8)
        let reset: [UInt8] = Array("\u{1B}[m".utf8)
        let diffGit: [UInt8] = Array("diff --git ".utf8)

        var out: [UInt8] = []
        out.reserveCapacity(diff.count + diff.count / 4 + 16)
        var inHeader = false

        for line in LineDiff.lines(of: diff) {
            let hasNewline = diff[line.upperBound - 1] == 0x0A
            let body = line.lowerBound..<(hasNewline ? line.upperBound - 1 : line.upperBound)

            func wrap(_ colour: [UInt8], _ range: Range<Int>) {
                if range.isEmpty { return }
                out.append(contentsOf: colour)
                out.append(contentsOf: diff[range])
                out.append(contentsOf: reset)
            }

            let first = diff[line.lowerBound]
            if diff[line].starts(with: diffGit) {
                inHeader = true
                wrap(bold, body)
            } else if first == 0x40 && body.count >= 2 && diff[body.lowerBound + 1] == 0x40 {
                // "@@ -l,s +l,s @@ optional text": colour through the closing "@@".
                inHeader = false
                var end = body.upperBound
                var k = body.lowerBound + 2
                while k + 1 < body.upperBound {
                    if diff[k] == 0x40 && diff[k + 1] == 0x40 {
                        end = k + 2
                        break
                    }
                    k += 1
                }
                wrap(cyan, body.lowerBound..<end)
                out.append(contentsOf: diff[end..<body.upperBound])
            } else if inHeader {
                wrap(bold, body)
            } else if first == 0x2D {
                wrap(red, body)
            } else if first == 0x2B {
                wrap(green, body)
            } else {
                out.append(contentsOf: diff[body])
            }
            if hasNewline { out.append(0x0A) }
        }
        return out
    }

    // MARK: - Helpers

    /// The file header (`diff --git`, `---`, `+++`; `new file mode` for a new file).
    static func appendHeader(path: String, newFile: Bool, to out: inout [UInt8]) {
        let nameA = quotedName("a/" + path)
        let nameB = quotedName("b/" + path)
        let tab: [UInt8] = path.utf8.contains(0x20) ? [0x09] : []
        out.append(contentsOf: "diff --git ".utf8)
        out.append(contentsOf: nameA)
        out.append(0x20)
        out.append(contentsOf: nameB)
        out.append(0x0A)
        if newFile { out.append(contentsOf: "new file mode 100644\n".utf8) }
        out.append(contentsOf: "--- ".utf8)
        if newFile {
            out.append(contentsOf: "/dev/null".utf8)
        } else {
            out.append(contentsOf: nameA)
            out.append(contentsOf: tab)
        }
        out.append(0x0A)
        out.append(contentsOf: "+++ ".utf8)
        out.append(contentsOf: nameB)
        out.append(contentsOf: tab)
        out.append(0x0A)
    }

    /// `l,s` with `,s` omitted when s == 1; l is the 1-based first line, or the line before the
    /// (empty) range when s == 0.
    static func appendRange(start: Int, count: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(count == 0 ? start : start + 1).utf8)
        if count != 1 {
            out.append(0x2C)
            out.append(contentsOf: String(count).utf8)
        }
    }

    /// The name as git prints it: verbatim, or C-quoted when it contains `"`, `\`, control
    /// characters or non-ASCII bytes (git's default `core.quotePath`).
    static func quotedName(_ name: String) -> [UInt8] {
        let bytes = Array(name.utf8)
        let needsQuoting = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }
        if !needsQuoting { return bytes }
        var out: [UInt8] = [0x22]
        for byte in bytes {
            switch byte {
            case 0x07: out.append(contentsOf: "\\a".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0B: out.append(contentsOf: "\\v".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x20..<0x7F: out.append(byte)
            default:
                out.append(0x5C)
                out.append(0x30 + (byte >> 6))
                out.append(0x30 + ((byte >> 3) & 7))
                out.append(0x30 + (byte & 7))
            }
        }
        out.append(0x22)
        return out
    }
}
