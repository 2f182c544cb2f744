import CYAML
import Foundation
import Testing
@testable import PSSFixCore

/// `LibyamlInput` fills libyaml's buffer itself instead of letting libyaml's reader decode the
/// input. That is only right if it accepts exactly what the reader would copy unchanged, and if
/// libyaml then emits exactly the events (marks, values, errors) it emits when reading itself.
@Suite struct LibyamlInputTests {
    /// `check`'s acceptance against the reader's rules written out independently: no byte-order mark
    /// first, valid UTF-8 (Swift's validation refuses the same overlong forms, surrogates and
    /// values past U+10FFFF as libyaml's reader), every character in the reader's allowed set.
    @Test func acceptsExactlyWhatTheReaderCopies() {
        var random = SplitMix64(seed: 23)
        var accepted = 0
        for _ in 0..<30_000 {
            // One piece in ten from the refused ones: about half the inputs are accepted.
            var bytes: [UInt8] = []
            for _ in 0..<random.int(0...12) {
                bytes += random.chance(0.1) ? random.bytes(pieces: 1, from: Self.refusedPieces) : random.bytes(pieces: 1, from: Self.acceptedPieces)
            }
            let expected = Self.readerAccepts(bytes)
            let actual = bytes.withUnsafeBufferPointer { LibyamlInput.check($0) != nil }
            #expect(actual == expected, "\(bytes.map { String($0, radix: 16) })")
            if expected { accepted += 1 }
            // The marks table found while checking is the one MarkConverter's own pass builds.
            if var found = bytes.withUnsafeBufferPointer({ LibyamlInput.check($0) }) {
                var own = MarkConverter(bytes: bytes)
                let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars.count
                for index in 0...scalars + 1 {
                    #expect(found.byteOffset(ofScalar: index) == own.byteOffset(ofScalar: index), "\(bytes), scalar \(index)")
                }
            }
        }
        // Both answers are common in the sample: the comparison is not one-sided.
        #expect(accepted > 10_000 && accepted < 20_000, "\(accepted) accepted")
    }

    /// Every file the repository's golden cases, examples and render cases hold, and thousands
    /// of generated YAML-like texts (flow and block, quotes, block scalars, directives, document
    /// markers at the very end, CRLF, NEL, LS, tabs, non-ASCII, broken input): libyaml's events
    /// and errors are the same with the buffer filled up front as with its own reader.
    @Test func libyamlEmitsTheSameEvents() throws {
        var inputs: [[UInt8]] = []
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for folder in ["Golden", "Examples", "ChartCases", "KustomizeCases", "RenderCases"] {
            let walker = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard ["yaml", "yml", "json"].contains(url.pathExtension) else { continue }
                inputs.append(Array(try Data(contentsOf: url)))
            }
        }
        #expect(inputs.count > 300, "the repository's YAML files were not found")
        var random = SplitMix64(seed: 19)
        for _ in 0..<6_000 {
            inputs.append(random.bytes(pieces: random.int(1...40), from: Self.yamlAlphabet))
        }
        inputs += ["", " ", "\n", "a", "---", "--- ", "-", "...", "a: é", "é", "\u{FEFF}a: 1", "a: 1\r", "'a", "[a,", "- |\n  x"]
            .map { Array($0.utf8) }

