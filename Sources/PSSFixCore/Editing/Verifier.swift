/// The last gate before anything is written: the patched bytes must parse, hold the same
/// documents, and mean exactly the original plus the planned changes.
enum Verifier {
    /// Returns nil when the patch is sound, else what went wrong.
    static func verify(original: YAMLStream, operations: [EditOperation], patched: [UInt8]) -> String? {
        let reparsed: YAMLStream
        do {
            reparsed = try YAMLParser.parse(SourceText(patched))
        } catch {
            return "the patched file does not parse (\(error)); nothing was changed"
        }
        guard reparsed.documents.count == original.documents.count else {
            return "the patched file has \(reparsed.documents.count) documents instead of \(original.documents.count); nothing was changed"
        }
        let overlay = SemanticValue.Overlay(operations)
        for (old, new) in zip(original.documents, reparsed.documents) {
            let expected = old.root.map { SemanticValue.build($0, overlay: overlay) }
            let actual = new.root.map { SemanticValue.build($0, overlay: nil) }
            if expected != actual {
                return "document \(old.index + 1) would not mean what the fix planned; nothing was changed"
            }
        }
        return nil
    }
}
