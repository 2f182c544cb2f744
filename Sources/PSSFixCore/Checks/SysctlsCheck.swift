/// `sysctls` (baseline, v1.0+): only namespaced, known-safe sysctls (psa-spec §3.11).
public enum SysctlsCheck: Check {
    /// Each version's additions to the safe set; a version allows everything listed up to it.
    static let safeSets: [(since: Int, names: [String])] = [
        (0, [
            "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
        ]),
        (27, ["net.ipv4.ip_local_reserved_ports"]),
        (29, ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]),
        (32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]),
        (37, ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"]),
    ]

    static func safe(minor: Int) -> Set<String> {
        Set(safeSets.filter { $0.since <= minor }.flatMap(\.names))
    }

    public static let description = CheckDescription(
        id: "sysctls",
        title: "Sysctls",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "spec.securityContext.sysctls may only name sysctls in the version's safe set.",
        rationale: """
            Sysctls tune the kernel. Only a small set is namespaced per pod and cannot affect other pods \
            or the node; the baseline profile allows exactly those, matched by exact name (no wildcards, \
            no slash/dot normalisation). Values are never checked.

            The safe set grows with the policy version: v1.0 allows `kernel.shm_rmid_forced`, \
            `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range` and \
            `net.ipv4.ip_unprivileged_port_start`; v1.27 adds `net.ipv4.ip_local_reserved_ports`; v1.29 \
            adds the `net.ipv4.tcp_keepalive_*` trio and `net.ipv4.tcp_fin_timeout`; v1.32 adds \
            `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`; v1.37 adds `net.ipv4.tcp_slow_start_after_idle` \
            and `net.ipv4.tcp_notsent_lowat`. The message lists bad names in spec order, duplicates kept.
            """,
        versions: [
            .init(since: .v(0), "Safe: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start."),
            .init(since: .v(27), "Adds net.ipv4.ip_local_reserved_ports."),
            .init(since: .v(29), "Adds net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes."),
            .init(since: .v(32), "Adds net.ipv4.tcp_rmem, net.ipv4.tcp_wmem."),
            .init(since: .v(37), "Adds net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat."),
        ],
        fixSupport: .optIn,
        remedy: """
            With --fix sysctls, pss-fix removes the unsafe entries; when a name is safe at a newer policy \
            version, raising the namespace's enforce-version is the better fix, and truly unsafe sysctls need \
            kubelet --allowed-unsafe-sysctls plus an exempt or privileged namespace.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  securityContext:
                    sysctls:
                    - name: net.ipv4.ip_unprivileged_port_start
                      value: "80"
                  containers:
                  - name: app
                    image: nginx:1.27
                """),
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  selector:
                    matchLabels: {app: api}
                  template:
                    metadata:
                      labels: {app: api}
                    spec:
                      securityContext:
                        sysctls:
                        - {name: net.ipv4.tcp_keepalive_time, value: "600"}
                        - {name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                """, version: .v(32)),
            // Safe from v1.37 (and so at latest).
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: streamer
                spec:
                  securityContext:
                    sysctls:
                    - name: net.ipv4.tcp_slow_start_after_idle
                      value: "0"
                  containers:
                  - name: app
                    image: registry.example.com/streamer:2
                """, version: .v(37)),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tuned
                spec:
                  securityContext:
                    sysctls:
                    - name: kernel.msgmax
                      value: "65536"
                    - name: net.ipv4.tcp_syncookies
                      value: "1"
                    - name: net.core.somaxconn
                      value: "1024"
                    - name: kernel.msgmax
                      value: "65536"
                  containers:
                  - name: app
                    image: registry.example.com/app:1
                """,
                expected: "forbidden sysctls (kernel.msgmax, net.core.somaxconn, kernel.msgmax)"),
            // Names added in later versions are refused at older ones.
            CheckExample(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  selector:
                    matchLabels: {app: api}
                  template:
                    metadata:
                      labels: {app: api}
                    spec:
                      securityContext:
                        sysctls:
                        - {name: net.ipv4.tcp_keepalive_time, value: "600"}
                        - {name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                """, version: .v(29),
                expected: "forbidden sysctls (net.ipv4.tcp_rmem)"),
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: streamer
                spec:
                  securityContext:
                    sysctls:
                    - name: net.ipv4.tcp_slow_start_after_idle
                      value: "0"
                  containers:
                  - name: app
                    image: registry.example.com/streamer:2
                """, version: .v(36),
                expected: "forbidden sysctls (net.ipv4.tcp_slow_start_after_idle)"),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tuned
                spec:
                  securityContext:
                    sysctls:
                    - name: net.ipv4.tcp_syncookies
                      value: "1"
                    - name: net.core.somaxconn
                      value: "4096"
                  containers:
                  - name: app
                    image: app
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tuned
                spec:
                  securityContext:
                    sysctls:
                    - name: net.ipv4.tcp_syncookies
                      value: "1"
                  containers:
                  - name: app
                    image: app
                """, level: .baseline, optIn: ["sysctls"]),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        // Most pods set no sysctls: the safe set is built only when there is something to judge.
        guard let sysctls = pod.securityContext?.mappings("sysctls"), !sysctls.isEmpty else { return nil }
        let allowed = safe(minor: version.effectiveMinor)
        let bad = sysctls.map { $0.stringField("name") }.filter { !allowed.contains($0) }
        guard !bad.isEmpty else { return nil }
        return CheckViolation(checkID: description.id, reason: "forbidden sysctls", detail: bad.joined(separator: ", "))
    }
}
