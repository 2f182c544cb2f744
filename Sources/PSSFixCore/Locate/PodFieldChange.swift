/// A change the fix planned on a rendered workload, named by where it sits in the pod (the pod
/// spec, the pod template's metadata, or a container by name) instead of by node, so that it
/// can be carried to another file that describes the same pod: the base resource the object
/// came from, a patch that sets the field, or a new patch (issue 21).
public struct PodFieldChange: Sendable {
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        /// The PodSpec.
        case pod
        /// The pod template's `metadata` (annotations).
        case podMetadata
        /// A container by its list (`containers`, `initContainers`, `ephemeralContainers`) and name.
        case container(list: String, name: String)

        public var description: String {
            switch self {
            case .pod: return "pod"
            case .podMetadata: return "pod metadata"
            case .container(let list, let name): return "\(list)[\(name)]"
            }
        }
    }

    public enum Action: Sendable {
        /// The value at `path` becomes this.
        case set(NewValue)
        /// The list at `path` gains this item.
        case include(NewValue)
        /// These items leave the list at `path`.
        case remove([String])
        /// These keys leave the mapping at `path`.
        case removeKeys([String])
    }

    public let scope: Scope
    /// Keys from the scope's mapping to the value (`set`), the list (`include`, `remove`) or
    /// the mapping (`removeKeys`).
    public let path: [String]
    public let action: Action
    public let checkID: String
    /// The intent's summary: `container "api": set securityContext.allowPrivilegeEscalation=false`.
    public let summary: String
    /// The container's index in its list in the render (JSON 6902 paths name containers by index).
    public let renderIndex: Int?

    /// What the change does, independent of the file it is made in: two roots that want the
    /// same change to the same place in a shared file agree on it.
    public var signature: String {
        let what: String
        switch action {
        case .set(let value): what = "= \(value.summary)"
        case .include(let item): what = "+= \(item.summary)"
        case .remove(let items): what = "-= \(items.sorted())"
        case .removeKeys(let keys): what = "-keys \(keys.sorted())"
        }
        return "\(scope) \(path.joined(separator: ".")) \(what)"
    }

    /// The key paths (from the scope) whose values the change decides.
    public var fields: [[String]] {
        if case .removeKeys(let keys) = action { return keys.map { path + [$0] } }
        return [path]
    }

    /// Whether the change is inside a securityContext (the only fields a new patch carries).
    public var isSecurityContext: Bool {
        switch scope {
        case .pod, .container: return path.first == "securityContext"
        case .podMetadata: return false
        }
    }
}

extension PodFieldChange {
    public struct Unnamed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The changes `intents` (planned on a parse of the same bytes as `workload`) make, each
    /// named by scope and path. Intents hold nodes of another parse of the same text, so they
    /// are found here by their spans.
    public static func changes(_ intents: [FixIntent], of workload: Workload) -> Result<[PodFieldChange], Unnamed> {
        var paths: [SpanKey: [String]] = [:]
        index(workload.template, path: [], into: &paths)
        var found: [PodFieldChange] = []
        for intent in intents {
            let anchor: Node
            var rest: [String] = []
            let action: Action
            switch intent.action {
            case .set(let base, let path, let value):
                anchor = base
                rest = path
                action = .set(value)
            case .include(let base, let path, let item):
                anchor = base
                rest = path
                action = .include(item)
            case .remove(let sequence, let items):
                anchor = sequence
                action = .remove(items.compactMap(\.string))
            case .removeKeys(let mapping, let keys):
                anchor = mapping
                action = .removeKeys(keys)
            }
            guard let located = paths[SpanKey(anchor)] else {
                return .failure(Unnamed(description: "\(intent.summary): not inside the pod template"))
            }
            guard let (scope, index, scoped) = scope(of: located + rest, in: workload) else {
                return .failure(Unnamed(description: "\(intent.summary): not in the pod spec, a container or the pod's metadata"))
            }
            found.append(PodFieldChange(scope: scope, path: scoped, action: action, checkID: intent.checkID,
                                        summary: intent.summary, renderIndex: index))
        }
        return .success(found)
    }

    /// A node by its text and kind: the same text parsed twice gives the same spans.
    struct SpanKey: Hashable {
        let start: Int
        let end: Int
        let kind: Int

        init(_ node: Node) {
            start = node.span.start
            end = node.span.end
            kind = node.isMapping ? 1 : node.isSequence ? 2 : 0
        }
    }

    /// Every node under the pod template, by span, with its key path from the template.
    static func index(_ node: Node, path: [String], into paths: inout [SpanKey: [String]]) {
        let key = SpanKey(node)
        if paths[key] == nil { paths[key] = path }
        if node.isMapping {
            for pair in node.pairs {
                guard let name = pair.key.scalarValue else { continue }
                index(pair.value.resolved, path: path + [name], into: &paths)
            }
        } else if node.isSequence {
            for (i, item) in node.items.enumerated() { index(item.resolved, path: path + [String(i)], into: &paths) }
        }
    }

    /// `spec.containers.0.securityContext.x` → (container "api", 0, `securityContext.x`).
    static func scope(of path: [String], in workload: Workload) -> (Scope, Int?, [String])? {
        guard let first = path.first else { return nil }
        if first == "metadata" { return (.podMetadata, nil, Array(path.dropFirst())) }
        guard first == "spec" else { return nil }
        let rest = Array(path.dropFirst())
        if rest.count >= 2, ContainerView.Kind(rawValue: rest[0]) != nil, let index = Int(rest[1]) {
            guard let container = workload.pod.containers.first(where: { $0.kind.rawValue == rest[0] && $0.index == index }) else {
                return nil
            }
            return (.container(list: rest[0], name: container.name), index, Array(rest.dropFirst(2)))
        }
        return (.pod, nil, rest)
    }
}

extension PodFieldChange {
    /// The same change for the same container of another rendered workload (its index there);
    /// nil when that workload has no such container.
    func adapted(to workload: Workload) -> PodFieldChange? {
        guard case .container(let list, let name) = scope else { return self }
        guard let container = workload.pod.containers.first(where: { $0.kind.rawValue == list && $0.name == name }) else { return nil }
        return PodFieldChange(scope: scope, path: path, action: action, checkID: checkID, summary: summary, renderIndex: container.index)
    }
}
