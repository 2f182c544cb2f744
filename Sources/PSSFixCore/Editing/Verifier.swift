/// The last gate before anything is written: the patched bytes must parse, hold the same
/// documents, and mean exactly the original plus the planned changes.
enum Verifier {
    /// The re-parsed result when the patch is sound (the caller reuses it), else what went wrong.
    static func verify(original: YAMLStream, operations: [EditOperation], patched: [UInt8]) -> Result<YAMLStream, Failure> {
        let reparsed: YAMLStream
        do {
            reparsed = try YAMLParser.parse(SourceText(patched), keepKind: Workload.isRelevantKind)
        } catch {
            return .failure(Failure("the patched file does not parse (\(error)); nothing was changed"))
        }
        guard reparsed.documents.count == original.documents.count else {
            return .failure(Failure(
                "the patched file has \(reparsed.documents.count) documents instead of \(original.documents.count); nothing was changed"))
        }
        // Documents with an edit are compared as meaning; the others must be byte-identical.
        let edited = Set(operations.compactMap { op in
            original.documents.firstIndex { $0.span.start <= op.target.span.start && op.target.span.end <= $0.span.end }
        })
        let comparison = SemanticComparison(
            old: original.source, new: reparsed.source, overlay: SemanticValue.Overlay(operations),
            targets: operations.map(\.target))
        for (i, (old, new)) in zip(original.documents, reparsed.documents).enumerated() {
            if edited.contains(i) {
                let same: Bool
                if let a = old.root, let b = new.root {
                    same = comparison.same(a, b)
                } else {
                    same = old.root == nil && new.root == nil
                }
                if !same {
                    return .failure(Failure("document \(old.index + 1) would not mean what the fix planned; nothing was changed"))
                }
            } else if !original.source.bytes[old.span.start..<old.span.end].elementsEqual(
                reparsed.source.bytes[new.span.start..<new.span.end])
            {
                return .failure(Failure("document \(old.index + 1) changed although no edit was planned in it; nothing was changed"))
            }
        }
        return .success(reparsed)
    }

    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
