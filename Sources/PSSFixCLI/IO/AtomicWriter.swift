import FoundationEssentials
import Glibc

/// Replaces a file's content without ever leaving it half-written: write a temporary file in
/// the same folder, flush it, give it the original's permissions, then rename it over the original.
///
/// With `expecting`, the file must still hold exactly those bytes just before the rename: an
/// editor or another tool that changed it since pss-fix read it wins, and the file is left
/// as it is (reported). A path that has become a symlink or anything but a regular file is
/// never replaced.
enum AtomicWriter {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func replace(_ path: String, with bytes: [UInt8], expecting original: [UInt8]? = nil) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var info = stat()
        guard lstat(path, &info) == 0 else { throw Failure(description: "cannot stat \(path): \(errnoText())") }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure(description: "\(path) is no longer a regular file; left as it is")
        }
        var template = Array("\(dir)/.\(url.lastPathComponent).pss-fix-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot create a temporary file next to \(path): \(errnoText())") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        try writeAll(bytes, to: fd, named: tmp)
        fchmod(fd, info.st_mode & 0o7777)
        _ = fchown(fd, info.st_uid, info.st_gid)  // best effort: only root may give files away
        guard fsync(fd) == 0, close(fd) == 0 else { throw Failure(description: "cannot flush \(tmp): \(errnoText())") }
        if let original, !unchanged(path, original) {
            throw Failure(description: "\(path) changed on disk since pss-fix read it; left as it is (run pss-fix again)")
        }
        guard rename(tmp, path) == 0 else { throw Failure(description: "cannot replace \(path): \(errnoText())") }
        ok = true
    }

    /// Writes every byte to `fd` (closed on failure), for the temporary file `name`.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, named name: String) throws(Failure) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                close(fd)
                throw Failure(description: "cannot write \(name): \(errnoText())")
            }
            written += n
        }
    }

    /// Creates a file that must not exist yet (a new kustomize patch): written under a temporary
    /// name next to it, flushed, then linked to its name, which fails if something appeared there
    /// meanwhile (that file wins and is left as it is). Mode 0644 less the umask, like an editor.
    static func create(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array("\(dir)/.\(url.lastPathComponent).pss-fix-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot create a temporary file next to \(path): \(errnoText())") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(tmp) }
        try writeAll(bytes, to: fd, named: tmp)
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o644 & ~mask)
        guard fsync(fd) == 0, close(fd) == 0 else { throw Failure(description: "cannot flush \(tmp): \(errnoText())") }
        guard link(tmp, path) == 0 else {
            throw Failure(description: errno == EEXIST ? "\(path) appeared since pss-fix planned to create it; left as it is (run pss-fix again)"
                                                       : "cannot create \(path): \(errnoText())")
        }
    }

    /// The file at `path` is still a regular file holding exactly `original`.
    static func unchanged(_ path: String, _ original: [UInt8]) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == original.count else { return false }
        var current = [UInt8](repeating: 0, count: original.count + 1)
        var count = 0
        while count < current.count {
            let n = current.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n <= 0 { break }
            count += n
        }
        return count == original.count && current[..<count].elementsEqual(original)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
