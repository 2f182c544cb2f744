#if canImport(Glibc)
import Glibc
#endif

/// The keys of the mappings being skipped (the parts of a document no reader needs), innermost
/// mapping's last: enough to find a repeated key, which the API server rejects, without
/// building the mappings.
///
/// Two buffers that only grow, each with a logical size: ending a mapping lowers the sizes, and
/// a key is written into place. With `Array.append(contentsOf:)` per key and `removeLast(_:)`
/// per mapping (about 100 instructions each, not specialised for the element type), those two
/// calls were a quarter of the skipped events' cost, and skipped events are most of `check`'s
/// events (CRDs, ConfigMaps, `env`, `resources`).
struct SkippedKeyStack {
    private struct Key {
        var hash: UInt64
        var offset: Int
        var length: Int
    }

    private var keys: [Key] = []
    private var bytes: [UInt8] = []
    /// How many keys are on the stack (a mapping's keys start at the count when it opened).
    private(set) var count = 0
    private var byteCount = 0

    /// Empties the stack (a new skipped part begins).
    mutating func removeAll() {
        count = 0
        byteCount = 0
    }

    /// Drops the keys from `first` on (their mapping ended).
    mutating func truncate(to first: Int) {
        guard first < count else { return }
        byteCount = keys[first].offset
        count = first
    }

    func hash(at i: Int) -> UInt64 { keys[i].hash }

    /// Whether a key with these bytes is on the stack from `first` on (by hash, then bytes).
    func contains(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, from first: Int) -> Bool {
        keys.withUnsafeBufferPointer { keys in
            bytes.withUnsafeBufferPointer { arena in
                for i in first..<count where keys[i].hash == hash && keys[i].length == key.count {
                    if key.count == 0 || memcmp(arena.baseAddress! + keys[i].offset, key.baseAddress!, key.count) == 0 {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// Pushes a key.
    mutating func push(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) {
        let entry = Key(hash: hash, offset: byteCount, length: key.count)
        if count < keys.count { keys[count] = entry } else { keys.append(entry) }
        count += 1
        guard key.count > 0 else { return }
        let end = byteCount + key.count
        if end > bytes.count {  // grows geometrically: rare
            bytes.append(contentsOf: repeatElement(0, count: max(end - bytes.count, bytes.count, 256)))
        }
        bytes.withUnsafeMutableBufferPointer { arena in
            _ = memcpy(arena.baseAddress! + byteCount, key.baseAddress!, key.count)
        }
        byteCount = end
    }
}
