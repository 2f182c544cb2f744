/// The verification of a fix made at a source (issues 20, 21): the source, patched, is rendered
/// again, and every rendered object must equal what fixing the original render planned —
/// objects matched by apiVersion, kind, namespace and name, compared by meaning (key order and
/// formatting carry none). Values that differ between two renders of the unchanged source
/// (generated passwords, checksums) are `volatile` and ignored.
public enum RenderedComparison {
    /// A path inside a rendered stream: the object, then keys and indices.
    public struct Difference: Hashable, Sendable, CustomStringConvertible {
        public let object: String
        public let path: [String]

        public var description: String { path.isEmpty ? object : "\(object) at \(path.joined(separator: "."))" }
    }

    /// Where `actual` differs from `expected`, minus the `volatile` paths. Both are whole
    /// rendered streams; an object only in one of them is a difference at its root.
    public static func differences(expected: [UInt8], actual: [UInt8], volatile: Set<Difference> = []) throws(YAMLError) -> [Difference] {
        let a = try objects(expected), b = try objects(actual)
        var found: [Difference] = []
        for (key, value) in a {
            guard let other = b.first(where: { $0.key == key }) else {
                found.append(Difference(object: key, path: []))
                continue
            }
            compare(value, other.value, object: key, path: [], into: &found)
        }
        for (key, _) in b where !a.contains(where: { $0.key == key }) { found.append(Difference(object: key, path: [])) }
        return found.filter { difference in
            !volatile.contains { $0.object == difference.object && difference.path.starts(with: $0.path) }
        }
    }

    /// Verification of a partial placement: `changed` objects (`Kind namespace/name`) must equal
    /// their fixed version, every other object its original one.
    public static func differences(
        original: [UInt8], fixed: [UInt8], changed: Set<String>, actual: [UInt8], volatile: Set<Difference> = []
    ) throws(YAMLError) -> [Difference] {
        let before = try objects(original), after = try objects(fixed), now = try objects(actual)
        var found: [Difference] = []
        for (key, value) in now {
            let source = changed.contains(key) ? after : before
            guard let expected = source.first(where: { $0.key == key }) else {
                found.append(Difference(object: key, path: []))
                continue
            }
            compare(expected.value, value, object: key, path: [], into: &found)
        }
        for (key, _) in before where !now.contains(where: { $0.key == key }) { found.append(Difference(object: key, path: [])) }
        return found.filter { difference in
            !volatile.contains { $0.object == difference.object && difference.path.starts(with: $0.path) }
        }
    }

    /// The first differences for a message: `a; b; c; …`.
    public static func summary(_ differences: [Difference]) -> String {
        differences.prefix(3).map(\.description).joined(separator: "; ") + (differences.count > 3 ? "; …" : "")
    }

    /// The objects of a stream by identity (`Kind namespace/name`), in order; items
    /// of a `kind: List` count as objects.
    static func objects(_ bytes: [UInt8]) throws(YAMLError) -> [(key: String, value: SemanticValue)] {
        let stream = try YAMLParser.parse(SourceText(bytes))
        var result: [(key: String, value: SemanticValue)] = []
        for entry in Workload.objects(in: stream) {
            let object = entry.object
            guard object.isMapping else { continue }
            let metadata = object.mapping("metadata")
            let key = (object["kind"]?.string ?? "") + " " + (metadata?["namespace"]?.string ?? "") + "/" + (metadata?["name"]?.string ?? "")
            result.append((key, SemanticValue(object)))
        }
        return result
    }

    static func compare(_ a: SemanticValue, _ b: SemanticValue, object: String, path: [String], into found: inout [Difference]) {
        switch (a, b) {
        case (.mapping(let x), .mapping(let y)):
            for (key, value) in x {
                let name = Self.name(key)
                if let other = y.first(where: { $0.0 == key }) {
                    compare(value, other.1, object: object, path: path + [name], into: &found)
                } else {
                    found.append(Difference(object: object, path: path + [name]))
                }
            }
            for (key, _) in y where !x.contains(where: { $0.0 == key }) {
                found.append(Difference(object: object, path: path + [Self.name(key)]))
            }
        case (.sequence(let x), .sequence(let y)) where x.count == y.count:
            for (i, pair) in zip(x, y).enumerated() { compare(pair.0, pair.1, object: object, path: path + [String(i)], into: &found) }
        default:
            if a != b { found.append(Difference(object: object, path: path)) }
        }
    }

    static func name(_ key: SemanticValue) -> String {
        if case .scalar(let text, _) = key { return text }
        return "?"
    }
}
