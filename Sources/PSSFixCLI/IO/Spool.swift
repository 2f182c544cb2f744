import Glibc

/// An unlinked temporary file written once and read back once (closed when released).
final class Spool: @unchecked Sendable {
    private let file: UnsafeMutablePointer<FILE>
    private(set) var isEmpty = true

    init?() {
        guard let file = tmpfile() else { return nil }
        self.file = file
    }

    deinit { fclose(file) }

    private var failed = false

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !failed else { return }
        isEmpty = false
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count { failed = true }
    }

    /// Every byte written reached the file.
    var complete: Bool {
        !failed && fflush(file) == 0 && ferror(file) == 0
    }

    /// Hands the content over in chunks of 1 MB.
    func drain(_ into: ([UInt8]) -> Void) {
        guard !isEmpty else { return }
        fflush(file)
        rewind(file)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, file) }
            if n <= 0 { break }
            into(Array(chunk[..<n]))
        }
    }
}
