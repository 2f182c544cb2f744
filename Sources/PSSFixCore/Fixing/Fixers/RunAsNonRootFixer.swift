/// Sets `runAsNonRoot: true` at pod level, which covers every container, and flips explicit
/// `false` values (psa-spec §9.2). Not where the effective UID is 0: the kubelet refuses to
/// start such a container, so a person must pick a UID first.
public enum RunAsNonRootFixer: Fixer {
    public static let checkID = "runAsNonRoot"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        let podUID = pod.securityContext?["runAsUser"]?.int
        for container in pod.containers {
            let uid = container.securityContext?["runAsUser"]?.int ?? podUID
            if uid == 0 && options.runAsUser == nil {
                plan.leave(checkID, "\(container.label) runs as UID 0 (runAsUser: 0): the kubelet refuses runAsNonRoot=true there; set a non-zero runAsUser first (--fix runAsUser --run-as-user UID)")
                return
            }
        }
        let podValue = pod.securityContext?["runAsNonRoot"]
        if podValue?.bool != true {
            let explicit = podValue != nil && !(podValue!.isNull)
            if explicit && options.keepExplicit {
                plan.leave(checkID, "pod sets runAsNonRoot explicitly; kept (--keep-explicit)")
            } else {
                plan.add(FixIntent(
                    .set(base: pod.spec, path: ["securityContext", "runAsNonRoot"], value: .bool(true)),
                    checkID: checkID, summary: "pod: \(explicit ? "changed" : "set") securityContext.runAsNonRoot=true",
                    changesExplicitValue: explicit))
            }
        }
        for container in pod.containers {
            guard let value = container.securityContext?["runAsNonRoot"], !value.isNull, value.bool != true else { continue }
            if options.keepExplicit {
                plan.leave(checkID, "\(container.label) sets runAsNonRoot explicitly; kept (--keep-explicit)")
                continue
            }
            plan.add(FixIntent(
                .set(base: container.node, path: ["securityContext", "runAsNonRoot"], value: .bool(true)),
                checkID: checkID, summary: "\(container.label): changed securityContext.runAsNonRoot=true",
                changesExplicitValue: true))
        }
    }
}
