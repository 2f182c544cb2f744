/// One document of a YAML stream (`---` separated) and its root node.
public struct Document: Sendable {
    /// 0-based position in the stream, counting every document libyaml reports.
    public let index: Int
    public let root: Node?
    /// From the start of the document's first token to its end (including explicit `---`/`...`).
    public let span: Span
    public let explicitStart: Bool
    public let explicitEnd: Bool
    /// Only the start of the tree was built (an uninteresting `kind`, see
    /// `YAMLParser.parse(_:keepKind:)`): never edit it.
    public var partial: Bool = false
}

/// A parsed file: its bytes and its documents.
public struct YAMLStream: Sendable {
    public let source: SourceText
    public let documents: [Document]
    /// Where the patched text of this stream starts in the patched file (0-based line): the
    /// same as `source.firstLine` for a whole file; a batch of a big stream starts later once
    /// earlier batches gained lines (`ManifestFixer.fixInBatches`). Verification gives the
    /// re-parsed documents these lines, which reports of the fixed workloads show.
    var patchedFirstLine = 0

    public init(source: SourceText, documents: [Document]) {
        self.source = source
        self.documents = documents
        self.patchedFirstLine = source.firstLine
    }
}
