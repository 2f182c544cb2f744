#if canImport(Glibc)
import Glibc
#endif

/// Byte strings stored back to back in one buffer that grows ahead of its logical size, so an
/// append is one `memcpy` and dropping the last ones only lowers the size. `Array`'s own
/// `append(contentsOf:)` and `removeLast(_:)` cost about 100 instructions a call (not
/// specialised for the element type), once per scalar of a parse and per skipped key.
struct ByteArena {
    /// The bytes; past `count` it holds room grown ahead (zeros or dropped bytes).
    private(set) var buffer: [UInt8] = []
    private(set) var count = 0

    init() {}

    /// An arena holding `bytes`.
    init(_ bytes: ArraySlice<UInt8>) {
        buffer = Array(bytes)
        count = buffer.count
    }

    /// Appends `bytes`; returns where they start.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let start = count
        guard bytes.count > 0 else { return start }
        let end = start + bytes.count
        if end > buffer.count {  // grows geometrically: rare
            buffer.append(contentsOf: repeatElement(0, count: max(end - buffer.count, buffer.count, 1024)))
        }
        buffer.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress! + start, bytes.baseAddress!, bytes.count) }
        count = end
        return start
    }

    /// Drops the bytes from `length` on.
    mutating func truncate(to length: Int) {
        count = min(count, length)
    }

    /// Drops the room grown ahead, so that `buffer` is exactly the bytes (once, at the end).
    mutating func trim() {
        if buffer.count > count { buffer.removeSubrange(count...) }
    }
}
