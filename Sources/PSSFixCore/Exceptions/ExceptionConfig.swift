/// Exceptions kept outside the manifests, for manifests one cannot (or will not) edit: vendored
/// charts, generated output, `--strict` runs.
///
/// ```yaml
/// exceptions:
/// - kind: DaemonSet          # optional, exact (Pod, Deployment, StatefulSet, DaemonSet, ...)
///   namespace: monitoring    # optional, exact metadata.namespace
///   name: node-exporter      # optional, exact metadata.name or a glob with * (node-*)
///   container: exporter      # optional: only that container
///   checks: [hostNamespaces, hostPathVolumes, hostPorts]
///   reason: node exporter reads host metrics     # required
/// ```
///
/// An entry applies to every workload that matches all of the selectors it gives (an entry without
/// selectors applies to every workload). Check IDs are upstream's, matched without regard to case;
/// a container entry cannot name a pod-level check (`hostNamespaces`, `hostPathVolumes`,
/// `restrictedVolumes`, `sysctls`).
///
/// Parsing is strict: unknown keys, unknown check IDs, unknown kinds, a missing or empty `checks`
/// or `reason`, and values of the wrong type are errors with their location.
public struct ExceptionConfig: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public let kind: Workload.Kind?
        public let namespace: String?
        /// Exact name, or a glob where `*` matches any run of characters.
        public let name: String?
        public let container: String?
        /// Canonical check IDs.
        public let checks: [String]
        public let reason: String
        /// Position in `exceptions`.
        public let index: Int
        /// Where the entry starts.
        public let location: Location

        public init(
            kind: Workload.Kind? = nil, namespace: String? = nil, name: String? = nil, container: String? = nil,
            checks: [String], reason: String, index: Int = 0, location: Location = Location(line: 1, column: 1)
        ) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.container = container
            self.checks = checks
            self.reason = reason
            self.index = index
            self.location = location
        }

        public var source: ExceptionSource { .config(index: index, location: location) }

        /// True when the kind, namespace and name selectors all match (a missing selector matches
        /// anything; a workload without a namespace or name matches only a glob that accepts "").
        public func matches(_ workload: Workload) -> Bool {
            if let kind, kind.rawValue != workload.kind.rawValue { return false }
            if let namespace, namespace != workload.namespace { return false }
            if let name, !Self.glob(name, matches: workload.name ?? "") { return false }
            return true
        }

        /// `*` matches any run of characters (including none); everything else matches itself.
        public static func glob(_ pattern: String, matches text: String) -> Bool {
            let p = Array(pattern.unicodeScalars)
            let t = Array(text.unicodeScalars)
            var pi = 0
            var ti = 0
            var star: Int?
            var mark = 0
            while ti < t.count {
                if pi < p.count && p[pi] != "*" && p[pi] == t[ti] {
                    pi += 1
                    ti += 1
                } else if pi < p.count && p[pi] == "*" {
                    star = pi
                    mark = ti
                    pi += 1
                } else if let s = star {
                    pi = s + 1
                    mark += 1
                    ti = mark
                } else {
                    return false
                }
            }
            while pi < p.count && p[pi] == "*" { pi += 1 }
            return pi == p.count
        }
    }

    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public let location: Location

        public init(message: String, location: Location) {
            self.message = message
            self.location = location
        }

        public var description: String { "\(location.line):\(location.column): \(message)" }
    }

    public let rules: [Rule]
    /// `exclude:` globs: paths left out of the run on purpose (not "skipped").
    public var exclude: [String] = []
    /// `workloadKinds:` custom kinds to judge (`apiVersion`, `kind`, `podTemplate: spec.template`).
    public var workloadKinds: [Workload.Kind] = []
    /// `charts:` how each chart is rendered (paths relative to the config file's folder).
    public var charts: [ChartSettings] = []

    /// One `charts:` entry: what `helm template` gets for the chart at `path`.
    public struct ChartSettings: Sendable, Hashable {
        public let path: String
        public let values: [String]
        public let release: String?
        public let namespace: String?
        public let set: [String]
    }

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The exemptions the config grants `workload`, in entry order.
    public func exemptions(for workload: Workload) -> [Exemption] {
        rules.filter { $0.matches(workload) }.flatMap { rule in
            rule.checks.map { Exemption(checkID: $0, container: rule.container, reason: rule.reason, source: rule.source) }
        }
    }

    static let ruleKeys = ["kind", "namespace", "name", "container", "checks", "reason"]

    public static func parse(_ bytes: [UInt8]) throws(ExceptionConfig.Error) -> ExceptionConfig {
        let stream: YAMLStream
        do {
            stream = try YAMLParser.parse(SourceText(bytes))
        } catch {
            throw Error(message: error.message, location: error.location)
        }
        let roots = stream.documents.compactMap(\.root).filter { !$0.resolved.isNull }
        guard let root = roots.first else { return ExceptionConfig(rules: []) }
        if roots.count > 1 {
            throw Error(message: "expected one document, found \(roots.count)", location: roots[1].location)
        }
        let top = root.resolved
        guard top.isMapping else {
            throw Error(message: "the exceptions file must be a mapping with an `exceptions` list", location: root.location)
        }
        try checkKeys(top, allowed: ["exceptions", "exclude", "workloadKinds", "charts"], in: "the exceptions file")
        let declared = try workloadKinds(top)
        var config = ExceptionConfig(rules: try rules(top, kinds: WorkloadKinds.builtIn.adding(declared)))
        config.exclude = try strings(top, "exclude")
        config.workloadKinds = declared
        config.charts = try charts(top)
        return config
    }

    /// `charts: [{path, values: [...], release, namespace, set: [...]}]`.
    static func charts(_ top: Node) throws(Error) -> [ChartSettings] {
        guard let node = top["charts"], !node.resolved.isNull else { return [] }
        guard node.resolved.isSequence else { throw Error(message: "charts must be a list", location: node.location) }
        var result: [ChartSettings] = []
        for (i, item) in node.resolved.items.enumerated() {
            let path = "charts[\(i)]"
            let entry = item.resolved
            guard entry.isMapping else { throw Error(message: "\(path) must be a mapping", location: item.location) }
            try checkKeys(entry, allowed: ["path", "values", "release", "namespace", "set"], in: path)
            guard let chart = try string(entry, "path", path: path) else {
                throw Error(message: "\(path): missing path (the chart's folder)", location: item.location)
            }
            result.append(ChartSettings(
                path: chart.value, values: try strings(entry, "values"), release: try string(entry, "release", path: path)?.value,
                namespace: try string(entry, "namespace", path: path)?.value, set: try strings(entry, "set")))
        }
        return result
    }

    /// `exclude: [GLOB, ...]`.
    static func strings(_ top: Node, _ key: String) throws(Error) -> [String] {
        guard let node = top[key], !node.resolved.isNull else { return [] }
        guard node.resolved.isSequence else { throw Error(message: "\(key) must be a list of strings", location: node.location) }
        var result: [String] = []
        for (i, item) in node.resolved.items.enumerated() {
            guard let text = item.resolved.scalarValue, !item.resolved.isNull, !text.isEmpty else {
                throw Error(message: "\(key)[\(i)] must be a non-empty string", location: item.location)
            }
            result.append(text)
        }
        return result
    }

    /// `workloadKinds: [{apiVersion: example.com/v1, kind: Foo, podTemplate: spec.template}]`:
    /// matched by the apiVersion's group and the kind (the version is ignored).
    static func workloadKinds(_ top: Node) throws(Error) -> [Workload.Kind] {
        guard let node = top["workloadKinds"], !node.resolved.isNull else { return [] }
        guard node.resolved.isSequence else { throw Error(message: "workloadKinds must be a list", location: node.location) }
        var kinds: [Workload.Kind] = []
        for (i, item) in node.resolved.items.enumerated() {
            let path = "workloadKinds[\(i)]"
            let entry = item.resolved
            guard entry.isMapping else { throw Error(message: "\(path) must be a mapping", location: item.location) }
            try checkKeys(entry, allowed: ["apiVersion", "kind", "podTemplate"], in: path)
            guard let apiVersion = try string(entry, "apiVersion", path: path) else {
                throw Error(message: "\(path): missing apiVersion (e.g. example.com/v1)", location: item.location)
            }
            guard let kind = try string(entry, "kind", path: path) else {
                throw Error(message: "\(path): missing kind", location: item.location)
            }
            let template = try string(entry, "podTemplate", path: path)?.value ?? "spec.template"
            let keys = template.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !keys.contains(where: \.isEmpty) else {
                throw Error(message: "\(path).podTemplate must be a dotted path such as spec.template", location: entry["podTemplate"]?.location ?? item.location)
            }
            kinds.append(Workload.Kind(kind.value, group: WorkloadKinds.group(of: apiVersion.value), templatePath: keys))
        }
        return kinds
    }

    static func rules(_ top: Node, kinds: WorkloadKinds) throws(Error) -> [Rule] {
        guard let listNode = top["exceptions"], !listNode.resolved.isNull else { return [] }
        let list = listNode.resolved
        guard list.isSequence else { throw Error(message: "exceptions must be a list", location: listNode.location) }
        var rules: [Rule] = []
        for (i, item) in list.items.enumerated() {
            let path = "exceptions[\(i)]"
            let entry = item.resolved
            guard entry.isMapping else { throw Error(message: "\(path) must be a mapping", location: item.location) }
            try checkKeys(entry, allowed: ruleKeys, in: path)

            var kind: Workload.Kind?
            if let text = try string(entry, "kind", path: path) {
                let known = Workload.Kind.allCases + kinds.custom
                guard let k = known.first(where: { $0.rawValue == text.value }) else {
                    throw Error(
                        message: "\(path).kind: unknown kind \(CheckFormatting.goQuote(text.value)); expected one of \(known.map(\.rawValue).joined(separator: ", ")) (declare others under workloadKinds)",
                        location: text.location)
                }
                kind = k
            }
            let namespace = try string(entry, "namespace", path: path)?.value
            let name = try string(entry, "name", path: path)?.value
            let container = try string(entry, "container", path: path)?.value

            guard let checksNode = entry["checks"], !checksNode.resolved.isNull else {
                throw Error(message: "\(path): missing checks (a list of check IDs)", location: entry.location)
            }
            let checksList = checksNode.resolved
            guard checksList.isSequence else {
                throw Error(message: "\(path).checks must be a list of check IDs, e.g. [hostPorts]", location: checksNode.location)
            }
            guard !checksList.items.isEmpty else {
                throw Error(message: "\(path).checks must name at least one check", location: checksNode.location)
            }
            var checks: [String] = []
            for (j, checkNode) in checksList.items.enumerated() {
                let value = checkNode.resolved
                guard case .scalar(let text, _) = value.kind, !value.isNull, !text.isEmpty else {
                    throw Error(message: "\(path).checks[\(j)] must be a check ID", location: checkNode.location)
                }
                guard let id = ExceptionCheckIDs.canonical(text) else {
                    throw Error(message: "\(path).checks[\(j)]: \(ExceptionCheckIDs.unknownMessage(text))", location: checkNode.location)
                }
                if let container, ExceptionCheckIDs.podLevelOnly.contains(id) {
                    throw Error(
                        message: "\(path).checks[\(j)]: \(ExceptionCheckIDs.podLevelMessage(id, container: container))",
                        location: checkNode.location)
                }
                if !checks.contains(id) { checks.append(id) }
            }
            guard let reasonValue = try string(entry, "reason", path: path),
                case let reason = ExceptionCheckIDs.trim(reasonValue.value), !reason.isEmpty
            else {
                throw Error(message: "\(path): missing reason (why this exception is acceptable)", location: entry["reason"]?.location ?? entry.location)
            }
            rules.append(Rule(
                kind: kind, namespace: namespace, name: name, container: container, checks: checks, reason: reason,
                index: i, location: item.location))
        }
        return rules
    }

    static func checkKeys(_ object: Node, allowed: [String], in what: String) throws(Error) {
        for pair in object.effectivePairs {
            guard let key = pair.key.resolved.scalarValue, allowed.contains(key) else {
                throw Error(
                    message: "\(what): unknown key \(CheckFormatting.goQuote(pair.key.resolved.scalarValue ?? "?")) (expected \(allowed.joined(separator: ", ")))",
                    location: pair.key.location)
            }
        }
    }

    /// A non-empty string under `key`; nil when absent or null.
    static func string(_ object: Node, _ key: String, path: String) throws(Error) -> (value: String, location: Location)? {
        guard let node = object[key], !node.resolved.isNull else { return nil }
        let value = node.resolved
        guard case .scalar(let text, _) = value.kind else {
            throw Error(message: "\(path).\(key) must be a string", location: node.location)
        }
        guard !text.isEmpty else { throw Error(message: "\(path).\(key) must not be empty", location: node.location) }
        return (text, node.location)
    }
}
