/// A file that fixing a chart or a kustomization at its source writes: its bytes before
/// (empty for a file that does not exist yet, such as a new kustomize patch) and after.
struct SourceFileChange {
    let path: String
    let original: [UInt8]
    let fixed: [UInt8]
    /// Created rather than replaced: written only if nothing is at `path`.
    var isNew = false
}
