/// Windows in a flow-style document (JSON): pairs a fix adds after the last pair of a flow
/// mapping `M` written over several lines, as the renderer writes them: right after the last
/// value, a comma, a line break and the new pairs, before the line break that ended the value's
/// line. (Flow documents were re-parsed whole: 3 % of `--diff` on the benchmark's sample, for
/// 4 % of its changed documents.) The window's text after the comma is parsed as `{` + text +
/// `}`, a stream of its own; its pairs join `M` and everything after the window moves by its
/// bytes and lines. Why that equals a full re-parse (libyaml 0.2.5):
///
/// - Before the window, the patched bytes are the original's, and the window starts right
///   after `M`'s last value, where the original had the line break and then `M`'s `}`.
/// - Every collection from the document's root down to `M` is in flow style (checked), so the
///   whole document is scanned in flow context with no block collection open: the scanner's
///   indentation is -1 there as in the window's own stream, where indentation means nothing
///   in flow context and simple keys are allowed after `,` as after `{`. The new pairs are
///   therefore the same tokens in both, at a different flow level, which only counts whether
///   the scanner is inside a flow collection.
/// - In the full parse the parser is in `M` after a value: the comma, then the pairs (keys,
///   values) as in the window's mapping after its `{`; the window's `}` closes it as `M`'s `}`
///   does after the line break, and the parser is back in the state the original parse had at
///   that `}`: the rest of the document is the original's tree, moved by the window's bytes
///   and lines. No token follows the window on its last line (the original line ended there),
///   so no column moves.
///
/// The window's first line holds only the `{` (its text starts with a line break), so every
/// token of the new pairs keeps its line and column; their offsets are the window's plus where
/// it starts.
///
/// A *pair window* is one pair of a flow mapping whose scalar value an edit replaces (`true`
/// for `false`), its key first on its line: its patched text, from its line's start (spaces
/// only), is parsed as `{`, a line break, that text, a line break and `}`, so its tokens keep
/// their lines and columns too. In the full parse the pair's tokens follow `{` or `,` and line
/// breaks and spaces, as in the window's stream; what follows the value on its line is only
/// `,`, `}`, `]` and spaces (no token that starts a node, whose column would move), and the
/// first of them ends the value as the window's `}` does (a plain value followed by a line
/// break and a word would continue onto that line: refused).
///
/// Anything else (other edits in a flow document, a value followed by spaces before its line
/// break, a mapping without braces, a block collection on the way, items added to a flow list)
/// re-parses the document whole.
extension ReparseWindows {
    /// One flow window per edit, in order, or nil when some edit is not such an insertion.
    func flowWindows(_ edits: some Sequence<Edit>) -> [ReparseWindow]? {
        var windows: [ReparseWindow] = []
        for edit in edits {
            guard var window = flowInsertionWindow(edit) ?? flowPairWindow(edit) else { return nil }
            if let last = windows.last, window.original.lowerBound < last.original.upperBound || window.original == last.original {
                return nil
            }
            window.growth = edit.replacement.count - edit.span.count
            windows.append(window)
        }
        return windows.isEmpty ? nil : windows
    }

    /// `,` + line break + new pairs inserted right after the last value of a flow mapping with
    /// braces whose line ended there, every collection above it in flow style.
    func flowInsertionWindow(_ edit: Edit) -> ReparseWindow? {
        let text = edit.replacement
        guard edit.isInsertion, text.count >= 3, text[0] == UInt8(ascii: ","), text[1] == 10 || (text[1] == 13 && text[2] == 10)
        else { return nil }
        let bytes = source.bytes
        let point = edit.span.start
        guard point > region.lowerBound, point + 1 < region.upperBound,
            bytes[point] == 10 || (bytes[point] == 13 && bytes[point + 1] == 10)
        else { return nil }
        return walkFlow(holding: point, point) { mapping, pairs, k, depth in
            guard pairs[pairs.count - 1].value.span.end == point else { return .into(pairs[k].value) }
            guard bytes[mapping.span.start] == UInt8(ascii: "{"), bytes[mapping.span.end - 1] == UInt8(ascii: "}") else { return .stop }
            return .window(ReparseWindow(
                original: point..<point, mapping: mapping, pairs: pairs.count..<pairs.count, column: -1, depth: depth, flow: true))
        }
    }

    /// The pair of a flow mapping whose scalar value `edit` replaces, its key first on its line
    /// and nothing that starts a node after the value on its line.
    func flowPairWindow(_ edit: Edit) -> ReparseWindow? {
        let bytes = source.bytes
        let a = edit.span.start, b = edit.span.end
        guard a < b else { return nil }
        return walkFlow(holding: a, b) { mapping, pairs, k, depth in
            let (key, value) = (pairs[k].key, pairs[k].value)
            guard value.isScalar else { return value.span.start <= a && b <= value.span.end ? .into(value) : .stop }
            guard edit.span == value.span, key.isScalar, source.onlySpacesBefore(key.span.start),
                bytes[mapping.span.start] == UInt8(ascii: "{"), bytes[mapping.span.end - 1] == UInt8(ascii: "}")
            else { return .stop }
            // After the value: only `,`, `}`, `]` and spaces on its line, and the value ends at the first.
            var i = value.span.end
            while i < bytes.count && bytes[i] != 10 && bytes[i] != 13 {
                guard [32, 44, 93, 125].contains(bytes[i]) else { return .stop }
                i += 1
            }
            let next = source.nextNonBlank(from: value.span.end)
            guard next < bytes.count, [44, 93, 125].contains(bytes[next]) else { return .stop }
            return .window(ReparseWindow(
                original: key.span.start..<value.span.end, mapping: mapping, pairs: k..<(k + 1), column: -1, depth: depth, flow: true))
        }
    }

    enum FlowStep {
        case window(ReparseWindow)
        case into(Node)
        case stop
    }

    /// Walks from the root down through flow collections that hold `a..<b` strictly inside
    /// (a list to its item that starts last at or before `a`); at each mapping, `step` is told
    /// the pair that does (its index `k`) and says where to go.
    func walkFlow(holding a: Int, _ b: Int, _ step: (_ mapping: Node, _ pairs: Node.Pairs, _ k: Int, _ depth: Int) -> FlowStep) -> ReparseWindow? {
        var node = root
        var depth = 0
        while depth < YAMLParser.maxDepth {
            guard node.collectionStyle == .flow, node.span.start < a, b < node.span.end else { return nil }
            if node.isMapping {
                let pairs = node.pairs
                guard let k = lastIndex(pairs.count, where: { pairs.keyRecord($0).span.start <= a }) else { return nil }
                switch step(node, pairs, k, depth) {
                case .window(let window): return window
                case .into(let child): node = child
                case .stop: return nil
                }
            } else if node.isSequence {
                let items = node.items
                guard let k = lastIndex(items.count, where: { items.record($0).span.start <= a }) else { return nil }
                node = items[k]
            } else {
                return nil
            }
            depth += 1
        }
        return nil
    }
}
