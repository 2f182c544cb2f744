import FoundationEssentials
import PSSFixCore

/// The namespace table of `pss-fix migrate`, as a terminal table, Markdown for a pull request,
/// or JSON.
enum MigrationReporter {
    enum Mode { case plan, diff, applied }

    struct Blocker {
        let workload: Migration.WorkloadStatus
        let violation: CheckViolation
        var action: String { HumanActions.advice(for: violation.checkID) }
    }

    static func blockers(_ ns: Migration.NamespaceStatus) -> [Blocker] {
        ns.workloads.flatMap { w in w.blockers.map { Blocker(workload: w, violation: $0) } }
    }

    static func displayName(_ ns: Migration.NamespaceStatus) -> String { ns.name.isEmpty ? "(no namespace)" : ns.name }

    static func labelVerb(_ mode: Mode) -> String {
        switch mode {
        case .plan: return "would set"
        case .diff: return "sets"
        case .applied: return "set"
        }
    }

    static func fixVerb(_ mode: Mode) -> String {
        switch mode {
        case .plan: return "would fix"
        case .diff: return "fixes"
        case .applied: return "fixed"
        }
    }

    static func text(_ namespaces: [Migration.NamespaceStatus], target: String, mode: Mode, palette: Palette) -> String {
        let header = ["NAMESPACE", "WORKLOADS", "TODAY", "AFTER FIXES", "READY", "BLOCKERS"]
        var rows: [[String]] = []
        for ns in namespaces {
            rows.append([
                displayName(ns), String(ns.workloads.count), ns.current.rawValue, ns.afterFixes.rawValue,
                ns.ready ? "yes" : "no", String(blockers(ns).count),
            ])
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.indices.map { $0 == cells.count - 1 ? cells[$0] : cells[$0].padded(toLength: widths[$0] + 2) }
                .joined()
        }
        var out = palette.bold("Target: \(target)") + "\n\n" + palette.bold(line(header)) + "\n"
        for row in rows { out += line(row) + "\n" }
        for ns in namespaces {
            let items = blockers(ns)
            let noManifest = !ns.hasManifest && !ns.name.isEmpty
            let changed = ns.workloads.filter { !$0.changes.isEmpty }
            guard !items.isEmpty || !ns.labelChanges.isEmpty || noManifest || ns.name.isEmpty || !changed.isEmpty
                || !ns.notChecked.isEmpty
            else { continue }
            out += "\n" + palette.bold(displayName(ns)) + "\n"
            for b in items {
                let w = b.workload
                let containers = b.violation.containers.isEmpty ? "" : " [\(b.violation.containers.joined(separator: ", "))]"
                out += "  \(palette.red("blocked")) \(w.identity.displayName)\(containers) \(b.violation.checkID): \(b.violation.message)\n"
                out += "          \(palette.dim("→ " + b.action))\n"
            }
            for e in ns.workloads.flatMap({ w in w.exempted.map { (w, $0) } }) {
                out += "  \(palette.yellow("exempted")) \(e.0.identity.displayName) \(e.1.violation.checkID): \(e.1.reason)\n"
            }
            for w in changed {
                out += "  \(palette.green(fixVerb(mode))) \(w.identity.displayName) (\(w.path):\(w.identity.location.line)): \(w.changes.count) change\(w.changes.count == 1 ? "" : "s")\n"
                for change in w.changes { out += "          \(palette.dim(change))\n" }
            }
            for change in ns.labelChanges {
                out += "  \(palette.green("label")) \(labelVerb(mode)) \(change.key)=\(change.value)\n"
            }
            for reason in ns.notChecked {
                out += "  \(palette.yellow("not checked")) \(reason): enforce is not set while it is unchecked\n"
            }
            if noManifest {
                out += "  \(palette.yellow("note")) no Namespace manifest in the input: labels cannot be set here\n"
            }
            if ns.name.isEmpty {
                out += "  \(palette.yellow("note")) these workloads have no metadata.namespace: they land wherever they are applied\n"
            }
        }
        return out
    }

