import Foundation

/// Replaces a file's content without ever leaving it half-written: write a temporary file in
/// the same folder, flush it, give it the original's permissions, then rename it over the original.
enum AtomicWriter {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: "cannot stat \(path): \(errnoText())") }
        var template = Array("\(dir)/.\(url.lastPathComponent).pss-fix-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot create a temporary file next to \(path): \(errnoText())") }
        let tmp = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n <= 0 {
                close(fd)
                throw Failure(description: "cannot write \(tmp): \(errnoText())")
            }
            written += n
        }
        fchmod(fd, info.st_mode & 0o7777)
        _ = fchown(fd, info.st_uid, info.st_gid)  // best effort: only root may give files away
        guard fsync(fd) == 0, close(fd) == 0 else { throw Failure(description: "cannot flush \(tmp): \(errnoText())") }
        guard rename(tmp, path) == 0 else { throw Failure(description: "cannot replace \(path): \(errnoText())") }
        ok = true
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
