/// The text of the patches pss-fix adds to an overlay (issue 21, rule 3): exactly the fields
/// the fix needs, targeting the workload by its name in the source (and its namespace there,
/// when it has one: a strategic-merge patch without it does not match such an object).
/// Strategic merge for the built-in kinds; JSON 6902 operations for kinds kustomize has no
/// schema for, where a strategic-merge patch would replace the whole `containers` list.
public enum KustomizeNewPatch {
    /// The file that holds the strategic-merge patches, in the overlay.
    public static let fileName = "pss-fix-patch.yaml"

    /// A JSON 6902 patch of one custom-kind workload: `pss-fix-patch-rollout-web.yaml`.
    public static func operationsFileName(kind: String, name: String) -> String {
        let safe = String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" })
        return "pss-fix-patch-\(kind.lowercased())-\(safe).yaml"
    }

    public static let header = """
        # Written by pss-fix: the securityContext fields Pod Security needs, for workloads whose
        # source pss-fix may not edit (a base outside the paths it was given, an inline patch).
        # Listed last under patches: in kustomization.yaml, so it applies after the other patches.

        """

    /// A YAML value to write: scalars are kept as their YAML text.
    public indirect enum Value: Sendable, Equatable {
        case scalar(String)
        case null
        case mapping([Pair])
        case sequence([Value])

        public struct Pair: Sendable, Equatable {
            public let key: String
            public let value: Value
        }

        public init(_ value: NewValue) {
            switch value {
            case .bool(let b): self = .scalar(b ? "true" : "false")
            case .int(let i): self = .scalar(String(i))
            case .string(let s): self = .scalar(KustomizeNewPatch.scalarText(s))
            case .mapping(let pairs): self = .mapping(pairs.map { Pair(key: $0.key, value: Value($0.value)) })
            case .sequence(let items): self = .sequence(items.map(Value.init))
            }
        }

        /// A scalar node as written, else its structure (null for anything unreadable).
        public init(_ node: Node) {
            let node = node.resolved
            if node.isMapping {
                self = .mapping(node.pairs.map { Pair(key: $0.key.scalarValue ?? "", value: Value($0.value)) })
            } else if node.isSequence {
                self = .sequence(node.items.map(Value.init))
            } else if node.isNull {
                self = .null
            } else if let text = node.scalarValue {
                let typed = node.scalarStyle == .plain
                self = .scalar(typed ? text : KustomizeNewPatch.quoted(text))
            } else {
                self = .null
            }
        }

        /// `self` with `leaf` at `path` (mappings made or merged on the way).
        public func setting(_ path: ArraySlice<String>, to leaf: Value) -> Value {
            guard let key = path.first else { return leaf }
            var pairs: [Pair] = []
            if case .mapping(let existing) = self { pairs = existing }
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                pairs[i] = Pair(key: key, value: pairs[i].value.setting(path.dropFirst(), to: leaf))
            } else {
                pairs.append(Pair(key: key, value: Value.mapping([]).setting(path.dropFirst(), to: leaf)))
            }
            return .mapping(pairs)
        }
    }

    // MARK: Strategic merge

    /// A leaf of a workload's new patch: a field of the pod, its metadata or a container, and
    /// its new value (`.null` deletes it in a strategic merge).
    public struct Leaf: Sendable {
        public let scope: PodFieldChange.Scope
        public let path: [String]
        public let value: Value
    }

    /// One strategic-merge patch document (without `---`).
    ///
    /// `order`: each container list's names in the render. kustomize's strategic merge puts the
    /// patch's items first, in the patch's order (measured with v5.5: patching only `c` of
    /// `[a, b, c]` renders `[c, a, b]`), so a list is written from its first container up to the
    /// last one changed, those without a change as `- name: x` only, and the order stays.
    public static func strategicMerge(apiVersion: String, kind: String, name: String, namespace: String?,
                                      templatePath: [String], leaves: [Leaf], order: [String: [String]] = [:]) -> String {
        var metadata: [Value.Pair] = [Value.Pair(key: "name", value: .scalar(scalarText(name)))]
        if let namespace { metadata.append(Value.Pair(key: "namespace", value: .scalar(scalarText(namespace)))) }
        var pod = Value.mapping([])
        var template = Value.mapping([])
        var containers: [(list: String, name: String, value: Value)] = []
        for leaf in leaves {
            switch leaf.scope {
            case .pod: pod = pod.setting(leaf.path[...], to: leaf.value)
            case .podMetadata: template = template.setting(["metadata"] + leaf.path, to: leaf.value)
            case .container(let list, let name):
                if let i = containers.firstIndex(where: { $0.list == list && $0.name == name }) {
                    containers[i].value = containers[i].value.setting(leaf.path[...], to: leaf.value)
                } else {
                    containers.append((list, name, Value.mapping([Value.Pair(key: "name", value: .scalar(scalarText(name)))])
                        .setting(leaf.path[...], to: leaf.value)))
                }
            }
        }
        // The pod's own fields first, then each container list (kustomize merges them by name).
        var lists: [String] = []
        for container in containers where !lists.contains(container.list) { lists.append(container.list) }
        for list in lists {
            var items = containers.filter { $0.list == list }
            if let names = order[list], let last = names.lastIndex(where: { name in items.contains { $0.name == name } }) {
                items = names[...last].map { name in
                    items.first { $0.name == name } ?? (list, name, Value.mapping([Value.Pair(key: "name", value: .scalar(scalarText(name)))]))
                } + items.filter { !names.contains($0.name) }
            }
            pod = pod.setting([list], to: .sequence(items.map(\.value)))
        }
        if case .mapping(let pairs) = pod, !pairs.isEmpty { template = template.setting(["spec"], to: pod) }
        let body = Value.mapping([]).setting(templatePath[...], to: template)
        var top: [Value.Pair] = [
            Value.Pair(key: "apiVersion", value: .scalar(scalarText(apiVersion))),
            Value.Pair(key: "kind", value: .scalar(scalarText(kind))),
            Value.Pair(key: "metadata", value: .mapping(metadata)),
        ]
        if case .mapping(let pairs) = body { top += pairs }
        return emit(.mapping(top), indent: 0)
    }

    // MARK: JSON 6902

    public struct Operation: Sendable, Equatable {
        public let op: String
        public let tokens: [String]
        public let value: Value?
    }

    /// Operations that give each leaf (a full pointer and a value, `.null` to remove) its value
    /// in `object` (the rendered object): `replace` where the field exists, else `add` at the
    /// first missing key with everything below it, `remove` for deletions.
    public static func operations(for leaves: [(tokens: [String], value: Value)], in object: Node) -> [Operation] {
        var ops: [Operation] = []
        var adds: [(tokens: [String], value: Value)] = []
        for leaf in leaves {
            var node: Node? = object.resolved
            var depth = 0
            while depth < leaf.tokens.count, let next = child(node, leaf.tokens[depth]) {
                node = next
                depth += 1
            }
            if depth == leaf.tokens.count {
                ops.append(leaf.value == .null ? Operation(op: "remove", tokens: leaf.tokens, value: nil)
                                               : Operation(op: "replace", tokens: leaf.tokens, value: leaf.value))
                continue
            }
            guard leaf.value != .null else { continue }  // already absent
            let missing = Array(leaf.tokens[...depth])
            let rest = leaf.tokens[(depth + 1)...]
            if let i = adds.firstIndex(where: { $0.tokens == missing }) {
                adds[i].value = adds[i].value.setting(rest, to: leaf.value)
            } else {
                adds.append((missing, rest.isEmpty ? leaf.value : Value.mapping([]).setting(rest, to: leaf.value)))
            }
        }
        return adds.map { Operation(op: "add", tokens: $0.tokens, value: $0.value) } + ops
    }

    static func child(_ node: Node?, _ token: String) -> Node? {
        guard let node = node?.resolved else { return nil }
        if node.isSequence, let i = Int(token) { return i < node.items.count ? node.items[i].resolved : nil }
        return node.isMapping ? node[token]?.resolved : nil
    }

    /// The operations as a YAML list.
    public static func operationsText(_ ops: [Operation]) -> String {
        emit(.sequence(ops.map { op in
            var pairs = [Value.Pair(key: "op", value: .scalar(op.op)),
                         Value.Pair(key: "path", value: .scalar(scalarText(pointer(op.tokens))))]
            if let value = op.value { pairs.append(Value.Pair(key: "value", value: value)) }
            return .mapping(pairs)
        }), indent: 0)
    }

    static func pointer(_ tokens: [String]) -> String {
        "/" + tokens.map { $0.replacing("~", with: "~0").replacing("/", with: "~1") }.joined(separator: "/")
    }

    // MARK: Writing YAML

    /// Block YAML with two-space indentation and sequences at their key's column, as kustomize
    /// and kubectl print it.
    static func emit(_ value: Value, indent: Int) -> String {
        lines(value, indent: indent).map { $0 + "\n" }.joined()
    }

    static func lines(_ value: Value, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .scalar(let text): return [pad + text]
        case .null: return [pad + "null"]
        case .mapping(let pairs):
            if pairs.isEmpty { return [pad + "{}"] }
            var out: [String] = []
            for pair in pairs {
                let key = pad + scalarText(pair.key) + ":"
                switch pair.value {
                case .scalar(let text): out.append(key + " " + text)
                case .null: out.append(key + " null")
                case .mapping(let inner) where inner.isEmpty: out.append(key + " {}")
                case .sequence(let items) where items.isEmpty: out.append(key + " []")
                case .mapping: out.append(key); out += lines(pair.value, indent: indent + 2)
                case .sequence: out.append(key); out += lines(pair.value, indent: indent)
                }
            }
            return out
        case .sequence(let items):
            if items.isEmpty { return [pad + "[]"] }
            var out: [String] = []
            for item in items {
                var inner = lines(item, indent: indent + 2)
                if case .sequence = item { inner = [pad + "-"] + inner; out += inner; continue }
                inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                out += inner
            }
            return out
        }
    }

    /// A string as a YAML scalar: plain when it reads back as the same string, else quoted.
    public static func scalarText(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]
        let safe = !text.isEmpty && !reserved.contains(text.lowercased())
            && text.first.map { $0.isLetter || $0 == "/" || $0 == "_" } == true
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._/-".contains($0)) }
        return safe ? text : quoted(text)
    }

    /// A double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
