/// What rendering a source gave: the manifests, or why there are none. A source that was not
/// rendered was not checked; callers report it as such and never as a pass.
public enum RenderOutcome: Sendable {
    case rendered(RenderedStream)
    case notRendered(NotRendered)

    public var stream: RenderedStream? {
        if case .rendered(let stream) = self { return stream }
        return nil
    }

    public var notRendered: NotRendered? {
        if case .notRendered(let reason) = self { return reason }
        return nil
    }
}

/// Rendered manifests as one YAML stream, with the origin of each document.
public struct RenderedStream: Sendable, Equatable {
    /// The stream as the renderer printed it, minus what pss-fix asked the renderer to add
    /// (kustomize's origin and transformer annotations). These are the bytes to judge.
    public let bytes: [UInt8]
    /// The documents in stream order. For a chart or a kustomization one entry per rendered
    /// document; a plain file is one entry spanning the whole file (all of its documents come
    /// from it), so that a file that does not parse still has its origin.
    public let documents: [RenderedDocument]

    public init(bytes: [UInt8], documents: [RenderedDocument]) {
        self.bytes = bytes
        self.documents = documents
    }

    /// The document whose span holds byte `offset` (a parsed `Document.span.start`, say).
    public func document(containing offset: Int) -> RenderedDocument? {
        documents.first { $0.span.start <= offset && offset < max($0.span.end, $0.span.start + 1) }
    }
}

/// One rendered document and where it came from.
public struct RenderedDocument: Sendable, Equatable {
    /// Bytes of the document in `RenderedStream.bytes`, from its `---` (if any) to the next.
    public let span: Span
    public let origin: DocumentOrigin
    /// kustomize: the transformers that touched the document, each with the kustomization
    /// that configured it (not which patch did what: that is found by applying each patch).
    public let transformations: [KustomizeTransformation]

    public init(span: Span, origin: DocumentOrigin, transformations: [KustomizeTransformation] = []) {
        self.span = span
        self.origin = origin
        self.transformations = transformations
    }
}

/// Why a source was not rendered, in words for the person running pss-fix.
public struct NotRendered: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: String, Sendable, Equatable {
        /// helm or kustomize is not installed (or not where it was said to be).
        case rendererMissing
        /// The renderer ran and failed; `message` holds the first lines of its stderr.
        case renderFailed
        /// The kustomization needs something the chosen renderer cannot run or would skip
        /// (exec or container KRM functions, legacy plugins, `helmCharts` without helm).
        case unsupported
        /// The renderer did not finish in time and was stopped.
        case timedOut
        /// The source is not rendered on its own (a library chart, a kustomize Component).
        case notRenderable
    }

    public let cause: Cause
    public let message: String

    public init(_ cause: Cause, _ message: String) {
        self.cause = cause
        self.message = message
    }

    public var description: String { message }
}
