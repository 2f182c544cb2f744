/// Read access to the files discovery and rendering look at, so that the logic stays pure and
/// tests can hand it a tree held in memory. Paths are absolute and normalised.
public protocol FileTree: Sendable {
    /// What is at `path`; a symlink is reported as such, not followed.
    func entry(at path: String) -> FileTreeEntry
    /// The bytes of a file (following symlinks), nil when it cannot be read.
    func contents(of path: String) -> [UInt8]?
    /// The names in a directory (hidden ones included), sorted; empty when unreadable.
    func children(of directory: String) -> [String]
    /// `path` with every symlink resolved; nil when it does not exist.
    func realPath(_ path: String) -> String?
    /// The names in a directory, sorted, each with whether it is a directory itself (not a
    /// symlink to one). Discovery walks every folder of the input with this: on disk it is one
    /// `readdir` per folder instead of a `stat` per entry (the walk runs alone, before any file
    /// is processed, so its time is the run's).
    func listing(of directory: String) -> [(name: String, isDirectory: Bool)]
}

public enum FileTreeEntry: Sendable, Equatable {
    case file, directory, symlink, missing
}

extension FileTree {
    public func listing(of directory: String) -> [(name: String, isDirectory: Bool)] {
        children(of: directory).map { name in
            (name, entry(at: directory == "/" ? "/" + name : directory + "/" + name) == .directory)
        }
    }

    /// A file or a symlink to one.
    func isFile(_ path: String) -> Bool {
        switch entry(at: path) {
        case .file: return true
        case .symlink: return realPath(path).map { entry(at: $0) == .file } ?? false
        default: return false
        }
    }

    /// A directory or a symlink to one.
    func isDirectory(_ path: String) -> Bool {
        switch entry(at: path) {
        case .directory: return true
        case .symlink: return realPath(path).map { entry(at: $0) == .directory } ?? false
        default: return false
        }
    }

    /// The first document's root of a YAML file; nil when missing or malformed.
    func yamlRoot(of path: String) -> Node? {
        yamlDocuments(of: path).first ?? nil
    }

    /// The roots of every document of a YAML file; empty when missing or malformed.
    func yamlDocuments(of path: String) -> [Node?] {
        guard let bytes = contents(of: path) else { return [] }
        return (try? YAMLParser.parse(SourceText(bytes)))?.documents.map(\.root) ?? []
    }
}