    static func markdown(_ namespaces: [Migration.NamespaceStatus], target: String, mode: Mode) -> String {
        var out = "### Pod Security migration to `\(target)`\n\n"
        out += "| Namespace | Workloads | Today | After fixes | Ready | Blockers |\n|---|---:|---|---|---|---:|\n"
        for ns in namespaces {
            out += "| `\(displayName(ns))` | \(ns.workloads.count) | \(ns.current.rawValue) | \(ns.afterFixes.rawValue) | "
                + "\(ns.ready ? "✅ yes" : "❌ no") | \(blockers(ns).count) |\n"
        }
        let blocked = namespaces.filter { !blockers($0).isEmpty }
        if !blocked.isEmpty {
            out += "\n#### What still blocks `\(target)`\n\n"
            for ns in blocked {
                out += "- **\(displayName(ns))**\n"
                for b in blockers(ns) {
                    let containers = b.violation.containers.isEmpty ? "" : " (\(b.violation.containers.joined(separator: ", ")))"
                    out += "  - `\(b.workload.identity.displayName)`\(containers), `\(b.violation.checkID)`: \(b.violation.message). *Action:* \(b.action)\n"
                }
            }
        }
        let exempted = namespaces.flatMap { ns in ns.workloads.flatMap { w in w.exempted.map { (ns, w, $0) } } }
        if !exempted.isEmpty {
            out += "\n#### Exempted\n\n"
            for (ns, w, e) in exempted {
                out += "- `\(displayName(ns))` `\(w.identity.displayName)` `\(e.violation.checkID)`: \(e.reason)\n"
            }
        }
        let labelled = namespaces.filter { !$0.labelChanges.isEmpty }
        if !labelled.isEmpty {
            out += "\n#### Namespace labels (\(labelVerb(mode)))\n\n"
            for ns in labelled {
                out += "- `\(ns.name)`: " + ns.labelChanges.map { "`\($0.key)=\($0.value)`" }.joined(separator: ", ") + "\n"
            }
        }
        let missing = namespaces.filter { !$0.hasManifest && !$0.name.isEmpty }
        if !missing.isEmpty {
            out += "\nNo Namespace manifest in the repository for: " + missing.map { "`\($0.name)`" }.joined(separator: ", ") + ".\n"
        }
        return out
    }

    struct JSONOutput: Encodable {
        let schemaVersion = JSONSchema.version
        let target: String
        let namespaces: [JSONNamespace]
    }

    struct JSONNamespace: Encodable {
        let name: String
        let current: String
        let afterFixes: String
        let ready: Bool
        let hasManifest: Bool
        let workloads: [JSONWorkload]
        let blockers: [JSONBlocker]
        let labels: [String: String]
        let notChecked: [String]
    }

    struct JSONWorkload: Encodable {
        let kind: String
        let name: String?
        let file: String
        let line: Int
        let current: String
        let afterFixes: String
        let exempted: [String]
        let changes: [String]
    }

    struct JSONBlocker: Encodable {
        let kind: String
        let name: String?
        let check: String
        let containers: [String]
        let message: String
        let action: String
    }

    static func json(_ namespaces: [Migration.NamespaceStatus], target: String) -> String {
        let out = JSONOutput(target: target, namespaces: namespaces.map { ns in
            JSONNamespace(
                name: ns.name, current: ns.current.rawValue, afterFixes: ns.afterFixes.rawValue, ready: ns.ready,
                hasManifest: ns.hasManifest,
                workloads: ns.workloads.map {
                    JSONWorkload(
                        kind: $0.identity.kind, name: $0.identity.name, file: $0.path, line: $0.identity.location.line,
                        current: $0.current.rawValue, afterFixes: $0.afterFixes.rawValue,
                        exempted: $0.exempted.map(\.violation.checkID), changes: $0.changes)
                },
                blockers: blockers(ns).map {
                    JSONBlocker(
                        kind: $0.workload.identity.kind, name: $0.workload.identity.name, check: $0.violation.checkID,
                        containers: $0.violation.containers, message: $0.violation.message, action: $0.action)
                },
                labels: Dictionary(ns.labelChanges.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }),
                notChecked: ns.notChecked)
        })
        return JSONCheckReporter.encode(out)
    }
}
