internal import CYAML

/// Builds a span-preserving node tree from libyaml's event stream.
///
/// Every libyaml quirk that matters for byte-exact editing is handled here and nowhere else
/// (see docs: marks are scalar counts; block collection END marks sit after trailing comments).
public enum YAMLParser {
    /// The deepest nesting of collections accepted (see `TreeBuilder.tooDeep`).
    public static let maxDepth = 1000

    /// Parses every document fully.
    public static func parse(_ source: SourceText) throws(YAMLError) -> YAMLStream {
        try parse(source, keepKind: nil)
    }

    /// Parses a stream; a document whose root `kind` is seen and fails `keepKind` stops growing
    /// its tree there (its later content is still parsed and checked for duplicate keys, but no
    /// nodes are built): CRDs and big ConfigMaps cost little more than libyaml's own parse.
    /// Such documents are marked `partial` and must never be edited.
    /// `skipValuesOf`: keys whose values no reader needs (check mode: `env`, `resources`, …).
    /// Their values become empty placeholders (still checked for duplicate keys). A stream
    /// parsed this way is for reading only: never edit it.
    public static func parse(
        _ source: SourceText, keepKind: (@Sendable (String) -> Bool)?, skipValuesOf: Set<String>? = nil
    ) throws(YAMLError) -> YAMLStream {
        let documents = try parse(source, region: Region(bytes: 0..<source.count, firstLine: 0, firstDocument: 0),
                                  keepKind: keepKind, skipValuesOf: skipValuesOf)
        return YAMLStream(source: source, documents: documents)
    }

    /// Where a part of a stream starts: its bytes, the 0-based line of its first byte and the
    /// index of its first document. The part must begin where a document may begin (at the
    /// start of the stream or right after the previous document's end; no token of the part may
    /// share a line with text before it).
    struct Region {
        let bytes: Range<Int>
        let firstLine: Int
        let firstDocument: Int
    }

    /// Parses only `region` of `source`, as libyaml would parse it as a stream of its own, with
    /// spans, locations and document indexes in `source`'s terms. YAML documents are parsed
    /// independently (libyaml resets its scanner at `---` and tag directives per document), so
    /// the verifier re-parses only the documents a fix changed.
    static func parse(
        _ source: SourceText, region: Region, keepKind: (@Sendable (String) -> Bool)?, skipValuesOf: Set<String>? = nil
    ) throws(YAMLError) -> [Document] {
        if region.bytes.isEmpty { return [] }
        let outcome: Result<[Document], YAMLError> = source.bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[region.bytes])
            var builder = TreeBuilder(source: source, region: region, bytes: buffer)
            builder.keepKind = keepKind
            builder.skipValuesOf = skipValuesOf
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLError(message: "libyaml could not initialise", location: Location(line: 1, column: 1)))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(parserError(&parser, source: source, region: region, bytes: buffer))
                }
                let done = event.type == YAML_STREAM_END_EVENT
                let step = builder.consume(&event)
                yaml_event_delete(&event)
                if case .failure(let error) = step { return .failure(error) }
                if done { break }
            }
            return .success(builder.documents)
        }
        switch outcome {
        case .success(let documents): return documents
        case .failure(let error): throw error
        }
    }

    private static func parserError(
        _ parser: inout yaml_parser_t, source: SourceText, region: Region, bytes: UnsafeBufferPointer<UInt8>
    ) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let origin = region.bytes.lowerBound
        if parser.error == YAML_READER_ERROR {
            let offset = min(origin + parser.problem_offset, source.count)
            return YAMLError(message: problem, location: source.location(ofByte: offset), byteOffset: offset)
        }
        var converter = MarkConverter(bytes: bytes)
        let mark = parser.problem_mark
        var message = problem
        if let context = parser.context {
            let c = parser.context_mark
            message += " (\(String(cString: context)) at \(Int(c.line) + 1 + region.firstLine):\(c.column + 1))"
        }
        return YAMLError(
            message: message,
            location: Location(line: Int(mark.line) + 1 + region.firstLine, column: Int(mark.column) + 1),
            byteOffset: origin + converter.byteOffset(ofScalar: Int(mark.index)))
    }
}

