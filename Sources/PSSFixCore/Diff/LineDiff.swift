#if canImport(Glibc)
import Glibc
#endif
/// Line structure of two byte arrays and a minimal line edit script between them.
///
/// Lines keep their terminators (`\n`, or `\r\n` since the `\r` is simply the byte before the
/// `\n`); the last line of a file may have none. Lines compare byte-exactly, terminator included,
/// so `"b"` (last line without newline) and `"b\n"` are different lines.
///
/// The edit script is minimal (fewest inserted + deleted lines). It is computed by:
/// 1. stripping the common prefix and suffix lines;
/// 2. Myers' O(ND) algorithm (linear-space "middle snake" form) on 64-bit line hashes with a
///    budget on D, every matched pair then checked byte by byte: few changes in a huge file cost
///    little more than reading it, with sequential memory access only;
/// 3. if the budget runs out in a stream of documents whose `---` lines are the same on both
///    sides (thousands of fixed Pods in one file): the same steps document by document, which
///    keeps the cost linear in the number of documents (minimal per document);
/// 4. otherwise (or on a hash collision): exact line classes, lines occurring on one side only
///    marked as changed (they can never be part of a longest common subsequence, so the result
///    stays minimal while the problem shrinks), and unbounded Myers on the rest.
///
/// Worst case remains O(ND) (e.g. long files of few distinct lines in different orders); there
/// is no git-style cost cut-off, since the script must be minimal.
public struct LineDiff: Sendable {
    /// Consecutive old lines `old` replaced by consecutive new lines `new` (line indices,
    /// 0-based). Either side may be empty (pure insertion / deletion). Lines between two changes
    /// are equal on both sides, and there is the same number of them on both sides.
    public struct Change: Hashable, Sendable {
        public var old: Range<Int>
        public var new: Range<Int>

        public init(old: Range<Int>, new: Range<Int>) {
            self.old = old
            self.new = new
        }
    }

    /// Byte range of every old line, terminator included.
    public let oldLines: [Range<Int>]
    /// Byte range of every new line, terminator included.
    public let newLines: [Range<Int>]
    /// The edit script, in increasing line order.
    public let changes: [Change]

    public init(old: [UInt8], new: [UInt8]) {
        let oldLines = LineDiff.lines(of: old)
        let newLines = LineDiff.lines(of: new)
        self.oldLines = oldLines
        self.newLines = newLines
        self.changes = LineDiff.changes(old: old, oldLines: oldLines, new: new, newLines: newLines)
    }

    init(oldLines: [Range<Int>], newLines: [Range<Int>], changes: [Change]) {
        self.oldLines = oldLines
        self.newLines = newLines
        self.changes = changes
    }

