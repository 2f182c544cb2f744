import Foundation

/// One input to process: a file on disk or standard input.
public struct InputFile: Sendable, Hashable {
    /// As shown to the user: relative to the working directory when inside it, `-` for stdin.
    public let displayPath: String
    /// The file to read and, with `--in-place`, replace (symlinks named on the command line are
    /// resolved so that the link itself survives). Nil for stdin.
    public let realPath: String?

    public var isStdin: Bool { realPath == nil }
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

    static let extensions: Set<String> = ["yaml", "yml", "json"]

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
            var isDir: ObjCBool = false
            let full = absolute(path)
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else {
                problems.append(Problem(path: path, message: "no such file or directory"))
                continue
            }
            if isDir.boolValue {
                for file in walk(full) where seen.insert(file.realPath!).inserted { files.append(file) }
            } else {
                let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                if seen.insert(real).inserted { files.append(InputFile(displayPath: display(path), realPath: real)) }
            }
        }
        return (files, problems)
    }

    func walk(_ root: String) -> [InputFile] {
        let fm = FileManager.default
        var result: [InputFile] = []
        var stack = [root]
        while let dir = stack.popLast() {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            var subdirs: [String] = []
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                guard let attrs = try? fm.attributesOfItem(atPath: path), let type = attrs[.type] as? FileAttributeType
                else { continue }
                if type == .typeSymbolicLink { continue }
                if type == .typeDirectory {
                    subdirs.append(path)
                } else if type == .typeRegular, let ext = name.split(separator: ".").last, name.contains("."),
                    Self.extensions.contains(ext.lowercased())
                {
                    result.append(InputFile(displayPath: display(path), realPath: URL(fileURLWithPath: path).standardizedFileURL.path))
                }
            }
            stack.append(contentsOf: subdirs.reversed())
        }
        return sortedDepthFirst(result)
    }

    /// Files of a walk in path order, so `a/b.yaml` comes before `a/c/d.yaml` and `b.yaml`.
    func sortedDepthFirst(_ files: [InputFile]) -> [InputFile] {
        files.sorted { $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8) }
    }

    /// `path` resolved against the working directory (which tests set per case).
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory)).standardizedFileURL.path
    }

    /// A path relative to the working directory when it is inside it.
    func display(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory)).standardizedFileURL.path
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        if absolute.hasPrefix(base) { return String(absolute.dropFirst(base.count)) }
        return path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }
}