/// Turns events into nodes. One instance per parse.
private struct TreeBuilder {
    /// An open collection. Its children (sequence items, or a mapping's keys and values in
    /// turn) sit at the top of the shared `children` stack from `firstChild` on: one stack for
    /// the whole parse instead of an array per collection, so a collection costs one allocation
    /// (its final items or pairs) however many children it grows to.
    struct Frame {
        let isMapping: Bool
        let firstChild: Int
        let start: Start
    }

    /// Children of every open collection, innermost last (see `Frame`).
    var children: [Node] = []

    /// How many children the innermost open collection has so far.
    var openChildCount: Int { stack.isEmpty ? 0 : children.count - stack[stack.count - 1].firstChild }

    struct Start {
        let span: Span
        let location: Location
        let anchor: String?
        let tag: String?
        let style: Node.CollectionStyle
    }

    let source: SourceText
    var keepKind: (@Sendable (String) -> Bool)?
    /// Open collections of the part of a document that is not built (see `parse(_:keepKind:)`);
    /// non-empty while skipping. The first frame stands for the root mapping.
    var skipping: [SkipFrame] = []
    var partial = false
    var skipValuesOf: Set<String>? {
        didSet {
            skipValueHashes = skipValuesOf.map { $0.map(Node.keyHash) } ?? []
            skipValueBloom = skipValueHashes.reduce(0) { $0 | 1 << ($1 & 63) }
        }
    }
    /// The keys of `skipValuesOf` by `Node.keyHash`, and a one-word filter of them (bit
    /// `hash & 63`): most keys are ruled out by one bit test, without touching their string.
    var skipValueHashes: [UInt64] = []
    var skipValueBloom: UInt64 = 0
    /// Where the value being skipped started, when the skip is one value (not the rest of a
    /// document): it ends with a placeholder in the tree.
    var skippedValueStart: (span: Span, location: Location)?

    /// A collection being skipped. Its keys live in the builder's shared `skippedKeys` stack
    /// (a child's keys are pushed above its parent's and popped when it ends), so skipping a
    /// CRD allocates nothing per mapping and never turns a key into a String.
    struct SkipFrame {
        let isMapping: Bool
        var expectingKey = true
        /// Where this frame's keys start in `skippedKeys`.
        let firstKey: Int
        /// Only for large mappings: hash -> index in `skippedKeys`.
        var index: [UInt64: Int]?
    }

    /// A key of a skipped mapping: its bytes are in `skippedKeyBytes`.
    struct SkippedKey {
        let hash: UInt64
        let offset: Int
        let length: Int
    }

    var skippedKeys: [SkippedKey] = []
    var skippedKeyBytes: [UInt8] = []

    var converter: MarkConverter
    var documents: [Document] = []
    var stack: [Frame] = []
    var root: Node?
    var anchors: [String: Node] = [:]
    var docStart = 0
    var docExplicitStart = false

    /// The part of `source` being parsed: libyaml's marks count from its start.
    let region: YAMLParser.Region

    init(source: SourceText, region: YAMLParser.Region, bytes: UnsafeBufferPointer<UInt8>) {
        self.source = source
        self.region = region
        self.converter = MarkConverter(bytes: bytes)
    }

    /// A libyaml mark as a byte offset in `source`.
    mutating func offset(_ mark: yaml_mark_t) -> Int {
        region.bytes.lowerBound + converter.byteOffset(ofScalar: Int(mark.index))
    }

    mutating func span(_ start: yaml_mark_t, _ end: yaml_mark_t) -> Span {
        Span(offset(start), offset(end))
    }

