/// Sets `allowPrivilegeEscalation: false` on every container (psa-spec §9.2).
///
/// Never on a privileged container or one adding SYS_ADMIN: the API server rejects that pair
/// ("cannot set allowPrivilegeEscalation to false and privileged to true"), so a person decides.
public enum AllowPrivilegeEscalationFixer: Fixer {
    public static let checkID = "allowPrivilegeEscalation"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        if pod.isWindows {
            plan.leave(checkID, "Windows pod: the API server forbids allowPrivilegeEscalation on it; PSA exempts Windows pods from v1.25, so raise the namespace's policy version")
            return
        }
        for container in pod.containers where container.securityContext?["allowPrivilegeEscalation"]?.bool != false {
            // An opted-in privileged/capabilities fix removes the blocker in the same edit.
            let privilegedStays = container.isPrivileged && !options.opted("privileged")
            let sysAdminStays = container.addsSysAdmin && !options.opted("capabilities_restricted") && !options.opted("capabilities_baseline")
            if privilegedStays || sysAdminStays {
                let why = privilegedStays ? "is privileged" : "adds SYS_ADMIN"
                plan.leave(checkID, "\(container.label) \(why): the API server rejects allowPrivilegeEscalation=false with it; drop the privilege first")
                continue
            }
            let current = container.securityContext?["allowPrivilegeEscalation"]
            let explicit = current != nil && !(current!.isNull)
            if explicit && options.keepExplicit {
                plan.keep(checkID, "\(container.label) sets allowPrivilegeEscalation explicitly; kept (--keep-explicit)")
                continue
            }
            plan.add(FixIntent(
                .set(base: container.node, path: ["securityContext", "allowPrivilegeEscalation"], value: .bool(false)),
                checkID: checkID,
                summary: explicit
                    ? "\(container.label): securityContext.allowPrivilegeEscalation \(current!.string ?? "?") -> false"
                    : "\(container.label): set securityContext.allowPrivilegeEscalation=false",
                changesExplicitValue: explicit))
        }
    }
}
