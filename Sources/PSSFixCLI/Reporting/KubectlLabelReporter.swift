import PSSFixCore

/// `migrate --format kubectl`: the `kubectl label` commands of the phase, one per namespace,
/// each after its server-side dry run as a comment (the API server answers a dry run that
/// raises enforce with the existing Pods that would violate it). A shell script: comments and
/// commands only.
enum KubectlLabelReporter {
    static func commands(_ namespaces: [Migration.NamespaceStatus], plan: LabelPlanHeader) -> String {
        let phase = plan.enforce ? "enforce where ready now, warn and audit" : "warn and audit"
        var out = plan.comments(
            "Pod Security labels for \(plan.target.rawValue):\(plan.version), phase: \(phase) (pss-fix migrate --format kubectl)")
        out += "# Run each dry run first (the commented line above each command). Labels are only raised.\n"
        for ns in namespaces where !ns.name.isEmpty {
            let state = ns.ready ? (plan.input != nil ? "ready now" : "ready") : "not ready"
            out += "\n# \(ns.name): \(state); recommended \(MigrationReporter.recommendedLabels(ns)): \(ns.recommendation.reason)\n"
            if ns.exempt {
                out += "# \(ns.name) is exempt (see --format admission-config): no labels, PSA ignores an exempt namespace's labels.\n"
                continue
            }
            guard ns.hasManifest else {
                out += "# \(ns.name) has no Namespace object in the input: its labels are unknown, none are planned (add namespaces to the kubectl get).\n"
                continue
            }
            guard !ns.labelChanges.isEmpty else {
                out += "# \(ns.name): its labels are already at or above the planned levels: nothing to change.\n"
                continue
            }
            let labels = ns.labelChanges.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            out += "# kubectl label --dry-run=server --overwrite namespace \(ns.name) \(labels)\n"
            out += "kubectl label --overwrite namespace \(ns.name) \(labels)\n"
        }
        return out
    }
}
