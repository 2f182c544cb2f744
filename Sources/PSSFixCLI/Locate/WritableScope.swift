import PSSFixCore

/// The files a source fix may write (issue 21): inside the paths given on the command line, and
/// not excluded (`--exclude`, `exclude:` in `.pss-fix.yaml`). An excluded file is outside the
/// run as much as a file beside the given paths: a kustomization that needs a change there gets
/// a new patch in its own directory instead, or is left with the reason.
struct WritableScope {
    /// The paths as given, absolute with links resolved (stdin left out).
    let given: [String]
    let exclusion: PathExclusion
    let collector: InputCollector

    init(paths: [String], exclusion: PathExclusion, collector: InputCollector) {
        given = paths.filter { $0 != "-" }.map { path in
            let absolute = collector.absolute(path)
            return DiskFileTree().realPath(absolute) ?? absolute
        }
        self.exclusion = exclusion
        self.collector = collector
    }

    /// Whether `path` (absolute; a new file need not exist yet) may be written.
    func contains(_ path: String) -> Bool {
        let tree = DiskFileTree()
        let real = tree.realPath(path)
            ?? tree.realPath(RenderPath.parent(path)).map { $0 + "/" + RenderPath.lastComponent(path) } ?? path
        guard given.contains(where: { RenderPath.isInside(real, $0) }) else { return false }
        return !isExcluded(real)
    }

    /// Why `path` may not be written, for reports.
    func reason(_ path: String) -> String {
        let tree = DiskFileTree()
        return isExcluded(tree.realPath(path) ?? path) ? "excluded (--exclude or exclude: in .pss-fix.yaml)" : "outside the given paths"
    }

    /// Whether `path` (absolute) matches an exclusion rule, as a collected input file would.
    func isExcluded(_ path: String) -> Bool {
        !exclusion.isEmpty && exclusion.excludes(InputFile(displayPath: collector.display(path), realPath: path))
    }
}
