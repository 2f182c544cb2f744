import PSSFixCore

/// What the kubectl and admission-config outputs say about themselves in their header comments.
struct LabelPlanHeader {
    let target: PolicyLevel
    let version: PolicyVersion
    /// `--policy-version` was given (else `latest` is used, and pinning is recommended).
    let versionGiven: Bool
    let enforce: Bool
    /// `a live cluster (…)`, when the input is a dump.
    let input: String?

    /// Comment lines (each `# …\n`) shared by both outputs.
    func comments(_ title: String) -> String {
        var out = "# \(title)\n"
        if let input { out += "# Input: \(input)\n" }
        if version == .latest {
            out += "# The policy version is \"latest\": pinning the cluster's minor version is recommended\n"
            out += "# (--policy-version v1.N), so that an upgrade does not change what is checked.\n"
        }
        return out
    }
}

/// The `Input:` line of a report on a cluster dump.
struct ClusterReportInput {
    let dumps: [String]
    let namespaces: [Migration.NamespaceStatus]

    var description: String {
        let live = namespaces.flatMap(\.workloads).filter(\.live)
        let pods = live.reduce(0) { $0 + ($1.replicas ?? 0) }
        return "a live cluster (\(dumps.joined(separator: ", "))): \(pods) Pod\(pods == 1 ? "" : "s") of \(live.count) workload\(live.count == 1 ? "" : "s")"
            + " in \(namespaces.count) namespace\(namespaces.count == 1 ? "" : "s"); today and ready mean what the running Pods meet now"
    }
}
