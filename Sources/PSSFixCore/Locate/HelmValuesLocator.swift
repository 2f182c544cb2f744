/// Locating a chart's securityContext in its values (issue 20, "values-driven"): which values
/// key feeds which pod's or container's securityContext, found by probing — one render per
/// candidate key, with a unique, valid `runAsUser` marker merged into the key's value (so
/// schemas and templates that read sibling fields still work); where the marker lands is what
/// the key controls. A probe whose render fails means that key is not values-driven.
public enum HelmValuesLocator {
    /// A values key: its path from the values root (`["web", "podSecurityContext"]`).
    public struct Key: Hashable, Sendable, CustomStringConvertible {
        public let path: [String]
        /// The key reaches its target only with its sibling `enabled: true` (bitnami style,
        /// `{{- if .Values.containerSecurityContext.enabled }}`): a fix through it also sets
        /// the switch (see `HelmValuesSwitch`).
        public var viaSwitch = false
        public var description: String { path.joined(separator: ".") }

        public init(path: [String], viaSwitch: Bool = false) {
            self.path = path
            self.viaSwitch = viaSwitch
        }
        /// `--set` syntax for a field under the key (dots in names escaped as helm wants).
        public func setExpression(_ field: String, _ value: String) -> String {
            (path + [field]).map { $0.replacingDots }.joined(separator: ".") + "=" + value
        }
    }

    /// What a key's securityContext reaches in the render: a pod, or one container of a pod.
    public struct Target: Hashable, Sendable {
        /// `kind namespace/name` of the workload in the render.
        public let workload: String
        /// nil for the pod's own securityContext.
        public let container: String?

        public init(workload: String, container: String?) {
            self.workload = workload
            self.container = container
        }
    }

    /// Names of values keys that usually hold a securityContext (`helm create`'s
    /// `podSecurityContext` and `securityContext`, bitnami's `containerSecurityContext`).
    static let candidateNames: Set<String> = ["securityContext", "podSecurityContext", "containerSecurityContext"]

    /// Candidate keys in a values document, depth first; `prefix` is prepended (a subchart's
    /// section in its parent's values). Only mappings, `{}` or empty values qualify.
    public static func candidates(in values: [UInt8], prefix: [String] = []) -> [Key] {
        guard let stream = try? YAMLParser.parse(SourceText(values)), let root = stream.documents.first?.root?.resolved,
            root.isMapping
        else { return [] }
        var found: [Key] = []
        func walk(_ node: Node, _ path: [String], depth: Int) {
            guard depth < 12, node.isMapping else { return }
            for pair in node.pairs {
                guard let name = pair.key.scalarValue else { continue }
                let value = pair.value.resolved
                if candidateNames.contains(name) && (value.isMapping || value.isNull) {
                    found.append(Key(path: prefix + path + [name]))
                    continue
                }
                walk(value, path + [name], depth: depth + 1)
            }
        }
        walk(root, [], depth: 0)
        return found
    }

    /// The key's `enabled` switch (bitnami style) as a values document writes it: nil when the
    /// document has no `enabled` under the key. A probe that lands nowhere is tried again with
    /// `enabled: true` when some document switches the key off.
    public static func switchState(_ key: Key, in values: [UInt8], prefix: [String] = []) -> Bool? {
        guard key.path.starts(with: prefix), let stream = try? YAMLParser.parse(SourceText(values)),
            var node = stream.documents.first?.root?.resolved
        else { return nil }
        for step in key.path.dropFirst(prefix.count) {
            guard node.isMapping, let next = node[step]?.resolved else { return nil }
            node = next
        }
        guard node.isMapping, let enabled = node["enabled"] else { return nil }
        return enabled.bool ?? false
    }

    /// The marker for the `index`th probe: a valid, unusual UID.
    public static func marker(_ index: Int) -> Int { 7_300_000 + index }

    /// Where `marker` landed as a `runAsUser` in a rendered stream.
    public static func targets(of marker: Int, in rendered: [UInt8]) -> [Target] {
        guard let stream = try? YAMLParser.parse(SourceText(rendered), keepKind: Workload.isRelevantKind) else { return [] }
        var found: [Target] = []
        for workload in Workload.find(in: stream) {
            let key = workload.renderKey
            if workload.pod.securityContext?["runAsUser"]?.int == marker { found.append(Target(workload: key, container: nil)) }
            for container in workload.pod.containers where container.securityContext?["runAsUser"]?.int == marker {
                found.append(Target(workload: key, container: container.name))
            }
        }
        return found
    }
}

extension String {
    /// `a.b` as one helm `--set` path segment: `a\.b`.
    var replacingDots: String {
        var out = ""
        for c in self {
            if c == "." || c == "," || c == "=" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
