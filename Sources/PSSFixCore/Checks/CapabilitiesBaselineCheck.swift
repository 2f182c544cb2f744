/// `capabilities_baseline` (baseline, v1.0+): containers may add only capabilities from the
/// runtime's default set (psa-spec §3.2). Replaced at restricted by `capabilities_restricted` from v1.22.
public enum CapabilitiesBaselineCheck: Check {
    /// The container runtime's default capabilities: adding these back is harmless.
    static let allowed: Set<String> = [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ]

    public static let description = CheckDescription(
        id: "capabilities_baseline",
        title: "Capabilities (baseline)",
        level: .baseline,
        minimumVersion: .v(0),
        summary: "Containers may add only the runtime's default capabilities to securityContext.capabilities.add.",
        rationale: """
            Capabilities split root's power into pieces. The baseline profile lets a container add back \
            only the 13 capabilities container runtimes grant by default (`AUDIT_WRITE`, `CHOWN`, \
            `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, \
            `SETPCAP`, `SETUID`, `SYS_CHROOT`); anything else, such as `NET_ADMIN`, `SYS_ADMIN` or \
            `NET_RAW`, extends what a process can do to the node. Names are compared exactly: `chown` and \
            `CAP_CHOWN` are forbidden. `drop` is not examined.

            At the restricted level this check is replaced by `capabilities_restricted` from v1.22, so it \
            applies to restricted only at v1.0–v1.21.
            """,
        versions: [
            .init(
                since: .v(0),
                "capabilities.add of every init, regular and ephemeral container, against the 13 default "
                    + "capabilities (exact, case-sensitive)."),
            .init(since: .v(22), "At restricted, replaced by capabilities_restricted."),
        ],
        fixSupport: .optIn,
        remedy: """
            At --level baseline pss-fix removes capabilities.add entries outside the 13 default \
            capabilities (e.g. NET_ADMIN, SYS_TIME) and names each in the report; SYS_ADMIN/CAP_SYS_ADMIN stays \
            for a person. Lower-case or CAP_-prefixed spellings of default capabilities are removed too, since \
            PSA matches names exactly.
            """,
        passing: [
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    securityContext:
                      capabilities:
                        add: ["NET_BIND_SERVICE", "CHOWN", "SETUID", "SETGID"]
                        drop: ["NET_RAW"]
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
                      containers:
                      - name: api
                        image: registry.example.com/api:2.1
                        securityContext:
                          capabilities:
                            drop: [ALL]
                """),
        ],
        failing: [
            CheckExample(
                """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: vpn
                spec:
                  selector:
                    matchLabels: {app: vpn}
                  template:
                    metadata:
                      labels: {app: vpn}
                    spec:
                      containers:
                      - name: wireguard
                        image: registry.example.com/wireguard:1.0
                        securityContext:
                          capabilities:
                            add: [NET_ADMIN, SYS_MODULE, NET_BIND_SERVICE]
                """,
                expected: #"non-default capabilities (container "wireguard" must not include "NET_ADMIN", "SYS_MODULE" in securityContext.capabilities.add)"#),
            // Names are exact: lower case and the CAP_ prefix are not normalised.
            CheckExample(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: tools
                spec:
                  initContainers:
                  - name: fix-perms
                    image: busybox:1.36
                    securityContext:
                      capabilities:
                        add: ["chown"]
                  containers:
                  - name: ping
                    image: busybox:1.36
                    securityContext:
                      capabilities:
                        add: ["CAP_NET_RAW", "chown"]
                """,
                expected: #"non-default capabilities (containers "fix-perms", "ping" must not include "CAP_NET_RAW", "chown" in securityContext.capabilities.add)"#),
        ],
        fixes: [
            FixExample(
                before: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: vpn
                spec:
                  containers:
                  - name: vpn
                    image: wireguard
                    securityContext:
                      capabilities:
                        add: [NET_ADMIN, CHOWN]
                """,
                after: """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: vpn
                spec:
                  containers:
                  - name: vpn
                    image: wireguard
                    securityContext:
                      capabilities:
                        add: [CHOWN]
                """, level: .baseline),
        ])

    public static func evaluate(_ pod: PodView, version: PolicyVersion) -> CheckViolation? {
        var badContainers: [String] = []
        var badCaps: [String] = []
        for container in pod.containers {
            guard let caps = container.securityContext?.mapping("capabilities") else { continue }
            let bad = caps.stringItems("add").filter { !allowed.contains($0) }
            if !bad.isEmpty {
                badContainers.append(container.name)
                badCaps += bad
            }
        }
        guard !badContainers.isEmpty else { return nil }
        let caps = CheckFormatting.joinQuote(CheckFormatting.sortedSet(badCaps))
        return CheckViolation(
            checkID: description.id, reason: "non-default capabilities",
            detail: "\(CheckFormatting.containers(badContainers)) must not include \(caps) in securityContext.capabilities.add",
            containers: badContainers)
    }
}
