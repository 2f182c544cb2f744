import FoundationEssentials
import PSSFixCore

/// The namespace table of `pss-fix migrate`, as a terminal table, Markdown for a pull request,
/// or JSON.
enum MigrationReporter {
    /// `live`: the input is a cluster dump; nothing is written, changes are for the owners.
    enum Mode { case plan, diff, applied, live }

    struct Blocker {
        let workload: Migration.WorkloadStatus
        let violation: CheckViolation
        /// Set for a violation of an injected container: who injected it.
        var injectedBy: String?
        var action: String {
            guard let injectedBy else { return HumanActions.advice(for: violation.checkID) }
            return ClusterAdvice.injected(by: injectedBy)
        }
    }

    /// The workload's own blockers, then those of its injected containers.
    static func blockers(_ ns: Migration.NamespaceStatus) -> [Blocker] {
        ns.workloads.flatMap { w in
            w.blockers.map { Blocker(workload: w, violation: $0) }
                + w.injectedBlockers.map { Blocker(workload: w, violation: $0, injectedBy: ClusterAdvice.injector(of: $0, in: w)) }
        }
    }

    static func displayName(_ ns: Migration.NamespaceStatus) -> String { ns.name.isEmpty ? "(no namespace)" : ns.name }

    static func labelVerb(_ mode: Mode) -> String {
        switch mode {
        case .plan: return "would set"
        case .diff: return "sets"
        case .applied: return "set"
        case .live: return "planned"
        }
    }

    static func fixVerb(_ mode: Mode) -> String {
        switch mode {
        case .plan: return "would fix"
        case .diff: return "fixes"
        case .applied: return "fixed"
        case .live: return "owners change"
        }
    }

    static func text(
        _ namespaces: [Migration.NamespaceStatus], target: String, mode: Mode, palette: Palette, input: String? = nil
    ) -> String {
        let live = mode == .live
        var header = ["NAMESPACE", "WORKLOADS", "TODAY", "AFTER FIXES", live ? "READY NOW" : "READY", "BLOCKERS", "RECOMMENDED"]
        if live { header.insert("PODS", at: 2) }
        var rows: [[String]] = []
        for ns in namespaces {
            var row = [
                displayName(ns), String(ns.workloads.count), ns.current.rawValue, ns.afterFixes.rawValue,
                ns.ready ? "yes" : "no", String(blockers(ns).count), recommended(ns),
            ]
            if live { row.insert(String(ns.workloads.reduce(0) { $0 + ($1.replicas ?? 0) }), at: 2) }
            rows.append(row)
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.indices.map { $0 == cells.count - 1 ? cells[$0] : cells[$0].padded(toLength: widths[$0] + 2) }
                .joined()
        }
        var out = palette.bold("Target: \(target)") + "\n"
        if let input { out += "Input: \(input)\n" }
        out += "\n" + palette.bold(line(header)) + "\n"
        for row in rows { out += line(row) + "\n" }
        for ns in namespaces {
            let items = blockers(ns)
            let noManifest = !ns.hasManifest && !ns.name.isEmpty
            let changed = ns.workloads.filter { !$0.changes.isEmpty }
            guard !items.isEmpty || !ns.labelChanges.isEmpty || noManifest || ns.name.isEmpty || !changed.isEmpty
                || !ns.notChecked.isEmpty || live || ns.recommendation.isPrivileged
            else { continue }
            out += "\n" + palette.bold(displayName(ns)) + "\n"
            if !ns.name.isEmpty {
                out += "  \(palette.bold("recommended")) \(recommendedLabels(ns)): \(ns.recommendation.reason)\n"
            }
            if live { out += ClusterAdvice.workloadLines(ns, palette: palette) }
            for b in items {
                let w = b.workload
                let containers = b.violation.containers.isEmpty ? "" : " [\(b.violation.containers.joined(separator: ", "))]"
                let verb = b.injectedBy.map { "injected by \($0), " } ?? ""
                out += "  \(palette.red("blocked")) \(w.identity.displayName)\(containers) \(verb)\(b.violation.checkID): \(b.violation.message)\n"
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
            if ns.exempt && !ns.name.isEmpty {
                out += "  \(palette.yellow("exempt")) no labels: PSA ignores an exempt namespace's labels\n"
            }
            for reason in ns.notChecked {
                out += "  \(palette.yellow("not checked")) \(reason): enforce is not set while it is unchecked\n"
            }
            if noManifest {
                out += "  \(palette.yellow("note")) no Namespace \(live ? "object" : "manifest") in the input: labels cannot be \(live ? "planned (its current labels are unknown)" : "set here")\n"
            }
            if ns.name.isEmpty {
                out += "  \(palette.yellow("note")) these workloads have no metadata.namespace: they land wherever they are applied\n"
            }
        }
        return out
    }

    static func markdown(_ namespaces: [Migration.NamespaceStatus], target: String, mode: Mode) -> String {
        var out = "### Pod Security migration to `\(target)`\n\n"
        out += "| Namespace | Workloads | Today | After fixes | Ready | Blockers | Recommended |\n|---|---:|---|---|---|---:|---|\n"
        for ns in namespaces {
            out += "| `\(displayName(ns))` | \(ns.workloads.count) | \(ns.current.rawValue) | \(ns.afterFixes.rawValue) | "
                + "\(ns.ready ? "✅ yes" : "❌ no") | \(blockers(ns).count) | \(recommended(ns)) |\n"
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
        let privileged = namespaces.filter { $0.recommendation.isPrivileged }
        if !privileged.isEmpty {
            out += "\n#### Recommended privileged\n\n"
            for ns in privileged { out += "- `\(ns.name)`: \(recommendedLabels(ns)): \(ns.recommendation.reason)\n" }
        }
        let missing = namespaces.filter { !$0.hasManifest && !$0.name.isEmpty }
        if !missing.isEmpty {
            out += "\nNo Namespace manifest in the repository for: " + missing.map { "`\($0.name)`" }.joined(separator: ", ") + ".\n"
        }
        return out
    }

    /// `restricted`, `baseline → restricted` (enforce, then warn and audit), `(exempt)` added.
    static func recommended(_ ns: Migration.NamespaceStatus) -> String {
        ns.name.isEmpty ? "-" : ns.recommendation.summary + (ns.exempt ? " (exempt)" : "")
    }

    /// `enforce=baseline, warn and audit=restricted`.
    static func recommendedLabels(_ ns: Migration.NamespaceStatus) -> String {
        let r = ns.recommendation
        let levels = r.enforce == r.warn
            ? "enforce, warn and audit=\(r.enforce.rawValue)" : "enforce=\(r.enforce.rawValue), warn and audit=\(r.warn.rawValue)"
        return r.exempt ? levels + ", exempt" : levels
    }
}
