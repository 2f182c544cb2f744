import PSSFixCore

/// What `migrate` says about workloads read from a cluster: one line per workload with its Pod
/// count and levels, its injected containers, Pods that differ, and what to do about injected
/// containers (they belong to whoever runs the injector).
enum ClusterAdvice {
    /// Who injected the containers of `violation` (the first one that was injected).
    static func injector(of violation: CheckViolation, in workload: Migration.WorkloadStatus) -> String {
        let byName = Dictionary(workload.injected.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return violation.containers.lazy.compactMap { byName[$0]?.injectedBy }.first ?? "an admission webhook"
    }

    /// The action for a violation of an injected container.
    static func injected(by injector: String) -> String {
        if injector.hasPrefix("istio") {
            return "not for the workload's owners: the mesh's operators can install the Istio CNI node agent (or ambient mode), so that Pods need no istio-init with NET_ADMIN and NET_RAW"
        }
        if injector.hasPrefix("linkerd") {
            return "not for the workload's owners: the mesh's operators can enable the linkerd CNI plugin, so that Pods need no linkerd-init"
        }
        if injector == "kubectl debug" {
            return "an ephemeral debug container: it goes with the Pod; debug with a profile that meets the level (kubectl debug --profile=restricted)"
        }
        return "not for the workload's owners: ask whoever runs \(injector) to make what it injects meet the level"
    }

    /// `Deployment/web: 3 Pods, today privileged, after its owners' changes privileged (FILE:LINE)`
    /// and the notes under it, for every workload of a namespace read from a cluster.
    static func workloadLines(_ ns: Migration.NamespaceStatus, palette: Palette) -> String {
        var out = ""
        for w in ns.workloads where w.live {
            let pods = w.replicas.map { "\($0) Pod\($0 == 1 ? "" : "s")" } ?? "no Pods"
            out += "  \(palette.bold("workload")) \(w.identity.displayName): \(pods), today \(w.current.rawValue), "
                + "after its owners' changes \(w.afterFixes.rawValue) (\(w.path):\(w.identity.location.line))\n"
            if w.replicas == 0 { out += "          \(palette.dim("no Pods in the input: judged by its template"))\n" }
            if let how = w.ownerInferredFrom, how != "ownerReferences" {
                out += "          \(palette.dim("owner not in the input: named from the Pods' \(how)"))\n"
            }
            var byInjector: [(String, [String])] = []
            for c in w.injected {
                if let i = byInjector.firstIndex(where: { $0.0 == c.injectedBy }) { byInjector[i].1.append(c.name) } else {
                    byInjector.append((c.injectedBy, [c.name]))
                }
            }
            for (injector, names) in byInjector {
                out += "          \(palette.yellow("injected")) \(names.joined(separator: ", ")) by \(injector): not in its manifest\n"
            }
            if !w.podVariants.isEmpty {
                let parts = w.podVariants.map { v in
                    let fails = v.checks.isEmpty ? "" : " failing \(v.checks.joined(separator: ", "))"
                    return "\(v.pods.count) meet\(v.pods.count == 1 ? "s" : "") \(v.level.rawValue)\(fails) (\(v.pods.joined(separator: ", ")))"
                }
                out += "          \(palette.yellow("Pods differ")) \(parts.joined(separator: "; ")): a rollout in progress, or Pods injected differently\n"
            }
        }
        return out
    }
}
