@testable import PSSFixCore

/// A file tree held in a dictionary (absolute path → text); directories are implied by the
/// files under them, and `links` maps a path to the path it points at.
struct InMemoryFileTree: FileTree {
    var files: [String: String]
    var links: [String: String] = [:]

    init(_ files: [String: String], links: [String: String] = [:]) {
        self.files = files
        self.links = links
    }

    func entry(at path: String) -> FileTreeEntry {
        if links[path] != nil { return .symlink }
        if files[path] != nil { return .file }
        return files.keys.contains { RenderPath.isInside($0, path) && $0 != path } ? .directory : .missing
    }

    func contents(of path: String) -> [UInt8]? {
        guard let real = realPath(path) else { return nil }
        return files[real].map { Array($0.utf8) }
    }

    func children(of directory: String) -> [String] {
        let prefix = directory == "/" ? "/" : directory + "/"
        var names = Set(files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count).split(separator: "/")[0]) })
        names.formUnion(links.keys.filter { RenderPath.parent($0) == directory }.map(RenderPath.lastComponent))
        return names.sorted()
    }

    func realPath(_ path: String) -> String? {
        // Resolve links component by component, as realpath(3) does.
        var resolved = ""
        for part in RenderPath.normalize(path).split(separator: "/") {
            resolved += "/" + part
            if let target = links[resolved] { resolved = RenderPath.join(RenderPath.parent(resolved), target) }
        }
        if resolved.isEmpty { resolved = "/" }
        return entry(at: resolved) == .missing ? nil : resolved
    }
}
