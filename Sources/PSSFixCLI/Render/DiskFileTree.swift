import FoundationEssentials
import Glibc
import PSSFixCore

/// The real file system as the render stage's `FileTree`.
public struct DiskFileTree: FileTree {
    public init() {}

    public func entry(at path: String) -> FileTreeEntry {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        case S_IFREG: return .file
        default: return .missing  // sockets, devices, FIFOs: nothing to render
        }
    }

    public func contents(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    public func children(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    public func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
