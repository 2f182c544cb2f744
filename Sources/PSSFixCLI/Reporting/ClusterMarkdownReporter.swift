import PSSFixCore

/// `migrate --format markdown` on a cluster dump: a report for the people who own the
/// namespaces. The table, then per namespace its recommendation and every workload that keeps
/// it from the target today, with the exact changes its manifest needs, what is left for a
/// person, and what was injected (not the owners' to change).
enum ClusterMarkdownReporter {
    static func markdown(_ namespaces: [Migration.NamespaceStatus], target: String, input: String) -> String {
        var out = "### Pod Security migration to `\(target)`\n\nInput: \(input).\n\n"
        out += "| Namespace | Workloads | Pods | Today | After fixes | Ready now | Blockers | Recommended |\n"
        out += "|---|---:|---:|---|---|---|---:|---|\n"
        for ns in namespaces {
            let pods = ns.workloads.reduce(0) { $0 + ($1.replicas ?? 0) }
            out += "| `\(MigrationReporter.displayName(ns))` | \(ns.workloads.count) | \(pods) | \(ns.current.rawValue) | "
                + "\(ns.afterFixes.rawValue) | \(ns.ready ? "✅ yes" : "❌ no") | \(MigrationReporter.blockers(ns).count) | "
                + "\(MigrationReporter.recommended(ns)) |\n"
        }
        let level = String(target.prefix { $0 != ":" })
        for ns in namespaces {
            out += "\n#### `\(MigrationReporter.displayName(ns))`\n\n"
            if !ns.name.isEmpty {
                out += "Recommended: \(MigrationReporter.recommendedLabels(ns)) — \(ns.recommendation.reason).\n\n"
            }
            let blocking = ns.workloads.filter { $0.readyLevel < ns.recommendationTarget(level) }
            if blocking.isEmpty {
                out += ns.workloads.isEmpty ? "No workloads.\n" : "Every workload meets `\(level)` today.\n"
            } else {
                out += "Keeping it from `\(level)` today:\n\n"
                for w in blocking { out += workload(w) }
            }
            if !ns.labelChanges.isEmpty {
                out += "\nLabels planned (`pss-fix migrate --format kubectl`): "
                    + ns.labelChanges.map { "`\($0.key)=\($0.value)`" }.joined(separator: ", ") + "\n"
            } else if ns.exempt && !ns.name.isEmpty {
                out += "\nExempt: no labels (PSA ignores an exempt namespace's labels).\n"
            }
        }
        return out
    }

    static func workload(_ w: Migration.WorkloadStatus) -> String {
        let pods = w.replicas.map { "\($0) Pod\($0 == 1 ? "" : "s")" } ?? "manifest"
        var out = "- **\(w.identity.displayName)** (\(pods)): meets `\(w.current.rawValue)` today, "
            + (w.changes.isEmpty
                ? "`\(w.afterFixes.rawValue)` with pss-fix's changes (none until a person resolves what follows).\n"
                : "`\(w.afterFixes.rawValue)` after the changes below.\n")
        if !w.changes.isEmpty {
            out += "  - Changes to its manifest (`pss-fix --in-place` makes them in the file):\n"
            for change in w.changes { out += "    - \(formatted(change))\n" }
        }
        for v in w.blockers {
            let containers = v.containers.isEmpty ? "" : " (\(v.containers.joined(separator: ", ")))"
            out += "  - Needs a person: `\(v.checkID)`\(containers): \(v.message). *Action:* \(HumanActions.advice(for: v.checkID))\n"
        }
        for v in w.injectedBlockers {
            let by = ClusterAdvice.injector(of: v, in: w)
            out += "  - Injected by \(by): `\(v.checkID)` (\(v.containers.joined(separator: ", "))): \(v.message). "
                + "*Action:* \(ClusterAdvice.injected(by: by))\n"
        }
        for e in w.exempted {
            out += "  - Exempted in pss-fix (`\(e.violation.checkID)`: \(e.reason)); PSA does not read pss-fix exceptions.\n"
        }
        if !w.podVariants.isEmpty {
            out += "  - Its Pods differ: " + w.podVariants.map { v in
                "\(v.pods.map { "`\($0)`" }.joined(separator: ", ")) meet\(v.pods.count == 1 ? "s" : "") `\(v.level.rawValue)`"
            }.joined(separator: "; ") + ".\n"
        }
        return out
    }

    /// `[check] summary` as `` `check`: summary ``.
    static func formatted(_ change: String) -> String {
        guard change.hasPrefix("["), let close = change.firstIndex(of: "]") else { return change }
        let check = change[change.index(after: change.startIndex)..<close]
        return "`\(check)`: " + change[change.index(after: close)...].drop { $0 == " " }
    }
}

extension Migration.NamespaceStatus {
    /// The target level from `restricted:latest`.
    fileprivate func recommendationTarget(_ level: String) -> PolicyLevel { PolicyLevel(rawValue: level) ?? .restricted }
}
