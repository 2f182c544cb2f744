internal import CYAML

#if canImport(Glibc)
import Glibc
#endif

/// Hands libyaml its input already decoded, when its reader would only have copied it.
///
/// libyaml's reader decodes the input one character at a time into a buffer of its own (checking
/// UTF-8 and that every character is printable) before the scanner sees it: a fifth of libyaml's
/// whole parse (the benchmark sample: 628M instructions, 497M with the buffer filled up front).
/// For UTF-8 input the reader accepts, what it writes is the input byte for byte, so a copy of
/// the input, checked here by the reader's own rules eight bytes at a time, is the same buffer.
/// The scanner reads the buffer through `buffer.pointer` and asks for more only through
/// `unread` (its `CACHE` macro), and the reader returns at once when `eof` is set and nothing
/// raw is left to decode: the state below is the one the reader reaches after reading the
/// whole input and appending its terminating NUL. Anything the reader would treat differently
/// (a byte-order mark, which it skips; invalid UTF-8 or a control character, which it reports
/// with an offset) is left to the reader, so errors and marks are exactly libyaml's own.
enum LibyamlInput {
    /// Inputs larger than this are left to the reader, which holds 16 KB at a time: the copy
    /// lives as long as the parse (a 30 MB stream's copy would double what its parse holds).
    /// Files over 1 MB are rare (6 of the benchmark's 10,000 files, 7 % of its bytes).
    static let largestCopied = 1 << 20

    /// The reader and scanner contract above is libyaml 0.2's (0.1 had the same); another
    /// version is left to read its input itself.
    static let knownLibyaml: Bool = {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        yaml_get_version(&major, &minor, &patch)
        return major == 0 && (minor == 1 || minor == 2)
    }()

    /// Zero bytes after the terminating NUL: the scanner looks a few characters ahead, and past
    /// the NUL it must find NULs, never another allocation's bytes.
    private static let padding = 8

    /// Sets `bytes` as the input of a freshly initialised `parser`: handed over decoded when
    /// `check` accepts them (and they are at most `largestCopied`), and then returns the mark
    /// converter `check` built; otherwise left to libyaml's reader, and returns nil.
    static func setInput(_ parser: inout yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> MarkConverter? {
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        guard knownLibyaml, bytes.count <= largestCopied, let converter = check(bytes), preload(&parser, bytes) else { return nil }
        return converter
    }

    /// Fills the parser's buffer with `bytes` and marks them read to the end; false when it
    /// cannot (no memory, or the parser has started reading).
    private static func preload(_ parser: inout yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, parser.encoding == YAML_ANY_ENCODING, parser.unread == 0,
              let copy = malloc(bytes.count + 1 + padding)?.assumingMemoryBound(to: yaml_char_t.self)
        else { return false }
        memcpy(copy, base, bytes.count)
        memset(copy + bytes.count, 0, 1 + padding)
        free(parser.buffer.start)  // the reader's own buffer, from yaml_parser_initialize
        parser.buffer.start = copy
        parser.buffer.pointer = copy
        parser.buffer.last = copy + bytes.count + 1
        parser.buffer.end = copy + bytes.count + 1 + padding
        // At least the characters left (with the NUL): the scanner never asks the reader again.
        parser.unread = bytes.count + 1
        parser.encoding = YAML_UTF8_ENCODING
        parser.offset = bytes.count
        parser.eof = 1
        return true
    }

    /// When libyaml's reader would accept `bytes` and copy them unchanged (UTF-8 with no
    /// byte-order mark at the start, every character one it allows: tab, line feed, carriage
    /// return, printable ASCII, NEL, and the non-ASCII ranges U+A0-U+D7FF, U+E000-U+FFFD,
    /// U+10000-U+10FFFF; no overlong form, no surrogate), the converter of libyaml's marks for
    /// them, built in the same pass (where the multi-byte characters are); otherwise nil.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> MarkConverter? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        let count = bytes.count
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { return nil }
        var scalarIndexes: [Int] = []
        var extraBytes: [Int] = []
        var extra = 0
        var i = 0
        while true {
            while i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                guard word & highBits == 0 else { break }
                // ASCII: only the bytes below 0x20 or DEL need a look (line breaks, mostly).
                var flagged = notPrintableASCII(word)
                while flagged != 0 {
                    let byte = base[i + flagged.trailingZeroBitCount / 8]
                    guard byte == 0x0A || byte == 0x0D || byte == 0x09 || (byte >= 0x20 && byte != 0x7F) else { return nil }
                    flagged &= flagged &- 1
                }
                i += 8
            }
            guard i < count else { break }
            // Non-ASCII within the next eight bytes, or the last few: one character at a time.
            let end = min(i + 8, count)
            while i < end {
                guard let width = characterWidth(base, at: i, count: count) else { return nil }
                if width > 1 {
                    scalarIndexes.append(i - extra)
                    extra += width - 1
                    extraBytes.append(extra)
                }
                i += width
            }
        }
        return MarkConverter(count: count, scalarIndexes: scalarIndexes, extraBytes: extraBytes)
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// For an ASCII word (no high bit set): the high bit of exactly the bytes below 0x20 and of
    /// DEL. No carry crosses a byte: b + 0x60 and b + 1 stay below 0x100 for b <= 0x7F, and
    /// reach 0x80 exactly when b >= 0x20 and when b == 0x7F. (A borrow-based test flags the
    /// spaces of every indentation after a line break too.)
    @inline(__always)
    private static func notPrintableASCII(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let below20 = ~(word &+ 0x60 &* ones) & highBits
        let delete = (word &+ ones) & highBits
        return below20 | delete
    }

    /// The byte length of the character at `i` if libyaml's reader accepts it, else nil.
    @inline(__always)
    private static func characterWidth(_ base: UnsafePointer<UInt8>, at i: Int, count: Int) -> Int? {
        let lead = base[i]
        if lead < 0x80 {
            return (lead >= 0x20 && lead != 0x7F) || lead == 0x09 || lead == 0x0A || lead == 0x0D ? 1 : nil
        }
        let width: Int
        var value: UInt32
        switch lead {
        case 0xC0...0xDF: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: width = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF7: width = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + width <= count else { return nil }
        for k in 1..<width {
            let octet = base[i + k]
            guard octet & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(octet & 0x3F)
        }
        let shortest: UInt32 = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000
        guard value >= shortest else { return nil }
        let allowed = value == 0x85 || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
            || (0x10000...0x10FFFF).contains(value)
        return allowed ? width : nil
    }
}
