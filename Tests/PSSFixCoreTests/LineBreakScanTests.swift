import Testing
@testable import PSSFixCore

/// `TextPatcher.unsupportedLineBreak` looks for each kind with memchr: a lone CR, NEL, LS or PS
/// at any offset must still be found, CRLF or other multi-byte text must not be mistaken, and
/// the message names the kind that comes first.
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

    @Test func theFirstUnsupportedBreakNamesTheMessage() {
        let cr = TextPatcher.unsupportedLineBreak(in: Array("a: b\r\nc\rd: \u{2028}e\u{85}".utf8))
        #expect(cr?.contains("lone carriage return") == true)
        for text in ["a: \u{2028}b\rc", "a: \u{85}b\rc", "a: \u{2029}\r"] {
            #expect(TextPatcher.unsupportedLineBreak(in: Array(text.utf8))?.contains("U+0085, U+2028 or U+2029") == true, "\(text.debugDescription)")
        }
    }
}
