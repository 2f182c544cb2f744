/// Bitnami-style switches (issue 20): a securityContext values key whose template reads it only
/// when its sibling `enabled` is true (`{{- if .Values.containerSecurityContext.enabled }}`,
/// then `omit .Values.containerSecurityContext "enabled" | toYaml`). Fixing through such a key
/// means setting the fields *and* the switch, and switching it on brings every field already
/// written under the key into the render, not only the planned ones.
///
/// The rule: switching on is part of an automatic fix only when the workload, fixed with the
/// switch on, differs from the fix planned on the original render by nothing but
///   - fields the automatic fixes themselves write, with the values they write
///     (`allowPrivilegeEscalation: false`, `runAsNonRoot: true`, `seccompProfile.type:
///     RuntimeDefault`, a `capabilities.drop` holding `ALL`), at pod or container level, and
///   - inert fields: empty values (`seLinuxOptions: {}`, `sysctls: []`) and values that state
///     what Kubernetes does when the field is absent (`privileged: false`,
///     `readOnlyRootFilesystem: false`, `procMount: Default`, `fsGroupChangePolicy: Always`),
/// while fields the fix no longer needs (a pod-level `runAsNonRoot` once the container sets it)
/// may go. Anything else the switch would bring — `runAsUser: 1001`, `fsGroup`,
/// `readOnlyRootFilesystem: true`, added capabilities, SELinux labels, a change outside a
/// securityContext — changes how the workload runs, which pss-fix never decides on its own
/// (the same reason `runAsUser` is opt-in): the workload is left for a person, with the fields
/// named, and is fixed by a later run once the switch is on.
public enum HelmValuesSwitch {
    public struct Review: Sendable, Equatable {
        /// Workload (`Kind namespace/name`) → what the switch would bring that is not harmless,
        /// per pod or container (`container "web"` → `runAsUser=1001`), in order.
        public var byWorkload: [String: [(owner: String, fields: [String])]] = [:]

        public static func == (a: Review, b: Review) -> Bool {
            a.elsewhere == b.elsewhere && a.byWorkload.keys == b.byWorkload.keys
                && a.byWorkload.allSatisfy { key, value in
                    let other = b.byWorkload[key] ?? []
                    return value.count == other.count && zip(value, other).allSatisfy { $0.owner == $1.owner && $0.fields == $1.fields }
                }
        }

        /// `container "web": runAsUser=1001, readOnlyRootFilesystem=true; pod: fsGroup=1001`.
        public func described(_ workload: String) -> String? {
            guard let owners = byWorkload[workload], !owners.isEmpty else { return nil }
            return owners.map { "\($0.owner): \($0.fields.joined(separator: ", "))" }.joined(separator: "; ")
        }
        /// Changes the switch makes to objects that are not the workloads being fixed.
        public var elsewhere: [String] = []
    }

    /// Compares the fix planned on the original render (`planned`) with the fix planned on the
    /// render with the switches on (`switched`), both whole rendered streams; `workloads` are
    /// the workloads the switches are meant for (`Kind namespace/name`).
    /// `volatile`: what differs between two renders of the unchanged chart (ignored).
    public static func review(
        planned: [UInt8], switched: [UInt8], workloads: Set<String>, volatile: Set<RenderedComparison.Difference> = []
    ) throws(YAMLError) -> Review {
        let differences = try RenderedComparison.differences(expected: planned, actual: switched, volatile: volatile)
        let before = try objectNodes(planned), after = try objectNodes(switched)
        var review = Review()
        for difference in differences {
            guard workloads.contains(difference.object) else {
                review.elsewhere.append(difference.description)
                continue
            }
            func add(_ owner: String, _ text: String) {
                var owners = review.byWorkload[difference.object] ?? []
                if let i = owners.firstIndex(where: { $0.owner == owner }) {
                    if !owners[i].fields.contains(text) { owners[i].fields.append(text) }
                } else {
                    owners.append((owner, [text]))
                }
                review.byWorkload[difference.object] = owners
            }
            guard let at = difference.path.lastIndex(of: "securityContext") else {
                add("changes outside a securityContext", difference.path.joined(separator: "."))
                continue
            }
            let owner = ownerName(difference.path[..<at], in: after[difference.object])
            let field = Array(difference.path[(at + 1)...])
            // Absent with the switch on: a field the fix no longer needs there.
            guard let value = node(at: difference.path, in: after[difference.object]) else { continue }
            let old = node(at: difference.path, in: before[difference.object])
            for leaf in leaves(value, old: old, field: field) where !isHarmless(leaf.field, leaf.node) {
                add(owner, "\(leaf.field.joined(separator: "."))=\(summary(leaf.node))")
            }
        }
        return review
    }

