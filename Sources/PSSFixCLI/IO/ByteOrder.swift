import Glibc

/// Sorting strings by their UTF-8 bytes, for the walks that run before any file is processed
/// (on one core, once per file of the tree): every string's bytes go into one buffer (one
/// allocation, not an array per string) and are compared with `memcmp`.
enum ByteOrder {
    /// The indices of `strings` in byte order (stable), and whether every byte was ASCII (then
    /// byte order is also `String`'s order).
    static func sortedIndices(_ strings: [String]) -> (indices: [Int], allASCII: Bool) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(strings.count)
        for string in strings {
            var s = string
            s.withUTF8 { b in
                let start = bytes.count
                bytes.append(contentsOf: b)
                ranges.append(start..<bytes.count)
            }
        }
        let allASCII = !bytes.contains { $0 >= 0x80 }
        let indices = bytes.withUnsafeBufferPointer { all in
            ranges.indices.sorted { a, b in
                let x = ranges[a], y = ranges[b]
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(all.baseAddress! + x.lowerBound, all.baseAddress! + y.lowerBound, common)
                return order < 0 || (order == 0 && x.count < y.count)
            }
        }
        return (indices, allASCII)
    }
}
