/// A Helm template read as the YAML its literal text is (issue 20, rule 2): every `{{ … }}`
/// action is replaced by YAML-neutral bytes of the same length, so the masked text parses as
/// YAML with the template's own byte offsets and the byte-exact engine can edit it; the edits
/// then apply to the template unchanged.
///
/// How an action is masked follows what it does to the rendered lines:
/// - an action alone on its line(s) (`{{- if … }}`, `{{- end }}`, `{{- toYaml . | nindent 8 }}`)
///   becomes a comment (`#…`): with `{{-` trimming the break before it and the break after it
///   kept, the line renders as nothing or as lines of its own, never as part of a neighbour;
/// - an action inside a line (`name: {{ include "x.fullname" . }}-web`) becomes `x…`, part of
///   the scalar around it.
///
/// Beside the masked text it keeps what the editor must know to stay unambiguous: where each
/// action is, which ones print something and at what indentation (`nindent N`), and the
/// `if`/`with`/`range` branches each byte is rendered under.
public struct HelmTemplateMask: Sendable {
    public struct Action: Sendable {
        public enum Role: Sendable, Equatable {
            /// Opens a block: `if`, `with`, `range`, `define`, `block`.
            case open(String)
            /// `else`, `else if …`, `else with …`: the next branch of the open block.
            case branch
            case end
            /// Prints nothing: a comment, a variable assignment, `break`, `continue`.
            case silent
            /// Prints its value (`include`, `toYaml`, `.Values.x`, `template`, …).
            case output
        }

        /// The bytes from `{{` to `}}`.
        public let span: Span
        public let role: Role
        public let trimsLeft: Bool
        public let trimsRight: Bool
        /// The action is alone on the lines it touches (only blanks and other actions beside it).
        public internal(set) var ownLine = false
        /// For an output action alone on its line: the indentation its text lands at
        /// (`nindent N`, or `indent N` at the start of a line); nil when it cannot be told.
        public internal(set) var level: Int?
    }

    /// The `if`/`with`/`range`/`define`/`block` branches a byte is rendered under, outermost
    /// first: each as (the block's opening action index, branch number, block keyword).
    public struct Context: Sendable, Equatable {
        public var frames: [Frame] = []

        public struct Frame: Sendable, Equatable {
            let block: Int
            let branch: Int
            let keyword: String
        }

        /// A `range` repeats its body, `define`/`block` render only where included.
        public var repeatsOrDefines: Bool { frames.contains { ["range", "define", "block"].contains($0.keyword) } }
    }

    public let original: [UInt8]
    public let masked: [UInt8]
    public let actions: [Action]
    /// Why the masked text does not model the render (unbalanced blocks, an unterminated
    /// action); nil when it does.
    public let problem: String?
    /// The context after each action: `(offset just after the action, context)`, in order.
    let contexts: [(offset: Int, context: Context)]

    public init(_ bytes: [UInt8]) {
        original = bytes
        var problem: String?
        var actions = Self.lex(bytes, problem: &problem)
        var masked = bytes
        Self.markOwnLines(&actions, bytes)
        for action in actions {
            let fill = action.ownLine ? UInt8(ascii: "#") : UInt8(ascii: "x")
            for i in action.span.start..<action.span.end where bytes[i] != 10 && bytes[i] != 13 {
                masked[i] = fill
            }
        }
        var stack: [Context.Frame] = []
        var contexts: [(Int, Context)] = []
        for (index, action) in actions.enumerated() {
            switch action.role {
            case .open(let keyword): stack.append(Context.Frame(block: index, branch: 0, keyword: keyword))
            case .branch:
                if let top = stack.popLast() {
                    stack.append(Context.Frame(block: top.block, branch: top.branch + 1, keyword: top.keyword))
                } else if problem == nil {
                    problem = "an {{ else }} outside any block"
                }
            case .end:
                if stack.popLast() == nil && problem == nil { problem = "an {{ end }} outside any block" }
            case .silent, .output: break
            }
            contexts.append((action.span.end, Context(frames: stack)))
        }
        if !stack.isEmpty && problem == nil { problem = "a block without its {{ end }}" }
        self.masked = masked
        self.actions = actions
        self.contexts = contexts
        self.problem = problem
    }

    /// The branches `offset` is rendered under (an offset inside an action: those before it).
    public func context(at offset: Int) -> Context {
        var lo = 0
        var hi = contexts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if contexts[mid].offset <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? Context() : contexts[lo - 1].context
    }

    /// The action whose bytes hold `offset` strictly inside (an insertion there would split it).
    public func action(splitBy offset: Int) -> Action? {
        actions.first { $0.span.start < offset && offset < $0.span.end }
    }

    /// Actions that share a byte with `span`.
    public func actions(overlapping span: Span) -> [Action] {
        actions.filter { $0.span.start < span.end && span.start < $0.span.end }
    }

    // MARK: Lexing

    static let open: [UInt8] = Array("{{".utf8)

