/// Turns libyaml mark indexes (Unicode scalars counted from after any BOM) into byte offsets.
///
/// Marks arrive almost in order, so a cursor that walks forward or back from the previous
/// answer costs O(distance) and no memory; pure-ASCII input without a BOM takes the identity path.
struct MarkConverter {
    private let bytes: [UInt8]
    private let identity: Bool
    private var scalarIndex: Int
    private var byteOffset: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.identity = !hasBOM && !bytes.contains { $0 >= 0x80 }
        self.scalarIndex = 0
        self.byteOffset = hasBOM ? 3 : 0
    }

    mutating func byteOffset(ofScalar index: Int) -> Int {
        if identity { return index }
        while scalarIndex < index && byteOffset < bytes.count {
            byteOffset += Self.sequenceLength(bytes[byteOffset])
            scalarIndex += 1
        }
        while scalarIndex > index && byteOffset > 0 {
            byteOffset -= 1
            while byteOffset > 0 && bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
            scalarIndex -= 1
        }
        return min(byteOffset, bytes.count)
    }

    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: return 1
        case 0xC0..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        case 0xF0...: return 4
        default: return 1  // stray continuation byte: libyaml would have rejected the file
        }
    }
}
