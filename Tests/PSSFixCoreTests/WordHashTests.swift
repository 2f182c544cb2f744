import Testing
@testable import PSSFixCore

/// `WordHash` reads whole words, overlapping at the end: it must read only the string's own
/// bytes, and tell apart strings that differ in any one byte.
@Suite struct WordHashTests {
    /// The same bytes hash the same wherever they sit and whatever surrounds them (a read
    /// outside the string would see the different neighbours).
    @Test func onlyTheStringsOwnBytesCount() {
        let text = Array("securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL]}}".utf8)
        for count in 0...text.count {
            let alone = Array(text[0..<count])
            let a = alone.withUnsafeBytes { WordHash.hash($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: count, seed: 7) }
            for (left, right) in [(UInt8(0), UInt8(0)), (0xFF, 0xFF), (0x41, 0x7A)] {
                for pad in 0..<8 {
                    let framed = [UInt8](repeating: left, count: pad) + alone + [UInt8](repeating: right, count: 9)
                    let b = framed.withUnsafeBytes { WordHash.hash($0.baseAddress! + pad, count: count, seed: 7) }
                    #expect(a == b, "length \(count), offset \(pad)")
                }
            }
        }
    }

    /// Changing any one byte of a string of any length up to 40 changes its hash.
    @Test func everyByteCounts() {
        let base = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCD".utf8)
        for count in 1...base.count {
            let original = Array(base[0..<count])
            let h = original.withUnsafeBytes { WordHash.hash($0.baseAddress!, count: count, seed: 1) }
            for i in 0..<count {
                var changed = original
                changed[i] ^= 0x20
                let g = changed.withUnsafeBytes { WordHash.hash($0.baseAddress!, count: count, seed: 1) }
                #expect(g != h, "length \(count), byte \(i)")
            }
        }
    }
}
