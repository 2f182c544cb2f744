import FoundationEssentials
import Glibc
import PSSFixCore

/// One input to process: a file on disk or standard input.
public struct InputFile: Sendable, Hashable {
    /// As shown to the user: relative to the working directory when inside it, `-` for stdin.
    public let displayPath: String
    /// The file to read and, with `--in-place`, replace (symlinks named on the command line are
    /// resolved so that the link itself survives). Nil for stdin.
    public let realPath: String?

    public var isStdin: Bool { realPath == nil }

    public init(displayPath: String, realPath: String?) {
        self.displayPath = displayPath
        self.realPath = realPath
    }
}

/// Expands command-line paths into the files to process, in a stable order.
///
/// Directories are walked for `*.yaml`, `*.yml` and `*.json`, skipping hidden folders and
/// files; symlinks inside a walked directory are skipped (never followed out of the tree,
/// never replaced; a linked file inside the tree is reached through its real path).
public struct InputCollector {
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let message: String
    }

    let workingDirectory: String

    public init(workingDirectory: String) {
        self.workingDirectory = workingDirectory
    }

    public func collect(_ paths: [String]) -> (files: [InputFile], problems: [Problem]) {
        var files: [InputFile] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(InputFile(displayPath: "-", realPath: nil))
                continue
            }
            var isDir = false
            let full = absolute(path)
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else {
                problems.append(Problem(path: path, message: "no such file or directory"))
                continue
            }
            if isDir {
                // One walk never yields a file twice (each folder is read once, links are not
                // followed): the set (hashing every path, 10,000 on a big repository, before any
                // file is processed) is needed only when several inputs may overlap.
                if paths.count == 1 {
                    files = walk(full)
                    continue
                }
                for file in walk(full) where seen.insert(file.realPath!).inserted { files.append(file) }
            } else {
                let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                if seen.insert(real).inserted { files.append(InputFile(displayPath: display(path), realPath: real)) }
            }
        }
        return (files, problems)
    }

    func walk(_ root: String) -> [InputFile] {
        var result: [InputFile] = []
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        var stack = [base]
        while let dir = stack.popLast() {
            // readdir's d_type answers "directory, file or link?" without a stat per entry.
            guard let handle = opendir(dir) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name.utf8.first == UInt8(ascii: ".") { continue }
                let path = dir == "/" ? "/" + name : dir + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    let mode = info.st_mode & S_IFMT
                    type = mode == S_IFDIR ? Int32(DT_DIR) : (mode == S_IFLNK ? Int32(DT_LNK) : (mode == S_IFREG ? Int32(DT_REG) : 0))
                }
                if type == Int32(DT_DIR) {
                    stack.append(path)
                } else if type == Int32(DT_REG), Self.hasManifestExtension(name) {
                    result.append(InputFile(displayPath: display(path), realPath: path))
                }
                // Symlinks (DT_LNK) are skipped: never followed out of the tree, never replaced.
            }
        }
        return sortedDepthFirst(result)
    }

    /// Files of a walk in path order, so `a/b.yaml` comes before `a/c/d.yaml` and `b.yaml`.
    func sortedDepthFirst(_ files: [InputFile]) -> [InputFile] {
        ByteOrder.sortedIndices(files.map(\.displayPath)).indices.map { files[$0] }
    }

    /// `path` resolved against the working directory (which tests set per case).
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory)).standardizedFileURL.path
    }

    /// `.yaml`, `.yml` or `.json`, in any case. (Byte comparisons: the walk runs alone before
    /// any file is processed, once per file of the tree.)
    static func hasManifestExtension(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { b in
            guard let dot = b.lastIndex(of: UInt8(ascii: ".")) else { return false }
            let ext = b[(dot + 1)...]
            func matches(_ word: StaticString) -> Bool {
                ext.count == word.utf8CodeUnitCount
                    && zip(ext, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
            }
            return matches("yaml") || matches("yml") || matches("json")
        }
    }

    /// An absolute path with no `//`, `/./` or `/../` in it: nothing to standardise.
    static func isPlainAbsolute(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { b in
            guard b.first == UInt8(ascii: "/") else { return false }
            let slash = UInt8(ascii: "/")
            let dot = UInt8(ascii: ".")
            for i in b.indices where b[i] == slash && i + 1 < b.count {
                let rest = b.count - i
                if b[i + 1] == slash { return false }
                if rest > 2 && b[i + 1] == dot && b[i + 2] == slash { return false }
                if rest > 3 && b[i + 1] == dot && b[i + 2] == dot && b[i + 3] == slash { return false }
            }
            return true
        }
    }

    /// A path relative to the working directory when it is inside it.
    func display(_ path: String) -> String {
        let absolute = Self.isPlainAbsolute(path)
            ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory)).standardizedFileURL.path
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        // The bytes after the working directory's, when they start with an ASCII byte (no
        // combining mark can join the `/` before it): the same as dropping its characters, which
        // walked every path by grapheme (a tenth of the serial start on a 10,000-file tree).
        var (whole, start) = (absolute, base)
        let relative: String? = whole.withUTF8 { a in
            start.withUTF8 { p in
                guard a.count > p.count, memcmp(a.baseAddress!, p.baseAddress!, p.count) == 0, a[p.count] < 0x80 else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: a[p.count...]), as: UTF8.self)
            }
        }
        if let relative { return relative }
        if absolute.hasPrefix(base) { return String(absolute.dropFirst(base.count)) }
        return path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }
}
