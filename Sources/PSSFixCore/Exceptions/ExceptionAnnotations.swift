/// In-manifest exceptions: annotations on the workload.
///
/// **Whole workload** — `pss-fix/ignore` on the object's `metadata.annotations` (also accepted on
/// the pod template's `metadata.annotations`):
///
/// ```yaml
/// metadata:
///   annotations:
///     pss-fix/ignore: "privileged, hostPathVolumes: node agent reads the host filesystem"
/// ```
///
/// **One container** — `pss-fix/ignore.CONTAINER_NAME`:
///
/// ```yaml
///     pss-fix/ignore.app: "allowPrivilegeEscalation: legacy entrypoint uses sudo"
/// ```
///
/// The value is `CHECK[, CHECK...]: REASON`; several entries are separated by `;`
/// (`"hostPorts: binds 53 on the node; sysctls: tunes conntrack"`), so a reason cannot contain
/// `;`. The reason is everything after the first `:`, and it is required.
///
/// Check IDs are upstream's (`hostPathVolumes`, `capabilities_restricted`, ...), matched without
/// regard to case. Exempting a baseline check does not exempt the restricted check that replaces
/// it at restricted: list both where needed (`hostPathVolumes, restrictedVolumes`).
///
/// Malformed annotations are reported as problems at the annotation's value and the entry is not
/// applied at all (an unknown ID, a missing reason, a container that does not exist, a pod-level
/// check such as `hostNamespaces` on a container annotation, a misspelt `pss-fix/ignore…` key).
public enum ExceptionAnnotations {
    /// The workload-wide key.
    public static let key = "pss-fix/ignore"
    /// The per-container key prefix: `pss-fix/ignore.` + container name.
    public static let containerKeyPrefix = "pss-fix/ignore."

    /// The `pss-fix/ignore…` annotations of a workload: the object's, then the pod template's
    /// (once, for a Pod), in the order written.
    static func annotations(of workload: Workload) -> [(key: String, value: Node, keyNode: Node)] {
        var maps: [Node] = []
        for metadata in [workload.object.mapping("metadata"), workload.pod.metadata] {
            guard let map = metadata?.mapping("annotations") else { continue }
            if !maps.contains(where: { $0 === map }) { maps.append(map) }
        }
        var result: [(key: String, value: Node, keyNode: Node)] = []
        for map in maps {
            for pair in map.effectivePairs {
                guard let key = pair.key.string, key.lowercased().hasPrefix(Self.key) else { continue }
                result.append((key, pair.value, pair.key))
            }
        }
        return result
    }

    /// The exemptions and problems of a workload's annotations.
    static func read(_ workload: Workload) -> (exemptions: [Exemption], problems: [ExceptionProblem]) {
        var exemptions: [Exemption] = []
        var problems: [ExceptionProblem] = []
        let containerNames = Set(workload.pod.containers.map(\.name))
        for (key, valueNode, keyNode) in annotations(of: workload) {
            let container: String?
            if key == Self.key {
                container = nil
            } else if key.hasPrefix(containerKeyPrefix), key.count > containerKeyPrefix.count {
                let name = String(key.dropFirst(containerKeyPrefix.count))
                guard containerNames.contains(name) else {
                    problems.append(ExceptionProblem(
                        message: "no container named \(CheckFormatting.goQuote(name)) in this pod"
                            + (containerNames.isEmpty ? "" : " (containers: \(CheckFormatting.joinQuote(workload.pod.containers.map(\.name))))"),
                        location: keyNode.location, key: key))
                    continue
                }
                container = name
            } else {
                problems.append(ExceptionProblem(
                    message: "unknown pss-fix annotation; use \(Self.key) for the whole workload or \(containerKeyPrefix)CONTAINER for one container",
                    location: keyNode.location, key: key))
                continue
            }
            let value = valueNode.resolved
            guard case .scalar(let text, _) = value.kind, !value.isNull else {
                problems.append(ExceptionProblem(
                    message: "the value must be a string: CHECK[, CHECK...]: REASON", location: valueNode.location, key: key))
                continue
            }
            let parsed = parse(text, container: container, source: .annotation(key: key, location: valueNode.location))
            exemptions += parsed.exemptions
            problems += parsed.problems.map { ExceptionProblem(message: $0, location: valueNode.location, key: key) }
        }
        return (exemptions, problems)
    }

    /// Parses `CHECK[, CHECK...]: REASON[; ...]`. An entry with any problem yields no exemption.
    static func parse(_ text: String, container: String?, source: ExceptionSource) -> (exemptions: [Exemption], problems: [String]) {
        var exemptions: [Exemption] = []
        var problems: [String] = []
        let entries = text.split(separator: ";", omittingEmptySubsequences: false).map { ExceptionCheckIDs.trim($0) }
        if entries.allSatisfy(\.isEmpty) {
            return ([], ["empty exception; write CHECK[, CHECK...]: REASON"])
        }
        for entry in entries where !entry.isEmpty {
            var entryProblems: [String] = []
            guard let colon = entry.firstIndex(of: ":") else {
                problems.append("\(CheckFormatting.goQuote(entry)): missing reason; write CHECK[, CHECK...]: REASON")
                continue
            }
            let reason = ExceptionCheckIDs.trim(entry[entry.index(after: colon)...])
            let names = entry[..<colon].split(separator: ",", omittingEmptySubsequences: false).map { ExceptionCheckIDs.trim($0) }
            var ids: [String] = []
            if names.allSatisfy(\.isEmpty) {
                entryProblems.append("\(CheckFormatting.goQuote(entry)): names no check; write CHECK[, CHECK...]: REASON")
            }
            for name in names where !name.isEmpty {
                guard let id = ExceptionCheckIDs.canonical(name) else {
                    entryProblems.append(ExceptionCheckIDs.unknownMessage(name))
                    continue
                }
                if let container, ExceptionCheckIDs.podLevelOnly.contains(id) {
                    entryProblems.append(ExceptionCheckIDs.podLevelMessage(id, container: container))
                    continue
                }
                if !ids.contains(id) { ids.append(id) }
            }
            if reason.isEmpty {
                entryProblems.append("\(CheckFormatting.goQuote(entry)): missing reason after ':'")
            }
            if entryProblems.isEmpty {
                exemptions += ids.map { Exemption(checkID: $0, container: container, reason: reason, source: source) }
            } else {
                problems += entryProblems
            }
        }
        return (exemptions, problems)
    }
}