    /// Columns need no shift: a region's tokens never share a line with text before it.
    func location(_ mark: yaml_mark_t) -> Location {
        Location(line: Int(mark.line) + 1 + region.firstLine, column: Int(mark.column) + 1)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    mutating func consume(_ event: inout yaml_event_t) -> Result<Void, YAMLError> {
        if !skipping.isEmpty, let result = skip(&event) { return result }
        if skipValueBloom != 0, !stack.isEmpty, stack[stack.count - 1].isMapping,
            openChildCount % 2 == 1,
            event.type == YAML_SCALAR_EVENT || event.type == YAML_MAPPING_START_EVENT || event.type == YAML_SEQUENCE_START_EVENT,
            case let key = children[children.count - 1],
            skipValueBloom & (1 << (key.keyHash & 63)) != 0, skipValueHashes.contains(key.keyHash),
            let name = key.scalarValue, skipValuesOf?.contains(name) == true
        {
            let at = span(event.start_mark, event.start_mark)
            registerSkippedAnchor(&event)
            if event.type == YAML_SCALAR_EVENT { return add(placeholder(at, location(event.start_mark))) }
            skippedKeys.removeAll(keepingCapacity: true)
            skippedKeyBytes.removeAll(keepingCapacity: true)
            skipping = [SkipFrame(isMapping: event.type == YAML_MAPPING_START_EVENT, firstKey: 0)]
            skippedValueStart = (at, location(event.start_mark))
            return .success(())
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            docStart = span(event.start_mark, event.end_mark).start
            docExplicitStart = event.data.document_start.implicit == 0
            root = nil
            anchors = [:]
            partial = false
        case YAML_DOCUMENT_END_EVENT:
            let end = span(event.start_mark, event.end_mark).end
            documents.append(Document(
                index: region.firstDocument + documents.count, root: root, span: Span(docStart, max(end, docStart)),
                explicitStart: docExplicitStart, explicitEnd: event.data.document_end.implicit == 0, partial: partial))
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            let style: Node.ScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            var at = span(event.start_mark, event.end_mark)
            var where_ = location(event.start_mark)
            if s.length == 0 && at.isEmpty, let moved = emptyValuePosition() {
                (at, where_) = moved
            }
            let node = Node(
                kind: .scalar(value: value, style: style), span: at,
                location: where_, anchor: Self.string(s.anchor), tag: Self.string(s.tag),
                keyHash: Node.keyHash(UnsafeBufferPointer(start: s.value, count: s.length)))
            return add(node)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let node = Node(
                kind: .alias(name: name, target: anchors[name]), span: span(event.start_mark, event.end_mark),
                location: location(event.start_mark), anchor: nil, tag: nil)
            if anchors[name] == nil {
                return .failure(YAMLError(
                    message: "unknown alias *\(name): no anchor &\(name) before it in this document",
                    location: node.location, byteOffset: node.span.start))
            }
            return add(node)
        case YAML_SEQUENCE_START_EVENT:
            if let error = tooDeep(event) { return .failure(error) }
            let d = event.data.sequence_start
            stack.append(Frame(isMapping: false, firstChild: children.count, start: Start(
                span: span(event.start_mark, event.end_mark), location: location(event.start_mark),
                anchor: Self.string(d.anchor), tag: Self.string(d.tag),
                style: d.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block)))
        case YAML_MAPPING_START_EVENT:
            if let error = tooDeep(event) { return .failure(error) }
            let d = event.data.mapping_start
            stack.append(Frame(isMapping: true, firstChild: children.count, start: Start(
                span: span(event.start_mark, event.end_mark), location: location(event.start_mark),
                anchor: Self.string(d.anchor), tag: Self.string(d.tag),
                style: d.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let endSpan = span(event.start_mark, event.end_mark)
            guard let frame = stack.popLast() else { return .success(()) }
            let start = frame.start
            let own = frame.firstChild..<children.count
            let span = collectionSpan(
                start, first: own.isEmpty ? nil : children[own.lowerBound], last: own.isEmpty ? nil : children[own.upperBound - 1],
                end: endSpan)
            guard frame.isMapping else {
                let items = Array(children[own])
                children.removeSubrange(own)
                let node = Node(
                    kind: .sequence(items: items, style: start.style),
                    span: span, location: start.location, anchor: start.anchor, tag: start.tag)
                return add(node)
            }
            var pairs: [Node.Pair] = []
            pairs.reserveCapacity(own.count / 2)
            var i = own.lowerBound
            while i + 1 < own.upperBound {
                pairs.append(Node.Pair(key: children[i], value: children[i + 1]))
                i += 2
            }
            children.removeSubrange(own)
            if let duplicate = Self.duplicateKey(pairs) {
                return .failure(YAMLError(
                    message: "duplicate key \"\(duplicate.name)\" (first at \(duplicate.first.location)); the API server rejects duplicate keys",
                    location: duplicate.second.location, byteOffset: duplicate.second.span.start))
            }
            let node = Node(
                kind: .mapping(pairs: pairs, style: start.style),
                span: span, location: start.location, anchor: start.anchor, tag: start.tag)
            return add(node)
        default:
            break
        }
        return .success(())
    }

    /// Where an empty block mapping value (`key:` and nothing) really is: right after its
    /// colon. libyaml marks it at the next token, which after a dedent is the next line's key
    /// under another parent (`allowPrivilegeEscalation:` then `x: 1` at the root), and an
    /// edit placed there lands in the wrong mapping (found by fuzzing).
    func emptyValuePosition() -> (Span, Location)? {
        guard let top = stack.last, top.isMapping, top.start.style == .block, openChildCount % 2 == 1,
            let key = children.last
        else { return nil }
        let bytes = source.bytes
        var i = key.span.end
        while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        return (Span(i + 1, i + 1), source.location(ofByte: i + 1))
    }

    /// Nesting is bounded: every reader of the tree (evaluation, verification, even releasing it)
    /// recurses, and a 50,000-deep `[[[…` would overflow a worker thread's stack. No Kubernetes
    /// object comes near the bound (deep CRD schemas reach about 60).
    mutating func tooDeep(_ event: yaml_event_t) -> YAMLError? {
        guard stack.count + skipping.count >= YAMLParser.maxDepth else { return nil }
        return YAMLError(
            message: "nesting deeper than \(YAMLParser.maxDepth) levels; pss-fix does not read such documents",
            location: location(event.start_mark), byteOffset: offset(event.start_mark))
    }

    /// Block collections: from the anchor/tag or first child to the last child's end.
    /// Flow collections: from `{`/`[` to the end of `}`/`]`.
    func collectionSpan(_ start: Start, first: Node?, last: Node?, end: Span) -> Span {
        if start.style == .flow { return Span(start.span.start, end.end) }
        let first = first?.span.start ?? start.span.start
        let last = last?.span.end ?? start.span.end
        return Span(min(start.span.start, first), max(last, start.span.start))
    }

    mutating func add(_ node: Node) -> Result<Void, YAMLError> {
        if let anchor = node.anchor { anchors[anchor] = node }
        if stack.isEmpty {
            root = node
            return .success(())
        }
        children.append(node)
        // The root's `kind` decides whether the rest of the document is worth a tree.
        if let keepKind, stack.count == 1, stack[0].isMapping, openChildCount % 2 == 0,
            case .scalar(let kind, _) = node.kind, children[children.count - 2].scalarValue == "kind",
            !keepKind(kind)
        {
            skippedKeys.removeAll(keepingCapacity: true)
            skippedKeyBytes.removeAll(keepingCapacity: true)
            skipping = [SkipFrame(isMapping: true, firstKey: 0)]
            for i in stride(from: stack[0].firstChild, to: children.count, by: 2) {
                guard var key = children[i].scalarValue else { continue }
                key.withUTF8 { _ = insertSkippedKey($0) }
            }
            partial = true
        }
        return .success(())
    }

    /// Handles one event of a part that is not built; nil when the event ends the skipped part
    /// (the root mapping's END), which is then handled normally.
    mutating func skip(_ event: inout yaml_event_t) -> Result<Void, YAMLError>? {
        let top = skipping.count - 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            registerSkippedAnchor(&event)
            if skipping[top].isMapping && skipping[top].expectingKey {
                let s = event.data.scalar
                let bytes = UnsafeBufferPointer(start: s.value, count: s.length)
                if !insertSkippedKey(bytes) {
                    let key = String(decoding: bytes, as: UTF8.self)
                    return .failure(YAMLError(
                        message: "duplicate key \"\(key)\"; the API server rejects duplicate keys",
                        location: location(event.start_mark), byteOffset: span(event.start_mark, event.end_mark).start))
                }
            }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
        case YAML_ALIAS_EVENT:
            // Unknown aliases are errors in skipped parts too, as in a full parse (found by
            // fuzzing: a CRD with `*undefined` passed `check` and failed a full parse).
            let name = Self.string(event.data.alias.anchor) ?? ""
            if anchors[name] == nil {
                return .failure(YAMLError(
                    message: "unknown alias *\(name): no anchor &\(name) before it in this document",
                    location: location(event.start_mark), byteOffset: span(event.start_mark, event.end_mark).start))
            }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if let error = tooDeep(event) { return .failure(error) }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
            registerSkippedAnchor(&event)
            skipping.append(SkipFrame(isMapping: event.type == YAML_MAPPING_START_EVENT, firstKey: skippedKeys.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = skipping.removeLast()
            if frame.firstKey < skippedKeys.count {
                // removeLast: a generic removeSubrange cost more than the rest of the event.
                skippedKeyBytes.removeLast(skippedKeyBytes.count - skippedKeys[frame.firstKey].offset)
                skippedKeys.removeLast(skippedKeys.count - frame.firstKey)
            }
            if skipping.isEmpty {
                guard let start = skippedValueStart else { return nil }
                skippedValueStart = nil
                return add(placeholder(start.span, start.location))
            }
        default:
            break
        }
        return .success(())
    }

    /// Records a key of the innermost skipped mapping; false when it is already there (merge
    /// keys `<<` may repeat). Keys are compared by hash, then byte for byte.
    mutating func insertSkippedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count == 2 && bytes[0] == UInt8(ascii: "<") && bytes[1] == UInt8(ascii: "<") { return true }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let top = skipping.count - 1
        let first = skipping[top].firstKey
        let hasIndex = skipping[top].index != nil
        // With an index, a miss is final; a hit (or a true hash collision) is settled by the scan.
        if !hasIndex || skipping[top].index![hash] != nil {
            let found = skippedKeys.withUnsafeBufferPointer { keys in
                skippedKeyBytes.withUnsafeBufferPointer { arena in
                    for i in first..<keys.count where keys[i].hash == hash && keys[i].length == bytes.count {
                        if bytes.count == 0 || memcmp(arena.baseAddress! + keys[i].offset, bytes.baseAddress!, bytes.count) == 0 {
                            return true
                        }
                    }
                    return false
                }
            }
            if found { return false }
        }
        skippedKeys.append(SkippedKey(hash: hash, offset: skippedKeyBytes.count, length: bytes.count))
        skippedKeyBytes.append(contentsOf: bytes)
        if hasIndex {
            skipping[top].index![hash] = skippedKeys.count - 1
        } else if skippedKeys.count - first > 16 {
            var index: [UInt64: Int] = [:]
            for i in first..<skippedKeys.count { index[skippedKeys[i].hash] = i }
            skipping[top].index = index
        }
        return true
    }

    /// Stands for a value that was not built (check mode).
    func placeholder(_ at: Span, _ location: Location) -> Node {
        Node(kind: .scalar(value: "", style: .plain), span: at, location: location, anchor: nil, tag: nil)
    }

    /// An anchor inside a skipped value still exists: aliases to it must resolve.
    mutating func registerSkippedAnchor(_ event: inout yaml_event_t) {
        let anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_SCALAR_EVENT: anchor = event.data.scalar.anchor
        case YAML_MAPPING_START_EVENT: anchor = event.data.mapping_start.anchor
        case YAML_SEQUENCE_START_EVENT: anchor = event.data.sequence_start.anchor
        default: anchor = nil
        }
        guard let name = Self.string(anchor) else { return }
        anchors[name] = placeholder(span(event.start_mark, event.start_mark), location(event.start_mark))
    }

    /// The first repeated scalar key (merge keys aside). Small mappings, the usual case, are
    /// scanned comparing key hashes (strings only when two hashes match); large ones use a set.
    static func duplicateKey(_ pairs: [Node.Pair]) -> (name: String, first: Node, second: Node)? {
        func name(_ key: Node) -> String? { key.isMergeKey ? nil : key.resolved.scalarValue }
        if pairs.count < 2 { return nil }
        if pairs.count <= 16 {
            for j in 1..<pairs.count {
                let second = pairs[j].key
                let hash = second.resolved.keyHash
                if hash == 0 || (hash == Node.mergeKeyHash && second.isMergeKey) { continue }
                for i in 0..<j where pairs[i].key.resolved.keyHash == hash {
                    let first = pairs[i].key
                    if let a = name(first), let b = name(second), a == b { return (b, first, second) }
                }
            }
            return nil
        }
        var seen: [String: Node] = [:]
        seen.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = name(pair.key) else { continue }
            if let first = seen[key] { return (key, first, pair.key) }
            seen[key] = pair.key
        }
        return nil
    }
}
