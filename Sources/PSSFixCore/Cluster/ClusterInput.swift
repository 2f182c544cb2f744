#if canImport(Glibc)
import Glibc
#endif

/// Recognises a dump of a live cluster: what `kubectl get namespaces,pods -A -o yaml` (or
/// `-o json`) prints, a `kind: List` whose items carry fields only the API server sets
/// (`metadata.uid`, `metadata.resourceVersion`).
///
/// Objects read from a cluster are judged as PSA judges them there: a Pod is what runs (after
/// mutating webhooks), its controller's template is what its owners wrote. Server fields
/// (`status`, `managedFields`, `uid`, …) only identify objects and their owners; they never
/// change a verdict.
public enum ClusterInput {
    /// True when a document of `stream` is a `List` with at least one item that carries a
    /// server field. (A KRM `ResourceList` is a function's input, never a cluster dump.)
    public static func isDump(_ stream: YAMLStream) -> Bool {
        stream.documents.contains { document in
            guard let root = document.root?.resolved, root.isMapping, root["kind"]?.string == "List",
                let items = root.sequence("items")
            else { return false }
            return items.items.contains { hasServerFields($0.resolved) }
        }
    }

    /// An object with `metadata.uid` or a non-empty `metadata.resourceVersion`.
    public static func hasServerFields(_ object: Node) -> Bool {
        guard object.isMapping, let metadata = object.mapping("metadata") else { return false }
        if let uid = metadata["uid"]?.string, !uid.isEmpty { return true }
        if let version = metadata["resourceVersion"]?.string, !version.isEmpty { return true }
        return false
    }

    /// A cheap test before parsing: a dump names `List` and `uid` (or `resourceVersion`)
    /// somewhere. False means the bytes are certainly not a dump.
    public static func mayBeDump(_ bytes: [UInt8]) -> Bool {
        contains(bytes, "List") && (contains(bytes, "uid") || contains(bytes, "resourceVersion"))
    }

    /// `memchr` for the first byte, then `memcmp`: this runs on every file `check` reads, and
    /// the byte-by-byte loop it replaces was 2 % of `check` on the benchmark corpus (issue 23).
    /// (glibc's `memmem` is not visible to Swift without `_GNU_SOURCE`.)
    private static func contains(_ bytes: [UInt8], _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard n > 0, bytes.count >= n else { return false }
        let first = Int32(word.utf8Start.pointee)
        return bytes.withUnsafeBufferPointer { hay in
            guard var p = hay.baseAddress else { return false }
            let end = p + hay.count
            while end - p >= n, let hit = memchr(p, first, end - p - n + 1) {
                let q = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(q, word.utf8Start, n) == 0 { return true }
                p = q + 1
            }
            return false
        }
    }
}
