/// Reading PodSpec fields the way PSA sees them: after Kubernetes decodes the YAML into Go
/// structs. A pointer or slice field is "set" when its key holds a non-null value; a string
/// field inside a set struct reads as `""` when absent.
extension Node {
    /// Whether `key` holds a non-null value, i.e. the Go pointer/slice field would be non-nil.
    func isSet(_ key: String) -> Bool {
        guard let value = self[key]?.resolved else { return false }
        return !value.isNull
    }

    /// The items of the sequence under `key` that are mappings (`volumes`, `ports`, `sysctls`).
    func mappings(_ key: String) -> [Node] {
        sequence(key)?.items.map(\.resolved).filter(\.isMapping) ?? []
    }

    /// The scalar items of the sequence under `key` as Go's `[]string` decoding yields them:
    /// a null item becomes `""` (unlike `strings(_:)`, which skips it).
    func stringItems(_ key: String) -> [String] {
        sequence(key)?.items.map(\.resolved).filter(\.isScalar).map { $0.string ?? "" } ?? []
    }

    /// A string field of a Go struct: its value, or `""` when absent or null.
    func stringField(_ key: String) -> String {
        self[key]?.string ?? ""
    }
}
