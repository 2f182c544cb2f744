/// The targets of one `replacements:` entry (inline, or a file holding a list of them): which
/// objects it selects and which fields it writes. kustomize runs a kustomization's
/// replacements after all of its patches, so a replacement that writes a securityContext field
/// decides it over any patch of the same kustomization — including a new one pss-fix would add.
public struct KustomizeReplacement: Sendable {
    public struct Target: Sendable {
        public let select: KustomizeTarget?
        public let reject: [KustomizeTarget]
        /// `spec.template.spec.containers.[name=app].securityContext` split into segments.
        public let fieldPaths: [[String]]
    }

    public let targets: [Target]

    /// The replacements of one `replacements:` item: itself when inline, else those in its file.
    static func read(_ item: Node, directory: String, tree: any FileTree) -> (file: String?, replacements: [KustomizeReplacement]) {
        if let path = item["path"]?.string {
            let file = RenderPath.join(directory, path)
            let nodes = tree.yamlDocuments(of: file).compactMap { $0?.resolved }
            return (file, nodes.flatMap { $0.isSequence ? $0.items.map(\.resolved) : [$0] }.map(Self.init))
        }
        return (nil, [Self(item)])
    }

    init(_ node: Node) {
        targets = (node["targets"]?.resolved.items ?? []).map { target in
            let target = target.resolved
            return Target(select: target["select"].map { KustomizeTarget($0.resolved) },
                          reject: (target["reject"]?.resolved.items ?? []).map { KustomizeTarget($0.resolved) },
                          fieldPaths: (target["fieldPaths"]?.resolved.items ?? []).compactMap(\.string).map(Self.segments))
        }
    }

    /// Whether some target selects the object and writes at, above or below `tokens` (the
    /// field's JSON pointer tokens). List selectors (`[name=x]`, `*`) count as any item, so
    /// this errs towards "writes": the fix then refuses rather than being overridden.
    public func writes(_ tokens: [String], kind: String, apiVersion: String, names: [String], namespaces: [String]) -> Bool {
        targets.contains { target in
            guard target.select?.matches(kind: kind, apiVersion: apiVersion, names: names, namespaces: namespaces) ?? true,
                  !target.reject.contains(where: { $0.matches(kind: kind, apiVersion: apiVersion, names: names, namespaces: namespaces) })
            else { return false }
            return target.fieldPaths.contains { path in
                zip(path, tokens).allSatisfy { segment, token in
                    segment == token || segment == "*" || (segment.hasPrefix("[") && token.allSatisfy(\.isNumber))
                }
            }
        }
    }

    /// `a.b.[name=x].c` → `["a", "b", "[name=x]", "c"]`; a dot inside brackets stays.
    static func segments(_ path: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var inBracket = false
        for character in path {
            if character == "[" { inBracket = true }
            if character == "]" { inBracket = false }
            if character == "." && !inBracket {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        return segments.map { segment in
            // `[key.with.dots]` (a map key written in brackets) is the key itself.
            if segment.hasPrefix("["), segment.hasSuffix("]"), !segment.contains("=") { return String(segment.dropFirst().dropLast()) }
            return segment
        }
    }
}
