#if canImport(Glibc)
import Glibc
#endif

/// The keys of the mappings being skipped (the parts of a document no reader needs), innermost
/// mapping's last: enough to find a repeated key, which the API server rejects, without
/// building the mappings.
///
/// The keys and their bytes (a `ByteArena`) only grow, each with a logical size: ending a
/// mapping lowers the sizes, and a key is written into place. Appending and trimming arrays per
/// key and per mapping was a quarter of the skipped events' cost, and skipped events are most
/// of `check`'s events (CRDs, ConfigMaps, `env`, `resources`).
struct SkippedKeyStack {
    private struct Key {
        var hash: UInt64
        var offset: Int
        var length: Int
    }

    private var keys: [Key] = []
    private var bytes = ByteArena()
    /// How many keys are on the stack (a mapping's keys start at the count when it opened).
    private(set) var count = 0

    /// Empties the stack (a new skipped part begins).
    mutating func removeAll() {
        count = 0
        bytes.truncate(to: 0)
    }

    /// Drops the keys from `first` on (their mapping ended).
    mutating func truncate(to first: Int) {
        guard first < count else { return }
        bytes.truncate(to: keys[first].offset)
        count = first
    }

    func hash(at i: Int) -> UInt64 { keys[i].hash }

    /// Whether a key with these bytes is on the stack from `first` on (by hash, then bytes).
    func contains(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, from first: Int) -> Bool {
        keys.withUnsafeBufferPointer { keys in
            bytes.buffer.withUnsafeBufferPointer { arena in
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
        let entry = Key(hash: hash, offset: bytes.append(key), length: key.count)
        if count < keys.count { keys[count] = entry } else { keys.append(entry) }
        count += 1
    }
}