    /// A field the automatic fixes write, with their value, or one that changes nothing.
    public static func isHarmless(_ field: [String], _ value: Node) -> Bool {
        let value = value.resolved
        if value.isNull || (value.isMapping && value.pairs.isEmpty) || (value.isSequence && value.items.isEmpty) { return true }
        switch field {
        case ["allowPrivilegeEscalation"], ["privileged"], ["readOnlyRootFilesystem"]: return value.bool == false
        case ["runAsNonRoot"]: return value.bool == true
        case ["seccompProfile", "type"]: return value.string == "RuntimeDefault"
        case ["capabilities", "drop"]: return value.isSequence && value.items.contains { $0.string == "ALL" }
        case ["procMount"]: return value.string == "Default"
        case ["fsGroupChangePolicy"]: return value.string == "Always"
        default: return false
        }
    }

    /// The leaves of a value the switch brings, each with its field path; leaves equal to the
    /// planned fix's (`old`) are left out. Mappings are walked, sequences and scalars are leaves.
    static func leaves(_ value: Node, old: Node?, field: [String]) -> [(field: [String], node: Node)] {
        let value = value.resolved
        if let old, SemanticValue(old.resolved) == SemanticValue(value) { return [] }
        guard value.isMapping, !value.pairs.isEmpty else { return [(field, value)] }
        var found: [(field: [String], node: Node)] = []
        for pair in value.effectivePairs {
            guard let name = pair.key.scalarValue else { continue }
            let previous = old.flatMap { $0.resolved.isMapping ? $0[name] : nil }
            found += leaves(pair.value, old: previous, field: field + [name])
        }
        return found
    }

    /// `container "web"` when the path runs through a container, else `pod`.
    static func ownerName(_ path: ArraySlice<String>, in object: Node?) -> String {
        let steps = Array(path)
        guard steps.count >= 2, ["containers", "initContainers", "ephemeralContainers"].contains(steps[steps.count - 2]) else {
            return "pod"
        }
        let name = node(at: steps, in: object)?["name"]?.string ?? steps[steps.count - 1]
        return "container \"\(name)\""
    }

    static func node(at path: [String], in object: Node?) -> Node? {
        var current = object
        for step in path {
            guard let node = current?.resolved else { return nil }
            if node.isSequence, let i = Int(step), node.items.indices.contains(i) {
                current = node.items[i]
            } else if node.isMapping {
                current = node[step]
            } else {
                return nil
            }
        }
        return current
    }

    static func summary(_ node: Node) -> String {
        let node = node.resolved
        if node.isSequence { return "[" + node.items.map(summary).joined(separator: ", ") + "]" }
        if node.isMapping {
            return "{" + node.pairs.map { "\($0.key.scalarValue ?? "?"): \(summary($0.value))" }.joined(separator: ", ") + "}"
        }
        return node.scalarValue ?? ""
    }

    /// Objects by the identity `RenderedComparison` gives them.
    static func objectNodes(_ bytes: [UInt8]) throws(YAMLError) -> [String: Node] {
        let stream = try YAMLParser.parse(SourceText(bytes))
        var result: [String: Node] = [:]
        for entry in Workload.objects(in: stream) where entry.object.isMapping {
            let object = entry.object
            let metadata = object.mapping("metadata")
            let key = (object["kind"]?.string ?? "") + " " + (metadata?["namespace"]?.string ?? "") + "/" + (metadata?["name"]?.string ?? "")
            if result[key] == nil { result[key] = object }
        }
        return result
    }
}