    /// The actions of a template, as Go's text/template lexer delimits them: strings, raw
    /// strings and character constants may hold `}}`; a comment ends at `*/}}`.
    static func lex(_ b: [UInt8], problem: inout String?) -> [Action] {
        var found: [Action] = []
        var i = 0
        let n = b.count
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        while i + 1 < n {
            guard b[i] == UInt8(ascii: "{"), b[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            let start = i
            var j = i + 2
            let trimsLeft = j + 1 < n && b[j] == UInt8(ascii: "-") && isSpace(b[j + 1])
            if trimsLeft { j += 2 }
            while j < n && isSpace(b[j]) { j += 1 }
            var end: Int?
            if j + 1 < n && b[j] == UInt8(ascii: "/") && b[j + 1] == UInt8(ascii: "*") {
                // A comment: up to `*/`, then optional ` -`, then `}}`.
                var k = j + 2
                while k + 1 < n && !(b[k] == UInt8(ascii: "*") && b[k + 1] == UInt8(ascii: "/")) { k += 1 }
                k += 2
                while k < n && (isSpace(b[k]) || b[k] == UInt8(ascii: "-")) { k += 1 }
                if k + 1 < n && b[k] == UInt8(ascii: "}") && b[k + 1] == UInt8(ascii: "}") { end = k + 2 }
            } else {
                var k = j
                var quote: UInt8?
                while k < n {
                    let c = b[k]
                    if let q = quote {
                        if c == UInt8(ascii: "\\") && q != UInt8(ascii: "`") { k += 2; continue }
                        if c == q { quote = nil }
                    } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "`") || c == UInt8(ascii: "'") {
                        quote = c
                    } else if c == UInt8(ascii: "}") && k + 1 < n && b[k + 1] == UInt8(ascii: "}") {
                        end = k + 2
                        break
                    }
                    k += 1
                }
            }
            guard let stop = end else {
                problem = problem ?? "an action that never ends (`{{` without `}}`)"
                break
            }
            let trimsRight = stop - start >= 6 && b[stop - 3] == UInt8(ascii: "-") && isSpace(b[stop - 4])
            let bodyStart = j
            let bodyEnd = trimsRight ? stop - 3 : stop - 2
            let body = bodyStart < bodyEnd ? String(decoding: b[bodyStart..<bodyEnd], as: UTF8.self) : ""
            found.append(Action(span: Span(start, stop), role: role(of: body), trimsLeft: trimsLeft, trimsRight: trimsRight))
            i = stop
        }
        return found
    }

    /// What an action's body does, by its first word.
    static func role(of body: String) -> Action.Role {
        let text = body.trimmingSpaces
        if text.hasPrefix("/*") { return .silent }
        let word = String(text.prefix { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "(") })
        switch word {
        case "if", "with", "range", "define", "block": return .open(word)
        case "else": return .branch
        case "end": return .end
        case "break", "continue": return .silent
        default:
            // `$x := …` and `$x = …` print nothing.
            if word.hasPrefix("$") {
                let rest = String(text.dropFirst(word.count)).trimmingSpaces
                if rest.hasPrefix(":=") || (rest.hasPrefix("=") && !rest.hasPrefix("==")) { return .silent }
            }
            return .output
        }
    }

    /// Marks actions alone on their lines and, for those that print, the indentation they
    /// print at.
    static func markOwnLines(_ actions: inout [Action], _ b: [UInt8]) {
        let source = SourceText(b)
        // Per line: whether every byte outside actions is blank.
        var clear = [Bool](repeating: true, count: source.lineStarts.count)
        var inAction = [Bool](repeating: false, count: b.count)
        for action in actions { for i in action.span.start..<action.span.end { inAction[i] = true } }
        for (i, c) in b.enumerated() where !inAction[i] && !(c == 32 || c == 9 || c == 10 || c == 13) {
            clear[source.lineIndex(ofByte: i)] = false
        }
        for index in actions.indices {
            let span = actions[index].span
            let first = source.lineIndex(ofByte: span.start)
            let last = source.lineIndex(ofByte: max(span.start, span.end - 1))
            actions[index].ownLine = (first...last).allSatisfy { clear[$0] }
            guard actions[index].ownLine, actions[index].role == .output else { continue }
            let body = String(decoding: b[span.start..<span.end], as: UTF8.self)
            let column = span.start - source.lineStarts[first]
            if let n = lastArgument(of: "nindent", in: body) {
                actions[index].level = n
            } else if let n = lastArgument(of: "indent", in: body), column == 0 && !actions[index].trimsLeft {
                actions[index].level = n
            }
        }
    }

    /// `N` of the last `word N` in a pipeline (`toYaml . | nindent 8` → 8).
    static func lastArgument(of word: String, in body: String) -> Int? {
        let parts = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "|" || $0 == "}" || $0 == "(" || $0 == ")" })
        var found: Int?
        for (i, part) in parts.enumerated() where part == word && i + 1 < parts.count {
            found = Int(parts[i + 1])
        }
        return found
    }
}

extension String {
    /// Without leading and trailing blanks (spaces, tabs, line breaks).
    var trimmingSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
