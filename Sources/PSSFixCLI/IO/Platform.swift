import Glibc

// Small local stand-ins for the few Foundation APIs the CLI used (NSLock, NSCondition,
// FileHandle, padding, trimmingCharacters). The CLI imports FoundationEssentials only, so a
// statically linked binary carries no Foundation/ICU data (the release binary stays small; see
// RELEASING.md). `make release-check` fails if the binary grows past the limit again.

/// A mutex with NSLock's lock()/unlock().
final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// A mutex and a condition variable with NSCondition's lock()/unlock()/wait()/broadcast().
final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        cond.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func wait() { pthread_cond_wait(cond, mutex) }
    func broadcast() { pthread_cond_broadcast(cond) }
}

/// The process's standard streams as file descriptors (FileHandle's write and readDataToEndOfFile).
enum StandardStream {
    /// Writes all of `bytes` to `fd`, retrying after signals; stops at an error (a closed pipe
    /// raises SIGPIPE as before).
    static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            written += n
        }
    }

    /// Everything readable from `fd` until end of file.
    static func readAll(_ fd: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }
}

extension String {
    /// `padding(toLength:withPad: " ", startingAt: 0)`: spaces appended up to `length` characters
    /// (cut to `length` when longer).
    func padded(toLength length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`: tabs and space separators (not newlines) removed
    /// from both ends.
    func trimmingWhitespace() -> String {
        func isBlank(_ c: Character) -> Bool {
            c.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
        }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension Unicode.Scalar {
    /// `CharacterSet.alphanumerics.contains(_:)`: Unicode letters, marks and numbers.
    var isAlphanumeric: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
