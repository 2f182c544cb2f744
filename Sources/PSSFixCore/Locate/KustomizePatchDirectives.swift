/// The strategic-merge directives of a patch document on the way to a field (issue 21's
/// modelling gaps): `$patch: replace` makes the patch's mapping or list the whole value, so the
/// patch decides every field below it, written or not; `$patch: delete`, `$retainKeys` and
/// `$deleteFromPrimitiveList/KEY` take fields away. `$setElementOrder/KEY` only orders lists
/// and changes nothing here.
public enum KustomizePatchDirectives {
    public enum Effect: Sendable, Equatable {
        /// No directive on the way: the patch merges.
        case merges
        /// The patch replaces a mapping or list that holds the field.
        case replaces
        /// The patch removes the field or something holding it.
        case removes
        /// `$patch: delete` on the document: the object is gone.
        case deletesObject
    }

    /// What `doc`'s directives do to the fields of `change`.
    public static func effect(of doc: Node, on change: PodFieldChange, templatePath: [String]) -> Effect {
        let doc = doc.resolved
        switch patch(doc) {
        case "delete": return .deletesObject
        case "replace": return .replaces
        default: break
        }
        // The mappings from the document to the scope: the template path, then `spec` (pod,
        // containers) or `metadata`.
        var nodes: [Node] = []
        var current: Node? = doc
        for key in templatePath {
            current = current?[key]?.resolved
            guard let node = current else { return .merges }
            nodes.append(node)
        }
        var effect = Effect.merges
        func visit(_ node: Node, key: String?) {
            guard node.isMapping else { return }
            switch patch(node) {
            case "replace": effect = stronger(effect, .replaces)
            case "delete": effect = stronger(effect, .removes)
            default: break
            }
            if let key, let retained = node["$retainKeys"]?.resolved, retained.isSequence,
               !retained.items.contains(where: { $0.string == key }) {
                effect = stronger(effect, .removes)
            }
            if let key, node["$deleteFromPrimitiveList/" + key] != nil { effect = stronger(effect, .removes) }
        }
        let template = nodes.last
        let scopeKey: String
        switch change.scope {
        case .podMetadata: scopeKey = "metadata"
        case .pod, .container: scopeKey = "spec"
        }
        for (i, node) in nodes.enumerated() { visit(node, key: i + 1 < templatePath.count ? templatePath[i + 1] : scopeKey) }
        guard let template else { return effect }
        var scope = template[scopeKey]?.resolved
        if case .container(let list, let name) = change.scope {
            if let spec = scope { visit(spec, key: list) }
            let items = scope?[list]?.resolved.items.map(\.resolved) ?? []
            // `- $patch: replace` as a list item replaces the whole list.
            if items.contains(where: { patch($0) == "replace" }) { effect = stronger(effect, .replaces) }
            scope = items.first { $0["name"]?.string == name }
        }
        guard let scope else { return effect }
        for field in change.fields {
            var node: Node? = scope
            for key in field {
                guard let here = node else { break }
                visit(here, key: key)
                node = here[key]?.resolved
            }
            if let node { visit(node, key: nil) }
        }
        return effect
    }

    static func patch(_ node: Node) -> String? { node.isMapping ? node["$patch"]?.string : nil }

    static func stronger(_ a: Effect, _ b: Effect) -> Effect {
        func rank(_ e: Effect) -> Int {
            switch e {
            case .merges: return 0
            case .replaces: return 1
            case .removes: return 2
            case .deletesObject: return 3
            }
        }
        return rank(b) > rank(a) ? b : a
    }
}
