import PSSFixCore

/// `migrate --format admission-config`: the `AdmissionConfiguration` (`AdmissionPlan`) as YAML
/// for `kube-apiserver --admission-control-config-file`, with comments saying where each value
/// comes from. It parses back with `--admission-config`.
enum AdmissionConfigReporter {
    static func configuration(
        _ namespaces: [Migration.NamespaceStatus], plan header: LabelPlanHeader, base: AdmissionConfiguration?, exempt: [String]
    ) -> String {
        let plan = AdmissionPlan.plan(namespaces, target: header.target, version: header.version, base: base, exempt: exempt)
        let config = plan.configuration
        var out = header.comments("Pod Security admission for \(header.target.rawValue):\(header.version) (pss-fix migrate --format admission-config)")
        out += "# For kube-apiserver --admission-control-config-file (one file holds every plugin's configuration:\n"
        out += "# merge this PodSecurity entry into yours). Namespace labels override these defaults mode by mode.\n"
        out += "apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- name: PodSecurity\n  configuration:\n"
        out += "    apiVersion: pod-security.admission.config.k8s.io/v1\n    kind: PodSecurityConfiguration\n"
        out += "    defaults:\n"
        out += "      # enforce: the strictest level every namespace without an enforce label (once the planned\n"
        out += "      # labels are set) meets today, so that no running Pod breaks: \(unlabelled(plan, level: config.defaults.enforce.level))\n"
        out += "      enforce: \"\(config.defaults.enforce.level.rawValue)\"\n      enforce-version: \"\(config.defaults.enforce.version)\"\n"
        out += "      # audit and warn: the target.\n"
        out += "      audit: \"\(config.defaults.audit.level.rawValue)\"\n      audit-version: \"\(config.defaults.audit.version)\"\n"
        out += "      warn: \"\(config.defaults.warn.level.rawValue)\"\n      warn-version: \"\(config.defaults.warn.version)\"\n"
        out += "    exemptions:\n"
        out += "      usernames:\(list(config.exemptions.usernames, reasons: nil))"
        out += "      runtimeClasses:\(list(config.exemptions.runtimeClasses, reasons: nil))"
        out += "      # An exempt namespace is not evaluated at all: audit and warn fall silent there too. Namespaces\n"
        out += "      # whose workloads need the node are labelled privileged instead (see --format kubectl).\n"
        out += "      namespaces:\(list(config.exemptions.namespaces, reasons: plan.exemptionReasons))"
        return out
    }

    /// `[]`, or one `- "name"` line per item (with its reason as a comment).
    static func list(_ items: [String], reasons: [String]?) -> String {
        guard !items.isEmpty else { return " []\n" }
        return "\n" + items.enumerated().map { i, item in
            let reason = reasons.map { i < $0.count ? "  # \($0[i])" : "" } ?? ""
            return "      - \(JSONText.string(item))\(reason)\n"
        }.joined()
    }

    /// `3 namespaces, held at baseline by default` / `none, so the target`.
    static func unlabelled(_ plan: AdmissionPlan.Plan, level: PolicyLevel) -> String {
        guard !plan.unlabelled.isEmpty else { return "there are none, so the target." }
        let holding = plan.unlabelled.filter { $0.level == level }.map(\.name)
        let count = plan.unlabelled.count
        return "\(count) namespace\(count == 1 ? "" : "s"), held at \(level.rawValue) by \(holding.joined(separator: ", "))."
    }
}