        var preloaded = 0
        var failedParses = 0
        defer { print("libyaml events: \(inputs.count) inputs, \(preloaded) preloaded, \(failedParses) end in an error") }
        for input in inputs {
            let (read, _) = Self.events(input, preload: false)
            let (filled, didPreload) = Self.events(input, preload: true)
            #expect(read == filled, "\(String(decoding: input, as: UTF8.self).debugDescription)")
            if didPreload { preloaded += 1 }
            if read.last?.hasPrefix("error") == true { failedParses += 1 }
        }
        // Most inputs take the new path, and many of them end in a libyaml error.
        #expect(preloaded > inputs.count / 2, "\(preloaded) of \(inputs.count) preloaded")
        #expect(failedParses > 500, "\(failedParses) errors")
    }

    /// The handover depends on libyaml's reader and scanner as of 0.1-0.2: another version is
    /// left to read its input, and this test says so (review LibyamlInput before allowing it).
    @Test func knowsTheLinkedLibyaml() {
        let version = String(cString: yaml_get_version_string())
        #expect(LibyamlInput.knownLibyaml, "libyaml \(version): LibyamlInput hands input over only to versions 0.1 and 0.2")
    }

    /// What the reader would decode differently or reject is left to it.
    @Test func leavesTheRestToTheReader() {
        let refused: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8),  // byte-order mark: the reader skips it
            Array("a: 1\u{7}\n".utf8), Array("a: \u{7F}".utf8), [0x61, 0x00],  // control characters
            [0x61, 0xC3],  // cut short
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],  // overlong
            [0xED, 0xA0, 0x80],  // a surrogate
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            Array("\u{FFFE}".utf8), Array("\u{9F}".utf8),  // outside the allowed set
            [0xFF, 0xFE, 0x61, 0x00],  // UTF-16
            [],
        ]
        for bytes in refused {
            #expect(!bytes.withUnsafeBufferPointer { LibyamlInput.check($0) != nil }, "\(bytes)")
            #expect(!Self.events(bytes, preload: true).preloaded, "\(bytes)")
        }
        let accepted = ["a: 1\n", "a:\tb\r\n", "\u{85}", "\u{A0}", "\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}", "x\u{FEFF}"]
        for text in accepted {
            #expect(Array(text.utf8).withUnsafeBufferPointer { LibyamlInput.check($0) != nil }, "\(text.debugDescription)")
        }
        let big = [UInt8](repeating: 0x61, count: LibyamlInput.largestCopied + 1)
        #expect(!Self.events(big, preload: true).preloaded, "past the size limit the reader reads")
    }

    // MARK: - The reference and the event log

    /// The reader's rules (libyaml 0.2.5, reader.c), written from its comments.
    static func readerAccepts(_ bytes: [UInt8]) -> Bool {
        if bytes.isEmpty || bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return false }
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
    }

    /// Every event libyaml emits for `bytes` (kind, marks, value, style, anchor, tag), then its
    /// error if any; and whether the buffer was filled up front.
    static func events(_ bytes: [UInt8], preload: Bool) -> (log: [String], preloaded: Bool) {
        var log: [String] = []
        var preloaded = false
        bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            if preload {
                preloaded = LibyamlInput.setInput(&parser, buffer) != nil
                #expect(preloaded == (parser.eof == 1))
            } else {
                yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            }
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? ""
                    let context = parser.context.map { String(cString: $0) } ?? ""
                    log.append(
                        "error \(parser.error.rawValue) \(problem) \(parser.problem_offset) \(mark(parser.problem_mark)) \(context) \(mark(parser.context_mark))"
                    )
                    return
                }
                log.append(describe(event))
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { return }
            }
        }
        return (log, preloaded)
    }

    static func mark(_ m: yaml_mark_t) -> String { "\(m.index)/\(m.line)/\(m.column)" }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? "-"
    }

    static func describe(_ event: yaml_event_t) -> String {
        var line = "\(event.type.rawValue) \(mark(event.start_mark)) \(mark(event.end_mark))"
        switch event.type {
        case YAML_STREAM_START_EVENT: line += " encoding \(event.data.stream_start.encoding.rawValue)"
        case YAML_DOCUMENT_START_EVENT: line += " implicit \(event.data.document_start.implicit)"
        case YAML_DOCUMENT_END_EVENT: line += " implicit \(event.data.document_end.implicit)"
        case YAML_ALIAS_EVENT: line += " *\(text(event.data.alias.anchor))"
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            line += " &\(text(s.anchor)) !\(text(s.tag)) \(s.style.rawValue) \(s.plain_implicit)\(s.quoted_implicit) \(value.debugDescription)"
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            line += " &\(text(s.anchor)) !\(text(s.tag)) \(s.style.rawValue) \(s.implicit)"
        case YAML_MAPPING_START_EVENT:
            let s = event.data.mapping_start
            line += " &\(text(s.anchor)) !\(text(s.tag)) \(s.style.rawValue) \(s.implicit)"
        default: break
        }
        return line
    }

    // MARK: - Inputs

    /// Pieces the reader copies: printable ASCII, the three allowed control characters, NEL,
    /// non-ASCII text of every width, the ends of the allowed ranges, a byte-order mark (refused
    /// only at the start).
    static let acceptedPieces: [[UInt8]] = [
        Array("abcdefgh".utf8), Array("a: 1".utf8), [0x20], [0x7E], [0x09], [0x0A], [0x0D], [0x0D, 0x0A],
        Array("\u{85}".utf8), Array("é".utf8), Array("日本".utf8), Array("😀".utf8), Array("\u{A0}".utf8), Array("\u{D7FF}".utf8),
        Array("\u{E000}".utf8), Array("\u{FFFD}".utf8), Array("\u{10000}".utf8), Array("\u{10FFFF}".utf8), [0xEF, 0xBB, 0xBF],
    ]

    /// Pieces it refuses: the other control characters, DEL, characters outside its set,
    /// overlong forms, surrogates, values past U+10FFFF, cut sequences, stray bytes.
    static let refusedPieces: [[UInt8]] = [
        [0x00], [0x07], [0x1F], [0x7F], Array("\u{9F}".utf8), [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],  // U+FFFE, U+FFFF
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],  // overlong
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],  // too big
        [0xC3], [0xE6, 0x97], [0xF0, 0x9F, 0x98], [0x80], [0xBF], [0xFE], [0xFF],  // cut or stray
    ]

    /// Pieces of YAML: together they make documents, flow and block collections, quoted and
    /// block scalars, anchors, tags, directives, comments, and lines ending in every way.
    static let yamlAlphabet: [String] = [
        "a", "key", "é", "日本", "😀", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", ": ", ":", "- ", "-", "? ", ",", "{", "}", "[", "]",
        "\n", "\r\n", "\r", "\n  ", "\n    ", "\n- ", "\t", " ", "  ", "#c", " # comment\n", "'", "''", "\"", "\\\"", "\\u00e9", "\\",
        "|", "|-", ">+", "|2", "&a ", "*a", "!t ", "!!str ", "!<tag:x> ", "%YAML 1.1\n", "%TAG !e! tag:e,2000:\n", "---", "--- ",
        "---\n", "...", "...\n", "@", "`", "%", "0", "true", "null", "~", "apiVersion: v1\n", "kind: Pod\n", "spec:\n  containers:\n  - name: c\n",
    ]
}

/// Inputs made of random pieces (the generator is the property tests' seeded one).
extension SplitMix64 {
    mutating func bytes(pieces: Int, from alphabet: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<pieces { out += alphabet[int(0...alphabet.count - 1)] }
        return out
    }

    mutating func bytes(pieces: Int, from alphabet: [String]) -> [UInt8] {
        bytes(pieces: pieces, from: alphabet.map { Array($0.utf8) })
    }
}
