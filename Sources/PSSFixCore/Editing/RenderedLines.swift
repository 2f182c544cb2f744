/// Lines of new text, written as bytes back to back with where each ends, before they are
/// joined with the line break of the place they go to. The renderer writes every new key,
/// value and list item into one of these: made of Strings (a String per line, joined, then
/// converted to bytes for the edit), rendering was about 3 % of `--diff`.
struct RenderedLines {
    private(set) var bytes: [UInt8] = []
    /// The end of each finished line in `bytes`.
    private(set) var ends: [Int] = []

    /// Room for a few lines up front (an array grown from empty is reallocated at every
    /// doubling): most insertions are a `securityContext` of a few lines.
    init() {
        bytes.reserveCapacity(256)
        ends.reserveCapacity(8)
    }

    var count: Int { ends.count }

    mutating func append(_ text: String) { bytes.append(utf8: text) }
    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    /// Lets a writer of bytes (`EditRenderer.writeScalar`) append to the line being written.
    mutating func write(_ body: (inout [UInt8]) -> Void) { body(&bytes) }

    /// `n` spaces (none for a negative `n`).
    mutating func pad(_ n: Int) { bytes.appendSpaces(n) }

    mutating func endLine() { ends.append(bytes.count) }

    /// Line `i`'s bytes.
    func line(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }

    /// Replaces the first `count` bytes of line `i` (at most its length) with `prefix`: a list
    /// item's dash written over the indentation of its first key.
    mutating func replacePrefix(ofLine i: Int, count: Int, with prefix: [UInt8]) {
        let start = i == 0 ? 0 : ends[i - 1]
        let removed = min(count, ends[i] - start)
        bytes.replaceSubrange(start..<(start + removed), with: prefix)
        let shift = prefix.count - removed
        guard shift != 0 else { return }
        for j in i..<ends.count { ends[j] += shift }
    }

    /// Every line with `lineBreak` before it, or after it when `breakAfter`.
    func joined(lineBreak: [UInt8], breakAfter: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + count * lineBreak.count)
        for i in 0..<count {
            if !breakAfter { out.append(contentsOf: lineBreak) }
            out.append(contentsOf: line(i))
            if breakAfter { out.append(contentsOf: lineBreak) }
        }
        return out
    }
}
