#if canImport(Glibc)
import Glibc
#endif
/// The bytes of one input file plus the line structure every edit needs to look like its
/// neighbours (line starts, the file's line break).
public struct SourceText: Sendable {
    public enum LineBreak: String, Sendable {
        case lf = "\n"
        case crlf = "\r\n"
    }

    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line (line 1 starts at index 0).
    public let lineStarts: [Int]
    /// The 0-based line of the first byte in the file this text is a part of: 0 for a whole
    /// file; a big stream fixed batch by batch (`ManifestFixer.fixInBatches`) holds one batch
    /// of documents at a time, and its messages must name the file's lines.
    public var firstLine = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            let end = p + buffer.count
            // memchr finds line breaks many bytes at a time.
            while p < end, let hit = memchr(p, Int32(UInt8(ascii: "\n")), end - p) {
                let nl = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
                starts.append(nl - buffer.baseAddress! + 1)
                p = nl + 1
            }
        }
        self.lineStarts = starts
    }

    public init(_ string: String) { self.init(Array(string.utf8)) }

    public var count: Int { bytes.count }

    /// The break used by the first line that has one; LF for a file without breaks.
    public var dominantLineBreak: LineBreak {
        guard lineStarts.count > 1 else { return .lf }
        let nl = lineStarts[1] - 1
        return nl > 0 && bytes[nl - 1] == UInt8(ascii: "\r") ? .crlf : .lf
    }

    /// 0-based index of the line holding byte `offset`.
    public func lineIndex(ofByte offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Offset of the line break (or EOF) that ends the line holding `offset`: the position
    /// just before `\n` or `\r\n`.
    public func lineContentEnd(ofByte offset: Int) -> Int {
        var i = offset
        while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
        if i < bytes.count && i > 0 && bytes[i - 1] == UInt8(ascii: "\r") { return i - 1 }
        return i
    }

    /// The break that ends the line holding `offset`, or `nil` at EOF without one.
    public func lineBreak(endingLineAt offset: Int) -> LineBreak? {
        let end = lineContentEnd(ofByte: offset)
        if end >= bytes.count { return nil }
        return bytes[end] == UInt8(ascii: "\r") ? .crlf : .lf
    }

    /// 1-based line and scalar column of a byte offset (for errors found in bytes).
    public func location(ofByte offset: Int) -> Location {
        let line = lineIndex(ofByte: offset)
        var column = 1
        var i = lineStarts[line]
        while i < offset && i < bytes.count {
            // Count scalar starts: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return Location(line: firstLine + line + 1, column: column)
    }

    public func text(_ span: Span) -> String {
        String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }

    /// The first offset at or after `offset` (before `end`) that is not a space, tab or line
    /// break; `end` when there is none.
    public func nextNonBlank(from offset: Int, before end: Int? = nil) -> Int {
        let end = end ?? bytes.count
        var i = offset
        while i < end && Self.isBlank(bytes[i]) { i += 1 }
        return i
    }

    /// The last offset before `offset` that is not a space, tab or line break; -1 when none.
    public func previousNonBlank(before offset: Int) -> Int {
        var i = offset - 1
        while i >= 0 && Self.isBlank(bytes[i]) { i -= 1 }
        return i
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    /// True when every byte of the line before `offset` is a space.
    public func onlySpacesBefore(_ offset: Int) -> Bool {
        var i = offset - 1
        while i >= 0 && bytes[i] != UInt8(ascii: "\n") {
            if bytes[i] != UInt8(ascii: " ") { return false }
            i -= 1
        }
        return true
    }
}
