/// The last gate before anything is written: the patched bytes must parse, hold the same
/// documents, and mean exactly the original plus the planned changes.
enum Verifier {
    /// What verification parsed of the patched file, for re-evaluation: the patched text and the
    /// documents that hold an edit (every other document is byte-identical to the original).
    struct Reparsed {
        let source: SourceText
        let documents: [Int: Document]
        /// The whole file was re-parsed (an edit sat on a document boundary), not only the
        /// changed documents.
        var wholeFile = false
    }

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// Verifies `patched`, made by applying `edits` to the original: only the documents that
    /// hold an edit are re-parsed (YAML documents parse independently, and the bytes of every
    /// other document are proven unchanged), which is what makes `--diff` over a repository of
    /// CRDs and ConfigMaps cost little more than `check`. Falls back to re-parsing the whole
    /// file when an edit sits on a boundary between documents.
    static func verify(original: YAMLStream, operations: [EditOperation], edits: [Edit], patched: [UInt8]) -> Result<Reparsed, Failure> {
        let documents = original.documents
        guard !documents.isEmpty, let edited = editedDocuments(original, operations) else {
            return verify(original: original, operations: operations, patched: patched)
        }
        // Document k owns the bytes from the end of document k-1 (its `---`, or what follows a
        // `...`: comments, directives) to the end of its own text; the last one to the end of file.
        var bounds = [0]
        for k in documents.indices.dropFirst() { bounds.append(max(bounds[k - 1], documents[k - 1].span.end)) }
        bounds.append(max(bounds[bounds.count - 1], original.source.count))
        // Every edit strictly inside one region (an edit on a boundary could belong to either side).
        var growth = [Int](repeating: 0, count: documents.count)
        var regionEdits: [Int: [Edit]] = [:]
        for edit in edits {
            guard let k = region(of: edit, bounds: bounds), edited.contains(k) else {
                return verify(original: original, operations: operations, patched: patched)
            }
            growth[k] += edit.replacement.count - edit.span.count
            regionEdits[k, default: []].append(edit)
        }
        var source = SourceText(patched)
        source.firstLine = original.patchedFirstLine
        guard patched.count == original.source.count + growth.reduce(0, +) else {
            return .failure(Failure("the patched file is not the original plus the planned edits; nothing was changed"))
        }
        let comparison = SemanticComparison(
            old: original.source, new: source, overlay: SemanticValue.Overlay(operations), targets: operations.map(\.target))
        var reparsed: [Int: Document] = [:]
        var shift = 0
        for (k, old) in documents.enumerated() {
            let oldRange = bounds[k]..<bounds[k + 1]
            let newRange = (oldRange.lowerBound + shift)..<(oldRange.upperBound + shift + growth[k])
            shift += growth[k]
            guard edited.contains(k) else {
                if oldRange.count != newRange.count || !sameBytes(original.source, oldRange, source, at: newRange.lowerBound) {
                    return .failure(Failure("document \(k + 1) changed although no edit was planned in it; nothing was changed"))
                }
                continue
            }
            // Most fixes change a few lines of a document: those are re-parsed, the rest of its
            // tree is the original's, moved (`ReparseWindows` says why that is the same tree).
            // Whatever the windows cannot prove, the whole document decides.
            if let windowed = reparseWindows(
                old, original: original.source, oldRange: oldRange, patched: source, newRange: newRange, edits: regionEdits[k] ?? []),
                same(old, windowed, comparison)
            {
                if let observe = ReparseWindowsCheck.observer {
                    let whole = try? parseWhole(source, newRange, old.index)
                    observe(whole?.count == 1 ? TreeDifference.first(windowed, whole![0]) : "the document does not re-parse whole as one")
                }
                reparsed[old.index] = windowed
                continue
            }
            let parsed: [Document]
            do {
                parsed = try parseWhole(source, newRange, old.index)
            } catch {
                return .failure(Failure("the patched file does not parse (\(error)); nothing was changed"))
            }
            guard parsed.count == 1, let new = parsed.first else {
                return .failure(Failure("document \(k + 1) became \(parsed.count) documents; nothing was changed"))
            }
            guard same(old, new, comparison) else {
                return .failure(Failure("document \(k + 1) would not mean what the fix planned; nothing was changed"))
            }
            reparsed[old.index] = new
        }
        return .success(Reparsed(source: source, documents: reparsed))
    }

    /// The document of `source` in `range`, re-parsed whole.
    private static func parseWhole(_ source: SourceText, _ range: Range<Int>, _ index: Int) throws(YAMLError) -> [Document] {
        try YAMLParser.parse(
            source,
            region: YAMLParser.Region(bytes: range, firstLine: source.firstLine + source.lineIndex(ofByte: range.lowerBound), firstDocument: index),
            keepKind: Workload.isRelevantKind)
    }

