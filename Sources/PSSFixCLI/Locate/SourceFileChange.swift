import PSSFixCore

/// A file that fixing a chart or a kustomization at its source writes: its bytes before
/// (empty for a file that does not exist yet, such as a new kustomize patch) and after.
struct SourceFileChange {
    let path: String
    let original: [UInt8]
    let fixed: [UInt8]
    /// Created rather than replaced: written only if nothing is at `path`.
    var isNew = false

    /// Writes the change atomically: a new file only where none is, a replacement only over
    /// the bytes it was planned on (`fix` and `migrate` share this).
    func write() throws {
        if isNew {
            try AtomicWriter.create(path, with: fixed)
        } else {
            try AtomicWriter.replace(path, with: fixed, expecting: original)
        }
    }

    /// The change as a unified diff, `shown` being the path to print.
    func unifiedDiff(shown: String) -> [UInt8] {
        UnifiedDiff.make(old: original, new: fixed, path: shown, newFile: isNew)
    }
}
