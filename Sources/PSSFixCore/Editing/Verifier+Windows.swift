#if canImport(Glibc)
import Glibc
#endif

/// A self-check of windowed re-parsing, for tests and the fuzzer: while `observing` runs its
/// body, every document verification re-parses through its windows on that thread is also
/// parsed whole, and the observer hears how the two trees differ (nil: they do not). Never
/// used in normal runs.
///
/// A thread-local value, not a `@TaskLocal`: the fuzz target calls in from C with no task,
/// where pushing a task-local value crashed the Concurrency runtime.
public enum ReparseWindowsCheck {
    public typealias Observer = (_ difference: String?) -> Void

    private final class Box {
        let observer: Observer
        init(_ observer: @escaping Observer) { self.observer = observer }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` with `observer` hearing every windowed document's comparison on this thread.
    public static func observing<T>(_ observer: @escaping Observer, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        let box = Unmanaged.passRetained(Box(observer))
        pthread_setspecific(key, box.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            box.release()
        }
        return try body()
    }

    /// The observer of this thread, if any.
    static var observer: Observer? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue().observer
    }
}

extension Verifier {
    /// The changed document `old` (its bytes `oldRange` of the original, `newRange` of
    /// `patched`) parsed through the windows its `edits` need (`ReparseWindows`): each window's
    /// text parsed alone, the rest of the original tree moved around them. nil when the
    /// document has no such windows or one does not parse as it must: then it is parsed whole.
    static func reparseWindows(
        _ old: Document, original: SourceText, oldRange: Range<Int>, patched: SourceText, newRange: Range<Int>, edits: [Edit]
    ) -> Document? {
        guard let windows = ReparseWindows.find(old, source: original, region: oldRange, edits: edits) else { return nil }
        // Where each window's text is in the patched file; every byte between windows unchanged
        // (what the windows' placement rests on, checked rather than assumed).
        var shift = newRange.lowerBound - oldRange.lowerBound
        var cursor = oldRange.lowerBound
        var placed: [Range<Int>] = []
        for window in windows {
            guard sameBytes(original, cursor..<window.original.lowerBound, patched, at: cursor + shift) else { return nil }
            let start = window.original.lowerBound + shift
            let end = window.original.upperBound + shift + window.growth
            guard start < end, end <= newRange.upperBound else { return nil }
            placed.append(start..<end)
            shift += window.growth
            cursor = window.original.upperBound
        }
        guard oldRange.upperBound + shift == newRange.upperBound, sameBytes(original, cursor..<oldRange.upperBound, patched, at: cursor + shift)
        else { return nil }

        var splices: [TreeGraft.Splice] = []
        var moves: [TreeGraft.Move] = []
        for (window, range) in zip(windows, placed) {
            // The lines the window gained move what follows it.
            let oldLines = original.lineIndex(ofByte: window.original.upperBound) - original.lineIndex(ofByte: window.original.lowerBound)
            let newLines = patched.lineIndex(ofByte: range.upperBound) - patched.lineIndex(ofByte: range.lowerBound)
            moves.append(TreeGraft.Move(range: window.original, bytes: window.growth, lines: newLines - oldLines))
            if window.flow {
                guard let splice = flowSplice(window, at: range, patched: patched) else { return nil }
                splices.append(splice)
                continue
            }
            // Whole lines: after a line break (or at the document's start) up to one (or its end).
            let bytes = patched.bytes
            guard range.lowerBound == 0 || bytes[range.lowerBound - 1] == 10,
                range.upperBound == newRange.upperBound || bytes[range.upperBound - 1] == 10
            else { return nil }
            let firstLine = patched.firstLine + patched.lineIndex(ofByte: range.lowerBound)
            guard let parsed = try? YAMLParser.parse(
                    patched, region: YAMLParser.Region(bytes: range, firstLine: firstLine, firstDocument: 0), keepKind: nil),
                parsed.count == 1, !parsed[0].explicitStart, !parsed[0].explicitEnd, let root = parsed[0].root,
                root.isMapping, root.collectionStyle == .block, root.anchor == nil, root.tag == nil,
                let key = root.pairs.first?.key, key.location.column - 1 == window.column, key.span.start >= range.lowerBound
            else { return nil }
            // A block scalar ending the window would, in the whole document, also take the blank
            // and comment lines after the window (trailing lines, or content when indented).
            let last = root.lastLeaf.scalarStyle
            if range.upperBound < newRange.upperBound, last == .literal || last == .folded,
                !ReparseWindows.holdsToken(patched.bytes, lineAt: range.upperBound, before: patched.count)
            {
                return nil
            }
            splices.append(TreeGraft.Splice(mapping: window.mapping.index, pairs: window.pairs, replacement: root, depth: window.depth))
        }
        let baseLines = (patched.firstLine + patched.lineIndex(ofByte: newRange.lowerBound))
            - (original.firstLine + original.lineIndex(ofByte: oldRange.lowerBound))
        return TreeGraft.graft(
            old, splices: splices, moves: moves, baseBytes: newRange.lowerBound - oldRange.lowerBound, baseLines: baseLines)
    }

    /// A flow window's pairs (`ReparseWindows+Flow.swift`), parsed as a stream of its own: an
    /// insertion's text at `range` of `patched` with its comma made `{` and a `}` added; a
    /// pair's text from its line's start, between `{` and `}` lines. nil unless that is one
    /// flow mapping (of one pair, for a pair window).
    static func flowSplice(_ window: ReparseWindow, at range: Range<Int>, patched: SourceText) -> TreeGraft.Splice? {
        var text: [UInt8]
        var firstLine = patched.firstLine + patched.lineIndex(ofByte: range.lowerBound)
        let shift: Int
        if window.original.isEmpty {
            text = Array(patched.bytes[range])
            guard text.first == UInt8(ascii: ",") else { return nil }
            text[0] = UInt8(ascii: "{")
            text.append(UInt8(ascii: "}"))
            shift = range.lowerBound
        } else {
            let lineStart = patched.lineStarts[patched.lineIndex(ofByte: range.lowerBound)]
            guard firstLine > 0, patched.bytes[lineStart..<range.lowerBound].allSatisfy({ $0 == 32 }) else { return nil }
            text = [UInt8(ascii: "{"), 10] + patched.bytes[lineStart..<range.upperBound] + [10, UInt8(ascii: "}")]
            firstLine -= 1
            shift = lineStart - 2
        }
        guard let parsed = try? YAMLParser.parse(
                SourceText(text), region: YAMLParser.Region(bytes: 0..<text.count, firstLine: firstLine, firstDocument: 0), keepKind: nil),
            parsed.count == 1, !parsed[0].explicitStart, !parsed[0].explicitEnd, let root = parsed[0].root,
            root.isMapping, root.collectionStyle == .flow, root.anchor == nil, root.tag == nil, !root.pairs.isEmpty,
            root.span == Span(0, text.count), window.original.isEmpty || root.pairs.count == 1
        else { return nil }
        return TreeGraft.Splice(mapping: window.mapping.index, pairs: window.pairs, replacement: root, depth: window.depth, shift: shift)
    }

    /// `a`'s bytes in `range` are `b`'s from `offset` on (memcmp: every unchanged document of
    /// a changed file is compared so).
    static func sameBytes(_ a: SourceText, _ range: Range<Int>, _ b: SourceText, at offset: Int) -> Bool {
        guard !range.isEmpty else { return true }
        guard offset >= 0, offset + range.count <= b.count else { return false }
        return a.bytes.withUnsafeBufferPointer { x in
            b.bytes.withUnsafeBufferPointer { y in LineDiff.bytesEqual(x, range, y, offset..<(offset + range.count)) }
        }
    }
}