    /// Verifies any patched text against the plan by re-parsing all of it.
    static func verify(original: YAMLStream, operations: [EditOperation], patched: [UInt8]) -> Result<Reparsed, Failure> {
        let reparsed: YAMLStream
        do {
            // In the patched file's lines and document numbers (a batch of a big stream starts
            // past its first line and document).
            var source = SourceText(patched)
            source.firstLine = original.patchedFirstLine
            let region = YAMLParser.Region(
                bytes: 0..<patched.count, firstLine: source.firstLine, firstDocument: original.documents.first?.index ?? 0)
            reparsed = YAMLStream(source: source, documents: try YAMLParser.parse(source, region: region, keepKind: Workload.isRelevantKind))
        } catch {
            return .failure(Failure("the patched file does not parse (\(error)); nothing was changed"))
        }
        guard reparsed.documents.count == original.documents.count else {
            return .failure(Failure(
                "the patched file has \(reparsed.documents.count) documents instead of \(original.documents.count); nothing was changed"))
        }
        // Documents with an edit are compared as meaning; the others must be byte-identical.
        let edited = editedDocuments(original, operations) ?? Set(original.documents.indices)
        let comparison = SemanticComparison(
            old: original.source, new: reparsed.source, overlay: SemanticValue.Overlay(operations),
            targets: operations.map(\.target))
        var documents: [Int: Document] = [:]
        for (i, (old, new)) in zip(original.documents, reparsed.documents).enumerated() {
            if edited.contains(i) {
                guard same(old, new, comparison) else {
                    return .failure(Failure("document \(old.index + 1) would not mean what the fix planned; nothing was changed"))
                }
                documents[old.index] = new
            } else if !original.source.bytes[old.span.start..<old.span.end].elementsEqual(
                reparsed.source.bytes[new.span.start..<new.span.end])
            {
                return .failure(Failure("document \(old.index + 1) changed although no edit was planned in it; nothing was changed"))
            }
        }
        return .success(Reparsed(source: reparsed.source, documents: documents, wholeFile: true))
    }

    /// The documents holding an operation's target; nil when some target is in none.
    private static func editedDocuments(_ original: YAMLStream, _ operations: [EditOperation]) -> Set<Int>? {
        var edited = Set<Int>()
        for op in operations {
            guard let i = firstDocument(holding: op.target.span, in: original.documents) else { return nil }
            edited.insert(i)
        }
        return edited
    }

    /// The first document whose span holds `span`, found by binary search (a stream may hold
    /// tens of thousands of documents, and every operation asks): documents follow each other,
    /// so their starts and their ends never decrease. Among those starting at or before
    /// `span.start`, the first one ending at or after `span.end` is the answer, if any.
    static func firstDocument(holding span: Span, in documents: [Document]) -> Int? {
        var lo = 0
        var hi = documents.count
        while lo < hi {  // first document starting after span.start
            let mid = (lo + hi) / 2
            if documents[mid].span.start <= span.start { lo = mid + 1 } else { hi = mid }
        }
        let starting = lo
        lo = 0
        hi = starting
        while lo < hi {  // among them, the first ending at or after span.end
            let mid = (lo + hi) / 2
            if documents[mid].span.end < span.end { lo = mid + 1 } else { hi = mid }
        }
        return lo < starting ? lo : nil
    }

    /// The region holding `edit` strictly inside (the first region also from byte 0, the last
    /// also up to the end of file); nil for an edit on a boundary. A deletion may end on the
    /// boundary after it: every byte it removes is the region's, and no text is left at the
    /// junction to belong to either side (a document's last line removed, `add: [NET_RAW]`
    /// before the next `---`, is the common case in streams, which otherwise re-parse whole).
    static func region(of edit: Edit, bounds: [Int]) -> Int? {
        let last = bounds.count - 2
        // The last region starting at or before the edit (binary search: files may hold
        // thousands of documents).
        var lo = 0
        var hi = last
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if bounds[mid] <= edit.span.start { lo = mid } else { hi = mid - 1 }
        }
        let k = lo
        if k > 0 && edit.span.start == bounds[k] { return nil }
        let deletionToTheBoundary = !edit.isInsertion && edit.replacement.isEmpty && edit.span.end == bounds[k + 1]
        if k == last || deletionToTheBoundary ? edit.span.end > bounds[k + 1] : edit.span.end >= bounds[k + 1] { return nil }
        return k
    }

    private static func same(_ old: Document, _ new: Document, _ comparison: SemanticComparison) -> Bool {
        if let a = old.root, let b = new.root { return comparison.same(a, b) }
        return old.root == nil && new.root == nil
    }
}
