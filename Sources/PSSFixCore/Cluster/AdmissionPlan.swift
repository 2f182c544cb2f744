/// The `AdmissionConfiguration` `migrate --format admission-config` recommends (issue 24):
///
/// - `defaults.enforce`: the strictest level every namespace without an enforce label (after the
///   run's planned labels) and not exempt meets today, at most the target (the target when there
///   is none): switching it on breaks no running Pod;
/// - `defaults.audit` and `defaults.warn`: the target;
/// - every default version: the policy version of the run;
/// - `exemptions.namespaces`: `kube-system` (as the usual setup does), then those of the
///   `--exempt-namespace`, then those of the configuration given (`--admission-config`); `usernames` and
///   `runtimeClasses` are kept from the configuration given.
public enum AdmissionPlan {
    public struct Plan: Sendable {
        public let configuration: AdmissionConfiguration
        /// The namespaces that decide `defaults.enforce`, with the level each meets today.
        public let unlabelled: [(name: String, level: PolicyLevel)]
        /// Why each exempt namespace is exempt, in `exemptions.namespaces` order.
        public let exemptionReasons: [String]
    }

    public static func plan(
        _ namespaces: [Migration.NamespaceStatus], target: PolicyLevel, version: PolicyVersion, base: AdmissionConfiguration?,
        exempt: [String]
    ) -> Plan {
        let enforceLabel = PolicyMode.enforce.levelLabel
        let unlabelled = namespaces.filter { ns in
            !ns.name.isEmpty && !ns.exempt && !ns.hasEnforceLabel && !ns.labelChanges.contains { $0.key == enforceLabel }
        }.map { (name: $0.name, level: min(target, $0.current)) }
        let enforce = unlabelled.map(\.level).min() ?? target

        var names: [String] = []
        var reasons: [String] = []
        func add(_ name: String, _ reason: String) {
            guard !names.contains(name) else { return }
            names.append(name)
            reasons.append(reason)
        }
        add("kube-system", "the cluster's own components")
        for name in exempt { add(name, "--exempt-namespace") }
        for name in base?.exemptions.namespaces ?? [] { add(name, "from the admission configuration given") }

        var configuration = AdmissionConfiguration(
            defaults: PolicyModes(
                enforce: PolicySetting(level: enforce, version: version), audit: PolicySetting(level: target, version: version),
                warn: PolicySetting(level: target, version: version)))
        configuration.exemptions = AdmissionConfiguration.Exemptions(
            namespaces: names, runtimeClasses: base?.exemptions.runtimeClasses ?? [], usernames: base?.exemptions.usernames ?? [])
        return Plan(configuration: configuration, unlabelled: unlabelled, exemptionReasons: reasons)
    }
}
