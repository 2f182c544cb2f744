/// Turns a source into the stream of manifests that would reach the cluster, with where each
/// document came from; the one interface every kind of source goes through (plain files,
/// Helm charts, kustomizations). Implementations never throw: whatever stops a render is a
/// `notRendered` outcome that says why and what would help.
public protocol Renderer: Sendable {
    func render(_ source: RenderSource) -> RenderOutcome
}
