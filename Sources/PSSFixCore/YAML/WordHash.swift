/// A fast 64-bit hash of a short byte string, for equality tests that are confirmed byte by
/// byte (key lookups, duplicate keys, diff lines): eight bytes per multiply, the last word
/// loaded overlapping the one before it, and strings under eight bytes read as two overlapping
/// halves (or first, middle and last byte), so no byte is read outside the string and every
/// byte is read once or twice. Byte-wise FNV-1a was a chain of one multiply per byte, and
/// every scalar of a parse and every line of a fixed file's changed stretch is hashed.
/// Little-endian: the values are never stored or compared across machines.
enum WordHash {
    @inline(__always)
    static func hash(_ start: UnsafeRawPointer, count n: Int, seed: UInt64) -> UInt64 {
        var h = seed
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                mix(start.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            mix(start.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else if n >= 4 {
            let low = UInt64(start.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(start.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            mix(low | high << 32)
        } else if n > 0 {
            let first = UInt64(start.load(fromByteOffset: 0, as: UInt8.self))
            let middle = UInt64(start.load(fromByteOffset: n / 2, as: UInt8.self))
            let last = UInt64(start.load(fromByteOffset: n - 1, as: UInt8.self))
            mix(first | middle << 8 | last << 16)
        }
        return h
    }
}
