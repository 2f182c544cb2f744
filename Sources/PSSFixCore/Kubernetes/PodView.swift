/// What PSA checks see of a pod: its metadata (annotations) and its spec (psa-spec §1.8), read
/// straight from the YAML nodes so that every finding and fix can point at the exact text.
public struct PodView: Sendable {
    public let metadata: Node?
    /// The PodSpec mapping.
    public let spec: Node
    /// Init, then regular, then ephemeral containers: PSA's visit order (psa-spec §1.5).
    public let containers: [ContainerView]
    /// The alias followed to reach this pod's spec (a shared `template: *tpl`), if any: edits
    /// through it change every user of the anchor, so the planner must know.
    public let via: Node?

    public init(metadata: Node?, spec: Node, via: Node? = nil) {
        var containers: [ContainerView] = []
        for kind in ContainerView.Kind.allCases {
            guard let entry = spec[kind.rawValue], case let list = entry.resolved, list.isSequence else { continue }
            for (i, item) in list.items.enumerated() {
                let node = item.resolved
                guard node.isMapping else { continue }
                let route = item.isAlias ? item : (entry.isAlias ? entry : via)
                containers.append(ContainerView(kind: kind, index: i, node: node, name: node["name"]?.string ?? "", via: route))
            }
        }
        self.init(metadata: metadata, spec: spec, containers: containers, via: via)
    }

    /// A view with exactly these containers (used to judge a pod without exempt containers).
    public init(metadata: Node?, spec: Node, containers: [ContainerView], via: Node? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.containers = containers
        self.via = via
        securityContext = spec.mapping("securityContext")
        osName = spec.mapping("os")?["name"]?.string
    }

    /// The container whose text holds `node` (the container itself, or a list inside it).
    public func container(containing node: Node) -> ContainerView? {
        containers.first { $0.node === node }
            ?? containers.first { $0.node.span.start <= node.span.start && node.span.end <= $0.node.span.end && !$0.node.span.isEmpty }
    }

    /// `spec.securityContext` when it is a mapping (looked up once: every check reads it).
    public let securityContext: Node?

    /// `metadata.annotations` as written, in order (values that are not strings are skipped).
    public var annotations: [(key: String, value: String)] {
        guard let map = metadata?.mapping("annotations") else { return [] }
        return map.effectivePairs.compactMap { pair in
            guard let key = pair.key.string else { return nil }
            return (key, pair.value.string ?? "")
        }
    }

    /// `spec.os.name`.
    public let osName: String?

    /// Windows pods are exempt from Linux-only restricted checks from v1.25 (psa-spec §4.1), and
    /// the API server forbids Linux-only fields on them.
    public var isWindows: Bool { osName == "windows" }

    /// `spec.hostUsers` when explicitly set.
    public var hostUsers: Bool? { spec["hostUsers"]?.bool }
}

/// One container of a pod, with where it sits in the spec.
public struct ContainerView: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case initContainer = "initContainers"
        case container = "containers"
        case ephemeral = "ephemeralContainers"
    }

    public let kind: Kind
    /// Index within its list (`containers[index]`).
    public let index: Int
    /// The container's mapping.
    public let node: Node
    public let name: String
    /// The alias followed to reach this container (`- *sidecar`, or a shared list or template).
    public let via: Node?

    public init(kind: Kind, index: Int, node: Node, name: String, via: Node? = nil) {
        self.kind = kind
        self.index = index
        self.node = node
        self.name = name
        self.via = via
        securityContext = node.mapping("securityContext")
    }

    /// `securityContext` when it is a mapping (looked up once: most checks read it).
    public let securityContext: Node?

    /// `spec.containers[2]`, for messages.
    public var path: String { "spec.\(kind.rawValue)[\(index)]" }
}

extension Node {
    /// The value under `key` when it is a mapping (through aliases); nil for null or absent.
    public func mapping(_ key: String) -> Node? {
        guard let value = self[key]?.resolved, value.isMapping else { return nil }
        return value
    }

    /// The value under `key` when it is a sequence (through aliases).
    public func sequence(_ key: String) -> Node? {
        guard let value = self[key]?.resolved, value.isSequence else { return nil }
        return value
    }

    /// Strings of a sequence value (`capabilities.drop`), skipping non-scalars.
    public func strings(_ key: String) -> [String] {
        sequence(key)?.items.compactMap(\.string) ?? []
    }
}
