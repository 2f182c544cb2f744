/// Turns libyaml mark indexes (Unicode scalars counted from after any BOM) into byte offsets.
///
/// One pass over the bytes records where each multi-byte scalar starts, as "scalar index ->
/// extra bytes so far". A mark's byte offset is then its index plus the extra bytes of the
/// multi-byte scalars before it: found with a cursor (marks arrive almost in order) or a
/// binary search. Pure-ASCII input without a BOM takes the identity path.
struct MarkConverter {
    private let base: Int
    /// Scalar index of each multi-byte scalar, and the extra bytes (length - 1) up to and
    /// including it; both increasing.
    private var scalarIndexes: [Int] = []
    private var extraBytes: [Int] = []
    private var cursor = 0
    private let count: Int

    /// For input without a BOM whose multi-byte scalars are already known (`LibyamlInput.check`
    /// finds them while checking the input): `scalarIndexes` and `extraBytes` as described above.
    init(count: Int, scalarIndexes: [Int], extraBytes: [Int]) {
        base = 0
        self.count = count
        self.scalarIndexes = scalarIndexes
        self.extraBytes = extraBytes
    }

    init(bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { MarkConverter(bytes: $0) }
    }

    init(bytes buffer: UnsafeBufferPointer<UInt8>) {
        let hasBOM = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
        base = hasBOM ? 3 : 0
        count = buffer.count
        var extra = 0
        do {
            var i = base
            let raw = UnsafeRawBufferPointer(buffer)
            while i < buffer.count {
                // 32, then 8 ASCII bytes at a time: most files are ASCII but for a few comments,
                // and this pass reads every byte of every file.
                while i + 32 <= buffer.count
                    && (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                        & 0x8080_8080_8080_8080 == 0
                {
                    i += 32
                }
                while i + 8 <= buffer.count && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                guard i < buffer.count else { break }
                let b = buffer[i]
                if b < 0x80 {
                    i += 1
                    continue
                }
                let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : (b >= 0xC0 ? 2 : 1))
                scalarIndexes.append(i - base - extra)
                extra += length - 1
                extraBytes.append(extra)
                i += length
            }
        }
    }

    mutating func byteOffset(ofScalar index: Int) -> Int {
        if scalarIndexes.isEmpty { return min(base + index, count) }
        // Most marks have no multi-byte scalar between them and the one before: the cursor
        // already sits right (two comparisons instead of the walk below).
        let known = scalarIndexes.count
        if (cursor == known || scalarIndexes[cursor] >= index) && (cursor == 0 || scalarIndexes[cursor - 1] < index) {
            return min(base + index + (cursor == 0 ? 0 : extraBytes[cursor - 1]), count)
        }
        // Keep `cursor` = number of multi-byte scalars before `index`: a few steps from the
        // last answer, else a binary search.
        var steps = 0
        while cursor < scalarIndexes.count && scalarIndexes[cursor] < index && steps < 8 {
            cursor += 1
            steps += 1
        }
        while cursor > 0 && scalarIndexes[cursor - 1] >= index && steps < 8 {
            cursor -= 1
            steps += 1
        }
        if steps == 8 { cursor = binarySearch(index) }
        let extra = cursor == 0 ? 0 : extraBytes[cursor - 1]
        return min(base + index + extra, count)
    }

    /// First position whose scalar index is >= `index`.
    private func binarySearch(_ index: Int) -> Int {
        var lo = 0
        var hi = scalarIndexes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scalarIndexes[mid] < index { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
