import Testing
@testable import PSSFixCore

/// `TextPatcher.unsupportedLineBreak` skips eight bytes at a time: a lone CR, NEL, LS or PS at
/// any offset must still be found, and CRLF or other multi-byte text must not be mistaken.
@Suite struct LineBreakScanTests {
    @Test func findsEveryUnsupportedBreakAtEveryOffset() {
        let breaks: [[UInt8]] = [[0x0D], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9]]
        for brk in breaks {
            for offset in 0..<24 {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + brk + Array("b: c\r\nd: e\n".utf8)
                #expect(TextPatcher.unsupportedLineBreak(in: bytes) != nil, "\(brk) at \(offset)")
            }
        }
    }

    @Test func acceptsCRLFAndOtherMultiByteText() {
        for offset in 0..<24 {
            let text = String(repeating: "x", count: offset) + "a: b\r\nc: é ü — ⸻ 東京\r\nd: Â\u{A0}\r\n"
            #expect(TextPatcher.unsupportedLineBreak(in: Array(text.utf8)) == nil, "offset \(offset)")
        }
        // A CR as the very last byte is lone.
        #expect(TextPatcher.unsupportedLineBreak(in: Array("a: b\r\nc: d\r".utf8)) != nil)
    }
}
