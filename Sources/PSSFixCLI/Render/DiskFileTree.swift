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

    /// One `readdir` pass: its `d_type` tells directories from the rest without a `stat` per
    /// entry (a `stat` only where the file system does not say, `DT_UNKNOWN`).
    public func listing(of directory: String) -> [(name: String, isDirectory: Bool)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var result: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                isDirectory = self.entry(at: directory == "/" ? "/" + name : directory + "/" + name) == .directory
            }
            result.append((name, isDirectory))
        }
        return Self.sortedByName(result)
    }

    /// Entries in `String` order of their names. All-ASCII names (nearly always) are compared as
    /// bytes, which is the same order: `String`'s comparison normalises Unicode first, and it
    /// was most of the discovery walk's time on a 10,000-file tree (which runs before any file
    /// is processed, on one core).
    static func sortedByName(_ entries: [(name: String, isDirectory: Bool)]) -> [(name: String, isDirectory: Bool)] {
        let (order, allASCII) = ByteOrder.sortedIndices(entries.map(\.name))
        return allASCII ? order.map { entries[$0] } : entries.sorted { $0.name < $1.name }
    }

    public func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
