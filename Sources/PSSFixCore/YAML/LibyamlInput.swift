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
    /// lives as long as the parse, and a 30 MB stream's copy would double what its parse holds.
    static let largestCopied = 4 << 20

    /// Zero bytes after the terminating NUL: the scanner looks a few characters ahead, and past
    /// the NUL it must find NULs, never another allocation's bytes.
    private static let padding = 8

    /// Fills `parser`'s buffer with `bytes` when the reader would copy them unchanged; otherwise
    /// leaves the parser to read them itself. Call right after `yaml_parser_set_input_string`
    /// with the same bytes, before the first `yaml_parser_parse`.
    static func preload(_ parser: inout yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count <= largestCopied, readsVerbatim(bytes),
              parser.encoding == YAML_ANY_ENCODING, parser.unread == 0,
              let copy = malloc(bytes.count + 1 + padding)?.assumingMemoryBound(to: yaml_char_t.self)
        else { return }
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
    }

    /// Whether libyaml's reader would accept `bytes` and copy them unchanged: UTF-8 with no
    /// byte-order mark at the start, every character one it allows (tab, line feed, carriage
    /// return, printable ASCII, NEL, and the non-ASCII ranges U+A0-U+D7FF, U+E000-U+FFFD,
    /// U+10000-U+10FFFF), no overlong form, no surrogate.
    static func readsVerbatim(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        let count = bytes.count
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { return false }
        var i = 0
        while i + 8 <= count {
            if isPrintableASCII(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let end = i + 8  // a line break or non-ASCII in these eight: one character at a time
            while i < end {
                guard let width = characterWidth(base, at: i, count: count) else { return false }
                i += width
            }
        }
        while i < count {
            guard let width = characterWidth(base, at: i, count: count) else { return false }
            i += width
        }
        return true
    }

    /// Whether all eight bytes of `word` are in 0x20-0x7E (no high bit, none below 0x20, no DEL).
    /// The tests for "a byte below n" are exact for whether any byte is (borrows only ever
    /// reach bytes above one that is).
    @inline(__always)
    private static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- 0x20 &* ones) & ~word
        let delete = word ^ (0x7F &* ones)
        let isDelete = (delete &- ones) & ~delete
        return (word | below20 | isDelete) & highs == 0
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
