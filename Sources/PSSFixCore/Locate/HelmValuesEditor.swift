/// Writes the changes planned on a chart's render into a values file (issue 20, rule 1): each
/// change to a pod's or container's securityContext goes under the values key whose probe
/// landed there, with the same byte-exact engine as manifests (comments, order and style kept;
/// `securityContext: {}` with commented suggestions under it becomes a block mapping).
/// Changes that no key reaches are returned as unplaced, with the reason.
public enum HelmValuesEditor {
    public struct Outcome: Sendable {
        /// The values file's new bytes (the original when nothing was placed).
        public var bytes: [UInt8]
        /// What was put where: `podSecurityContext.runAsNonRoot=true`.
        public var placed: [String] = []
        /// Planned changes that could not go into the values, and why.
        public var unplaced: [String] = []
        /// Workloads (`Kind namespace/name`) whose every change went into the values, and those
        /// left as they are because some change had no place there.
        public var placedWorkloads = Set<String>()
        public var unplacedWorkloads = Set<String>()
    }

    /// `planned`: the fix planned on the render; `routes`: target → key (from probing);
    /// `switches`: workload (`Kind namespace/name`) → keys behind a bitnami-style switch to turn
    /// on for it (`enabled: true`, see `HelmValuesSwitch`), with the render `planned` was made on
    /// having them on already — the switch may be all a workload needs.
    public static func edit(
        values: [UInt8], planned: FileFixResult, routes: [HelmValuesLocator.Target: HelmValuesLocator.Key],
        switches: [String: [HelmValuesLocator.Key]] = [:]
    ) -> Outcome {
        var outcome = Outcome(bytes: values)
        guard let stream = try? YAMLParser.parse(SourceText(values)), let document = stream.documents.first,
            let root = document.root?.resolved, root.isMapping || root.isNull
        else {
            outcome.unplaced.append("the values file is not a YAML mapping")
            return outcome
        }
        var intents: [FixIntent] = []
        var seen = Set<String>()
        // Atomic per workload: a workload goes into the values only when every one of its
        // planned changes has a place there; otherwise it is left as it is, with the reason.
        for workload in planned.workloads {
            let identity = workload.renderKey
            let switched = switches[identity] ?? []
            guard !workload.applied.isEmpty || !switched.isEmpty else { continue }
            var translated: [(intent: FixIntent, signature: String, key: HelmValuesLocator.Key)] = []
            var missing: [String] = []
            for intent in workload.applied {
                let target = HelmValuesLocator.Target(workload: identity, container: intent.containerName)
                let owner = intent.containerName.map { "container \"\($0)\"" } ?? "the pod"
                guard let key = routes[target] else {
                    let text = "no values key feeds the securityContext of \(owner)"
                    if !missing.contains(text) { missing.append(text) }
                    continue
                }
                switch translate(intent, key: key, root: root) {
                case .success(let t): translated.append((t.intent, t.signature, key))
                case .failure(let why): missing.append("\(intent.summary): \(why.text)")
                }
            }
            if !missing.isEmpty {
                outcome.unplaced.append("\(workload.displayName): " + missing.joined(separator: "; "))
                outcome.unplacedWorkloads.insert(identity)
                continue
            }
            outcome.placedWorkloads.insert(identity)
            // A key behind a bitnami-style switch reaches the render only with `enabled: true`
            // (HelmValuesSwitch decided beforehand that what it brings in is harmless).
            let checkID = workload.applied.first?.checkID ?? workload.before.first?.checkID ?? ""
            for key in switched + translated.map(\.key) where key.viaSwitch && seen.insert("\(key)|enabled").inserted {
                intents.append(FixIntent(.set(base: root, path: key.path + ["enabled"], value: .bool(true)), checkID: checkID,
                                         summary: "values \(key).enabled=true"))
                outcome.placed.append("\(key): enabled=true (switched on)")
            }
            for t in translated where seen.insert("\(t.key)|\(t.signature)").inserted {
                intents.append(t.intent)
                outcome.placed.append("\(t.key): \(t.signature)")
            }
        }
        guard !intents.isEmpty else { return outcome }
        let patched = TextPatcher.patch(stream, intents: [document.index: intents])
        if let problem = patched.problem {
            outcome.unplaced.append("the values edit did not verify: \(problem)")
            outcome.placed = []
            return outcome
        }
        for (key, reason) in patched.refusals { outcome.unplaced.append("\(key.summary): \(reason)") }
        outcome.bytes = patched.bytes
        return outcome
    }

    struct Reason: Error { let text: String }

    /// The values-file intent for a change to a securityContext (`securityContext.X` under the
    /// pod spec or a container → `KEY.X` in the values).
    static func translate(_ intent: FixIntent, key: HelmValuesLocator.Key, root: Node) -> Result<(intent: FixIntent, signature: String), Reason> {
        func suffix(_ path: [String]) -> [String]? { path.first == "securityContext" ? Array(path.dropFirst()) : nil }
        switch intent.action {
        case .set(_, let path, let value):
            guard let rest = suffix(path) else { return .failure(Reason(text: "it is not in a securityContext")) }
            let full = key.path + rest
            return .success((FixIntent(.set(base: root, path: full, value: value), checkID: intent.checkID,
                                       summary: "values \(full.joined(separator: "."))=\(value.summary)"), "\(rest.joined(separator: "."))=\(value.summary)"))
        case .include(_, let path, let item):
            guard let rest = suffix(path) else { return .failure(Reason(text: "it is not in a securityContext")) }
            let full = key.path + rest
            return .success((FixIntent(.include(base: root, path: full, item: item), checkID: intent.checkID,
                                       summary: "values \(full.joined(separator: ".")) += \(item.summary)"), "\(rest.joined(separator: ".")) += \(item.summary)"))
        case .remove(_, let items):
            let names = items.compactMap(\.string)
            var node: Node? = root
            for step in key.path + ["capabilities", "add"] { node = node?[step]?.resolved }
            guard let list = node, list.isSequence else {
                return .failure(Reason(text: "the capabilities it removes are not written under \(key) in the values file"))
            }
            let doomed = list.items.filter { names.contains($0.resolved.string ?? "") }
            guard doomed.count == names.count else {
                return .failure(Reason(text: "\(key).capabilities.add in the values file does not list them all"))
            }
            return .success((FixIntent(.remove(sequence: list, items: doomed), checkID: intent.checkID,
                                       summary: "values \(key).capabilities.add -= \(names.joined(separator: ","))", changesExplicitValue: true),
                             "capabilities.add -= \(names.joined(separator: ","))"))
        case .removeKeys:
            return .failure(Reason(text: "it is not in a securityContext"))
        }
    }
}