    /// Splits `bytes` into lines, each range including its terminator. A trailing line without
    /// terminator is included; an empty input has no lines.
    public static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let n = buf.count
            var start = 0
            // memchr finds each line feed many bytes at a time (both files of every diff are split).
            while start < n, let hit = memchr(base + start, 0x0A, n - start) {
                let end = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
                result.append(start..<end)
                start = end
            }
            if start < n { result.append(start..<n) }
        }
        return result
    }

    /// Whether the line has a terminator (only the last line of a file may lack one).
    public static func hasTerminator(_ line: Range<Int>, in bytes: [UInt8]) -> Bool {
        !line.isEmpty && bytes[line.upperBound - 1] == 0x0A
    }

    /// Minimal edit script turning the lines `oldLines` of `old` into the lines `newLines` of `new`.
    public static func changes(
        old: [UInt8], oldLines: [Range<Int>], new: [UInt8], newLines: [Range<Int>]
    ) -> [Change] {
        changes(old: old, oldLines: oldLines, new: new, newLines: newLines, exactOnly: false)
    }

    /// `exactOnly` skips the hashed fast path (lets tests cover the exact path on small inputs).
    static func changes(
        old: [UInt8], oldLines: [Range<Int>], new: [UInt8], newLines: [Range<Int>], exactOnly: Bool
    ) -> [Change] {
        let n = oldLines.count
        let m = newLines.count
        var removed = [Bool](repeating: false, count: n)
        var added = [Bool](repeating: false, count: m)
        let changed = flag(
            old: old, oldLines: oldLines[...], new: new, newLines: newLines[...], removed: &removed, added: &added,
            exactOnly: exactOnly, byDocument: !exactOnly)
        if !changed { return [] }
        return blocks(removed: removed, added: added)
    }

    /// The script `changes` finds through its document-by-document path (step 3 below), which
    /// is the one a big stream with many changes takes: a big stream's diff written batch by
    /// batch (`UnifiedDiffWriter`) must give the bytes of the whole file's. nil when the two
    /// sides do not hold the same `---` lines (a piece without any is one stretch).
    static func documentScript(old: [UInt8], oldLines: [Range<Int>], new: [UInt8], newLines: [Range<Int>]) -> [Change]? {
        guard let marks = matchedDocumentStarts(old: old, oldLines: oldLines[...], new: new, newLines: newLines[...]) else {
            return nil
        }
        var removed = [Bool](repeating: false, count: oldLines.count)
        var added = [Bool](repeating: false, count: newLines.count)
        flagBetween(marks, old: old, oldLines: oldLines[...], new: new, newLines: newLines[...], removed: &removed, added: &added)
        return blocks(removed: removed, added: added)
    }

    /// The flags grouped into change blocks; unchanged lines pair up one to one in order.
    static func blocks(removed: [Bool], added: [Bool]) -> [Change] {
        let n = removed.count
        let m = added.count
        var result: [Change] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && !removed[i] && !added[j] {
                i += 1
                j += 1
                continue
            }
            let si = i, sj = j
            while i < n && removed[i] { i += 1 }
            while j < m && added[j] { j += 1 }
            precondition(si != i || sj != j, "LineDiff: unbalanced unchanged lines")
            result.append(Change(old: si..<i, new: sj..<j))
        }
        return result
    }

    /// The most edits (removed plus added lines) for which `changes` diffs `total` lines (both
    /// sides, common first and last lines left out) as one range rather than document by
    /// document: its hashed Myers gives up when half the edit distance exceeds its budget.
    static func wholeRangeEditLimit(total: Int) -> Int {
        2 * max(32, 8_000_000 / max(total, 1))
    }

    /// Sets `removed` / `added` for a minimal script between two ranges of lines (indices of the
    /// full arrays); `false` when the ranges are equal.
    /// 1. Common prefix and suffix.
    /// 2. Sparse changes (the usual case, and the one that must stay fast for big files):
    ///    Myers straight on 64-bit line hashes with a budget on the edit distance, every matched
    ///    pair then confirmed byte by byte. Memory is walked sequentially.
    /// 3. Many changes in a stream of documents (`byDocument`; helm or kustomize output with
    ///    thousands of fixed Pods): when both sides have the same `---` lines, the stretches
    ///    between them are diffed one by one, each with this whole procedure (see
    ///    `documentChanges`), so the cost grows with the documents, not with their square.
    /// 4. Otherwise (budget exceeded or a hash collision): exact line classes, lines unique to
    ///    one side set aside, Myers on the rest.
    static func flag(
        old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>,
        removed: inout [Bool], added: inout [Bool], exactOnly: Bool, byDocument: Bool
    ) -> Bool {
        var prefix = 0
        var suffix = 0
        let a0 = oldLines.startIndex, n = oldLines.count
        let b0 = newLines.startIndex, m = newLines.count
        old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                while prefix < n && prefix < m
                    && bytesEqual(a, oldLines[a0 + prefix], b, newLines[b0 + prefix])
                {
                    prefix += 1
                }
                while suffix < n - prefix && suffix < m - prefix
                    && bytesEqual(a, oldLines[a0 + n - 1 - suffix], b, newLines[b0 + m - 1 - suffix])
                {
                    suffix += 1
                }
            }
        }
        let aLo = a0 + prefix, aHi = a0 + n - suffix
        let bLo = b0 + prefix, bHi = b0 + m - suffix
        if aLo == aHi && bLo == bHi { return false }

        if aLo == aHi {
            for j in bLo..<bHi { added[j] = true }
        } else if bLo == bHi {
            for i in aLo..<aHi { removed[i] = true }
        } else {
            let done =
                !exactOnly
                && (hashedChanges(
                    old: old, oldLines: oldLines[aLo..<aHi], new: new, newLines: newLines[bLo..<bHi],
                    removed: &removed, added: &added)
                    || (byDocument
                        && documentChanges(
                            old: old, oldLines: oldLines[aLo..<aHi], new: new, newLines: newLines[bLo..<bHi],
                            removed: &removed, added: &added)))
            if !done {
                exactChanges(
                    old: old, oldLines: oldLines[aLo..<aHi], new: new, newLines: newLines[bLo..<bHi],
                    removed: &removed, added: &added)
            }
        }
        return true
    }

    /// Myers on line hashes, giving up beyond a budget of edits; `false` when it gave up or
    /// when two matched lines turned out different (hash collision). Flags are set only on
    /// success. The slices keep the indices of the full line arrays.
    private static func hashedChanges(
        old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>,
        removed: inout [Bool], added: inout [Bool]
    ) -> Bool {
        let aLo = oldLines.startIndex
        let bLo = newLines.startIndex
        let total = oldLines.count + newLines.count
        // At most about budget * total steps are wasted before falling back.
        let budget = max(32, 8_000_000 / total)  // (`wholeRangeEditLimit` follows this)
        return old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                let aHashes = oldLines.map { Int(bitPattern: UInt(lineHash($0, in: a))) }
                let bHashes = newLines.map { Int(bitPattern: UInt(lineHash($0, in: b))) }
                var myers = Myers(a: aHashes, b: bHashes, budget: budget)
                guard myers.run() else { return false }
                var i = 0
                var j = 0
                while i < aHashes.count && j < bHashes.count {
                    if myers.removed[i] {
                        i += 1
                    } else if myers.added[j] {
                        j += 1
                    } else {
                        if !bytesEqual(a, oldLines[aLo + i], b, newLines[bLo + j]) { return false }
                        i += 1
                        j += 1
                    }
                }
                for (k, flag) in myers.removed.enumerated() where flag { removed[aLo + k] = true }
                for (k, flag) in myers.added.enumerated() where flag { added[bLo + k] = true }
                return true
            }
        }
    }

    /// A stream of documents diffed one document at a time: `false` (nothing set) unless both
    /// ranges hold the same number of document-start lines (`---`, alone or followed by a space
    /// or tab) with the same text in the same order. Then the k-th of one side is matched with
    /// the k-th of the other, as a fix leaves the documents of a stream as they are, and the
    /// stretches between them are diffed on their own. That is the script a whole-range diff
    /// finds whenever no change can slide across a `---` line (changed lines would have to
    /// equal the `---` line or the lines beyond it), which is the case for every change pss-fix
    /// makes; in any case it is a valid script, minimal within each document.
    private static func documentChanges(
        old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>,
        removed: inout [Bool], added: inout [Bool]
    ) -> Bool {
        guard let marks = matchedDocumentStarts(old: old, oldLines: oldLines, new: new, newLines: newLines), !marks.isEmpty else {
            return false
        }
        flagBetween(marks, old: old, oldLines: oldLines, new: new, newLines: newLines, removed: &removed, added: &added)
        return true
    }

    /// The document-start lines of both ranges, the k-th of one side with the k-th of the
    /// other; nil unless both hold the same number with the same text in the same order.
    private static func matchedDocumentStarts(
        old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>
    ) -> [(Int, Int)]? {
        let aMarks = oldLines.indices.filter { isDocumentStart(oldLines[$0], in: old) }
        let bMarks = newLines.indices.filter { isDocumentStart(newLines[$0], in: new) }
        guard aMarks.count == bMarks.count else { return nil }
        let same = old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                zip(aMarks, bMarks).allSatisfy { bytesEqual(a, oldLines[$0], b, newLines[$1]) }
            }
        }
        return same ? Array(zip(aMarks, bMarks)) : nil
    }

    /// Diffs the stretches before, between and after matched document starts one by one.
    private static func flagBetween(
        _ marks: [(Int, Int)], old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>,
        removed: inout [Bool], added: inout [Bool]
    ) {
        var aStart = oldLines.startIndex
        var bStart = newLines.startIndex
        for (i, j) in marks + [(oldLines.endIndex, newLines.endIndex)] {
            _ = flag(
                old: old, oldLines: oldLines[aStart..<i], new: new, newLines: newLines[bStart..<j],
                removed: &removed, added: &added, exactOnly: false, byDocument: false)
            aStart = i + 1
            bStart = j + 1
        }
    }

    /// `---` at the start of a line, then a line break, a space, a tab or the end of the file.
    static func isDocumentStart(_ line: Range<Int>, in bytes: [UInt8]) -> Bool {
        guard line.count >= 3, bytes[line.lowerBound] == 0x2D, bytes[line.lowerBound + 1] == 0x2D, bytes[line.lowerBound + 2] == 0x2D
        else { return false }
        if line.count == 3 { return true }
        let next = bytes[line.lowerBound + 3]
        return next == 0x0A || next == 0x0D || next == 0x20 || next == 0x09
    }

    /// Exact, unbounded: lines are grouped into classes of equal bytes; lines whose class does not
    /// occur on the other side can never be matched, so they are changed whatever the alignment
    /// (keeping the result minimal) and Myers runs on the remaining lines only.
    private static func exactChanges(
        old: [UInt8], oldLines: ArraySlice<Range<Int>>, new: [UInt8], newLines: ArraySlice<Range<Int>>,
        removed: inout [Bool], added: inout [Bool]
    ) {
        let aLo = oldLines.startIndex, aHi = oldLines.endIndex
        let bLo = newLines.startIndex, bHi = newLines.endIndex

        // Intern the lines into equivalence classes.
        let aIDs: [Int]
        let bIDs: [Int]
        var oldCount: [Int] = []
        var newCount: [Int] = []
        (aIDs, bIDs) = old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                var table = LineTable(capacity: (aHi - aLo) + (bHi - bLo))
                var aIDs = [Int](repeating: 0, count: aHi - aLo)
                var bIDs = [Int](repeating: 0, count: bHi - bLo)
                for i in aLo..<aHi {
                    let id = table.intern(oldLines[i], in: a, a: a, b: b, isNew: false)
                    if id == oldCount.count {
                        oldCount.append(0)
                        newCount.append(0)
                    }
                    aIDs[i - aLo] = id
                    oldCount[id] += 1
                }
                for j in bLo..<bHi {
                    let id = table.intern(newLines[j], in: b, a: a, b: b, isNew: true)
                    if id == oldCount.count {
                        oldCount.append(0)
                        newCount.append(0)
                    }
                    bIDs[j - bLo] = id
                    newCount[id] += 1
                }
                return (aIDs, bIDs)
            }
        }

        // Lines without any counterpart on the other side are changed, whatever the alignment;
        // run Myers on the others only.
        var aKept: [Int] = []  // class ids
        var aIndex: [Int] = []  // original line index
        for (offset, id) in aIDs.enumerated() {
            if newCount[id] == 0 {
                removed[aLo + offset] = true
            } else {
                aKept.append(id)
                aIndex.append(aLo + offset)
            }
        }
        var bKept: [Int] = []
        var bIndex: [Int] = []
        for (offset, id) in bIDs.enumerated() {
            if oldCount[id] == 0 {
                added[bLo + offset] = true
            } else {
                bKept.append(id)
                bIndex.append(bLo + offset)
            }
        }

        var myers = Myers(a: aKept, b: bKept)
        let finished = myers.run()
        assert(finished)
        for (k, flag) in myers.removed.enumerated() where flag { removed[aIndex[k]] = true }
        for (k, flag) in myers.added.enumerated() where flag { added[bIndex[k]] = true }
    }

    /// `WordHash` over the line's bytes and length, plus a final mix so that the low bits are well spread.
    @inline(__always)
    static func lineHash(_ line: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // Only equality of hashes matters: Myers compares them, and matched lines are then
        // compared byte by byte.
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(line.count)
        if let p = buffer.baseAddress {
            h = WordHash.hash(UnsafeRawPointer(p + line.lowerBound), count: line.count, seed: h)
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    @inline(__always)
    static func bytesEqual(
        _ a: UnsafeBufferPointer<UInt8>, _ ra: Range<Int>,
        _ b: UnsafeBufferPointer<UInt8>, _ rb: Range<Int>
    ) -> Bool {
        let count = ra.count
        guard count == rb.count else { return false }
        guard count > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        // memcmp: the common prefix and suffix of every fixed file are compared line by line.
        return memcmp(pa + ra.lowerBound, pb + rb.lowerBound, count) == 0
    }
}

/// Open-addressing hash table giving every distinct line (byte content) a dense class id.
struct LineTable {
    private var slots: [Int]  // class id + 1, 0 = empty
    private let mask: Int
    private var classHash: [UInt64] = []
    private var classLine: [Range<Int>] = []
    private var classIsNew: [Bool] = []

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [Int](repeating: 0, count: size)
        mask = size - 1
    }

    /// The class id of `line` (bytes of `buffer`, which is `a` or `b` as told by `isNew`); new
    /// ids are handed out densely from 0.
    mutating func intern(
        _ line: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>,
        a: UnsafeBufferPointer<UInt8>, b: UnsafeBufferPointer<UInt8>, isNew: Bool
    ) -> Int {
        let h = LineDiff.lineHash(line, in: buffer)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = entry - 1
            if classHash[id] == h
                && LineDiff.bytesEqual(buffer, line, classIsNew[id] ? b : a, classLine[id])
            {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = classHash.count
        classHash.append(h)
        classLine.append(line)
        classIsNew.append(isNew)
        slots[slot] = id + 1
        return id
    }
}

/// Myers' O(ND) difference algorithm, linear-space variant: find a point of an optimal edit path
/// ("middle snake") by running the greedy search from both ends, split there, recurse.
///
/// Diagonal k holds the points (x, x - k). `vf[k]` is the furthest x on diagonal k reachable from
/// (0, 0) with at most d edits (-1 = unreached); `vb[k]` is the same from (n, m) on the reversed
/// sequences. Moves that would leave the grid are clamped to the grid's edge: if a point on
/// diagonal k±1 is reachable with d - 1 edits, the edge point of diagonal k is reachable with d.
struct Myers {
    let a: [Int]
    let b: [Int]
    /// Largest d (edits from either end) a middle-snake search may reach before giving up.
    let budget: Int
    var removed: [Bool]
    var added: [Bool]
    private var vf: [Int]
    private var vb: [Int]

    init(a: [Int], b: [Int], budget: Int = .max) {
        self.a = a
        self.b = b
        self.budget = budget
        removed = [Bool](repeating: false, count: a.count)
        added = [Bool](repeating: false, count: b.count)
        vf = [Int](repeating: -1, count: a.count + b.count + 3)
        vb = vf
    }

    /// Fills `removed` / `added`; `false` if the budget was exceeded (flags then incomplete).
    mutating func run() -> Bool {
        compare(0, a.count, 0, b.count)
    }

    private mutating func compare(_ aLo0: Int, _ aHi0: Int, _ bLo0: Int, _ bHi0: Int) -> Bool {
        var aLo = aLo0, aHi = aHi0, bLo = bLo0, bHi = bHi0
        while aLo < aHi && bLo < bHi && a[aLo] == b[bLo] {
            aLo += 1
            bLo += 1
        }
        while aLo < aHi && bLo < bHi && a[aHi - 1] == b[bHi - 1] {
            aHi -= 1
            bHi -= 1
        }
        if aLo == aHi {
            for j in bLo..<bHi { added[j] = true }
            return true
        }
        if bLo == bHi {
            for i in aLo..<aHi { removed[i] = true }
            return true
        }
        // Both sides non-empty with no common first or last line: the edit distance is at least
        // 2, which guarantees the split point is neither corner, so both halves are smaller.
        guard let (x, y) = middleSnake(aLo, aHi, bLo, bHi) else { return false }
        return compare(aLo, x, bLo, y) && compare(x, aHi, y, bHi)
    }

    /// A point (absolute indices) on an optimal edit path of a[aLo..<aHi] -> b[bLo..<bHi]; nil
    /// when that needs more than `budget` steps from either end.
    private mutating func middleSnake(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) -> (Int, Int)? {
        let n = aHi - aLo
        let m = bHi - bLo
        let delta = n - m
        let odd = (delta & 1) != 0
        let off = m + 1  // index of diagonal 0; diagonals used: -m-1 ... n+1
        let size = n + m + 3
        let maxD = min((n + m + 1) / 2, budget)

        return a.withUnsafeBufferPointer { aBuf in
            b.withUnsafeBufferPointer { bBuf in
                vf.withUnsafeMutableBufferPointer { vfBuf in
                    vb.withUnsafeMutableBufferPointer { vbBuf in
                        let A = aBuf.baseAddress! + aLo
                        let B = bBuf.baseAddress! + bLo
                        let F = vfBuf.baseAddress! + off
                        let R = vbBuf.baseAddress! + off
                        for i in 0..<size {
                            vfBuf[i] = -1
                            vbBuf[i] = -1
                        }
                        for d in 0...maxD {
                            let lo = d > m ? -m + ((d - m) & 1) : -d
                            let hi = d > n ? n - ((d - n) & 1) : d
                            if lo > hi { continue }

                            // Forward step.
                            var k = lo
                            while k <= hi {
                                var x = F[k]
                                if d == 0 {
                                    x = 0
                                } else {
                                    let down = F[k + 1]
                                    if down >= 0 { x = max(x, min(down, m + k)) }
                                    let right = F[k - 1]
                                    if right >= 0 { x = max(x, min(right + 1, n)) }
                                }
                                if x >= 0 {
                                    var y = x - k
                                    while x < n && y < m && A[x] == B[y] {
                                        x += 1
                                        y += 1
                                    }
                                    F[k] = x
                                    if odd {
                                        let r = R[delta - k]
                                        if r >= 0 && x + r >= n {
                                            return (aLo + x, bLo + y)
                                        }
                                    }
                                }
                                k += 2
                            }

                            // Backward step (on the reversed sequences).
                            k = lo
                            while k <= hi {
                                var x = R[k]
                                if d == 0 {
                                    x = 0
                                } else {
                                    let down = R[k + 1]
                                    if down >= 0 { x = max(x, min(down, m + k)) }
                                    let right = R[k - 1]
                                    if right >= 0 { x = max(x, min(right + 1, n)) }
                                }
                                if x >= 0 {
                                    var y = x - k
                                    while x < n && y < m && A[n - 1 - x] == B[m - 1 - y] {
                                        x += 1
                                        y += 1
                                    }
                                    R[k] = x
                                    if !odd {
                                        let kf = delta - k
                                        let f = F[kf]
                                        if f >= 0 && f + x >= n {
                                            return (aLo + f, bLo + f - kf)
                                        }
                                    }
                                }
                                k += 2
                            }
                        }
                        // Only reachable when the budget cut the search short: without it, an
                        // overlap exists by d = ceil((n + m) / 2).
                        precondition(budget < (n + m + 1) / 2, "Myers: no middle snake found")
                        return nil
                    }
                }
            }
        }
    }
}
