/// Restricted capabilities (psa-spec §9.2, with pss-fix's product decision): `"ALL"` joins
/// `capabilities.drop` (existing entries kept) and every `add` entry except NET_BIND_SERVICE
/// goes, each named in the report. SYS_ADMIN stays for a person: removing it silently would
/// change what the workload can do and is tied to the allowPrivilegeEscalation decision.
public enum CapabilitiesRestrictedFixer: Fixer {
    public static let checkID = "capabilities_restricted"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        if pod.isWindows {
            plan.leave(checkID, "Windows pod: the API server forbids capabilities on it; PSA exempts Windows pods from v1.25, so raise the namespace's policy version")
            return
        }
        for container in pod.containers {
            let caps = container.securityContext?.mapping("capabilities")
            if !(caps?.strings("drop").contains("ALL") ?? false) {
                plan.add(FixIntent(
                    .include(base: container.node, path: ["securityContext", "capabilities", "drop"], item: .string("ALL")),
                    checkID: checkID, summary: "\(container.label): added \"ALL\" to securityContext.capabilities.drop"))
            }
            removeAdds(container, keep: { $0 == "NET_BIND_SERVICE" }, checkID: checkID, options: options, into: &plan)
        }
    }

    /// Removes `add` entries that `keep` rejects; shared with the baseline fixer.
    static func removeAdds(
        _ container: ContainerView, keep: (String) -> Bool, checkID: String, options: FixOptions, into plan: inout FixPlan
    ) {
        guard let add = container.securityContext?.mapping("capabilities")?.sequence("add") else { return }
        var doomed: [Node] = []
        var names: [String] = []
        for item in add.items {
            let name = item.string ?? ""
            if keep(name) { continue }
            if (name == "SYS_ADMIN" || name == "CAP_SYS_ADMIN") && !options.opted(checkID) {
                plan.leave(checkID, "\(container.label) adds \(name): decide whether it needs it (usually a privileged or exempt namespace instead; opt in: --fix \(checkID))")
                continue
            }
            doomed.append(item)
            names.append(name)
        }
        guard !doomed.isEmpty else { return }
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        if options.keepExplicit {
            plan.keep(checkID, "\(container.label) adds \(list); kept (--keep-explicit)")
            return
        }
        plan.add(FixIntent(
            .remove(sequence: add, items: doomed), checkID: checkID,
            summary: "\(container.label): removed \(list) from securityContext.capabilities.add", changesExplicitValue: true,
            owner: container.node))
    }
}
