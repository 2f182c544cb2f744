import FoundationEssentials
import Glibc
import PSSFixCore

/// Finds programs the way a shell does: a name with a `/` is taken as a path (relative to the
/// working directory), any other name is looked up in `PATH`.
struct ExecutableLocator: Sendable {
    let environment: [String: String]
    let workingDirectory: String

    func find(_ name: String) -> String? {
        if name.contains("/") {
            let path = RenderPath.join(workingDirectory, name)
            return Self.isExecutableFile(path) ? path : nil
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let path = RenderPath.join(RenderPath.join(workingDirectory, String(directory)), name)
            if Self.isExecutableFile(path) { return path }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }
}
