/// Path arithmetic on `/`-separated strings. PSSFixCore has no Foundation, and the render
/// stage compares, joins and relativises paths everywhere (kustomization references, Helm
/// `# Source:` paths, kustomize origins), so it is done here, one way, lexically: symlinks are
/// resolved by the caller (`FileTree.realPath`) before paths reach this code.
public enum RenderPath {
    /// `/a/./b/../c//d` → `/a/c/d`. A leading `/` stays; `..` above `/` is dropped; a relative
    /// path keeps its leading `..`; an empty result is `.` (or `/`).
    public static func normalize(_ path: String) -> String {
        isNormal(path) ? path : lexicallyNormalized(path)
    }

    /// `normalize` without the fast path.
    static func lexicallyNormalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// True when `normalize` would return `path` unchanged: no empty, `.` or `..` component
    /// and no trailing `/`. (Discovery normalises every input file's path, 10,000 on a big
    /// repository, before any file is processed: the split and join cost more than the walk.)
    static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { b in
            if b.isEmpty { return false }
            if b.count == 1 && b[0] == UInt8(ascii: "/") { return true }
            var start = b[0] == UInt8(ascii: "/") ? 1 : 0
            while start <= b.count {
                var end = start
                while end < b.count && b[end] != UInt8(ascii: "/") { end += 1 }
                let length = end - start
                if length == 0 { return false }
                if b[start] == UInt8(ascii: "."), length == 1 || (length == 2 && b[start + 1] == UInt8(ascii: ".")) { return false }
                start = end + 1
            }
            return true
        }
    }

    /// `relative` resolved against the directory `base` (an absolute `relative` wins).
    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        return normalize(base + "/" + relative)
    }

    /// The directory holding `path` (`/a/b` → `/a`, `/a` → `/`, `a` → `.`).
    public static func parent(_ path: String) -> String {
        let path = normalize(path)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component (`/a/b.yaml` → `b.yaml`).
    public static func lastComponent(_ path: String) -> String {
        let path = normalize(path)
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The path that leads from the directory `from` to `to`, both absolute
    /// (`/t/w`, `/r/o` → `../../r/o`). kustomize wants relative resource paths.
    public static func relative(from: String, to: String) -> String {
        let a = normalize(from).split(separator: "/")
        let b = normalize(to).split(separator: "/")
        var common = 0
        while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: a.count - common)
        let down = b[common...].map(String.init)
        let parts = up + down
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// True when `path` is `directory` or lies below it (both normalised absolute paths).
    public static func isInside(_ path: String, _ directory: String) -> Bool {
        if path == directory || directory == "/" { return true }
        return path.hasPrefix(directory) && path.utf8.dropFirst(directory.utf8.count).first == UInt8(ascii: "/")
    }
}
