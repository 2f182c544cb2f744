/// Reads what kustomize printed for a temporary wrapper kustomization with
/// `buildMetadata: [originAnnotations, transformerAnnotations]`: each document's origin and
/// transformers come from its annotations, which are then cut out of the bytes so that what
/// is judged is exactly what `kustomize build` prints without them.
public enum KustomizeOutput {
    public static let originAnnotation = "config.kubernetes.io/origin"
    public static let transformationsAnnotation = "alpha.config.kubernetes.io/transformations"

    /// `wrapperDirectory`: where the wrapper kustomization was; kustomize writes paths relative
    /// to it. Fails when the output is not YAML pss-fix can read (kustomize always prints
    /// block YAML, so that means something else printed on stdout).
    public static func parse(_ bytes: [UInt8], wrapperDirectory: String) -> Result<RenderedStream, NotRendered> {
        let source = SourceText(bytes)
        let parsed: YAMLStream
        do {
            parsed = try YAMLParser.parse(source)
        } catch {
            return .failure(NotRendered(.renderFailed, "kustomize printed output that is not YAML (\(error))"))
        }
        var edits: [Edit] = []
        var origins: [(DocumentOrigin, [KustomizeTransformation])] = []
        for document in parsed.documents {
            let annotations = document.root?["metadata"]?["annotations"]?.resolved
            let originText = annotations?[originAnnotation]?.string
            let transformationsText = annotations?[transformationsAnnotation]?.string
            origins.append((origin(originText, wrapperDirectory: wrapperDirectory),
                            transformations(transformationsText, wrapperDirectory: wrapperDirectory)))
            guard let annotations, let metadata = document.root?["metadata"]?.resolved else { continue }
            switch AnnotationRemoval.edits(removing: [originAnnotation, transformationsAnnotation],
                                           from: annotations, in: metadata, source: source) {
            case .success(let more): edits += more
            case .failure(let problem): return .failure(problem)
            }
        }
        let stripped: [UInt8]
        do {
            stripped = try Patch(edits).apply(to: bytes)
        } catch {
            return .failure(NotRendered(.renderFailed, "could not remove kustomize's origin annotations (\(error))"))
        }
        // Document spans of the stripped bytes: parsed again rather than shifted by hand.
        guard let strippedDocuments = try? YAMLParser.parse(SourceText(stripped)).documents,
              strippedDocuments.count == origins.count else {
            return .failure(NotRendered(.renderFailed, "removing kustomize's origin annotations left output that does not parse"))
        }
        let documents = zip(strippedDocuments, origins).map { document, origin in
            RenderedDocument(span: document.span, origin: origin.0, transformations: origin.1)
        }
        return .success(RenderedStream(bytes: stripped, documents: documents))
    }

    /// `path: ../x/deployment.yaml` (plus `repo:`/`ref:` for remote bases), or
    /// `configuredIn: ../x/kustomization.yaml` with `configuredBy: {kind: …}` for generated ones.
    static func origin(_ text: String?, wrapperDirectory: String) -> DocumentOrigin {
        guard let text, let root = try? YAMLParser.parse(SourceText(text)).documents.first?.root else { return .unknown }
        if let repo = root["repo"]?.string {
            return .remote(repo: repo, ref: root["ref"]?.string, path: root["path"]?.string ?? "")
        }
        if let path = root["path"]?.string {
            return .file(RenderPath.join(wrapperDirectory, path))
        }
        if let kind = root["configuredBy"]?["kind"]?.string {
            return .generated(generator: kind, configuredIn: root["configuredIn"]?.string.map { RenderPath.join(wrapperDirectory, $0) })
        }
        return .unknown
    }

    static func transformations(_ text: String?, wrapperDirectory: String) -> [KustomizeTransformation] {
        guard let text, let root = try? YAMLParser.parse(SourceText(text)).documents.first?.root else { return [] }
        return root.resolved.items.compactMap { item in
            guard let kind = item["configuredBy"]?["kind"]?.string else { return nil }
            return KustomizeTransformation(
                transformer: kind, configuredIn: item["configuredIn"]?.string.map { RenderPath.join(wrapperDirectory, $0) })
        }
    }
}
