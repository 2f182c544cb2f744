/// Sets `runAsNonRoot: true` at pod level, which covers every container, and flips explicit
/// `false` values (psa-spec §9.2). Not where the effective UID is 0: the kubelet refuses to
/// start such a container, so a person must pick a UID first.
public enum RunAsNonRootFixer: Fixer {
    public static let checkID = "runAsNonRoot"

    public static func plan(_ pod: PodView, options: FixOptions, into plan: inout FixPlan) {
        let podUID = pod.securityContext?["runAsUser"]?.int
        for container in pod.containers {
            let own = container.securityContext?["runAsUser"]?.int
            let uid = own ?? podUID
            if uid == 0 && options.runAsUser == nil {
                let origin = own == 0 ? "its runAsUser: 0" : "runAsUser: 0 on the pod"
                plan.leave(checkID, "\(container.label) runs as UID 0 (\(origin)): the kubelet refuses runAsNonRoot=true there; set a non-zero runAsUser first (--fix runAsUser --run-as-user UID)")
                return
            }
        }
        let podValue = pod.securityContext?["runAsNonRoot"]
        if podValue?.bool != true {
            let explicit = podValue != nil && !(podValue!.isNull)
            if explicit && options.keepExplicit {
                plan.keep(checkID, "pod sets runAsNonRoot explicitly; kept (--keep-explicit)")
            } else {
                plan.add(FixIntent(
                    .set(base: pod.spec, path: ["securityContext", "runAsNonRoot"], value: .bool(true)),
                    checkID: checkID,
                    summary: explicit ? "pod: securityContext.runAsNonRoot \(podValue!.string ?? "?") -> true" : "pod: set securityContext.runAsNonRoot=true",
                    changesExplicitValue: explicit))
            }
        }
        for container in pod.containers {
            guard let value = container.securityContext?["runAsNonRoot"], !value.isNull, value.bool != true else { continue }
            if options.keepExplicit {
                plan.keep(checkID, "\(container.label) sets runAsNonRoot explicitly; kept (--keep-explicit)")
                continue
            }
            plan.add(FixIntent(
                .set(base: container.node, path: ["securityContext", "runAsNonRoot"], value: .bool(true)),
                checkID: checkID, summary: "\(container.label): securityContext.runAsNonRoot \(value.string ?? "?") -> true",
                changesExplicitValue: true))
        }
    }
}
