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
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLError(message: "libyaml could not initialise", location: Location(line: 1, column: 1)))
            }
            defer { yaml_parser_delete(&parser) }
            let verbatim = LibyamlInput.setInput(&parser, buffer)
            var builder = TreeBuilder(source: source, region: region, bytes: buffer, converter: verbatim ?? MarkConverter(bytes: buffer))
            builder.keepKind = keepKind
            builder.skipValuesOf = skipValuesOf
            builder.reserve(bytes: buffer.count, skipping: skipValuesOf != nil)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(parserError(&parser, source: source, region: region, bytes: buffer))
                }
                let done = event.type == YAML_STREAM_END_EVENT
                do throws(YAMLError) {
                    defer { yaml_event_delete(&event) }
                    try builder.consume(&event)
                } catch {
                    return .failure(error)
                }
                if done { break }
            }
            return .success(builder.finish())
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

    /// Children of every open collection, innermost last (see `Frame`): record indexes.
    var children: [Int32] = []
    /// The parse's nodes (see `NodeTree`), made a tree when the parse ends.
    var storage = NodeTree.Storage()

    /// How many children the innermost open collection has so far.
    var openChildCount: Int { stack.isEmpty ? 0 : children.count - stack[stack.count - 1].firstChild }

    /// Trivial (no String in it): frames are pushed and popped once per collection, and
    /// a frame holding Strings cost a generic Optional copy and destroy at every pop.
    struct Start {
        let span: Span
        let location: Location
        /// Indexes in the tree's `strings`, -1 for none.
        let anchor: Int32
        let tag: Int32
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
    /// Trivial (its index lives in `skipIndexes`): a frame is pushed and popped per skipped
    /// collection, and read at every skipped event.
    struct SkipFrame {
        let isMapping: Bool
        var expectingKey = true
        /// Where this frame's keys start in `skippedKeys`.
        let firstKey: Int
        /// Only for large mappings: its index (hash -> position in `skippedKeys`) in
        /// `skipIndexes`; -1 for none.
        var indexSlot: Int32 = -1
    }

    var skippedKeys = SkippedKeyStack()
    /// The indexes of large skipped mappings, innermost last: a frame makes its index while it
    /// is the innermost one, so they come and go in the frames' order.
    var skipIndexes: [[UInt64: Int]] = []

    /// Starts skipping, with `frame` as the outermost skipped collection.
    mutating func startSkipping(_ frame: SkipFrame) {
        skippedKeys.removeAll()
        skipIndexes.removeAll()
        skipping = [frame]
    }

    var converter: MarkConverter
    /// Documents parsed so far; they become `Document`s with the tree (`finish`).
    var pending: [PendingDocument] = []

    struct PendingDocument {
        let index: Int
        let root: Int32?
        let span: Span
        let explicitStart: Bool
        let explicitEnd: Bool
        let partial: Bool
    }

    /// The documents, their nodes in one tree.
    mutating func finish() -> [Document] {
        storage.trim()
        let tree = NodeTree(storage)
        return pending.map {
            Document(index: $0.index, root: $0.root.map { Node(tree: tree, index: $0) }, span: $0.span,
                     explicitStart: $0.explicitStart, explicitEnd: $0.explicitEnd, partial: $0.partial)
        }
    }
    var stack: [Frame] = []
    var root: Int32?
    var anchors: [String: Int32] = [:]
    var docStart = 0
    var docExplicitStart = false

    /// The part of `source` being parsed: libyaml's marks count from its start.
    let region: YAMLParser.Region

    init(source: SourceText, region: YAMLParser.Region, bytes: UnsafeBufferPointer<UInt8>, converter: MarkConverter) {
        self.source = source
        self.region = region
        self.converter = converter
    }

    /// Room for the nodes `bytes` bytes are expected to hold, reserved up front instead of
    /// growing from one record through a dozen doublings per parse (3 % of `--diff`): about
    /// one node per 12 bytes in workloads parsed whole (0.6-1.4 nodes per 16 bytes on the
    /// benchmark's files: at one per 16, most files grew once at the end, copying and
    /// allocating a second, bigger array: 0.8 % of `--diff`), one per 16 where values are
    /// skipped (`check`); at least 64 (4 KB: a verification window of a few lines), at most
    /// 8,192 (512 KB). Big reservations are not free even unwritten: they spread the heap,
    /// and peak memory grew 10 %.
    mutating func reserve(bytes: Int, skipping: Bool) {
        let expected = min(max(bytes / (skipping ? 16 : 12), 64), 8192)
        storage.records.reserveCapacity(expected)
        storage.children.reserveCapacity(expected)
        // The open collections and their children so far: a few dozen entries at most in
        // workloads, grown from empty through several doublings in every window's parse.
        stack.reserveCapacity(16)
        children.reserveCapacity(64)
        pending.reserveCapacity(1)
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

    /// Typed throws, not a Result: every event of a parse passes here, and returning a Result
    /// (a String and more inside) cost a copy and a destroy per event.
    mutating func consume(_ event: inout yaml_event_t) throws(YAMLError) {
        if !skipping.isEmpty, try skip(&event) { return }
        if skipValueBloom != 0, !stack.isEmpty, stack[stack.count - 1].isMapping,
            openChildCount % 2 == 1,
            event.type == YAML_SCALAR_EVENT || event.type == YAML_MAPPING_START_EVENT || event.type == YAML_SEQUENCE_START_EVENT,
            case let key = storage.records[Int(children[children.count - 1])],
            skipValueBloom & (1 << (key.keyHash & 63)) != 0, skipValueHashes.contains(key.keyHash),
            key.kind == .scalar, skipValuesOf?.contains(storage.value(key)) == true
        {
            let at = span(event.start_mark, event.start_mark)
            registerSkippedAnchor(&event)
            if event.type == YAML_SCALAR_EVENT { return add(placeholder(at, location(event.start_mark))) }
            startSkipping(SkipFrame(isMapping: event.type == YAML_MAPPING_START_EVENT, firstKey: 0))
            skippedValueStart = (at, location(event.start_mark))
            return
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
            pending.append(PendingDocument(
                index: region.firstDocument + pending.count, root: root, span: Span(docStart, max(end, docStart)),
                explicitStart: docExplicitStart, explicitEnd: event.data.document_end.implicit == 0, partial: partial))
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value = UnsafeBufferPointer(start: s.value, count: s.length)
            let style: UInt8  // the index of the style in `Node.scalarStyles`
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = 1
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = 2
            case YAML_LITERAL_SCALAR_STYLE: style = 3
            case YAML_FOLDED_SCALAR_STYLE: style = 4
            default: style = 0
            }
            var at = span(event.start_mark, event.end_mark)
            var where_ = location(event.start_mark)
            if s.length == 0 && at.isEmpty, let moved = emptyValuePosition() {
                (at, where_) = moved
            }
            let stored = storage.addValue(value)
            return add(append(
                .scalar, style: style, span: at, location: where_, payload: stored.payload, count: stored.count,
                anchor: storage.addString(Self.string(s.anchor)), tag: storage.addString(Self.string(s.tag)),
                keyHash: Node.keyHash(value)))
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            let at = span(event.start_mark, event.end_mark)
            guard let target = anchors[name] else {
                throw YAMLError(
                    message: "unknown alias *\(name): no anchor &\(name) before it in this document",
                    location: location(event.start_mark), byteOffset: at.start)
            }
            return add(append(
                .alias, style: 0, span: at, location: location(event.start_mark), payload: storage.addString(name), count: target,
                anchor: -1, tag: -1, keyHash: 0))
        case YAML_SEQUENCE_START_EVENT:
            if let error = tooDeep(event) { throw error }
            let d = event.data.sequence_start
            stack.append(Frame(isMapping: false, firstChild: children.count, start: Start(
                span: span(event.start_mark, event.end_mark), location: location(event.start_mark),
                anchor: storage.addString(Self.string(d.anchor)), tag: storage.addString(Self.string(d.tag)),
                style: d.style == YAML_FLOW_SEQUENCE_STYLE ? .flow : .block)))
        case YAML_MAPPING_START_EVENT:
            if let error = tooDeep(event) { throw error }
            let d = event.data.mapping_start
            stack.append(Frame(isMapping: true, firstChild: children.count, start: Start(
                span: span(event.start_mark, event.end_mark), location: location(event.start_mark),
                anchor: storage.addString(Self.string(d.anchor)), tag: storage.addString(Self.string(d.tag)),
                style: d.style == YAML_FLOW_MAPPING_STYLE ? .flow : .block)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let endSpan = span(event.start_mark, event.end_mark)
            guard !stack.isEmpty else { return }
            let frame = stack[stack.count - 1]
            stack.removeLast()
            let start = frame.start
            let own = frame.firstChild..<children.count
            let span = collectionSpan(
                start, first: own.isEmpty ? nil : storage.records[Int(children[own.lowerBound])].span,
                last: own.isEmpty ? nil : storage.records[Int(children[own.upperBound - 1])].span, end: endSpan)
            // A mapping's children come in pairs; a key without a value cannot happen with
            // libyaml, which reports an empty scalar for it.
            let count = frame.isMapping ? own.count - own.count % 2 : own.count
            if frame.isMapping, let duplicate = duplicateKey(own.lowerBound, count: count) {
                let first = storage.records[Int(duplicate.first)], second = storage.records[Int(duplicate.second)]
                throw YAMLError(
                    message: "duplicate key \"\(duplicate.name)\" (first at \(first.location)); the API server rejects duplicate keys",
                    location: second.location, byteOffset: second.span.start)
            }
            let payload = Int32(storage.children.count)
            storage.children.append(contentsOf: children[own.lowerBound..<(own.lowerBound + count)])
            children.removeLast(own.count)
            return add(append(
                frame.isMapping ? .mapping : .sequence, style: start.style == .flow ? 1 : 0, span: span, location: start.location,
                payload: payload, count: Int32(count), anchor: start.anchor, tag: start.tag, keyHash: 0))
        default:
            break
        }
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
        var i = storage.records[Int(key)].span.end
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
    func collectionSpan(_ start: Start, first: Span?, last: Span?, end: Span) -> Span {
        if start.style == .flow { return Span(start.span.start, end.end) }
        let first = first?.start ?? start.span.start
        let last = last?.end ?? start.span.end
        return Span(min(start.span.start, first), max(last, start.span.start))
    }

    /// A new record; its index.
    mutating func append(
        _ kind: NodeTree.Record.Kind, style: UInt8, span: Span, location: Location, payload: Int32, count: Int32,
        anchor: Int32, tag: Int32, keyHash: UInt64
    ) -> Int32 {
        storage.records.append(NodeTree.Record(
            span: span, location: location, keyHash: keyHash, payload: payload, count: count,
            anchor: anchor, tag: tag, kind: kind, style: style))
        let index = Int32(storage.records.count - 1)
        if anchor >= 0 { anchors[storage.strings[Int(anchor)]] = index }
        return index
    }

    func scalarValue(_ index: Int32) -> String? {
        let r = storage.records[Int(index)]
        return r.kind == .scalar ? storage.value(r) : nil
    }

    mutating func add(_ node: Int32) {
        if stack.isEmpty {
            root = node
            return
        }
        children.append(node)
        // The root's `kind` decides whether the rest of the document is worth a tree.
        if let keepKind, stack.count == 1, stack[0].isMapping, openChildCount % 2 == 0,
            let kind = scalarValue(node), scalarValue(children[children.count - 2]) == "kind",
            !keepKind(kind)
        {
            startSkipping(SkipFrame(isMapping: true, firstKey: 0))
            for i in stride(from: stack[0].firstChild, to: children.count, by: 2) {
                guard var key = scalarValue(children[i]) else { continue }
                key.withUTF8 { _ = insertSkippedKey($0) }
            }
            partial = true
        }
    }

    /// Handles one event of a part that is not built; false when the event ends the skipped
    /// part (the root mapping's END), which is then handled normally.
    mutating func skip(_ event: inout yaml_event_t) throws(YAMLError) -> Bool {
        let top = skipping.count - 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            registerSkippedAnchor(&event)
            if skipping[top].isMapping && skipping[top].expectingKey {
                let s = event.data.scalar
                let bytes = UnsafeBufferPointer(start: s.value, count: s.length)
                if !insertSkippedKey(bytes) {
                    let key = String(decoding: bytes, as: UTF8.self)
                    throw YAMLError(
                        message: "duplicate key \"\(key)\"; the API server rejects duplicate keys",
                        location: location(event.start_mark), byteOffset: span(event.start_mark, event.end_mark).start)
                }
            }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
        case YAML_ALIAS_EVENT:
            // Unknown aliases are errors in skipped parts too, as in a full parse (found by
            // fuzzing: a CRD with `*undefined` passed `check` and failed a full parse).
            let name = Self.string(event.data.alias.anchor) ?? ""
            if anchors[name] == nil {
                throw YAMLError(
                    message: "unknown alias *\(name): no anchor &\(name) before it in this document",
                    location: location(event.start_mark), byteOffset: span(event.start_mark, event.end_mark).start)
            }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if let error = tooDeep(event) { throw error }
            if skipping[top].isMapping { skipping[top].expectingKey.toggle() }
            registerSkippedAnchor(&event)
            skipping.append(SkipFrame(isMapping: event.type == YAML_MAPPING_START_EVENT, firstKey: skippedKeys.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = skipping[skipping.count - 1]
            skipping.removeLast()
            skippedKeys.truncate(to: frame.firstKey)
            if frame.indexSlot >= 0 { skipIndexes.removeLast() }
            if skipping.isEmpty {
                guard let start = skippedValueStart else { return false }
                skippedValueStart = nil
                add(placeholder(start.span, start.location))
            }
        default:
            break
        }
        return true
    }

    /// Records a key of the innermost skipped mapping; false when it is already there (merge
    /// keys `<<` may repeat). Keys are compared by hash, then byte for byte.
    mutating func insertSkippedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count == 2 && bytes[0] == UInt8(ascii: "<") && bytes[1] == UInt8(ascii: "<") { return true }
        let hash = Node.keyHash(bytes)  // of the first 64 bytes: equal hashes are settled by the bytes
        let top = skipping.count - 1
        let first = skipping[top].firstKey
        let slot = Int(skipping[top].indexSlot)
        // With an index, a miss is final; a hit (or a true hash collision) is settled by the scan.
        if slot < 0 || skipIndexes[slot][hash] != nil {
            if skippedKeys.contains(bytes, hash: hash, from: first) { return false }
        }
        skippedKeys.push(bytes, hash: hash)
        if slot >= 0 {
            skipIndexes[slot][hash] = skippedKeys.count - 1
        } else if skippedKeys.count - first > 16 {
            var index: [UInt64: Int] = [:]
            for i in first..<skippedKeys.count { index[skippedKeys.hash(at: i)] = i }
            skipIndexes.append(index)
            skipping[top].indexSlot = Int32(skipIndexes.count - 1)
        }
        return true
    }

    static let emptyKeyHash = Node.keyHash("")

    /// Stands for a value that was not built (check mode).
    mutating func placeholder(_ at: Span, _ location: Location) -> Int32 {
        append(.scalar, style: 0, span: at, location: location, payload: Int32(storage.values.count), count: 0, anchor: -1, tag: -1,
               keyHash: Self.emptyKeyHash)
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

    /// The first repeated scalar key (merge keys aside) among the `count` children (keys and
    /// values in turn) from `first` in `children`. Small mappings, the usual case, are scanned
    /// comparing key hashes (strings only when two hashes match); large ones use a set.
    func duplicateKey(_ first: Int, count: Int) -> (name: String, first: Int32, second: Int32)? {
        let pairs = count / 2
        if pairs < 2 { return nil }
        func key(_ i: Int) -> Int32 { children[first + 2 * i] }
        func resolved(_ index: Int32) -> NodeTree.Record {
            var r = storage.records[Int(index)]
            while r.kind == .alias, r.count >= 0 { r = storage.records[Int(r.count)] }
            return r
        }
        func isMergeKey(_ index: Int32) -> Bool {
            let r = storage.records[Int(index)]
            guard r.keyHash == Node.mergeKeyHash, r.kind == .scalar, r.style == 0, r.count == 2, storage.value(r) == "<<" else { return false }
            return r.tag < 0 || storage.strings[Int(r.tag)] == "tag:yaml.org,2002:merge"
        }
        func name(_ index: Int32) -> String? {
            if isMergeKey(index) { return nil }
            let r = resolved(index)
            return r.kind == .scalar ? storage.value(r) : nil
        }
        if pairs <= 16 {
            for j in 1..<pairs {
                let second = key(j)
                let hash = resolved(second).keyHash
                if hash == 0 || (hash == Node.mergeKeyHash && isMergeKey(second)) { continue }
                for i in 0..<j where resolved(key(i)).keyHash == hash {
                    let first = key(i)
                    if let a = name(first), let b = name(second), a == b { return (b, first, second) }
                }
            }
            return nil
        }
        var seen: [String: Int32] = [:]
        seen.reserveCapacity(pairs)
        for i in 0..<pairs {
            let k = key(i)
            guard let name = name(k) else { continue }
            if let firstIndex = seen[name] { return (name, firstIndex, k) }
            seen[name] = k
        }
        return nil
    }
}
